"""Shared fixtures. Services the suite needs are real; when CI requires them, their absence fails."""

from __future__ import annotations

import os

import pytest

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1" or os.environ.get("CI") == "true"


def require_service(name: str, reason: str) -> None:
    """Skip locally when a service is not configured, but fail in CI, where it must be there."""
    if REQUIRE_SERVICES:
        pytest.fail(f"{name} is required in CI: {reason}")
    pytest.skip(f"{name} not configured: {reason}")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: no throttle counters, and no cached pages from
    another test (a rolled-back test database can reach the same data version again), and
    asking the cache again."""
    from django.core.cache import cache

    from conflict.cache import cache_skip_reset

    # A test that made the cache time out leaves this process skipping it for a few seconds;
    # the next test must not inherit that (its throttles and page cache would go unused).
    cache_skip_reset()
    cache.clear()
    yield
    cache.clear()
    cache_skip_reset()


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()
