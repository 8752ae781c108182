"""Per-client rate limits, counted atomically, that fail open.

Anonymous clients are limited per address (``THROTTLE_ANON``), signed-in users per user
(``THROTTLE_USER``), each by one of the two classes.

DRF's own throttles keep each client's request history as one list in the cache: read it, append
the request, write it back. Concurrent requests of one client read the same list, and every write
but the last is lost, so under 16 concurrent clients 600/minute let 924 requests through in 30 s.
Here a request is counted with the cache's atomic increment (Redis INCR; LocMemCache increments
under its lock), so each concurrent request gets a count of its own and no more than the limit pass.

The window slides, in buckets. The period (a minute for "600/minute") is cut into ``BUCKETS``
slices of time (two seconds each for a minute); each client has a counter per slice, and a
request is admitted while the counters of every slice that overlaps the last period (the current
one and the ``BUCKETS`` before it) add up to no more than the limit. So no span of one period
ever holds more admitted requests than the limit, however they are timed. Fixed windows would let
a client send the limit at 0:59 and again at 1:00; one counter per window weighted by elapsed
time (the usual "sliding window counter") lets a client that spends its budget in a burst have it
again, in part, half a minute later. The price of counting whole slices: a client that paces
itself at exactly the rate is held to the limit per period plus one slice (62 s for a minute).

A refused request is not counted (it gives its increment back), as DRF records only admitted
ones: a client that keeps knocking while refused is not refused longer for it.

We use the cache's ``add``, ``incr`` and ``get_many`` rather than a Redis Lua script: a round trip
or two more, but the same code is atomic on every backend the settings allow (LocMemCache in
development, Redis in production). If the cache cannot be asked, the request passes and the
outage is logged (``conflict.cache.FailOpenCache``): an outage of the cache costs rate limiting,
not service.
"""

from __future__ import annotations

import math

from rest_framework import throttling

from conflict.cache import FailOpenCache

# Slices per period: the finer, the closer a steady client gets to the full rate (1/BUCKETS of a
# period is lost at most), the more counters per client are read by each request (BUCKETS + 1).
BUCKETS = 30


class SlidingWindowThrottle(throttling.SimpleRateThrottle):
    """DRF's throttle interface (rate, scope, cache key, ``wait()`` for Retry-After) over atomic
    counters. Subclasses say whose requests are counted (``get_cache_key``)."""

    cache = FailOpenCache("throttle")

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        key = self.get_cache_key(request, view)
        if key is None:
            return True
        self.now = self.timer()
        self.bucket = self.duration / BUCKETS
        current = int(self.now // self.bucket)
        # A slice's counter is read until the slice ends a period ago: it must live one slice and
        # one period from its first request. Counted or read, it never expires while in use.
        timeout = math.ceil(self.duration + self.bucket)
        count = self.cache.incr(f"{key}:{current}", timeout=timeout)
        if count is None:
            return True  # the cache could not be asked (logged): fail open
        names = {f"{key}:{index}": index for index in range(current - BUCKETS, current)}
        self.counts = {names[name]: value for name, value in self.cache.get_many(list(names)).items()}
        self.counts[current] = count
        if sum(self.counts.values()) <= self.num_requests:
            return True
        self.cache.incr(f"{key}:{current}", delta=-1, timeout=timeout)
        self.counts[current] = count - 1
        return False

    def wait(self) -> float:
        """Seconds until this client's next request would be admitted: until enough of the oldest
        slices have left the last period for one more request to fit (sent as Retry-After, which
        DRF rounds up; at least one second, since DRF leaves the header out for zero)."""
        later = sum(self.counts.values())
        if later <= self.num_requests - 1:
            return 1.0  # refused while concurrent requests held increments for a moment
        for index in sorted(self.counts):
            later -= self.counts[index]
            if later <= self.num_requests - 1:
                # Slice ``index`` ends at (index + 1) x bucket and leaves the period one later.
                return max((index + 1) * self.bucket + self.duration - self.now, 1.0)
        return self.duration  # a limit of zero admits nothing, ever


class AnonRateThrottle(SlidingWindowThrottle, throttling.AnonRateThrottle):
    """Anonymous clients, per address (DRF's identification, ``NUM_PROXIES`` included)."""


class UserRateThrottle(SlidingWindowThrottle, throttling.UserRateThrottle):
    """Signed-in users, per user. Anonymous clients are AnonRateThrottle's: DRF's class would
    count them a second time, by address, at the users' higher rate (more cache round trips per
    request, and a limit that can never bind before the anonymous one)."""

    def allow_request(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return True
        return super().allow_request(request, view)
