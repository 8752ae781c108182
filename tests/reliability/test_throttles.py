"""Throttles hold their limits under concurrent clients, with real Redis as the cache.

DRF's throttles read a client's request history, appended and wrote it back, so concurrent
requests overwrote each other's entries (600/minute let 924 requests through in 30 s under 16
clients). These tests send many requests at once from threads through a live server, at a small
limit, and count: exactly the limit passes, every other request gets 429 with Retry-After in the
project's error shape. The clock the throttles read is pinned (and moved by the tests that are
about time), so a run counts the same whenever it happens.
"""

from __future__ import annotations

import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from conflict.api.throttling import AnonRateThrottle, UserRateThrottle
from tests.api.conftest import make_user
from tests.conftest import require_service
from tests.ingestion.test_integration import redis_url

LIMIT = 50
CLIENTS = 16
REQUESTS_PER_CLIENT = 8  # 128 requests against a limit of 50
PERIOD = 60
# A moment of the throttles' clock one second into one of their two-second slices of a minute.
NOW = 1_000_000 * PERIOD + 31.0
PATH = "/api/v1/actors/?page_size=1"


def redis_cache_settings(location: str, **options) -> dict:
    """A Redis cache at ``location``, under a key prefix of its own (the database may be the
    broker's: nothing is flushed, and every counter expires within a minute and two seconds)."""
    prefix = f"test-throttles-{uuid.uuid4().hex}"
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": location,
            "KEY_PREFIX": prefix,
            "OPTIONS": options,
        }
    }


@pytest.fixture
def redis_cache(settings):
    """The cache is the Redis the environment names (CELERY_BROKER_URL's database)."""
    from django.core.cache import cache

    settings.CACHES = redis_cache_settings(redis_url(), socket_connect_timeout=2)
    settings.API_PAGE_CACHE_SECONDS = 0  # the throttles' counters alone in Redis
    try:
        cache.get("reachable")
    except Exception as exc:
        require_service("Redis", f"{redis_url()} is unreachable ({exc})")


@pytest.fixture
def token(db) -> str:
    """The token of a signed-in consumer."""
    return make_user("reader")[1]


@pytest.fixture
def clock(monkeypatch):
    """The throttles' clock, pinned; set ``clock.now`` to move it."""

    class Clock:
        now = NOW

    for throttle in (AnonRateThrottle, UserRateThrottle):
        monkeypatch.setattr(throttle, "timer", staticmethod(lambda: Clock.now))
    return Clock


@pytest.fixture
def small_limits(monkeypatch):
    rates = {"anon": f"{LIMIT}/minute", "user": f"{LIMIT}/minute"}
    for throttle in (AnonRateThrottle, UserRateThrottle):
        monkeypatch.setattr(throttle, "THROTTLE_RATES", rates)


def hammer(url: str, headers: dict[str, str]) -> list[requests.Response]:
    """CLIENTS threads, released together, each sending REQUESTS_PER_CLIENT requests."""
    start = threading.Barrier(CLIENTS)

    def client() -> list[requests.Response]:
        with requests.Session() as session:
            start.wait()
            return [session.get(url, headers=headers, timeout=30) for _ in range(REQUESTS_PER_CLIENT)]

    with ThreadPoolExecutor(CLIENTS) as pool:
        futures = [pool.submit(client) for _ in range(CLIENTS)]
        return [response for future in futures for response in future.result()]


def assert_refused_in_the_error_shape(response: requests.Response) -> None:
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) >= 1
    error = response.json()["error"]
    assert error["status"] == 429 and error["code"] == "throttled"
    assert "throttled" in error["message"].lower()


@pytest.mark.django_db(transaction=True)
def test_it_lets_exactly_the_anonymous_limit_through_to_concurrent_clients(
    live_server, redis_cache, clock, small_limits
):
    responses = hammer(f"{live_server.url}{PATH}", headers={})

    assert Counter(r.status_code for r in responses) == {200: LIMIT, 429: CLIENTS * REQUESTS_PER_CLIENT - LIMIT}
    for response in responses:
        if response.status_code == 429:
            assert_refused_in_the_error_shape(response)


@pytest.mark.django_db(transaction=True)
def test_it_lets_exactly_a_users_limit_through_to_concurrent_requests_with_one_token(
    live_server, redis_cache, clock, small_limits, token
):
    responses = hammer(f"{live_server.url}{PATH}", headers={"Authorization": f"Token {token}"})

    assert Counter(r.status_code for r in responses) == {200: LIMIT, 429: CLIENTS * REQUESTS_PER_CLIENT - LIMIT}
    for response in responses:
        if response.status_code == 429:
            assert_refused_in_the_error_shape(response)


@pytest.mark.django_db
def test_it_admits_the_next_request_when_retry_after_says(api_client, redis_cache, clock, small_limits):
    assert all(api_client.get(PATH).status_code == 200 for _ in range(LIMIT))
    refused = api_client.get(PATH)
    assert refused.status_code == 429
    wait = int(refused["Retry-After"])
    # The requests were counted in a two-second slice that began a second ago; it leaves the last
    # minute when it ends a minute ago: 1 + 60 s from now.
    assert wait == 61

    clock.now = NOW + wait - 1
    assert api_client.get(PATH).status_code == 429
    clock.now = NOW + wait
    assert api_client.get(PATH).status_code == 200


@pytest.mark.django_db
def test_it_counts_every_request_of_the_last_minute_and_none_older(api_client, redis_cache, clock, small_limits):
    clock.now = NOW - 30
    assert all(api_client.get(PATH).status_code == 200 for _ in range(40))

    clock.now = NOW
    assert [api_client.get(PATH).status_code for _ in range(11)] == [200] * 10 + [429]
    clock.now = NOW + 30  # the first forty are 60 s old, in a slice that has not ended a minute ago
    assert api_client.get(PATH).status_code == 429
    clock.now = NOW + 31  # their slice has left the last minute; the ten remain
    assert [api_client.get(PATH).status_code for _ in range(41)] == [200] * 40 + [429]


@pytest.mark.django_db
def test_it_never_admits_more_than_the_limit_within_any_minute(api_client, redis_cache, clock, small_limits):
    """A greedy client asks every half second until refused, for three minutes; a burst that
    spends the budget at once must not get it back, even in part, within the minute."""
    admitted = []
    for step in range(360):
        clock.now = NOW + step / 2
        while api_client.get(PATH).status_code == 200:
            admitted.append(clock.now)
            assert len(admitted) <= 4 * LIMIT  # a broken throttle must not loop forever

    most_in_a_minute = max(sum(1 for t in admitted if start <= t < start + PERIOD) for start in admitted)
    assert most_in_a_minute == LIMIT
    # And the budget does come back: three full bursts in three minutes (at 0, 61 and 123 s).
    assert len(admitted) == 3 * LIMIT


@pytest.mark.django_db
def test_it_does_not_count_refused_requests(api_client, redis_cache, clock, small_limits):
    clock.now = NOW - 30
    assert [api_client.get(PATH).status_code for _ in range(LIMIT)] == [200] * LIMIT
    clock.now = NOW - 10
    assert all(api_client.get(PATH).status_code == 429 for _ in range(100))

    # The admitted fifty have left the last minute; the hundred refused ones were never counted.
    clock.now = NOW + 31
    assert [api_client.get(PATH).status_code for _ in range(LIMIT + 1)] == [200] * LIMIT + [429]


@pytest.mark.django_db
def test_it_lets_requests_through_when_the_cache_is_unreachable(api_client, settings, monkeypatch, caplog):
    settings.CACHES = redis_cache_settings("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)  # nothing there
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1/minute", "user": "1/minute"})

    codes = [api_client.get(PATH).status_code for _ in range(3)]

    assert codes == [200, 200, 200]
    assert "throttle: cache count failed" in caplog.text
