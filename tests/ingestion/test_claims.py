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
