"""Writing what the extractor found onto events, and merging reports of the same event.

``article_events_write`` runs inside the transaction that marks the article processed, so an
article's events, actors, sources and evidence appear all at once or not at all.

Merging. A new event is attached to an existing one, as another source, when all hold:

- the same event type (ACLED ``event_type``);
- both dates known and no further apart than the looser of the two date precisions allows
  (1 day for "day", 7 for "week", 31 for "month");
- the same place, or both placed at town or site precision within ``MERGE_DISTANCE_KM``
  (haversine on the copied coordinates); vaguer places must be the same place;
- at least one actor in common, where a unit and the force it belongs to count as the same
  actor (``4th-division`` matches ``syrian-government-forces``);
- the existing event is pending or approved (not rejected, not merged away) and does not
  already have this article as a source (two events of one article are never merged).

Attaching keeps the source's own figures on its ``EventSource`` row and reconciles the event's:
``killed`` is the highest credible count (with three or more sources, a count above twice the
median is treated as an outlier and the next one down is used), ``killed_low``/``killed_high``
the full range, wounded and captured the highest reported. An event an editor approved keeps
its figures (only the range widens). Each attach writes a ``source_attached`` audit entry with
the source's own reading of the event, which ``event_source_detach`` uses to split it off again.

Concurrency: before looking for candidates, the write transaction takes PostgreSQL advisory
locks on (event type, day) for every day of each event's matching window, so two workers
cannot both miss each other's new event and create a duplicate, while unrelated events are
written in parallel; candidate rows are locked with ``SELECT ... FOR UPDATE`` before their
figures are recomputed, and ``event_source_unique`` forbids attaching one article twice.

Reprocessing an article replaces the events that came only from it, while they are pending.
Events an editor has decided on (approved, rejected, merged) are never deleted: they keep the
article as a source, and a new extraction that matches one of them refreshes that source's
figures and evidence instead of creating a duplicate. A pending event that also has other
sources loses only this article's source (and the actors it added).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import statistics
import time
import zlib
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Q

from conflict.errors import ApplicationError
from events.choices import (
    GEO_PRECISION_FOR_KIND,
    SUB_EVENT_TYPES,
    ActorRole,
    DatePrecision,
    GeoPrecision,
    ReviewStatus,
)
from events.extraction import output
from events.geo import great_circle_km
from events.models import Article, AuditAction, Event, EventActor, EventAuditEntry, EventSource, Evidence, Location
from events.services.search import event_search_refresh
from events.services.unresolved import unresolved_places_record, unresolved_union

log = logging.getLogger(__name__)

MERGE_DISTANCE_KM = 5.0
DATE_TOLERANCE_DAYS = {DatePrecision.DAY: 1, DatePrecision.WEEK: 7, DatePrecision.MONTH: 31}
PRECISE_PLACES = (GeoPrecision.SITE, GeoPrecision.TOWN)
MERGEABLE_STATUSES = (ReviewStatus.PENDING, ReviewStatus.APPROVED)
_LOCK_NAMESPACE = 0x45564E54  # "EVNT": the first key of the advisory locks taken here


# --- Reading the extractor's output -----------------------------------------------------------


@dataclass
class ExtractedEvent:
    """One event as the extractor read it from one article: the "snapshot" of a source."""

    event_type: str
    sub_event_type: str
    date: dt.date | None
    date_precision: str
    location_id: int | None
    geo_precision: str
    latitude: float | None
    longitude: float | None
    crossing_id: int | None
    actors: list[tuple[int, str]]
    killed: int | None
    wounded: int | None
    captured: int | None
    confidence: float
    summary: str
    evidence: list[tuple[int, int, str]] = field(default_factory=list)
    # The extractor's features of the candidate (stored on the source for retraining).
    features: dict[str, float] = field(default_factory=dict)
    # Place names in the event's sentences that matched no known place (stages.toponyms).
    unresolved_places: list[str] = field(default_factory=list)

    def snapshot(self) -> dict[str, Any]:
        """JSON-safe, stored in the audit trail so a merge can be undone faithfully."""
        return {
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "date": self.date.isoformat() if self.date else None,
            "date_precision": self.date_precision,
            "location_id": self.location_id,
            "geo_precision": self.geo_precision,
            "latitude": self.latitude,
            "longitude": self.longitude,
            "crossing_id": self.crossing_id,
            "actors": [[actor_id, role] for actor_id, role in self.actors],
            "killed": self.killed,
            "wounded": self.wounded,
            "captured": self.captured,
            "confidence": self.confidence,
            "summary": self.summary,
        }

    @classmethod
    def from_snapshot(cls, data: dict[str, Any]) -> ExtractedEvent:
        return cls(
            event_type=data["event_type"],
            sub_event_type=data["sub_event_type"],
            date=dt.date.fromisoformat(data["date"]) if data.get("date") else None,
            date_precision=data.get("date_precision") or DatePrecision.DAY,
            location_id=data.get("location_id"),
            geo_precision=data.get("geo_precision") or GeoPrecision.TOWN,
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            crossing_id=data.get("crossing_id"),
            actors=[(int(a), str(r)) for a, r in data.get("actors", [])],
            killed=data.get("killed"),
            wounded=data.get("wounded"),
            captured=data.get("captured"),
            confidence=float(data.get("confidence") or 0.5),
            summary=data.get("summary") or "",
        )


def _count(value: Any) -> int | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number >= 0 else None


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def parse_extracted_event(event: output.Event, *, text: str, locations: dict[int, Location]) -> ExtractedEvent | None:
    """Map one event of ``run_extraction`` onto the values stored; None when it is unusable."""
    event_type, sub_event_type = event.event_type or "", event.sub_event_type or ""
    allowed = SUB_EVENT_TYPES.get(event_type)
    if allowed is None or sub_event_type not in allowed:
        log.warning("Skipping an extracted event with type %r / %r.", event_type, sub_event_type)
        return None
    precision = event.date_precision or DatePrecision.DAY
    if precision not in DatePrecision.values:
        precision = DatePrecision.UNKNOWN
    place = event.location
    location_id = place.id if place else None
    geo_precision = place.geo_precision if place else None
    latitude, longitude = (place.latitude, place.longitude) if place else (None, None)
    if location_id is not None and (latitude is None or geo_precision not in GeoPrecision.values):
        # The extractor copies coordinates and precision from the gazetteer; look them up
        # only when it did not.
        location = locations.get(location_id)
        if location is None:
            location_id = None
        else:
            if geo_precision not in GeoPrecision.values:
                geo_precision = GEO_PRECISION_FOR_KIND.get(location.kind, GeoPrecision.TOWN)
            latitude, longitude = location.latitude, location.longitude
    actors: list[tuple[int, str]] = []
    for actor in event.actors:
        role = actor.role if actor.role in ActorRole.values else ActorRole.ASSOCIATED
        if actor.id is not None and (int(actor.id), role) not in actors:
            actors.append((int(actor.id), role))
    evidence = []
    for span in event.evidence:
        start, end = _count(span.start), _count(span.end)
        if start is None or end is None or end <= start or end > len(text):
            continue
        evidence.append((start, end, text[start:end]))
    try:
        confidence = min(max(float(event.confidence), 0.0), 1.0)
    except (TypeError, ValueError):
        confidence = 0.5
    return ExtractedEvent(
        event_type=event_type,
        sub_event_type=sub_event_type,
        date=_date(event.date),
        date_precision=precision,
        location_id=location_id,
        geo_precision=geo_precision if location_id is not None else GeoPrecision.COUNTRY,
        latitude=latitude,
        longitude=longitude,
        crossing_id=event.crossing.id if event.crossing else None,
        actors=actors,
        killed=_count(event.fatalities.killed),
        wounded=_count(event.fatalities.wounded),
        captured=_count(event.fatalities.captured),
        confidence=confidence,
        summary=(event.summary or "")[:2000],
        evidence=evidence,
        features={str(name): float(value) for name, value in event.features.items()},
        unresolved_places=[str(name)[:200] for name in dict.fromkeys(event.unresolved_places)],
    )


# --- Matching ---------------------------------------------------------------------------------


haversine_km = great_circle_km  # one great-circle distance for the project (events.geo)


def _dates_match(a: dt.date | None, a_precision: str, b: dt.date | None, b_precision: str) -> bool:
    if a is None or b is None:
        return False
    tolerance = max(DATE_TOLERANCE_DAYS.get(a_precision, 0), DATE_TOLERANCE_DAYS.get(b_precision, 0))
    if tolerance == 0:
        return False
    return abs((a - b).days) <= tolerance


def _places_match(new: ExtractedEvent, event: Event) -> bool:
    if new.location_id is None or event.location_id is None:
        return False
    if new.location_id == event.location_id:
        return True
    if new.geo_precision not in PRECISE_PLACES or event.geo_precision not in PRECISE_PLACES:
        return False
    if None in (new.latitude, new.longitude, event.latitude, event.longitude):
        return False
    return haversine_km(new.latitude, new.longitude, event.latitude, event.longitude) <= MERGE_DISTANCE_KM


class ActorTree:
    """Parent links of all actors, to compare a unit with the force it belongs to.

    Loaded at most once a minute per process (``actor_tree``): parent links change rarely, and
    a merge decided on a minute-old hierarchy is still reviewed by an editor.
    """

    def __init__(self) -> None:
        from actors.models import Actor

        self._parent = dict(Actor.objects.values_list("pk", "parent_id"))
        self.loaded_at = time.monotonic()

    def lineage(self, actor_id: int) -> set[int]:
        seen: set[int] = set()
        node: int | None = actor_id
        while node is not None and node not in seen:
            seen.add(node)
            node = self._parent.get(node)
        return seen

    def overlap(self, a: set[int], b: set[int]) -> bool:
        if a & b:
            return True
        return any(x in self.lineage(y) for x in a for y in b) or any(y in self.lineage(x) for x in a for y in b)


ACTOR_TREE_TTL_SECONDS = 60.0
_actor_tree: ActorTree | None = None


def actor_tree() -> ActorTree:
    global _actor_tree
    if _actor_tree is None or time.monotonic() - _actor_tree.loaded_at > ACTOR_TREE_TTL_SECONDS:
        _actor_tree = ActorTree()
    return _actor_tree


def _merge_lock_keys(events: list[ExtractedEvent]) -> list[int]:
    """One key per (event type, day) in each event's matching window.

    Two events that can match have windows that share a day (the one with the looser
    precision covers the other's date), so their transactions take a common key and run one
    after the other; events of other types or far-apart days proceed in parallel.
    """
    keys = set()
    for event in events:
        if event.date is None or event.location_id is None:
            continue  # such events never merge
        tolerance = DATE_TOLERANCE_DAYS.get(event.date_precision, 0)
        for offset in range(-tolerance, tolerance + 1):
            day = event.date.toordinal() + offset
            keys.add(zlib.crc32(f"{event.event_type}:{day}".encode()) - 2**31)
    return sorted(keys)


def _lock_merge_windows(events: list[ExtractedEvent]) -> None:
    """Serialize merging of possibly matching events across workers (PostgreSQL advisory locks,
    released at commit; SQLite, the embedded default, serializes all writes anyway)."""
    keys = _merge_lock_keys(events)
    if not keys or connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        # In ascending key order, the same in every transaction: no deadlock between workers.
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, k) FROM (SELECT unnest(%s::int[]) AS k ORDER BY 1) AS keys",
            [_LOCK_NAMESPACE - 2**31, keys],
        )


def _find_candidate(new: ExtractedEvent, *, article: Article) -> Event | None:
    if new.date is None or new.location_id is None or not new.actors:
        return None
    # Dates match within the looser precision of the two: within this event's tolerance, or
    # within the candidate's own (a week, a month). Served by event_type_date_idx.
    own = dt.timedelta(days=DATE_TOLERANCE_DAYS.get(new.date_precision, 0))
    dates = Q(date__range=(new.date - own, new.date + own))
    for precision, days in DATE_TOLERANCE_DAYS.items():
        if days > own.days:
            window = dt.timedelta(days=days)
            dates |= Q(date_precision=precision, date__range=(new.date - window, new.date + window))
    candidates = (
        Event.objects.filter(dates, event_type=new.event_type, review_status__in=MERGEABLE_STATUSES)
        .exclude(sources__article=article)
        .prefetch_related("participants")
        # Locked until commit, so an editor's concurrent decision cannot interleave with the
        # attach; a fixed order keeps two lockers from deadlocking.
        .select_for_update(of=("self",))
        .order_by("pk")
    )
    if new.geo_precision in PRECISE_PLACES and new.latitude is not None and new.longitude is not None:
        # A bounding box a little wider than the merge distance, refined by haversine below.
        dlat = MERGE_DISTANCE_KM / 110.0 * 1.2
        dlon = dlat / max(math.cos(math.radians(new.latitude)), 0.01)
        candidates = candidates.filter(
            Q(location_id=new.location_id)
            | Q(
                latitude__range=(new.latitude - dlat, new.latitude + dlat),
                longitude__range=(new.longitude - dlon, new.longitude + dlon),
            )
        )
    else:
        candidates = candidates.filter(location_id=new.location_id)
    matches = []
    new_actors = {actor_id for actor_id, _role in new.actors}
    for event in candidates[:50]:
        if not _dates_match(new.date, new.date_precision, event.date, event.date_precision):
            continue
        if not _places_match(new, event):
            continue
        if not actor_tree().overlap(new_actors, {p.actor_id for p in event.participants.all()}):
            continue
        matches.append((abs((new.date - event.date).days), event.pk, event))
    if not matches:
        return None
    return min(matches, key=lambda m: (m[0], m[1]))[2]


# --- Figures ----------------------------------------------------------------------------------


def credible_highest(values: list[int]) -> int | None:
    """The highest count, unless with three or more reports it is over twice the median."""
    if not values:
        return None
    ordered = sorted(values)
    if len(ordered) >= 3:
        ceiling = 2 * max(statistics.median(ordered), 1)
        credible = [v for v in ordered if v <= ceiling]
        return credible[-1] if credible else ordered[-1]
    return ordered[-1]


def _reconcile(event: Event) -> dict[str, list]:
    """Recompute the event's figures and unresolved place names from its sources; return
    {field: [before, after]}."""
    rows = list(event.sources.order_by("id").values_list("killed", "wounded", "captured", "unresolved_places"))
    killed = [r[0] for r in rows if r[0] is not None]
    wounded = [r[1] for r in rows if r[1] is not None]
    captured = [r[2] for r in rows if r[2] is not None]
    after: dict[str, Any] = {
        "killed_low": min(killed) if killed else None,
        "killed_high": max(killed) if killed else None,
        "source_count": len(rows),
        "unresolved_places": unresolved_union(r[3] for r in rows),
    }
    if event.review_status == ReviewStatus.APPROVED:
        # An editor's figures stand; the range still shows what the sources say.
        if event.killed is not None:
            after["killed_low"] = min([event.killed, *killed])
            after["killed_high"] = max([event.killed, *killed])
    else:
        after["killed"] = credible_highest(killed)
        after["wounded"] = max(wounded) if wounded else None
        after["captured"] = max(captured) if captured else None
    changes = {}
    for name, value in after.items():
        before = getattr(event, name)
        if before != value:
            changes[name] = [before, value]
            setattr(event, name, value)
    return changes


# --- Writing ----------------------------------------------------------------------------------


def _add_evidence(source: EventSource, spans: list[tuple[int, int, str]]) -> None:
    Evidence.objects.bulk_create([Evidence(source=source, start=s, end=e, text=t) for s, e, t in spans])


def _source_create(event: Event, new: ExtractedEvent, *, article: Article) -> EventSource:
    return EventSource.objects.create(
        event=event,
        article=article,
        killed=new.killed,
        wounded=new.wounded,
        captured=new.captured,
        features=new.features,
        confidence=new.confidence,
        unresolved_places=new.unresolved_places,
    )


def _event_create(new: ExtractedEvent, *, article: Article) -> Event:
    event = Event.objects.create(
        event_type=new.event_type,
        sub_event_type=new.sub_event_type,
        date=new.date,
        date_precision=new.date_precision,
        location_id=new.location_id,
        geo_precision=new.geo_precision,
        latitude=new.latitude,
        longitude=new.longitude,
        crossing_id=new.crossing_id,
        killed=new.killed,
        wounded=new.wounded,
        captured=new.captured,
        killed_low=new.killed,
        killed_high=new.killed,
        confidence=new.confidence,
        summary=new.summary,
        source_count=1,
        unresolved_places=new.unresolved_places,
    )
    EventActor.objects.bulk_create(
        [EventActor(event=event, actor_id=actor_id, role=role) for actor_id, role in new.actors]
    )
    source = _source_create(event, new, article=article)
    _add_evidence(source, new.evidence)
    EventAuditEntry.objects.create(
        event=event, action=AuditAction.CREATED, article=article, changes={"source": new.snapshot()}
    )
    return event


def _event_attach(event: Event, new: ExtractedEvent, *, article: Article) -> Event:
    """Attach ``article`` to ``event`` (locked by ``_find_candidate``) as another source."""
    source = _source_create(event, new, article=article)
    _add_evidence(source, new.evidence)
    present = {participant.actor_id for participant in event.participants.all()}
    added = []
    for actor_id, role in new.actors:
        if actor_id not in present:
            added.append(EventActor(event=event, actor_id=actor_id, role=role))
            present.add(actor_id)
    if added:
        EventActor.objects.bulk_create(added)
    changes = _reconcile(event)
    if event.crossing_id is None and new.crossing_id is not None:
        changes["crossing_id"] = [None, new.crossing_id]
        event.crossing_id = new.crossing_id
    if new.confidence > event.confidence:
        changes["confidence"] = [event.confidence, new.confidence]
        event.confidence = new.confidence
    event.save()
    EventAuditEntry.objects.create(
        event=event,
        action=AuditAction.SOURCE_ATTACHED,
        article=article,
        reason=f"Automatic merge: article {article.pk} ({article.source}) reports the same event.",
        changes={"figures": changes, "source": new.snapshot(), "added_actor_ids": [a.actor_id for a in added]},
    )
    return event


def _source_snapshot(event: Event, article: Article) -> dict[str, Any] | None:
    entry = (
        EventAuditEntry.objects.filter(
            event=event, article=article, action__in=[AuditAction.CREATED, AuditAction.SOURCE_ATTACHED]
        )
        .order_by("-at", "-id")
        .first()
    )
    return entry.changes if entry is not None else None


def _drop_source(event: Event, source: EventSource, *, reason: str) -> None:
    """Remove one source from a pending multi-source event, with the actors it brought."""
    recorded = _source_snapshot(event, source.article) or {}
    added = recorded.get("added_actor_ids") or []
    if added:
        EventActor.objects.filter(event=event, actor_id__in=added).delete()
    source.delete()
    changes = _reconcile(event)
    event.save()
    EventAuditEntry.objects.create(
        event=event,
        action=AuditAction.SOURCE_DETACHED,
        article_id=source.article_id,
        reason=reason,
        changes={"figures": changes, "removed_actor_ids": added},
    )


def _release_previous(article: Article) -> list[tuple[Event, EventSource]]:
    """Undo what an earlier run of this article wrote; return the events that must be kept."""
    kept: list[tuple[Event, EventSource]] = []
    sources = list(
        EventSource.objects.filter(article=article)
        .select_related("event")
        .annotate(n_sources=Count("event__sources"))
        .order_by("event_id")
    )
    if not sources:
        return kept
    locked = {
        e.pk: e for e in Event.objects.select_for_update().filter(pk__in=[s.event_id for s in sources]).order_by("pk")
    }
    for source in sources:
        event = locked[source.event_id]
        source.article = article
        if event.review_status != ReviewStatus.PENDING:
            kept.append((event, source))
        elif source.n_sources <= 1:
            event.delete()
        else:
            _drop_source(event, source, reason=f"Article {article.pk} was reprocessed.")
    return kept


def _refresh_kept(kept: list[tuple[Event, EventSource]], new: ExtractedEvent) -> bool:
    """If ``new`` is a kept (editor-reviewed) event of this article, refresh its source row."""
    for event, source in kept:
        if (
            event.event_type == new.event_type
            and _dates_match(new.date, new.date_precision, event.date, event.date_precision)
            and (_places_match(new, event) or new.location_id == event.location_id)
        ):
            source.killed, source.wounded, source.captured = new.killed, new.wounded, new.captured
            source.features, source.confidence = new.features, new.confidence
            source.unresolved_places = new.unresolved_places
            fields = ["killed", "wounded", "captured", "features", "confidence", "unresolved_places"]
            source.save(update_fields=fields)
            source.evidence.all().delete()
            _add_evidence(source, new.evidence)
            changes = _reconcile(event)
            event.save()
            kept.remove((event, source))
            if changes:
                EventAuditEntry.objects.create(
                    event=event,
                    action=AuditAction.SOURCE_ATTACHED,
                    article=source.article,
                    reason="The source was reprocessed; its figures were refreshed.",
                    changes={"figures": changes, "source": new.snapshot(), "added_actor_ids": []},
                )
            return True
    return False


@transaction.atomic(savepoint=False)
def article_events_write(*, article: Article, result: output.ExtractionOutput) -> list[Event]:
    """Create or attach the typed events of ``result`` for ``article``, each source with the
    features the confidence model scored; record that model's version on the article."""
    events = list(result.events)
    if article.confidence_model != result.model_version:
        article.confidence_model = result.model_version
        Article.objects.filter(pk=article.pk).update(confidence_model=result.model_version)
    location_ids = {
        e.location.id for e in events if e.location and e.location.id is not None and e.location.latitude is None
    }
    locations = Location.objects.in_bulk(location_ids) if location_ids else {}
    extracted = [parse_extracted_event(e, text=article.text, locations=locations) for e in events]
    extracted = [e for e in extracted if e is not None]
    published = article.published_date
    for new in extracted:
        if new.date and published and new.date > published:
            # An event cannot happen after the report of it; the date was misread.
            new.date, new.date_precision = None, DatePrecision.UNKNOWN

    _lock_merge_windows(extracted)
    # Only an article that was written before (reprocessing) can have events to release.
    reprocessing = article.processed_at is not None
    touched = (
        set(EventSource.objects.filter(article=article).values_list("event_id", flat=True)) if reprocessing else set()
    )
    kept = _release_previous(article) if reprocessing else []
    written: list[Event] = []
    for new in extracted:
        if kept and _refresh_kept(kept, new):
            continue
        candidate = _find_candidate(new, article=article)
        if candidate is not None:
            written.append(_event_attach(candidate, new, article=article))
        else:
            written.append(_event_create(new, article=article))
    # The search column follows the evidence: of new events, events that gained this source, and
    # events that lost it or were kept on reprocessing (ids of deleted events update nothing).
    event_search_refresh(event_ids=touched | {e.pk for e in written} | {e.pk for e, _ in kept})
    unresolved_places_record(article=article, events=extracted)
    return written


@transaction.atomic
def event_source_detach(*, event: Event, article: Article, user) -> Event:
    """Undo an automatic merge: turn ``article``'s source of ``event`` back into its own event.

    The new event is rebuilt from the source's own reading (kept in the audit trail when it was
    attached), takes the source row and its evidence along, and starts pending. ``event`` loses
    the actors this source added and has its figures recomputed. Both events get an audit entry.
    """
    event = Event.objects.select_for_update().get(pk=event.pk)
    source = EventSource.objects.select_for_update().filter(event=event, article=article).first()
    if source is None:
        raise ApplicationError(f"Article {article.pk} is not a source of event {event.pk}.")
    if event.sources.count() < 2:
        raise ApplicationError("The only source of an event cannot be detached from it.")
    recorded = _source_snapshot(event, article) or {}
    if "source" in recorded:
        own = ExtractedEvent.from_snapshot(recorded["source"])
    else:
        own = ExtractedEvent.from_snapshot(
            {
                "event_type": event.event_type,
                "sub_event_type": event.sub_event_type,
                "date": event.date.isoformat() if event.date else None,
                "date_precision": event.date_precision,
                "location_id": event.location_id,
                "geo_precision": event.geo_precision,
                "latitude": event.latitude,
                "longitude": event.longitude,
                "crossing_id": event.crossing_id,
                "actors": list(event.participants.values_list("actor_id", "role")),
                "confidence": event.confidence,
                "summary": event.summary,
            }
        )
    own.killed, own.wounded, own.captured = source.killed, source.wounded, source.captured
    split = Event.objects.create(
        event_type=own.event_type,
        sub_event_type=own.sub_event_type,
        date=own.date,
        date_precision=own.date_precision,
        location_id=own.location_id,
        geo_precision=own.geo_precision,
        latitude=own.latitude,
        longitude=own.longitude,
        crossing_id=own.crossing_id,
        killed=own.killed,
        wounded=own.wounded,
        captured=own.captured,
        killed_low=own.killed,
        killed_high=own.killed,
        confidence=own.confidence,
        summary=own.summary,
        source_count=1,
        unresolved_places=source.unresolved_places,
    )
    EventActor.objects.bulk_create([EventActor(event=split, actor_id=a, role=r) for a, r in own.actors])
    source.event = split
    source.save(update_fields=["event"])

    added = recorded.get("added_actor_ids") or []
    if added:
        EventActor.objects.filter(event=event, actor_id__in=added).delete()
    changes = _reconcile(event)
    event.save()
    EventAuditEntry.objects.create(
        event=event,
        action=AuditAction.SOURCE_DETACHED,
        user=user,
        article=article,
        related_event=split,
        reason=f"Article {article.pk} split off into event {split.pk}.",
        changes={"figures": changes, "removed_actor_ids": added},
    )
    EventAuditEntry.objects.create(
        event=split,
        action=AuditAction.SPLIT,
        user=user,
        article=article,
        related_event=event,
        reason=f"Split off event {event.pk}: article {article.pk} reports a different event.",
        changes={"source": own.snapshot()},
    )
    event_search_refresh(event_ids=[event.pk, split.pk])
    return split
