"""The cache, for features that must keep working while it is down.

Throttling and the API's page cache both live in the cache (Redis in production). An outage of
the cache must cost them their service, not the request: each failed call is logged, a read is
answered as a miss, a lock as taken (nobody waits for it), a write or delete is dropped.
"""

from __future__ import annotations

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)


class FailOpenCache:
    """The cache calls a feature makes, failing open. ``label`` names the feature in the log."""

    def __init__(self, label: str):
        self.label = label

    def _failed(self, operation: str) -> None:
        logger.warning("%s: cache %s failed; going on without it", self.label, operation, exc_info=True)

    def get(self, key, default=None):
        try:
            return cache.get(key, default)
        except Exception:
            self._failed("read")
            return default

    def set(self, key, value, timeout=None) -> None:
        try:
            cache.set(key, value, timeout)
        except Exception:
            self._failed("write")

    def add(self, key, value, timeout=None) -> bool:
        """True if ``key`` was free and is now taken, or if the cache could not be asked."""
        try:
            return cache.add(key, value, timeout)
        except Exception:
            self._failed("lock")
            return True

    def delete(self, key) -> None:
        try:
            cache.delete(key)
        except Exception:
            self._failed("delete")
