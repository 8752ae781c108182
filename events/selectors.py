"""Reads of events, places and crossings for the public API.

Designed for a million events: region, actor and crossing filters are first resolved against
the small reference tables (places, actors) into id lists, then events are filtered on indexed
columns (location_id, the event_actor (actor, role, event) index, latitude/longitude, the
(review_status, date, id) index). Full-text search uses PostgreSQL's ``simple`` text-search
configuration over an Arabic-folded form of the text (see ``SEARCH_FOLD_FROM``), with
expression GIN indexes created in ``events/migrations/*_api_indexes.py``.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

import orjson
from django.contrib.postgres.search import SearchQueryField, SearchVectorField
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Replace, TruncMonth, TruncWeek
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from psycopg.types.json import set_json_loads

from actors.models import ActorBacking
from conflict.api.params import by_ref, filterset_error
from conflict.api.permissions import is_editor
from conflict.errors import ApplicationError
from events.choices import LocationKind, ReviewStatus
from events.extraction.normalize import fold_for_search, normalize_name, search_fold_strings
from events.geo import great_circle_km_expression
from events.models import (
    AuditAction,
    Crossing,
    CrossingControl,
    Event,
    EventActor,
    EventAuditEntry,
    EventSource,
    Evidence,
    Location,
    LocationAlias,
)

# --- Arabic folding for full-text search ------------------------------------------------------
# PostgreSQL 15 has no Arabic text-search configuration. We index and query the ``simple``
# configuration over a folded form: NFKC (presentation-form ligatures), lower case, hamza
# forms of alef to bare alef, alef maqsura to yeh, teh marbuta to heh, Persian letters to
# Arabic, Arabic-Indic digits to ASCII, and harakat and tatweel removed. The same folding runs
# in SQL (``translate``, in the index expressions) and in Python (on the query), from these two
# strings, built from the one folding table (``events.extraction.normalize.LETTER_FOLDS``);
# the migration that creates the indexes holds a frozen copy of them.
SEARCH_FOLD_FROM, SEARCH_FOLD_TO = search_fold_strings()


class FoldedTsvector(Func):
    """``to_tsvector('simple', folded(column))``: exactly the indexed expression, so PostgreSQL
    uses the GIN index (the fold strings are constants of the template, not parameters)."""

    template = (
        "to_tsvector('simple'::regconfig, translate(lower(normalize(%(expressions)s, NFKC)), "
        f"'{SEARCH_FOLD_FROM}', '{SEARCH_FOLD_TO}'))"
    )
    output_field = SearchVectorField()


class WebSearchQuery(Func):
    template = "websearch_to_tsquery('simple'::regconfig, %(expressions)s)"
    output_field = SearchQueryField()


class TsMatch(Func):
    """``vector @@ query`` as a boolean condition usable in ``filter()``."""

    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def text_search_condition(text: str) -> Q:
    """Events whose summary or evidence match ``text`` (words ANDed; quotes and OR work).

    On PostgreSQL this is one condition on the stored column ``Event.search_vector`` (the
    folded summary and evidence, see ``events.services.search``), which leaves the choice to
    the planner, informed by the column's statistics: for a common word it walks the newest
    approved events on the ``(review_status, date, id)`` index and checks each vector,
    stopping after one page; for a rare word it reads the matches from the GIN index and
    sorts those few.
    """
    if connection.vendor == "postgresql":
        return Q(TsMatch(F("search_vector"), WebSearchQuery(Value(fold_for_search(text)))))
    # Other databases (the embedded SQLite): a plain case-insensitive substring match.
    evidence_events = Evidence.objects.filter(text__icontains=text).values("source__event_id")
    return Q(summary__icontains=text) | Q(pk__in=evidence_events)


# --- what every serialized event needs --------------------------------------------------------


# Only the columns the serializers read: an article's text and HTML can be megabytes, and every
# skipped timestamp is one less value to parse (a page of 50 events loads ~600 objects).
_LOCATION_COLUMNS = (
    "id",
    "slug",
    "name_en",
    "name_ar",
    "latitude",
    "longitude",
    "kind",
    "pcode",
    "path",
    "country_code",
)
_ADMIN_COLUMNS = ("id", "name_en", "pcode")
_ACTOR_COLUMNS = ("id", "slug", "name_en", "name_ar", "kind")
_CROSSING_COLUMNS = ("id", "slug", "name_en", "name_ar", "kind")


def with_event_relations(
    queryset: QuerySet[Event], *, detail: bool = False, sources_submitted_by: int | None = None
) -> QuerySet[Event]:
    """Join and prefetch everything ``EventSerializer`` (or the detail one) reads, and no more.

    With ``sources_submitted_by`` (a user id), an event's sources and their evidence are only
    those of articles that user submitted: a submitter reading their own article must not see
    another submitter's unreviewed article (title, URL, outlet, quotes) through a shared event.
    """
    participants = EventActor.objects.select_related("actor").only(
        "id", "event_id", "role", *(f"actor__{c}" for c in _ACTOR_COLUMNS)
    )
    if detail:
        participants = participants.prefetch_related(
            Prefetch("actor__backings", queryset=ActorBacking.objects.select_related("backer").order_by("start", "id"))
        )
    sources = (
        EventSource.objects.select_related("article")
        .only(
            "id", "event_id", "article__id", "article__source", "article__url", "article__title", "article__published"
        )
        .order_by("id")
    )
    if sources_submitted_by is not None:
        sources = sources.filter(article__submitted_by_id=sources_submitted_by)
    evidence = Evidence.objects.only("id", "source_id", "start", "end", "text").order_by("start", "id")
    queryset = (
        queryset.select_related("location", "location__admin1", "location__admin2", "location__admin3", "crossing")
        .only(
            *(f.attname for f in Event._meta.concrete_fields if f.name not in ("review_note", "search_vector")),
            *(f"location__{c}" for c in _LOCATION_COLUMNS),
            "location__admin1_id",
            "location__admin2_id",
            "location__admin3_id",
            *(f"location__{level}__{c}" for level in ("admin1", "admin2", "admin3") for c in _ADMIN_COLUMNS),
            *(f"crossing__{c}" for c in _CROSSING_COLUMNS),
        )
        .prefetch_related(
            Prefetch("participants", queryset=participants),
            Prefetch("sources", queryset=sources),
            Prefetch("sources__evidence", queryset=evidence),
        )
    )
    if detail:
        queryset = queryset.prefetch_related(
            Prefetch(
                "crossing__control_periods", queryset=CrossingControl.objects.select_related("actor").order_by("start")
            ),
            Prefetch("audit_entries", queryset=EventAuditEntry.objects.select_related("user").order_by("at", "id")),
        )
    return queryset


# --- the list fast path: flat rows instead of model instances ---------------------------------
# A page of 50 events is ~600 model instances with the prefetches; building them costs more than
# the SQL. Lists and exports read flat rows instead (``values()``) and assemble the same dicts
# (``events.api.serializers.event_data_from_row``; a test checks both paths agree).
#
# The page query reads the event table alone: joining the place, its three admin areas and the
# crossing made PostgreSQL spend 1-4 ms *planning* each page (six relations), ten times what it
# spends executing it. The places and crossings of a page are then read by id in one small query
# each (``event_relations``), which plan in microseconds.

EVENT_ROW_COLUMNS = (
    "pk",
    "event_type",
    "sub_event_type",
    "date",
    "date_precision",
    "geo_precision",
    "latitude",
    "longitude",
    "killed",
    "wounded",
    "captured",
    "killed_low",
    "killed_high",
    "confidence",
    "summary",
    "review_status",
    "source_count",
    "unresolved_places",
    "created_at",
    "updated_at",
    "location_id",
    "crossing_id",
)


@dataclass
class EventRelations:
    participants: dict[int, list[tuple]]
    # event id -> [(source id, article id, outlet, url, title, published, [evidence tuples])]
    sources: dict[int, list[tuple]]
    locations: dict[int, tuple]
    crossings: dict[int, tuple]


def event_relations(rows: list[dict]) -> EventRelations:
    """Actors, sources with their evidence, places and crossings of these event rows: one query
    on PostgreSQL, at most four elsewhere, whatever the number of events."""
    if connection.vendor == "postgresql" and rows:
        return _event_relations_postgresql(rows)
    participants: dict[int, list[tuple]] = {}
    sources: dict[int, list[tuple]] = {}
    locations: dict[int, tuple] = {}
    crossings: dict[int, tuple] = {}
    event_ids = [row["pk"] for row in rows]
    if not event_ids:
        return EventRelations(participants, sources, locations, crossings)
    found = (
        EventActor.objects.filter(event_id__in=event_ids)
        .order_by()
        .values_list(
            "event_id", "id", "role", "actor_id", "actor__slug", "actor__name_en", "actor__name_ar", "actor__kind"
        )
    )
    for row in found:
        participants.setdefault(row[0], []).append(row)
    # Sources with their evidence in one query (a LEFT JOIN: a source may have no quote).
    found = (
        EventSource.objects.filter(event_id__in=event_ids)
        .order_by("id", "evidence__start", "evidence__id")
        .values_list(
            "event_id",
            "id",
            "article_id",
            "article__source",
            "article__url",
            "article__title",
            "article__published",
            "evidence__start",
            "evidence__end",
            "evidence__text",
        )
    )
    current = None
    for event_id, source_id, article_id, outlet, url, title, published, start, end, text in found:
        if current is None or current[0] != source_id:
            current = (source_id, article_id, outlet, url, title, published, [])
            sources.setdefault(event_id, []).append(current)
        if start is not None:
            current[6].append((start, end, text))
    location_ids = {row["location_id"] for row in rows} - {None}
    if location_ids:
        found = (
            Location.objects.filter(pk__in=location_ids)
            .order_by()
            .values_list(
                "pk",
                "slug",
                "name_en",
                "name_ar",
                "latitude",
                "longitude",
                "admin1__name_en",
                "admin2__name_en",
                "admin3__name_en",
                "country_code",
                "admin1__pcode",
                "admin2__pcode",
                "admin3__pcode",
            )
        )
        locations = {row[0]: row for row in found}
    crossing_ids = {row["crossing_id"] for row in rows} - {None}
    if crossing_ids:
        found = (
            Crossing.objects.filter(pk__in=crossing_ids)
            .order_by()
            .values_list("pk", "slug", "name_en", "name_ar", "kind")
        )
        crossings = {row[0]: row for row in found}
    return EventRelations(participants, sources, locations, crossings)


# On PostgreSQL the relations of a page come back in one statement, one row per event, with
# the actors and sources (with their evidence) as JSON arrays and the place and crossing as
# scalar subqueries: the same tuples as the ORM path, for a fifth of the Python work (compiling
# and iterating four ORM queries cost more than PostgreSQL spends answering them).
_RELATIONS_SQL = """
SELECT e.id,
  (SELECT json_agg(json_build_array(ea.id, ea.role, a.id, a.slug, a.name_en, a.name_ar, a.kind))
     FROM events_eventactor ea JOIN actors_actor a ON a.id = ea.actor_id
    WHERE ea.event_id = e.id),
  (SELECT json_agg(json_build_array(s.id, s.article_id, ar.source, ar.url, ar.title, ar.published,
            (SELECT json_agg(json_build_array(v.start, v."end", v.text) ORDER BY v.start, v.id)
               FROM events_evidence v WHERE v.source_id = s.id)) ORDER BY s.id)
     FROM events_eventsource s JOIN events_article ar ON ar.id = s.article_id
    WHERE s.event_id = e.id),
  (SELECT json_build_array(l.id, l.slug, l.name_en, l.name_ar, l.latitude, l.longitude,
            (SELECT x.name_en FROM events_location x WHERE x.id = l.admin1_id),
            (SELECT x.name_en FROM events_location x WHERE x.id = l.admin2_id),
            (SELECT x.name_en FROM events_location x WHERE x.id = l.admin3_id), l.country_code,
            (SELECT x.pcode FROM events_location x WHERE x.id = l.admin1_id),
            (SELECT x.pcode FROM events_location x WHERE x.id = l.admin2_id),
            (SELECT x.pcode FROM events_location x WHERE x.id = l.admin3_id))
     FROM events_location l WHERE l.id = e.location_id),
  (SELECT json_build_array(c.id, c.slug, c.name_en, c.name_ar, c.kind)
     FROM events_crossing c WHERE c.id = e.crossing_id)
FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[]) AS e(id, location_id, crossing_id)
"""


def _event_relations_postgresql(rows: list[dict]) -> EventRelations:
    participants: dict[int, list[tuple]] = {}
    sources: dict[int, list[tuple]] = {}
    locations: dict[int, tuple] = {}
    crossings: dict[int, tuple] = {}
    params = [[row["pk"] for row in rows], [row["location_id"] for row in rows], [row["crossing_id"] for row in rows]]
    with connection.cursor() as cursor:
        # orjson parses the JSON columns several times faster than the json module.
        set_json_loads(orjson.loads, cursor.cursor)
        cursor.execute(_RELATIONS_SQL, params)
        found = cursor.fetchall()
    parse_time = datetime.datetime.fromisoformat
    for event_id, actors, event_sources, location, crossing in found:
        if actors:
            participants[event_id] = [(event_id, *actor) for actor in actors]
        if event_sources:
            sources[event_id] = [
                (sid, article_id, outlet, url, title, parse_time(published) if published else None, evidence or [])
                for sid, article_id, outlet, url, title, published, evidence in event_sources
            ]
        if location:
            locations[location[0]] = tuple(location)
        if crossing:
            crossings[crossing[0]] = tuple(crossing)
    return EventRelations(participants, sources, locations, crossings)


# --- the data version -------------------------------------------------------------------------


@dataclass(frozen=True)
class DataVersionState:
    """The data version as one connection reads it (``events.models.DataVersion``)."""

    epoch: str
    version: int  # every change any reader (editors too) can see
    public_version: int  # changes consumers can see


def data_version() -> DataVersionState | None:
    """The current data version, or None when no version may be trusted: the row is missing,
    or this connection is inside a transaction that has written and not committed (on
    PostgreSQL the triggers bump the version only at commit, so such a reader sees data that
    no version names yet)."""
    if connection.vendor == "postgresql":
        sql = (
            "SELECT epoch, version, public_version, pg_current_xact_id_if_assigned() IS NOT NULL "
            "FROM events_dataversion WHERE id = 1"
        )
    else:
        sql = "SELECT epoch, version, public_version, 0 FROM events_dataversion WHERE id = 1"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    if row is None or row[3]:
        return None
    return DataVersionState(epoch=row[0], version=row[1], public_version=row[2])


# --- reference look-ups -----------------------------------------------------------------------


def location_by_ref(ref: str | int) -> Location | None:
    return by_ref(Location.objects.all(), ref)


def crossing_by_ref(ref: str | int) -> Crossing | None:
    return by_ref(Crossing.objects.all(), ref)


def location_ids_within(locations: Iterable[Location]) -> list[int]:
    """The ids of these places and of every place below them (indexed prefix scans)."""
    return location_ids_within_paths(location.path for location in locations)


def location_ids_within_paths(paths: Iterable[str]) -> list[int]:
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    if not condition:
        return []
    return list(Location.objects.filter(condition).order_by().values_list("pk", flat=True))


def locations_matching_name(text: str) -> list[Location]:
    """Places one of whose names or aliases has the normal form of ``text``; spacing is
    ignored when nothing matches exactly, so "البوكمال" finds "البو كمال"."""
    normal = normalize_name(text)
    if not normal:
        return []
    ids = set(LocationAlias.objects.filter(normalized=normal).values_list("location_id", flat=True))
    if not ids:
        compact = normal.replace(" ", "")
        ids = set(
            LocationAlias.objects.annotate(compact=Replace("normalized", Value(" "), Value("")))
            .filter(compact=compact)
            .values_list("location_id", flat=True)
        )
    # Canonical names are not always repeated as aliases.
    ids |= set(
        Location.objects.filter(Q(name_en__iexact=text.strip()) | Q(name_ar=text.strip())).values_list("pk", flat=True)
    )
    return list(Location.objects.filter(pk__in=ids))


_ADMIN_KIND = {1: LocationKind.GOVERNORATE, 2: LocationKind.DISTRICT, 3: LocationKind.SUBDISTRICT}


def admin_areas(*, level: int, value: str) -> list[Location]:
    """Governorates (1), districts (2) or sub-districts (3) by P-code, slug or name."""
    text = value.strip()
    kind = _ADMIN_KIND[level]
    areas = Location.objects.filter(kind=kind)
    found = list(areas.filter(Q(pcode__iexact=text) | Q(slug=text)))
    if found:
        return found
    matches = locations_matching_name(text)
    found = [loc for loc in matches if loc.kind == kind]
    if found:
        return found
    # People write an area without its level word, or with another one: "Al-Mayadin",
    # "Al-Mayadin District", "منطقة الميادين", "ناحية العشارة". Compare the names and aliases
    # of the areas of this level with the words of the level taken off both sides.
    core = admin_core_name(text, level=level)
    if not core:
        return []
    found = []
    for area in areas.prefetch_related("aliases"):
        names = (area.name_en, area.name_ar, *(alias.name for alias in area.aliases.all()))
        if any(admin_core_name(name, level=level) == core for name in names):
            found.append(area)
    return found


# The words that name an administrative level, as people put them before or after a name
# ("Al-Mayadin District", "منطقة الميادين"); a sub-district named after its district's seat is
# that town's "centre" ("Al-Mayadin (centre)", "مركز الميادين").
_LEVEL_WORDS = {
    1: ("governorate", "province", "محافظة"),
    2: ("district", "منطقة"),
    3: ("subdistrict", "sub district", "ناحية", "centre", "center", "مركز"),
}
_ENGLISH_LEVEL_SUFFIX = re.compile(r"\s+(governorate|district|sub-?district)$", re.IGNORECASE)


def admin_core_name(name: str, *, level: int) -> str:
    """The normal form of an area's name without the words of its level, on either side."""
    text = normalize_name(name)
    words = [normalize_name(word) for word in _LEVEL_WORDS[level]]
    changed = True
    while changed and text:
        changed = False
        for word in words:
            if text.startswith(f"{word} "):
                text, changed = text[len(word) + 1 :], True
            elif text.endswith(f" {word}"):
                text, changed = text[: -len(word) - 1], True
    return text


def admin_short_name(name: str | None) -> str | None:
    """The name of an area as the API shows it: "Al-Mayadin", not "Al-Mayadin District"."""
    if not name:
        return name
    return _ENGLISH_LEVEL_SUFFIX.sub("", name)


# --- visibility and the event list ------------------------------------------------------------


def event_visible(*, user, review_status: list[str] | None = None) -> QuerySet[Event]:
    """Approved events for consumers; editors may ask for other review states."""
    if review_status:
        if not is_editor(user):
            raise PermissionDenied("Only editors may filter by review status; consumers see approved events.")
        return Event.objects.filter(review_status__in=review_status)
    return Event.objects.filter(review_status=ReviewStatus.APPROVED)


def event_list(*, filters, user, base: QuerySet[Event] | None = None) -> QuerySet[Event]:
    """Visible events matching the ``events.filters.EventFilter`` parameters in ``filters``.

    Raises ``ApplicationError`` (a 400 naming the parameter) for malformed or unknown values.
    ``base`` narrows the set first (the events of one place, actor or crossing).
    """
    from events.filters import EventFilter

    review_status = filters.getlist("review_status") if hasattr(filters, "getlist") else filters.get("review_status")
    if isinstance(review_status, str):
        review_status = [review_status]
    filterset = EventFilter(filters, queryset=Event.objects.all())
    if not filterset.is_valid():
        raise filterset_error(filterset)
    queryset = event_visible(user=user, review_status=filterset.form.cleaned_data.get("review_status"))
    if base is not None:
        queryset = queryset & base
    filterset.queryset = queryset
    return filterset.qs


def event_get(*, pk: int, user) -> Event | None:
    """One event with everything the detail shows; None when it does not exist or is hidden."""
    queryset = with_event_relations(Event.objects.all(), detail=True)
    if not is_editor(user):
        queryset = queryset.filter(review_status=ReviewStatus.APPROVED)
    return queryset.filter(pk=pk).first()


def event_merged_into(*, pk: int) -> int | None:
    """The event an event was merged into (consumers following an old id), or None."""
    return (
        Event.objects.filter(pk=pk, review_status=ReviewStatus.MERGED).values_list("merged_into_id", flat=True).first()
    )


def event_tombstones(*, since: datetime.datetime | None) -> QuerySet[Event]:
    """Events a syncing consumer must drop: rejected, merged or returned to review, of those
    it could have seen. An event is published only by ``event_approve``, which writes an
    ``approved`` audit entry; one rejected or merged without ever having been approved was never
    public, and listing it would only tell anyone the ids of unpublished events."""
    was_published = EventAuditEntry.objects.filter(event=OuterRef("pk"), action=AuditAction.APPROVED)
    queryset = Event.objects.filter(
        Exists(was_published),
        review_status__in=[ReviewStatus.REJECTED, ReviewStatus.MERGED, ReviewStatus.PENDING],
    )
    if since is not None:
        queryset = queryset.filter(updated_at__gte=since)
    return queryset.only("id", "review_status", "merged_into_id", "updated_at")


# --- filters that need more than a lookup -----------------------------------------------------


@dataclass(frozen=True)
class ActorCondition:
    ids: frozenset[int]
    role: str | None = None
    dated: tuple[tuple[int, datetime.date | None, datetime.date | None], ...] = ()


def events_with_actors(queryset: QuerySet[Event], condition: ActorCondition) -> QuerySet[Event]:
    """Events in which one of the actors took part (in ``role`` when given). Dated entries
    count only for events inside the period (a backing that began or ended).

    One correlated EXISTS on the participations: the period is checked against the outer
    event's own date (no second join to the event table), the actor list restricts the
    (actor, role, event) index, and PostgreSQL can walk the newest events and probe, or hash
    the participations for an aggregate, whichever is cheaper.
    """
    participation = Q(actor_id__in=sorted(condition.ids)) if condition.ids else Q(pk__in=[])
    for actor_id, start, end in condition.dated:
        period = Q(actor_id=actor_id)
        if start is not None:
            period &= Q(GreaterThanOrEqual(OuterRef("date"), start))
        if end is not None:
            period &= Q(LessThanOrEqual(OuterRef("date"), end))
        participation |= period
    rows = EventActor.objects.filter(participation, event_id=OuterRef("pk"))
    if condition.role:
        rows = rows.filter(role=condition.role)
    return queryset.filter(Exists(rows))


def events_in_bbox(
    queryset: QuerySet[Event], *, min_lon: float, min_lat: float, max_lon: float, max_lat: float
) -> QuerySet[Event]:
    return queryset.filter(latitude__gte=min_lat, latitude__lte=max_lat, longitude__gte=min_lon, longitude__lte=max_lon)


def haversine_km(lat: float, lon: float):
    """An expression: great-circle distance in km from (lat, lon) to the event's coordinates."""
    return great_circle_km_expression(lat, lon)


def events_near(queryset: QuerySet[Event], *, lat: float, lon: float, radius_km: float) -> QuerySet[Event]:
    """Events within ``radius_km``: a box on the indexed coordinates first, then the exact
    haversine distance on what the box kept (there is no PostGIS)."""
    dlat = radius_km / 111.195
    cos_lat = max(math.cos(math.radians(lat)), 1e-6)
    dlon = min(radius_km / (111.195 * cos_lat), 180.0)
    boxed = events_in_bbox(queryset, min_lon=lon - dlon, min_lat=lat - dlat, max_lon=lon + dlon, max_lat=lat + dlat)
    return boxed.alias(distance_km=haversine_km(lat, lon)).filter(distance_km__lte=radius_km)


# --- ordering ---------------------------------------------------------------------------------

# ``ordering`` values and the field they sort on. NULL sorts as the lowest value: last when
# descending, first when ascending (undated events are "oldest", unreported tolls "smallest").
ORDERINGS: dict[str, tuple[str, bool]] = {
    "-date": ("date", True),
    "date": ("date", False),
    "-killed": ("killed", True),
    "killed": ("killed", False),
    "-updated": ("updated_at", True),
    "updated": ("updated_at", False),
}
DEFAULT_ORDERING = "-date"


def event_order(queryset: QuerySet[Event], ordering: str | None) -> QuerySet[Event]:
    field, descending = ORDERINGS[ordering or DEFAULT_ORDERING]
    if descending:
        return queryset.order_by(F(field).desc(nulls_last=True), "-pk")
    return queryset.order_by(F(field).asc(nulls_first=True), "pk")


# --- statistics -------------------------------------------------------------------------------

STATS_GROUPS = ("month", "week", "actor", "admin1", "admin2", "event_type", "sub_event_type")


def event_stats(*, events: QuerySet[Event], group_by: str) -> list[dict]:
    """Counts and killed totals of ``events`` per group, ordered by the group key.

    For ``actor``, an event counts once for each actor in it, so per-actor totals are not
    additive (a clash between two actors appears under both).
    """
    if group_by not in STATS_GROUPS:
        raise ApplicationError(
            f"group_by must be one of {', '.join(STATS_GROUPS)}.", fields={"group_by": ["Unknown grouping."]}
        )
    events = events.order_by()
    killed = Coalesce(Sum("killed"), 0, output_field=IntegerField())
    if group_by in ("month", "week"):
        trunc = TruncMonth("date") if group_by == "month" else TruncWeek("date")
        rows = (
            events.filter(date__isnull=False)
            .annotate(period=trunc)
            .values("period")
            .annotate(events=Count("pk"), killed=killed)
            .order_by("period")
        )
        return [
            {
                "key": row["period"].isoformat(),
                "label": row["period"].isoformat(),
                "events": row["events"],
                "killed": row["killed"],
            }
            for row in rows
        ]
    if group_by in ("event_type", "sub_event_type"):
        rows = events.values(group_by).annotate(events=Count("pk"), killed=killed).order_by(group_by)
        return [{"key": r[group_by], "label": r[group_by], "events": r["events"], "killed": r["killed"]} for r in rows]
    if group_by in ("admin1", "admin2"):
        prefix = f"location__{group_by}"
        rows = (
            events.filter(**{f"{prefix}__isnull": False})
            .values(f"{prefix}__slug", f"{prefix}__name_en")
            .annotate(events=Count("pk"), killed=killed)
            .order_by(f"{prefix}__name_en")
        )
        return [
            {
                "key": r[f"{prefix}__slug"],
                "label": admin_short_name(r[f"{prefix}__name_en"]),
                "events": r["events"],
                "killed": r["killed"],
            }
            for r in rows
        ]
    # One participation row per (event, actor): an actor named in two roles of one event (its
    # units on both sides of an internal clash) counts that event, and its toll, once.
    earlier_role = EventActor.objects.filter(event=OuterRef("event"), actor=OuterRef("actor"), pk__lt=OuterRef("pk"))
    rows = (
        EventActor.objects.filter(event__in=events.values("pk"))
        .filter(~Exists(earlier_role))
        .values("actor__slug", "actor__name_en")
        .annotate(events=Count("event"), killed=Coalesce(Sum("event__killed"), 0, output_field=IntegerField()))
        .order_by("-events", "actor__slug")
    )
    return [
        {"key": r["actor__slug"], "label": r["actor__name_en"], "events": r["events"], "killed": r["killed"]}
        for r in rows
    ]


# --- places and crossings ---------------------------------------------------------------------


def location_list(*, filters) -> QuerySet[Location]:
    from events.filters import LocationFilter

    queryset = Location.objects.select_related("parent", "admin1", "admin2", "admin3")
    filterset = LocationFilter(filters, queryset=queryset)
    if not filterset.is_valid():
        raise filterset_error(filterset, "The place filters are invalid.")
    return filterset.qs


def location_detail(*, ref: str) -> Location | None:
    queryset = Location.objects.select_related("parent", "admin1", "admin2", "admin3").prefetch_related(
        "aliases", Prefetch("children", queryset=Location.objects.order_by("name_en"))
    )
    return by_ref(queryset, ref)


def crossing_list(*, filters) -> QuerySet[Crossing]:
    from events.filters import CrossingFilter

    queryset = Crossing.objects.select_related("location").prefetch_related(
        "aliases",
        Prefetch("control_periods", queryset=CrossingControl.objects.select_related("actor").order_by("start", "id")),
    )
    filterset = CrossingFilter(filters, queryset=queryset)
    if not filterset.is_valid():
        raise filterset_error(filterset, "The crossing filters are invalid.")
    return filterset.qs


def crossing_detail(*, ref: str) -> Crossing | None:
    queryset = Crossing.objects.select_related("location").prefetch_related(
        "aliases",
        Prefetch("control_periods", queryset=CrossingControl.objects.select_related("actor").order_by("start", "id")),
    )
    return by_ref(queryset, ref)
