"""The public event JSON: one shape for the list, the detail, the extractor's output and exports.

The serializers declare every field (so the OpenAPI schema documents the exact shape) but build
the representation with plain functions: a page of 50 events with nested actors, places and
sources is serialized several times faster than through nested DRF fields, and the output is
the same dict either way (a test compares the declared fields with the produced keys).

They read only what ``events.selectors.with_event_relations`` prefetches, so serializing a
page costs a fixed number of queries whatever its size.
"""

from __future__ import annotations

import datetime
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from actors.choices import ACLED_INTER_CODE, ActorKind
from conflict.api.permissions import is_editor
from events.choices import (
    ActorRole,
    CrossingKind,
    DatePrecision,
    EventType,
    GeoPrecision,
    LocationKind,
    ReviewStatus,
    SubEventType,
)
from events.models import AuditAction, Event
from events.selectors import admin_short_name


def iso_datetime(value: datetime.datetime | None) -> str | None:
    """ISO 8601 in UTC with a ``Z``, as DRF renders datetimes."""
    if value is None:
        return None
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def iso_date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _related(instance: Any, name: str) -> list:
    """A to-many relation as a list: straight from the prefetch cache when it was prefetched
    (``.all()`` would build a queryset per call: measurable on a page of 50), else a query."""
    cache = getattr(instance, "_prefetched_objects_cache", None)
    if cache is not None and name in cache:
        return list(cache[name])
    return list(getattr(instance, name).all())


# --- plain builders ------------------------------------------------------------------------


def admin_fields(location) -> dict:
    """A place's governorate, district and sub-district: the short name and the P-code of each."""
    data = {}
    for level in ("admin1", "admin2", "admin3"):
        area = getattr(location, level) if getattr(location, f"{level}_id") else None
        data[level] = admin_short_name(area.name_en) if area else None
        data[f"{level}_pcode"] = area.pcode if area else None
    return data


def location_data(event: Event, *, detail: bool = False) -> dict | None:
    location = event.location
    if location is None:
        return None
    data = {
        "id": location.pk,
        "slug": location.slug,
        "name": location.name_en,
        "name_ar": location.name_ar,
        # The event's own coordinates win: an editor may have placed it more precisely.
        "latitude": event.latitude if event.latitude is not None else location.latitude,
        "longitude": event.longitude if event.longitude is not None else location.longitude,
        **admin_fields(location),
        "country_code": location.country_code,
        "geo_precision": event.geo_precision,
    }
    if detail:
        data["kind"] = location.kind
        data["pcode"] = location.pcode
        data["admin_chain"] = [
            {
                "id": place.pk,
                "slug": place.slug,
                "name": place.name_en,
                "name_ar": place.name_ar,
                "kind": place.kind,
                "pcode": place.pcode,
            }
            for place in location.ancestors()
        ]
    return data


def _backing_valid(backing, day: datetime.date | None) -> bool:
    if day is None:
        return True
    return (backing.start is None or backing.start <= day) and (backing.end is None or backing.end >= day)


def actor_data(participant, *, event_date: datetime.date | None, detail: bool = False) -> dict:
    actor = participant.actor
    data = {
        "id": actor.pk,
        "slug": actor.slug,
        "name": actor.name_en,
        "name_ar": actor.name_ar,
        "role": participant.role,
        "kind": actor.kind,
        "inter": ACLED_INTER_CODE.get(actor.kind, 8),
    }
    if detail:
        # Backers as they stood on the event's date (all of them when the date is unknown).
        data["backers"] = [
            {
                "id": backing.backer.pk,
                "slug": backing.backer.slug,
                "name": backing.backer.name_en,
                "name_ar": backing.backer.name_ar,
                "start": iso_date(backing.start),
                "end": iso_date(backing.end),
            }
            for backing in _related(actor, "backings")
            if _backing_valid(backing, event_date)
        ]
    return data


def crossing_data(event: Event, *, detail: bool = False) -> dict | None:
    crossing = event.crossing
    if crossing is None:
        return None
    data = {
        "id": crossing.pk,
        "slug": crossing.slug,
        "name": crossing.name_en,
        "name_ar": crossing.name_ar,
        "kind": crossing.kind,
    }
    if detail:
        controller = None
        if event.date is not None:
            periods = [
                period
                for period in _related(crossing, "control_periods")
                if (period.start is None or period.start <= event.date)
                and (period.end is None or period.end >= event.date)
            ]
            if periods:
                period = max(periods, key=lambda p: p.start or datetime.date.min)
                controller = {"id": period.actor.pk, "slug": period.actor.slug, "name": period.actor.name_en}
        data["controlled_by"] = controller
    return data


def source_data(source) -> dict:
    article = source.article
    return {
        "article": article.pk,
        "source": article.source,
        "url": article.url,
        "title": article.title,
        "published": iso_datetime(article.published),
        "evidence": [{"start": ev.start, "end": ev.end, "text": ev.text} for ev in _related(source, "evidence")],
    }


def review_history_data(event: Event, *, show_users: bool) -> list[dict]:
    entries = []
    for entry in _related(event, "audit_entries"):
        item = {
            "action": entry.action,
            "label": AuditAction(entry.action).label if entry.action in AuditAction.values else entry.action,
            "at": iso_datetime(entry.at),
            "reason": entry.reason,
            "related_event": entry.related_event_id,
        }
        if show_users:
            item["by"] = entry.user.username if entry.user_id else None
        entries.append(item)
    return entries


_ROLE_ORDER = {ActorRole.SIDE_A: 0, ActorRole.SIDE_B: 1, ActorRole.ASSOCIATED: 2}


def event_data(event: Event, *, detail: bool = False, show_users: bool = False) -> dict:
    participants = sorted(_related(event, "participants"), key=lambda p: (_ROLE_ORDER.get(p.role, 3), p.pk))
    data = {
        "id": event.pk,
        "event_id_cnty": event.event_id_cnty,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "date": iso_date(event.date),
        "date_precision": event.date_precision,
        "location": location_data(event, detail=detail),
        "actors": [actor_data(p, event_date=event.date, detail=detail) for p in participants],
        "fatalities": {
            "killed": event.killed,
            "wounded": event.wounded,
            "captured": event.captured,
            "killed_low": event.killed_low,
            "killed_high": event.killed_high,
        },
        "crossing": crossing_data(event, detail=detail),
        "confidence": event.confidence,
        "summary": event.summary,
        "review_status": event.review_status,
        "source_count": event.source_count,
        "unresolved_places": list(event.unresolved_places or ()),
        "sources": [source_data(s) for s in _related(event, "sources")],
        "created_at": iso_datetime(event.created_at),
        "updated_at": iso_datetime(event.updated_at),
    }
    if detail:
        data["merged_into"] = event.merged_into_id
        data["review_history"] = review_history_data(event, show_users=show_users)
    return data


def event_data_from_row(row: dict, relations) -> dict:
    """The list shape of ``event_data`` from a flat row (``events.selectors.EVENT_ROW_COLUMNS``)
    and the ``events.selectors.EventRelations`` of its page: the fast path of lists and exports."""
    pk = row["pk"]
    location = None
    place = relations.locations.get(row["location_id"]) if row["location_id"] is not None else None
    if place is not None:
        location_id, slug, name_en, name_ar, latitude, longitude, admin1, admin2, admin3, country_code, *pcodes = place
        location = {
            "id": location_id,
            "slug": slug,
            "name": name_en,
            "name_ar": name_ar,
            "latitude": row["latitude"] if row["latitude"] is not None else latitude,
            "longitude": row["longitude"] if row["longitude"] is not None else longitude,
            "admin1": admin_short_name(admin1),
            "admin1_pcode": pcodes[0],
            "admin2": admin_short_name(admin2),
            "admin2_pcode": pcodes[1],
            "admin3": admin_short_name(admin3),
            "admin3_pcode": pcodes[2],
            "country_code": country_code,
            "geo_precision": row["geo_precision"],
        }
    crossing = None
    found = relations.crossings.get(row["crossing_id"]) if row["crossing_id"] is not None else None
    if found is not None:
        crossing_id, slug, name_en, name_ar, kind = found
        crossing = {"id": crossing_id, "slug": slug, "name": name_en, "name_ar": name_ar, "kind": kind}
    participants = sorted(relations.participants.get(pk, ()), key=lambda p: (_ROLE_ORDER.get(p[2], 3), p[1]))
    return {
        "id": pk,
        "event_id_cnty": f"SYR{pk}",
        "event_type": row["event_type"],
        "sub_event_type": row["sub_event_type"],
        "date": iso_date(row["date"]),
        "date_precision": row["date_precision"],
        "location": location,
        "actors": [
            {
                "id": actor_id,
                "slug": slug,
                "name": name_en,
                "name_ar": name_ar,
                "role": role,
                "kind": kind,
                "inter": ACLED_INTER_CODE.get(kind, 8),
            }
            for _, _, role, actor_id, slug, name_en, name_ar, kind in participants
        ],
        "fatalities": {
            "killed": row["killed"],
            "wounded": row["wounded"],
            "captured": row["captured"],
            "killed_low": row["killed_low"],
            "killed_high": row["killed_high"],
        },
        "crossing": crossing,
        "confidence": row["confidence"],
        "summary": row["summary"],
        "review_status": row["review_status"],
        "source_count": row["source_count"],
        "unresolved_places": list(row["unresolved_places"] or ()),
        "sources": [
            {
                "article": article_id,
                "source": outlet,
                "url": url,
                "title": title,
                "published": iso_datetime(published),
                "evidence": [{"start": start, "end": end, "text": text} for start, end, text in evidence],
            }
            for _, article_id, outlet, url, title, published, evidence in relations.sources.get(pk, ())
        ],
        "created_at": iso_datetime(row["created_at"]),
        "updated_at": iso_datetime(row["updated_at"]),
    }


# --- declared shapes (for the OpenAPI schema and for validation of the shape in tests) ------


class EventLocationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    name = serializers.CharField()
    name_ar = serializers.CharField()
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    admin1 = serializers.CharField(allow_null=True, help_text="Governorate name, without the word: `Deir ez-Zor`.")
    admin1_pcode = serializers.CharField(allow_null=True, help_text="Its OCHA P-code: `SY09`.")
    admin2 = serializers.CharField(allow_null=True, help_text="District name, without the word: `Al-Mayadin`.")
    admin2_pcode = serializers.CharField(allow_null=True, help_text="Its OCHA P-code: `SY0903`.")
    admin3 = serializers.CharField(allow_null=True, help_text="Sub-district name: `Al-Asharah`.")
    admin3_pcode = serializers.CharField(allow_null=True, help_text="Its OCHA P-code: `SY090302`.")
    country_code = serializers.CharField(help_text="ISO 3166-1 alpha-2 code of the place's country (SY, IQ, ...).")
    geo_precision = serializers.ChoiceField(choices=GeoPrecision.choices)


class AdminChainItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    name = serializers.CharField()
    name_ar = serializers.CharField()
    kind = serializers.ChoiceField(choices=LocationKind.choices)
    pcode = serializers.CharField(allow_null=True)


class EventLocationDetailSerializer(EventLocationSerializer):
    kind = serializers.ChoiceField(choices=LocationKind.choices)
    pcode = serializers.CharField(allow_null=True)
    admin_chain = AdminChainItemSerializer(many=True, help_text="From the country down to the parent place.")


class EventActorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    name = serializers.CharField()
    name_ar = serializers.CharField()
    role = serializers.ChoiceField(choices=ActorRole.choices)
    kind = serializers.ChoiceField(choices=ActorKind.choices)
    inter = serializers.IntegerField(help_text="ACLED inter code of the actor's kind.")


class BackerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    name = serializers.CharField()
    name_ar = serializers.CharField()
    start = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True)


class EventActorDetailSerializer(EventActorSerializer):
    backers = BackerSerializer(many=True, help_text="Backers of the actor on the event's date.")


class FatalitiesSerializer(serializers.Serializer):
    killed = serializers.IntegerField(allow_null=True, help_text="Null: not reported; 0: reported as none.")
    wounded = serializers.IntegerField(allow_null=True)
    captured = serializers.IntegerField(allow_null=True)
    killed_low = serializers.IntegerField(allow_null=True, help_text="Lowest killed figure among the sources.")
    killed_high = serializers.IntegerField(allow_null=True, help_text="Highest killed figure among the sources.")


class EventCrossingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    name = serializers.CharField()
    name_ar = serializers.CharField()
    kind = serializers.ChoiceField(choices=CrossingKind.choices)


class ControllerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    name = serializers.CharField()


class EventCrossingDetailSerializer(EventCrossingSerializer):
    controlled_by = ControllerSerializer(allow_null=True, help_text="Who held the crossing on the event's date.")


class EvidenceSerializer(serializers.Serializer):
    start = serializers.IntegerField(help_text="Character offset into the article's text.")
    end = serializers.IntegerField()
    text = serializers.CharField()


class EventSourceSerializer(serializers.Serializer):
    article = serializers.IntegerField(help_text="Article id.")
    source = serializers.CharField(help_text="The outlet.")
    url = serializers.URLField(allow_null=True)
    title = serializers.CharField()
    published = serializers.DateTimeField(allow_null=True)
    evidence = EvidenceSerializer(many=True)


class ReviewHistoryItemSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=AuditAction.choices)
    label = serializers.CharField()
    at = serializers.DateTimeField()
    reason = serializers.CharField()
    related_event = serializers.IntegerField(allow_null=True)
    by = serializers.CharField(
        allow_null=True, required=False, help_text="The editor's user name (shown to editors only)."
    )


class EventSerializer(serializers.Serializer):
    """An event as consumers read it (list item). Read-only."""

    id = serializers.IntegerField()
    event_id_cnty = serializers.CharField(help_text="ACLED-style id: SYR followed by the event id.")
    event_type = serializers.ChoiceField(choices=EventType.choices)
    sub_event_type = serializers.ChoiceField(choices=SubEventType.choices)
    date = serializers.DateField(allow_null=True)
    date_precision = serializers.ChoiceField(choices=DatePrecision.choices)
    location = EventLocationSerializer(allow_null=True)
    actors = EventActorSerializer(many=True)
    fatalities = FatalitiesSerializer()
    crossing = EventCrossingSerializer(allow_null=True)
    confidence = serializers.FloatField()
    summary = serializers.CharField()
    review_status = serializers.ChoiceField(choices=ReviewStatus.choices)
    source_count = serializers.IntegerField()
    unresolved_places = serializers.ListField(
        child=serializers.CharField(),
        help_text='Place names read after a place cue ("the village of X", "قرية X") that match no known '
        "place, as written in the sources; editors resolve them in the admin.",
    )
    sources = EventSourceSerializer(many=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()

    detail = False

    def to_representation(self, instance: Event) -> dict:
        request = self.context.get("request")
        show_users = bool(request is not None and is_editor(request.user))
        return event_data(instance, detail=self.detail, show_users=show_users)


class EventDetailSerializer(EventSerializer):
    """An event with its admin chain, the actors' backers, the crossing's controller and the
    review history."""

    location = EventLocationDetailSerializer(allow_null=True)
    actors = EventActorDetailSerializer(many=True)
    crossing = EventCrossingDetailSerializer(allow_null=True)
    merged_into = serializers.IntegerField(allow_null=True, help_text="Set when the event was merged into another.")
    review_history = ReviewHistoryItemSerializer(many=True)

    detail = True


class EventTombstoneSerializer(serializers.Serializer):
    """An event consumers must drop: rejected, merged into another, or returned to review."""

    id = serializers.IntegerField(source="pk")
    event_id_cnty = serializers.CharField()
    review_status = serializers.ChoiceField(choices=ReviewStatus.choices)
    merged_into = serializers.IntegerField(source="merged_into_id", allow_null=True)
    updated_at = serializers.DateTimeField()


class StatsRowSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="The group: a date (start of week/month), a slug, a name or a type.")
    label = serializers.CharField()
    events = serializers.IntegerField()
    killed = serializers.IntegerField(help_text="Sum of the killed figures (unreported counts as 0).")


# --- places and crossings ---------------------------------------------------------------------


class PlaceRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    slug = serializers.SlugField()
    name = serializers.CharField(source="name_en")
    name_ar = serializers.CharField()
    kind = serializers.CharField()


class LocationSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    slug = serializers.SlugField()
    name = serializers.CharField(source="name_en")
    name_ar = serializers.CharField()
    kind = serializers.ChoiceField(choices=LocationKind.choices)
    parent = PlaceRefSerializer(allow_null=True)
    admin1 = serializers.SerializerMethodField(help_text="Governorate name, without the word.")
    admin1_pcode = serializers.CharField(source="admin1.pcode", allow_null=True, default=None)
    admin2 = serializers.SerializerMethodField(help_text="District name, without the word.")
    admin2_pcode = serializers.CharField(source="admin2.pcode", allow_null=True, default=None)
    admin3 = serializers.SerializerMethodField(help_text="Sub-district name.")
    admin3_pcode = serializers.CharField(source="admin3.pcode", allow_null=True, default=None)
    pcode = serializers.CharField(allow_null=True)
    country_code = serializers.CharField()
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    population = serializers.IntegerField(allow_null=True)
    bank = serializers.CharField(help_text="north/south bank of the Euphrates, or empty.")

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_admin1(self, location) -> str | None:
        return admin_short_name(location.admin1.name_en) if location.admin1_id else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_admin2(self, location) -> str | None:
        return admin_short_name(location.admin2.name_en) if location.admin2_id else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_admin3(self, location) -> str | None:
        return admin_short_name(location.admin3.name_en) if location.admin3_id else None


class AliasSerializer(serializers.Serializer):
    name = serializers.CharField()
    language = serializers.CharField()


class LocationDetailSerializer(LocationSerializer):
    aliases = AliasSerializer(many=True, source="aliases.all")
    children = PlaceRefSerializer(many=True, source="children.all")
    admin_chain = PlaceRefSerializer(many=True, source="ancestors", help_text="From the root down to the parent.")


class ActorRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    slug = serializers.SlugField()
    name = serializers.CharField(source="name_en")
    name_ar = serializers.CharField()


class ControlPeriodSerializer(serializers.Serializer):
    actor = ActorRefSerializer()
    start = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True)
    note = serializers.CharField()


class CrossingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    slug = serializers.SlugField()
    name = serializers.CharField(source="name_en")
    name_ar = serializers.CharField()
    kind = serializers.ChoiceField(choices=CrossingKind.choices)
    crosses = serializers.CharField()
    side_a = serializers.CharField()
    side_b = serializers.CharField()
    location = PlaceRefSerializer(allow_null=True)
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    active = serializers.BooleanField()
    control_history = ControlPeriodSerializer(many=True, source="control_periods.all", help_text="Oldest first.")
    controlled_by = serializers.SerializerMethodField(help_text="The controller today (an open period), or null.")

    @extend_schema_field(ActorRefSerializer(allow_null=True))
    def get_controlled_by(self, crossing):
        today = datetime.date.today()
        current = [
            p
            for p in crossing.control_periods.all()
            if (p.start is None or p.start <= today) and (p.end is None or p.end >= today)
        ]
        if not current:
            return None
        period = max(current, key=lambda p: p.start or datetime.date.min)
        return ActorRefSerializer(period.actor).data


class CrossingDetailSerializer(CrossingSerializer):
    description = serializers.CharField()
    aliases = AliasSerializer(many=True, source="aliases.all")
