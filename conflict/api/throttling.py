"""Per-client rate limits that fail open.

Anonymous clients are limited per address (``THROTTLE_ANON``), signed-in users per user
(``THROTTLE_USER``), each by one of the two classes. DRF keeps each client's request history in
the cache (Redis in production). If that cache is unreachable, DRF's own throttles raise and
every read answers 500; these let the request through instead and log the outage, so an outage
of the cache costs rate limiting, not service.
"""

from __future__ import annotations

import logging

from django.core.cache import cache as default_cache
from rest_framework import throttling

logger = logging.getLogger(__name__)


class FailOpenCache:
    """The two cache calls DRF's throttles make, with an unreachable cache read as empty."""

    def get(self, key, default=None):
        try:
            return default_cache.get(key, default)
        except Exception:
            logger.warning("throttle: cache unavailable; request not rate limited", exc_info=True)
            return default

    def set(self, key, value, timeout=None):
        try:
            default_cache.set(key, value, timeout)
        except Exception:
            logger.warning("throttle: cache unavailable; request not counted", exc_info=True)


class AnonRateThrottle(throttling.AnonRateThrottle):
    cache = FailOpenCache()


class UserRateThrottle(throttling.UserRateThrottle):
    """Signed-in users, per user. Anonymous clients are AnonRateThrottle's: DRF's class would
    count them a second time, by address, at the users' higher rate (two more cache round trips
    per request, and a limit that can never bind before the anonymous one)."""

    cache = FailOpenCache()

    def allow_request(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return True
        return super().allow_request(request, view)
