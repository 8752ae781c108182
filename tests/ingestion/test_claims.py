"""Claiming and sweeping: two workers never process one article; nothing is left behind."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from conflict.celery import app
from events.choices import ArticleStatus
from events.models import Article
from events.services.articles import article_claim, article_reprocess, articles_sweep
from tests.ingestion.conftest import ARABIC_REPORT, publish_to


def make_article(n: int = 0, **fields) -> Article:
    defaults = {"source": "Deir ez-Zor 24", "text": f"{ARABIC_REPORT} ({n})", "language": "ar"}
    defaults.update(fields)
    from events.models.articles import content_hash

    defaults.setdefault("content_hash", content_hash(defaults["text"]))
    return Article.objects.create(**defaults)


def age(article: Article, *, seconds: int, claimed: bool = False) -> None:
    past = timezone.now() - dt.timedelta(seconds=seconds)
    updates = {"updated_at": past}
    if claimed:
        updates["claimed_at"] = past
    Article.objects.filter(pk=article.pk).update(**updates)


def test_it_lets_only_the_first_of_two_claims_win(db):
    article = make_article()

    assert article_claim(article_id=article.pk, worker="w1") is True
    assert article_claim(article_id=article.pk, worker="w2") is False

    article.refresh_from_db()
    assert (article.status, article.claimed_by, article.attempts) == (ArticleStatus.PROCESSING, "w1", 1)
    assert article.claimed_at is not None


def test_it_lets_a_stale_claim_be_taken_over_and_counts_the_attempt(db, settings):
    settings.ARTICLE_CLAIM_TIMEOUT_SECONDS = 60
    article = make_article()
    article_claim(article_id=article.pk, worker="dead-worker")
    age(article, seconds=61, claimed=True)

    assert article_claim(article_id=article.pk, worker="w2") is True

    article.refresh_from_db()
    assert (article.claimed_by, article.attempts) == ("w2", 2)


def test_it_does_not_claim_processed_or_failed_articles(db):
    done = make_article(1, status=ArticleStatus.PROCESSED)
    failed = make_article(2, status=ArticleStatus.FAILED)

    assert article_claim(article_id=done.pk, worker="w") is False
    assert article_claim(article_id=failed.pk, worker="w") is False


@pytest.mark.django_db(transaction=True)
def test_it_gives_each_article_to_exactly_one_of_many_racing_workers():
    articles = [make_article(i) for i in range(20)]
    wins: dict[int, list[str]] = {a.pk: [] for a in articles}
    barrier = threading.Barrier(4)

    def worker(name: str) -> None:
        try:
            barrier.wait()
            for article in articles:
                if article_claim(article_id=article.pk, worker=name):
                    wins[article.pk].append(name)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(f"w{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert all(len(names) == 1 for names in wins.values()), wins
    assert set(Article.objects.values_list("attempts", flat=True)) == {1}


@pytest.fixture
def memory_broker():
    """Send tasks to an in-memory queue instead of running them, and read what was sent."""
    previous = publish_to("memory://", eager=False)

    def sent() -> list[int]:
        ids = []
        with app.connection_for_read() as conn:
            queue = conn.SimpleQueue("celery")
            while True:
                try:
                    message = queue.get(block=False)
                except queue.Empty:
                    break
                ids.append(message.payload[0][0])
                message.ack()
            queue.close()
        return ids

    yield sent
    publish_to(previous[0], eager=previous[1])


def test_it_sweeps_articles_left_queued_or_processing_past_the_timeout(db, memory_broker):
    lost_in_queue = make_article(1)
    dead_claim = make_article(2)
    article_claim(article_id=dead_claim.pk, worker="dead")
    fresh = make_article(3)
    done = make_article(4, status=ArticleStatus.PROCESSED)
    failed = make_article(5, status=ArticleStatus.FAILED)
    for article in (lost_in_queue, dead_claim, done, failed):
        age(article, seconds=600, claimed=article is dead_claim)

    count = articles_sweep(older_than=dt.timedelta(seconds=300))

    assert count == 2
    assert sorted(memory_broker()) == sorted([lost_in_queue.pk, dead_claim.pk])
    # Touched, so the next sweep does not send them again before another timeout.
    assert articles_sweep(older_than=dt.timedelta(seconds=300)) == 0
    assert fresh.pk not in memory_broker()


def test_it_logs_and_survives_an_unreachable_broker(db, caplog):
    previous = publish_to("redis://127.0.0.1:1/15", eager=False)  # nothing listens on port 1
    try:
        article = make_article()
        age(article, seconds=600)
        assert articles_sweep(older_than=dt.timedelta(seconds=300)) == 1
    finally:
        publish_to(previous[0], eager=previous[1])
    assert "sweep will re-queue" in caplog.text


def test_it_queues_an_article_again_for_reprocessing(db, memory_broker, django_capture_on_commit_callbacks):
    article = make_article(status=ArticleStatus.FAILED, attempts=5, error="boom")

    with django_capture_on_commit_callbacks(execute=True):
        article_reprocess(article=article)

    article.refresh_from_db()
    assert (article.status, article.attempts, article.error) == (ArticleStatus.QUEUED, 0, "")
    assert memory_broker() == [article.pk]


# --- The claim as a lease ----------------------------------------------------------------------


def claimed_at(article: Article) -> dt.datetime:
    return Article.objects.values_list("claimed_at", flat=True).get(pk=article.pk)


@pytest.mark.django_db(transaction=True)
def test_it_renews_the_claim_while_the_worker_works(settings):
    from events.services.articles import ClaimLease

    settings.ARTICLE_CLAIM_TIMEOUT_SECONDS = 0.3  # renewed every 0.1 s
    article = make_article()
    article_claim(article_id=article.pk, worker="w1")
    first = claimed_at(article)

    with ClaimLease(article_id=article.pk, worker="w1"):
        threading.Event().wait(0.6)
        renewed = claimed_at(article)

    assert renewed > first
    # A renewed claim is not free for the taking, though it was claimed longer ago than the timeout.
    assert article_claim(article_id=article.pk, worker="w2") is False
    threading.Event().wait(0.4)  # no more renewals: the lease runs out
    assert article_claim(article_id=article.pk, worker="w2") is True


@pytest.mark.django_db(transaction=True)
def test_it_stops_renewing_a_claim_it_lost(settings):
    from events.services.articles import ClaimLease, article_claim_renew

    settings.ARTICLE_CLAIM_TIMEOUT_SECONDS = 0.3
    article = make_article()
    article_claim(article_id=article.pk, worker="w1")
    age(article, seconds=5, claimed=True)
    assert article_claim(article_id=article.pk, worker="w2") is True  # taken over

    with ClaimLease(article_id=article.pk, worker="w1") as lease:
        lease._thread.join(timeout=2)  # ends on its own at the first renewal, which finds no claim
        assert not lease._thread.is_alive()

    assert article_claim_renew(article_id=article.pk, worker="w1") is False
    assert Article.objects.get(pk=article.pk).claimed_by == "w2"


@pytest.mark.django_db(transaction=True)
def test_it_stops_renewing_after_the_longest_processing_time(settings):
    from events.services.articles import ClaimLease

    settings.ARTICLE_CLAIM_TIMEOUT_SECONDS = 0.3
    settings.ARTICLE_MAX_PROCESSING_SECONDS = 0.25  # a stuck task
    article = make_article()
    article_claim(article_id=article.pk, worker="w1")

    with ClaimLease(article_id=article.pk, worker="w1") as lease:
        lease._thread.join(timeout=2)
        assert not lease._thread.is_alive()
        threading.Event().wait(0.35)
        assert article_claim(article_id=article.pk, worker="w2") is True


def test_it_tells_how_long_a_claim_has_left(db, settings):
    from events.services.articles import article_claim_expires_in

    settings.ARTICLE_CLAIM_TIMEOUT_SECONDS = 30
    article = make_article()
    assert article_claim_expires_in(article_id=article.pk) is None  # queued: claimable now

    article_claim(article_id=article.pk, worker="w1")
    assert 25 < article_claim_expires_in(article_id=article.pk) <= 30

    age(article, seconds=40, claimed=True)
    assert article_claim_expires_in(article_id=article.pk) == 0


def test_it_sweeps_an_expired_claim_sooner_than_a_queued_article(db, settings, memory_broker):
    settings.ARTICLE_CLAIM_TIMEOUT_SECONDS = 30
    settings.ARTICLE_REQUEUE_SECONDS = 300
    dead = make_article(1)
    article_claim(article_id=dead.pk, worker="dead")
    age(dead, seconds=45, claimed=True)
    waiting = make_article(2)
    age(waiting, seconds=45)
    alive = make_article(3)
    article_claim(article_id=alive.pk, worker="alive")
    age(alive, seconds=45)  # claimed long ago ...
    Article.objects.filter(pk=alive.pk).update(claimed_at=timezone.now())  # ... and renewed just now

    assert articles_sweep() == 1
    assert memory_broker() == [dead.pk]


def test_a_duplicate_task_comes_back_when_the_holders_lease_runs_out(db, settings, memory_broker):
    from events.tasks import process_article

    settings.ARTICLE_CLAIM_TIMEOUT_SECONDS = 30
    article = make_article()
    article_claim(article_id=article.pk, worker="a-pool-process-that-died")

    # Run as a worker runs it (not eagerly): Celery handed back the message of a dead pool process.
    assert process_article.run(article.pk) == "held"

    with app.connection_for_read() as conn:
        queue = conn.SimpleQueue("celery")
        message = queue.get(block=False)
        eta = dt.datetime.fromisoformat(message.headers["eta"])
        message.ack()
        queue.close()
    assert message.payload[0] == [article.pk]
    assert dt.timedelta(seconds=25) < eta - timezone.now() <= dt.timedelta(seconds=31)
    assert memory_broker() == []


def test_a_duplicate_task_of_a_processed_article_does_nothing(db, memory_broker):
    from events.tasks import process_article

    article = make_article(status=ArticleStatus.PROCESSED)

    assert process_article.run(article.pk) == "skipped"
    assert memory_broker() == []
