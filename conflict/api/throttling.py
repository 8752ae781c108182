"""Per-client rate limits that fail open.

Anonymous clients are limited per address (``THROTTLE_ANON``), signed-in users per user
(``THROTTLE_USER``), each by one of the two classes. DRF keeps each client's request history in
the cache (Redis in production). If that cache is unreachable, DRF's own throttles raise and
every read answers 500; these let the request through instead and log the outage, so an outage
of the cache costs rate limiting, not service.
"""

from __future__ import annotations

from rest_framework import throttling

from conflict.cache import FailOpenCache


class AnonRateThrottle(throttling.AnonRateThrottle):
    cache = FailOpenCache("throttle")


class UserRateThrottle(throttling.UserRateThrottle):
    """Signed-in users, per user. Anonymous clients are AnonRateThrottle's: DRF's class would
    count them a second time, by address, at the users' higher rate (two more cache round trips
    per request, and a limit that can never bind before the anonymous one)."""

    cache = FailOpenCache("throttle")

    def allow_request(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return True
        return super().allow_request(request, view)
