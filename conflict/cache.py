"""The cache, for features that must keep working while it is down.

Throttling and the API's page cache both live in the cache (Redis in production). An outage of
the cache must cost them their service, not the request: each failed call is logged, a read is
answered as a miss, a lock as taken (nobody waits for it), a write or delete is dropped.

A refused connection fails at once, but a Redis that accepts connections and never answers
costs a call its socket timeout (``REDIS_CACHE_SOCKET_TIMEOUT``). So that a request does not pay
it once per call (throttle, page look-up, lock, store...), a call that failed slowly makes this
process skip the cache for ``SKIP_SECONDS``; the first call after that asks Redis again.
"""

from __future__ import annotations

import logging
import time

from django.core.cache import cache

logger = logging.getLogger(__name__)

SKIP_SECONDS = 5.0
# A failure slower than this was a timeout (a refused connection takes a millisecond).
SLOW_FAILURE_SECONDS = 0.1
# Monotonic time until which every FailOpenCache of this process answers without the cache.
# One value for all features: they share the one cache server. A race between threads only
# lets a call or two try the cache again.
_skip_until = 0.0
_MISSING = object()


class FailOpenCache:
    """The cache calls a feature makes, failing open. ``label`` names the feature in the log."""

    def __init__(self, label: str):
        self.label = label

    def _call(self, operation: str, function, *, fallback):
        global _skip_until
        if time.monotonic() < _skip_until:
            return fallback
        started = time.monotonic()
        try:
            return function()
        except Exception:
            failed_at = time.monotonic()
            skip = failed_at - started >= SLOW_FAILURE_SECONDS
            if skip:
                _skip_until = failed_at + SKIP_SECONDS
            logger.warning(
                "%s: cache %s failed; going on without it%s",
                self.label,
                operation,
                f" (and without the cache for {SKIP_SECONDS:g} s: it timed out)" if skip else "",
                exc_info=True,
            )
            return fallback

    def get(self, key, default=None):
        found = self._call("read", lambda: cache.get(key, _MISSING), fallback=_MISSING)
        return default if found is _MISSING else found

    def get_many(self, keys) -> dict:
        """The keys found and their values (one round trip); none if the cache could not be asked."""
        return self._call("read", lambda: cache.get_many(keys), fallback={})

    def set(self, key, value, timeout=None) -> None:
        self._call("write", lambda: cache.set(key, value, timeout), fallback=None)

    def add(self, key, value, timeout=None) -> bool:
        """True if ``key`` was free and is now taken, or if the cache could not be asked."""
        return self._call("lock", lambda: cache.add(key, value, timeout), fallback=True)

    def incr(self, key, delta: int = 1, timeout=None) -> int | None:
        """Add ``delta`` to the counter ``key`` atomically and return the new count; a missing
        counter starts at 0 and expires after ``timeout``. None if the cache could not be asked."""

        def count() -> int:
            cache.add(key, 0, timeout)
            try:
                return cache.incr(key, delta)
            except ValueError:  # expired between the two calls: start it again
                cache.add(key, 0, timeout)
                return cache.incr(key, delta)

        return self._call("count", count, fallback=None)

    def delete(self, key) -> None:
        self._call("delete", lambda: cache.delete(key), fallback=None)


def cache_skip_reset() -> None:
    """Ask the cache again on the next call (tests, and after the cache is known to be back)."""
    global _skip_until
    _skip_until = 0.0
