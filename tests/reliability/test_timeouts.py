"""A Redis or a web server that accepts connections and never answers costs about a second.

The hung server is local: a socket that accepts every connection and never sends a byte, which
is what a Redis stuck in a long command, or a host whose service froze, looks like to a client.
The bounds asserted are the feature (issue 11: reads fail open within about a second, a POST
answers within 2 s), with room for a loaded CI machine.
"""

from __future__ import annotations

import socket
import threading
import time

import pytest
from django.conf import settings
from django.test import override_settings

from conflict.cache import FailOpenCache, cache_skip_reset
from events.choices import ArticleStatus
from events.models import Article
from events.services.fetch import FetchTransientError, fetch_url
from tests.ingestion.conftest import ARABIC_REPORT, make_user, publish_to, token_client


class HungServer:
    """Accepts connections on 127.0.0.1 and never answers; counts the connections."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0), backlog=128)
        self.port = self.listener.getsockname()[1]
        self.accepted: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return  # closed
            self.accepted.append(conn)

    def url(self, scheme: str = "redis", path: str = "/0") -> str:
        return f"{scheme}://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self.listener.close()
        for conn in self.accepted:
            conn.close()


def closed_port() -> int:
    """A port nothing listens on (bound, then released: connections to it are refused)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def hung():
    server = HungServer()
    yield server
    server.close()


@pytest.fixture
def cache_at():
    """Point the Django cache at a URL with the deployment's Redis cache options."""
    overrides = []

    def point(url: str):
        caches = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": url,
                "OPTIONS": settings.REDIS_CACHE_OPTIONS,
            }
        }
        override = override_settings(CACHES=caches)
        override.enable()
        overrides.append(override)

    cache_skip_reset()
    yield point
    for override in reversed(overrides):
        override.disable()
    cache_skip_reset()


@pytest.fixture
def broker_at():
    """Point this process's Celery app at a broker URL (with the deployment's transport options)."""
    previous = None

    def point(url: str):
        nonlocal previous
        restore = publish_to(url, eager=False)
        previous = previous or restore

    yield point
    if previous is not None:
        publish_to(previous[0], eager=previous[1])


def timed(function, *args, **kwargs):
    started = time.monotonic()
    try:
        return function(*args, **kwargs), time.monotonic() - started
    except Exception as exc:
        return exc, time.monotonic() - started


def test_it_fails_a_cache_read_open_within_a_second_and_a_half_when_redis_hangs(db, hung, cache_at):
    cache_at(hung.url())

    found, seconds = timed(FailOpenCache("test").get, "some-key", "missing")

    print(f"cache read against a hung Redis failed open after {seconds:.2f} s")
    assert found == "missing"
    assert seconds < 1.5
    assert len(hung.accepted) >= 1  # it did try the server


def test_it_skips_the_cache_for_a_while_after_it_timed_out(db, hung, cache_at):
    cache_at(hung.url())
    FailOpenCache("test").get("first")
    connections_after_first = len(hung.accepted)

    results = [FailOpenCache("other").get("key", "missing"), FailOpenCache("other").add("lock", 1, 10)]

    assert results == ["missing", True]
    time.sleep(0.2)
    assert len(hung.accepted) == connections_after_first  # the hung server was not asked again


def test_it_asks_a_refusing_cache_again_at_once(db, cache_at, caplog):
    # A refused connection costs nothing, so there is no reason to skip the cache after it.
    cache_at(f"redis://127.0.0.1:{closed_port()}/0")

    FailOpenCache("test").get("a")
    FailOpenCache("test").get("b")

    assert caplog.text.count("test: cache read failed") == 2


def test_it_answers_event_reads_within_two_seconds_when_redis_hangs(db, hung, cache_at, api_client):
    cache_at(hung.url())

    response, seconds = timed(api_client.get, "/api/v1/events/")

    print(f"GET /api/v1/events/ with a hung Redis cache: {seconds:.2f} s")
    assert response.status_code == 200
    assert seconds < 2.5


@pytest.fixture
def submitter_client(transactional_db):
    return token_client(make_user("timeouts-submitter", "submitter"))


def post_article(client, n: int):
    body = {"text": f"{ARABIC_REPORT} ({n})", "source": "Deir ez-Zor 24", "published": "2020-06-16"}
    return timed(client.post, "/api/v1/articles/", body, format="json")


def test_it_accepts_an_article_within_two_seconds_when_the_broker_hangs(
    hung, broker_at, cache_at, submitter_client, caplog
):
    broker_at(hung.url())
    cache_at(hung.url())  # the same Redis serves both, as in a small deployment

    response, seconds = post_article(submitter_client, 1)

    print(f"POST /api/v1/articles/ with a hung broker and cache: {response.status_code} in {seconds:.2f} s")
    assert response.status_code == 202, response.content
    assert seconds < 2.0
    assert Article.objects.get(pk=response.json()["id"]).status == ArticleStatus.QUEUED  # stored, sent later
    assert "the sweep will re-queue" in caplog.text


def test_it_accepts_an_article_within_two_seconds_when_the_broker_refuses_connections(
    broker_at, submitter_client, caplog
):
    broker_at(f"redis://127.0.0.1:{closed_port()}/0")

    response, seconds = post_article(submitter_client, 2)

    print(f"POST /api/v1/articles/ with the broker refusing connections: {response.status_code} in {seconds:.2f} s")
    assert response.status_code == 202, response.content
    assert seconds < 2.0
    assert "the sweep will re-queue" in caplog.text


@pytest.fixture
def fetch_settings(settings):
    settings.FETCH_ALLOW_PRIVATE_ADDRESSES = True
    settings.FETCH_TIMEOUT_SECONDS = 1.0
    return settings


def test_it_fails_a_fetch_of_a_hung_server_as_transient_within_its_timeout(fetch_settings, hung):
    error, seconds = timed(fetch_url, hung.url("http", "/report"))

    print(f"fetch of a hung web server gave up after {seconds:.2f} s (limit 1 s)")
    assert isinstance(error, FetchTransientError), error
    assert seconds < 3.0


class DrippingServer:
    """Answers 200 with a large Content-Length, then sends one byte every 0.1 s."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        conn, _ = self.listener.accept()
        with conn:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n")
            while not self.stop.wait(0.1):
                try:
                    conn.sendall(b"x")
                except OSError:
                    return


def test_it_cuts_off_a_body_that_drips_past_the_deadline(fetch_settings):
    server = DrippingServer()
    try:
        error, seconds = timed(fetch_url, f"http://127.0.0.1:{server.port}/slow")
    finally:
        server.stop.set()
        server.listener.close()

    print(f"fetch of a dripping body gave up after {seconds:.2f} s (limit 1 s)")
    assert isinstance(error, FetchTransientError), error
    assert "took longer than" in error.reason
    assert seconds < 3.0
