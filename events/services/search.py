"""The full-text search column of events (``Event.search_vector``), used by the API's ``q``.

PostgreSQL 15 has no Arabic text-search configuration, so the column holds
``to_tsvector('simple', folded text)`` where the text is the event's summary followed by the
quotes of its evidence, folded as ``events.selectors.fold_for_search`` folds a query (NFKC,
lower case, hamza forms of alef, alef maqsura, teh marbuta, Persian letters, Arabic-Indic
digits; harakat and tatweel removed). A stored, GIN-indexed column instead of an expression
over a join lets PostgreSQL answer a search for a common word by walking the newest events
and checking each one's vector, stopping after one page, rather than sorting every match.

It is not a trigger (SQLite has none that we could share): the services that write an event's
summary or evidence call ``event_search_refresh`` with the event ids, after the write. On other
databases it does nothing (search falls back to substring matching there).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

from events.selectors import SEARCH_FOLD_FROM, SEARCH_FOLD_TO

# The folded summary and evidence of each event row ``e``; the evidence in a stable order.
_DOCUMENT = (
    "to_tsvector('simple'::regconfig, translate(lower(normalize("
    "e.summary || ' ' || coalesce(("
    "SELECT string_agg(v.text, ' ' ORDER BY v.source_id, v.start, v.id) "
    "FROM events_evidence v JOIN events_eventsource s ON s.id = v.source_id WHERE s.event_id = e.id"
    "), ''), NFKC)), %s, %s))"
)
REFRESH_SQL = f"UPDATE events_event e SET search_vector = {_DOCUMENT} WHERE e.id = ANY(%s)"
REFRESH_ALL_SQL = f"UPDATE events_event e SET search_vector = {_DOCUMENT}"


def event_search_refresh(*, event_ids: Iterable[int]) -> int:
    """Recompute the search column of these events (after their summary or evidence changed).

    Does not touch ``updated_at``: the event's public data did not change. Returns the number
    of rows updated (0 on databases other than PostgreSQL).
    """
    ids = sorted({int(pk) for pk in event_ids})
    if not ids or connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute(REFRESH_SQL, [SEARCH_FOLD_FROM, SEARCH_FOLD_TO, ids])
        return cursor.rowcount


def event_search_refresh_all() -> int:
    """Recompute the search column of every event (after a bulk load; one statement)."""
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        # Fresh statistics first: after a bulk COPY the planner believes the evidence table is
        # small and reads all of it once per event (hours on a million events instead of minutes).
        cursor.execute("ANALYZE events_event, events_eventsource, events_evidence")
        cursor.execute(REFRESH_ALL_SQL, [SEARCH_FOLD_FROM, SEARCH_FOLD_TO])
        return cursor.rowcount
