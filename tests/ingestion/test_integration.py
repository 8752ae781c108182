"""The whole chain with real parts: HTTP -> PostgreSQL -> Redis -> a Celery worker process.

Each test starts `celery -A conflict worker --pool prefork -c 2` against the pytest test
database and the Redis database that ``CELERY_BROKER_URL`` names (0 when unset). That database
may be shared (another suite, a developer's running service), so it is never flushed: each test
sends its tasks to a queue of its own (``ingestion-test-<random>``), its workers are named with
the same token, and at the end it deletes only what carries that token: the queue's keys, its
members of kombu's binding sets, and its messages left unacknowledged by a killed worker.
Locally the tests are skipped when Redis is not reachable; in CI (REQUIRE_SERVICES=1) that is
a failure.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
import requests
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from conflict.celery import app
from events.choices import ArticleStatus
from events.models import Article, Event, EventSource, Evidence
from events.services.articles import articles_sweep
from tests.conftest import require_service
from tests.ingestion.conftest import ARABIC_REPORT, make_user, publish_to
from tests.ingestion.reports import reports

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv" / "bin" / "python"
# `celery -A conflict worker ARGS`, with this test's queue as the worker's default queue too:
# a task the worker sends itself (the sweep it schedules when ready) must not land in the
# shared database's "celery" queue. Celery's command line cannot set that, so it is set here;
# remote control is off, so the worker binds no shared control exchange (celery.pidbox) either.
WORKER_MAIN = (
    "import os, sys; from conflict.celery import app; "
    "app.conf.task_default_queue = os.environ['INGESTION_TEST_QUEUE']; "
    "app.conf.worker_enable_remote_control = False; app.worker_main(sys.argv[1:])"
)


def redis_url() -> str:
    """The broker the environment names (a local Redis when it names none, or not Redis)."""
    configured = urlsplit(os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/0")
    if configured.scheme not in ("redis", "rediss"):
        configured = urlsplit("redis://127.0.0.1:6379/0")
    auth = f":{quote(configured.password)}@" if configured.password else ""
    db = configured.path.strip("/") or "0"
    return f"{configured.scheme}://{auth}{configured.hostname}:{configured.port or 6379}/{db}"


@dataclass(frozen=True)
class Broker:
    url: str
    queue: str  # this test's own queue; also the prefix of its workers' names


@pytest.fixture
def broker():
    import redis

    url = redis_url()
    client = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        require_service("Redis", f"{url} is unreachable ({exc})")
    queue = f"ingestion-test-{uuid.uuid4().hex[:12]}"
    previous = publish_to(url, eager=False)
    previous_queue = app.conf.task_default_queue
    app.conf.task_default_queue = queue  # the API's enqueue and the sweep route tasks here
    try:
        yield Broker(url, queue)
    finally:
        app.conf.task_default_queue = previous_queue
        publish_to(previous[0], eager=previous[1])
        forget_queue(client, queue)


def forget_queue(client, token: str) -> None:
    """Delete from a shared Redis database only what this test made: keys that carry its token
    (its queue and the queue's priority lists, its workers' control queues), its members of the
    binding sets kombu shares between queues, and its unacknowledged messages."""
    client.delete(*client.scan_iter(match=f"*{token}*"), "__no_such_key__")
    # kombu's sets of bindings per exchange (_kombu.binding.*, _kombu.binding_permanent.*) and
    # the deadlines of expiring bindings: members name the queue.
    for binding in client.scan_iter(match="_kombu.binding*"):
        if client.type(binding) == b"set":
            ours = [member for member in client.smembers(binding) if token.encode() in member]
            if ours:
                client.srem(binding, *ours)
        elif client.type(binding) == b"zset":
            ours = [member for member, _ in client.zscan_iter(binding) if token.encode() in member]
            if ours:
                client.zrem(binding, *ours)
    for tag, payload in client.hscan_iter("unacked"):
        if token.encode() in payload:
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)


def database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] or "postgres"
    if db.get("PASSWORD"):
        auth += f":{quote(db['PASSWORD'])}"
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def start_worker(broker, transactional_db, tmp_path):
    """Start a real worker process; every one started is stopped (by its own id) at the end."""
    if connection.vendor != "postgresql":
        # The worker is another process: it needs a database server it can share with the test
        # (pytest's SQLite test database lives in this process's memory).
        require_service("PostgreSQL", "set DATABASE_URL to a PostgreSQL server for the worker tests")
    started: list[subprocess.Popen] = []

    def start(**env_overrides: str) -> subprocess.Popen:
        log_path = tmp_path / f"worker-{len(started)}.log"
        env = {
            **os.environ,
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": broker.url,
            "INGESTION_TEST_QUEUE": broker.queue,
            "ARTICLE_CLAIM_TIMEOUT_SECONDS": "5",
            "CELERY_WORKER_PREFETCH_MULTIPLIER": "1",
            "FETCH_ALLOW_PRIVATE_ADDRESSES": "true",
            "FETCH_TIMEOUT_SECONDS": "60",
            **env_overrides,
        }
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                [str(PYTHON), "-c", WORKER_MAIN, "worker", "--pool", "prefork", "-c", "2", "--loglevel", "INFO",
                 "--without-gossip", "--without-mingle", "-Q", broker.queue, "-n", f"{broker.queue}-{len(started)}@%h"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        started.append(process)
        deadline = time.monotonic() + 40
        while "ready." not in log_path.read_text(errors="replace"):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"The worker did not start:\n{log_path.read_text(errors='replace')[-3000:]}")
            time.sleep(0.2)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture
def reference_data(transactional_db):
    call_command("load_reference_data", verbosity=0)


@pytest.fixture
def token(transactional_db) -> str:
    from rest_framework.authtoken.models import Token

    return Token.objects.create(user=make_user("integration-submitter", "submitter")).key


def wait_until(predicate, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"Timed out after {timeout:.0f} s waiting for {what}.")
        time.sleep(0.2)


def unfinished() -> int:
    return Article.objects.filter(status__in=[ArticleStatus.QUEUED, ArticleStatus.PROCESSING]).count()


def test_it_processes_50_posted_articles_with_a_real_worker(reference_data, start_worker, live_server, token):
    start_worker()
    session = requests.Session()
    session.headers["Authorization"] = f"Token {token}"

    for body in reports(50):
        response = session.post(f"{live_server.url}/api/v1/articles/", json=body, timeout=10)
        assert response.status_code == 202, response.text

    wait_until(lambda: unfinished() == 0, timeout=60, what="50 articles to be processed")
    statuses = dict(Article.objects.values_list("status").annotate(n=Count("id")))
    assert statuses == {ArticleStatus.PROCESSED: 50}, Article.objects.exclude(status="processed").values("error")[:3]
    assert set(Article.objects.values_list("attempts", flat=True)) == {1}
    assert "" not in set(Article.objects.values_list("extractor_version", flat=True))
    assert Event.objects.count() >= 10
    assert Evidence.objects.count() >= Event.objects.count()
    detail = session.get(f"{live_server.url}/api/v1/articles/{Article.objects.first().pk}/", timeout=10).json()
    assert detail["status"] == "processed" and detail["processing_ms"] is not None


def test_it_processes_an_article_exactly_once_after_its_worker_is_killed(
    reference_data, start_worker, live_server, token, local_site
):
    from events.services.extraction import run_extraction

    page = f"<html><body><article><p>{ARABIC_REPORT}</p></article></body></html>"
    url = local_site.page("/slow-report", page, delay=60)
    first = start_worker()
    response = requests.post(
        f"{live_server.url}/api/v1/articles/",
        json={"url": url, "source": "Deir ez-Zor 24", "published": "2020-06-16"},
        headers={"Authorization": f"Token {token}"},
        timeout=10,
    )
    assert response.status_code == 202, response.text
    article_id = response.json()["id"]
    wait_until(lambda: local_site.hits.get("/slow-report"), timeout=20, what="the worker to fetch the page")
    assert Article.objects.get(pk=article_id).status == ArticleStatus.PROCESSING

    os.killpg(first.pid, signal.SIGKILL)  # the whole worker, mid-task, as a crashed machine would
    first.wait()
    local_site.page("/slow-report", page)  # the site answers at once from now on
    start_worker()
    claimed_at = Article.objects.get(pk=article_id).claimed_at
    time.sleep(max(0.0, (claimed_at + dt.timedelta(seconds=5.5) - timezone.now()).total_seconds()))
    assert articles_sweep(older_than=dt.timedelta(seconds=5)) == 1

    wait_until(
        lambda: Article.objects.get(pk=article_id).status == ArticleStatus.PROCESSED,
        timeout=30,
        what="the article to be processed after the sweep",
    )
    article = Article.objects.get(pk=article_id)
    assert article.attempts == 2
    expected = run_extraction(text=article.text, published=article.published_date, language="ar", title="")
    assert len(expected.events) >= 1
    assert EventSource.objects.filter(article=article).count() == len(expected.events)
    assert Event.objects.count() == len(expected.events)


def test_it_accepts_articles_while_the_broker_is_down_and_the_sweep_recovers_them(
    reference_data, start_worker, live_server, token, broker, caplog
):
    start_worker()
    publish_to("redis://127.0.0.1:1/5", eager=False)  # nothing listens on port 1
    started = time.monotonic()
    response = requests.post(
        f"{live_server.url}/api/v1/articles/",
        json={"text": ARABIC_REPORT, "source": "Deir ez-Zor 24", "published": "2020-06-16"},
        headers={"Authorization": f"Token {token}"},
        timeout=30,
    )
    assert response.status_code == 202, response.text
    assert time.monotonic() - started < 10
    assert "the sweep will re-queue" in caplog.text
    article_id = response.json()["id"]
    time.sleep(1)
    assert Article.objects.get(pk=article_id).status == ArticleStatus.QUEUED

    publish_to(broker.url, eager=False)  # the broker is back
    assert articles_sweep(older_than=dt.timedelta(0)) == 1
    wait_until(
        lambda: Article.objects.get(pk=article_id).status == ArticleStatus.PROCESSED,
        timeout=30,
        what="the swept article to be processed",
    )
    assert EventSource.objects.filter(article_id=article_id).exists()


def test_a_worker_recovers_when_its_database_connection_is_cut(reference_data, start_worker, submitter_for_worker):
    from events.services.articles import article_submit

    start_worker()
    first, _ = article_submit(data={"text": ARABIC_REPORT, "source": "A", "published": "2020-06-16"},
                              user=submitter_for_worker)  # fmt: skip
    wait_until(lambda: Article.objects.get(pk=first.pk).status == ArticleStatus.PROCESSED, timeout=30,
               what="the first article")  # fmt: skip
    with connection.cursor() as cursor:  # as a database restart would: every other session ends
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        assert cursor.fetchone()[0] >= 1

    second, _ = article_submit(data={"text": reports(1)[0]["text"], "source": "B", "published": "2024-03-01"},
                               user=submitter_for_worker)  # fmt: skip

    wait_until(lambda: Article.objects.get(pk=second.pk).status == ArticleStatus.PROCESSED, timeout=40,
               what="the article after the connection was cut")  # fmt: skip
    assert Article.objects.get(pk=second.pk).attempts in (1, 2)  # 2 when the cut hit its first try


@pytest.fixture
def submitter_for_worker(transactional_db):
    return make_user("direct-submitter", "submitter")


def test_it_cleans_up_only_what_carries_its_token_in_a_shared_redis_database():
    import redis

    client = redis.Redis.from_url(redis_url(), socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as exc:
        require_service("Redis", f"{redis_url()} is unreachable ({exc})")
    token = f"ingestion-test-{uuid.uuid4().hex[:12]}"
    other = f"someone-else-{uuid.uuid4().hex[:12]}"
    client.rpush(token, "message")
    client.rpush(other, "message")
    client.sadd(f"_kombu.binding.{other}", f"{token}\x06\x16\x06\x16{token}", f"{other}\x06\x16\x06\x16{other}")
    client.hset("unacked", mapping={f"{token}-tag": f'[{{}}, "{token}", "{token}"]', f"{other}-tag": "[{}]"})
    client.zadd("unacked_index", {f"{token}-tag": 1, f"{other}-tag": 1})
    try:
        forget_queue(client, token)

        assert not client.exists(token)
        assert client.lrange(other, 0, -1) == [b"message"]
        assert client.smembers(f"_kombu.binding.{other}") == {f"{other}\x06\x16\x06\x16{other}".encode()}
        assert not client.hexists("unacked", f"{token}-tag") and client.hexists("unacked", f"{other}-tag")
        assert client.zscore("unacked_index", f"{other}-tag") == 1
    finally:
        client.delete(other, f"_kombu.binding.{other}")
        client.hdel("unacked", f"{other}-tag")
        client.zrem("unacked_index", f"{other}-tag")
