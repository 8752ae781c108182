"""A worker killed with SIGKILL mid-task: every article it held is processed again within a minute
of a new worker starting, exactly once.

Real parts: PostgreSQL, Redis, `celery worker` processes (prefork, two pool processes), with the
deployment's claim timeout (the 30 s lease), not the 5 s the ingestion tests use. The articles
are URLs on a local site that answers slowly until the kill, so the worker is caught mid-work,
then at once. The seconds measured are printed (run with -s); the bound is the feature.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import Count

from events.choices import ArticleStatus
from events.models import Article, EventSource
from events.services.articles import article_submit
from tests.ingestion.conftest import local_site, make_user  # noqa: F401 - local_site is a fixture
from tests.ingestion.reports import reports
from tests.ingestion.test_integration import broker, reference_data, start_worker, wait_until  # noqa: F401

pytestmark = pytest.mark.integration

LEASE = str(settings.ARTICLE_CLAIM_TIMEOUT_SECONDS)  # the deployment's default, 30 s
ARTICLES = 10
RECOVERY_BOUND_SECONDS = 60


def page(text: str) -> str:
    return f"<html><body><article><p>{text}</p></article></body></html>"


@pytest.fixture
def slow_articles(transactional_db, local_site):  # noqa: F811
    """Articles whose pages take 30 s to answer: a worker fetching them is caught mid-task."""
    user = make_user("kill-submitter", "submitter")
    bodies = reports(ARTICLES)
    paths = [f"/report-{i}" for i in range(ARTICLES)]
    articles = []
    for path, body in zip(paths, bodies, strict=True):
        url = local_site.page(path, page(body["text"]), delay=30)
        article, _ = article_submit(
            data={"url": url, "source": body["source"], "published": body["published"]}, user=user
        )
        articles.append(article)

    def answer_at_once() -> None:
        for path, body in zip(paths, bodies, strict=True):
            local_site.page(path, page(body["text"]))

    return articles, answer_at_once


def pool_processes(main_pid: int) -> list[int]:
    """The pids of the worker's pool processes (its children), from /proc."""
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == main_pid:
                children.append(int(entry.name))
    return children


def processing() -> list[int]:
    return list(Article.objects.filter(status=ArticleStatus.PROCESSING).values_list("pk", flat=True))


def assert_each_processed_exactly_once(articles, *, killed: list[int]) -> None:
    from events.services.extraction import extractor_reset, run_extraction

    statuses = dict(Article.objects.values_list("status").annotate(n=Count("id")))
    assert statuses == {ArticleStatus.PROCESSED: ARTICLES}, Article.objects.values("pk", "status", "error")
    extractor_reset()
    for article in Article.objects.filter(pk__in=[a.pk for a in articles]):
        expected = run_extraction(
            text=article.text, published=article.published_date, language=article.language, title=article.title
        )
        # One set of events per article: as many sources as the extraction finds, none twice.
        assert EventSource.objects.filter(article=article).count() == len(expected.events), article.pk
        assert article.attempts == (2 if article.pk in killed else 1), (article.pk, article.attempts)


def worker_caught_mid_task(start_worker):  # noqa: F811
    """A worker started with the deployment's lease, once both its pool processes hold an article."""
    worker = start_worker(ARTICLE_CLAIM_TIMEOUT_SECONDS=LEASE)
    wait_until(lambda: len(processing()) == 2, timeout=30, what="both pool processes to be mid-task")
    return worker, processing()


def seconds_until_all_processed(since: float, logs: Path) -> float:
    deadline = since + RECOVERY_BOUND_SECONDS + 30
    while Article.objects.exclude(status=ArticleStatus.PROCESSED).exists():
        if time.monotonic() > deadline:
            left = list(Article.objects.exclude(status=ArticleStatus.PROCESSED).values("pk", "status", "attempts"))
            tails = "\n".join(
                f"--- {log.name}\n{log.read_text(errors='replace')[-4000:]}"
                for log in sorted(logs.glob("worker-*.log"))
            )
            pytest.fail(f"Not processed {time.monotonic() - since:.0f} s later: {left}\n{tails}")
        time.sleep(0.2)
    return time.monotonic() - since


def assert_recovered(articles, held: list[int], seconds: float, *, after: str) -> None:
    print(f"\n{len(held)} article(s) held at the kill; all {ARTICLES} processed {seconds:.1f} s after {after}")
    assert seconds < RECOVERY_BOUND_SECONDS
    assert_each_processed_exactly_once(articles, killed=held)


def test_it_processes_every_article_of_a_killed_worker_within_a_minute_of_a_new_one_starting(
    reference_data,  # noqa: F811
    start_worker,  # noqa: F811
    slow_articles,
    tmp_path,
):
    articles, answer_at_once = slow_articles
    first, held = worker_caught_mid_task(start_worker)

    os.killpg(first.pid, signal.SIGKILL)  # the main process and its pool, as a crashed machine
    first.wait()
    answer_at_once()
    start_worker(ARTICLE_CLAIM_TIMEOUT_SECONDS=LEASE)
    seconds = seconds_until_all_processed(since=time.monotonic(), logs=tmp_path)

    assert_recovered(articles, held, seconds, after="a new worker started")


def test_it_processes_the_articles_of_killed_pool_processes_within_a_minute(
    reference_data,  # noqa: F811
    start_worker,  # noqa: F811
    slow_articles,
    tmp_path,
):
    articles, answer_at_once = slow_articles
    worker, held = worker_caught_mid_task(start_worker)

    children = pool_processes(worker.pid)
    assert len(children) == 2
    for pid in children:  # the main process lives on and hands their messages straight back
        os.kill(pid, signal.SIGKILL)
    killed_at = time.monotonic()
    answer_at_once()
    seconds = seconds_until_all_processed(since=killed_at, logs=tmp_path)

    assert_recovered(articles, held, seconds, after="the pool processes were killed")
