"""The read API's page cache: whole answers, keyed by the data version, never stale.

Consumers ask the same questions again and again (a dashboard's charts, a sync job's pages, a
map's region). An answer is kept under the data version (``events.selectors.data_version``),
which database triggers bump in the transaction of every committed change to anything the API
shows, whoever made it: the ingestion workers, the review desk, the admin, a bulk update, raw
SQL. A cached answer therefore always equals what the database would answer now, and no write
path has to remember to invalidate anything.

Consumers' answers follow ``public_version``, which only changes consumers can see move (the
ingestion's pending events do not); editors' answers follow every change.

The key holds the scheme, host and path (``next`` links are absolute), the sorted query
parameters, the format, whether the reader is an editor, and the date (answers about "now",
such as who controls a crossing today, change at midnight). Authentication, permissions and
throttling run before the cache is read, as for any request. Only successful, rendered answers
are kept (not the streamed CSV and GeoJSON exports, not errors, not the browsable API). Every
answer carries an ``ETag``, so a client that sends ``If-None-Match`` gets ``304 Not Modified``
until the data changes. A missing answer is computed by one process at a time while the others wait for it. A cache
that fails (Redis down) is logged and skipped, never an error.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpResponse, HttpResponseBase, HttpResponseNotModified
from rest_framework.response import Response

from conflict.api.permissions import is_editor
from conflict.cache import FailOpenCache
from events.selectors import DataVersionState, data_version

CACHED_FORMATS = frozenset({"json", "csv", "geojson"})
# A missing answer is computed by one process at a time: the others wait up to WAIT_SECONDS for
# it, polling, then compute it themselves (the first may have died, or be slow). The lock expires
# after LOCK_SECONDS whatever happens to its holder.
WAIT_SECONDS = 10.0
WAIT_POLL_SECONDS = 0.05
LOCK_SECONDS = 30
KEY_PREFIX = "api:page:1:"
# Response header that tells whether the answer came from the cache (hit), was computed and
# stored (miss), or was computed without the cache (bypass: no trustworthy version).
STATUS_HEADER = "X-Page-Cache"
# The answers and their locks; an outage is logged and the request answered from the database.
page_store = FailOpenCache("page cache")


def page_key(request, *, fmt: str, state: DataVersionState) -> tuple[str, str]:
    """The cache key and the ETag of this request's answer in data state ``state``.

    Editors may see pending events, so their answers follow every change (``version``);
    consumers' answers only the changes they can see (``public_version``)."""
    params = sorted((name, value) for name in request.query_params for value in request.query_params.getlist(name))
    editor = is_editor(request.user)
    audience = "editor" if editor else "reader"
    number = state.version if editor else state.public_version
    # Today's date too: who controls a crossing "now" and which actors are active change at
    # midnight without any write.
    today = datetime.date.today().isoformat()
    raw = "\x1f".join((request.scheme, request.get_host(), request.path, fmt, audience, today, repr(params)))
    digest = hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()
    epoch = state.epoch
    return f"{KEY_PREFIX}{epoch}:{audience}:{number}:{digest}", f'"{epoch[:8]}.{number}.{digest[:16]}"'


def _etag_matches(request, etag: str) -> bool:
    header = request.headers.get("If-None-Match")
    if not header:
        return False
    candidates = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return etag in candidates or "*" in candidates


def _wait_for(key: str, seconds: float):
    """The answer another process is computing, polled until it is stored or ``seconds`` pass."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(WAIT_POLL_SECONDS)
        found = page_store.get(key)
        if found is not None:
            return found
    return None


def _hit(found, etag: str) -> HttpResponse:
    content_type, body = found
    response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    response[STATUS_HEADER] = "hit"
    return response


def respond_cached(view, request, compute: Callable[[], HttpResponseBase]) -> HttpResponseBase:
    """The cached answer to ``request`` if there is one, else ``compute()``'s, kept if cacheable."""
    seconds = settings.API_PAGE_CACHE_SECONDS
    renderer = getattr(request, "accepted_renderer", None)
    fmt = getattr(renderer, "format", None)
    if not seconds or request.method != "GET" or fmt not in CACHED_FORMATS:
        return compute()
    state = data_version()
    if state is None:
        response = compute()
        response[STATUS_HEADER] = "bypass"
        return response
    key, etag = page_key(request, fmt=fmt, state=state)
    if _etag_matches(request, etag):
        response = HttpResponseNotModified()
        response["ETag"] = etag
        return response
    found = page_store.get(key)
    if found is not None:
        return _hit(found, etag)
    # One process computes a missing answer while the others asking for it wait for it: after a
    # change, a dozen dashboards asking for the same statistics run one aggregation, not twelve.
    lock = f"{key}:lock"
    locked = page_store.add(lock, 1, LOCK_SECONDS)
    if not locked:
        found = _wait_for(key, WAIT_SECONDS)
        if found is not None:
            return _hit(found, etag)
    try:
        response = compute()
        if not isinstance(response, Response) or response.status_code != 200 or response.exception:
            return response  # streamed exports, errors: never kept
        response.accepted_renderer = renderer
        response.accepted_media_type = request.accepted_media_type
        response.renderer_context = view.get_renderer_context()
        response.render()
        if len(response.content) <= settings.API_PAGE_CACHE_MAX_BYTES:
            page_store.set(key, (response["Content-Type"], response.content), seconds)
    finally:
        if locked:
            page_store.delete(lock)
    response["ETag"] = etag
    response[STATUS_HEADER] = "miss"
    return response


def page_cached(method):
    """Decorate a view's GET handler (``list``, ``retrieve``, an action) with the page cache."""

    @functools.wraps(method)
    def wrapper(self, request, *args, **kwargs):
        return respond_cached(self, request, lambda: method(self, request, *args, **kwargs))

    wrapper.page_cached = True  # read by conflict.api.schema to document the conditional headers
    return wrapper
