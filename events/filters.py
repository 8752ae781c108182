"""FilterSets of the public API: events, places and crossings.

Every parameter is parsed and resolved in the filter form, so a malformed value or an unknown
slug is a 400 naming the parameter before any event is read. Reference look-ups (actors,
places) go to the small tables and become id lists; events are then filtered on indexed
columns (see ``events.selectors``). No regex lookups: names are matched on normalised forms.
"""

from __future__ import annotations

import copy
import re

from django import forms
from django.http import QueryDict
from django_filters import rest_framework as filters
from drf_spectacular.drainage import set_override

from actors.selectors import actor_descendant_ids, actor_ids_for_refs, actor_ids_matching_name, actors_backed_by
from conflict.api.params import INCOMPATIBLE, UNKNOWN, InstantFilter, safe_slugs, split_refs
from conflict.errors import ApplicationError
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
from events.extraction.normalize import normalize_name
from events.models import Crossing, Event, Location
from events.selectors import (
    ORDERINGS,
    ActorCondition,
    admin_areas,
    events_in_bbox,
    events_near,
    events_with_actors,
    location_ids_within,
    location_ids_within_paths,
    locations_matching_name,
    text_search_condition,
)

MAX_RADIUS_KM = 500.0


# --- form fields ------------------------------------------------------------------------------


class RefListField(forms.Field):
    """Repeatable ids or slugs (``?actor=a&actor=b`` or ``?actor=a,b``), resolved by
    ``resolver(values, param)`` into ids; an unknown one is a validation error."""

    widget = forms.MultipleHiddenInput

    def __init__(self, *, resolver, param: str, **kwargs) -> None:
        kwargs.pop("choices", None)
        super().__init__(**kwargs)
        self.resolver = resolver
        self.param = param

    def clean(self, value):
        values = [part.strip() for item in (value or []) for part in str(item).split(",") if part.strip()]
        if not values:
            return []
        try:
            return self.resolver(values, self.param)
        except ApplicationError as exc:
            problems = exc.fields.get(self.param) or [exc.message]
            code = UNKNOWN if exc.code == UNKNOWN else "invalid"
            raise forms.ValidationError([forms.ValidationError(p, code=code) for p in problems]) from None


class StrictBooleanField(forms.Field):
    """true/false, 1/0, yes/no; anything else is an error (not silently ignored)."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        lowered = str(value).strip().lower()
        if lowered in ("true", "1", "yes"):
            return True
        if lowered in ("false", "0", "no"):
            return False
        raise forms.ValidationError("Use true or false.")


# Decimal degrees within range, as regular expressions: the fields accept exactly what these
# match, and the OpenAPI schema states them as the parameters' patterns.
LATITUDE = r"-?(?:90(?:\.0+)?|[1-8]?\d(?:\.\d+)?)"
LONGITUDE = r"-?(?:180(?:\.0+)?|(?:1[0-7]\d|[1-9]?\d)(?:\.\d+)?)"
POINT_PATTERN = rf"^ *{LATITUDE} *, *{LONGITUDE} *$"
BBOX_PATTERN = rf"^ *{LONGITUDE} *, *{LATITUDE} *, *{LONGITUDE} *, *{LATITUDE} *$"


def _degrees(value: str, pattern: str, what: str) -> list[float]:
    if not re.fullmatch(pattern, value):
        raise forms.ValidationError(
            f"Expected {what}: decimal degrees, latitudes within [-90, 90] and longitudes within [-180, 180]."
        )
    return [float(part) for part in value.split(",")]


class BBoxField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        min_lon, min_lat, max_lon, max_lat = _degrees(value, BBOX_PATTERN, "min_lon,min_lat,max_lon,max_lat")
        if min_lon > max_lon or min_lat > max_lat:
            raise forms.ValidationError(
                "The minimum must not exceed the maximum (min_lon,min_lat,max_lon,max_lat).", code=INCOMPATIBLE
            )
        return (min_lon, min_lat, max_lon, max_lat)


class PointField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        lat, lon = _degrees(value, POINT_PATTERN, "lat,lon")
        return (lat, lon)


# --- filters ----------------------------------------------------------------------------------


class RefsFilter(filters.MultipleChoiceFilter):
    """A repeatable id-or-slug parameter (documented as an exploded array of strings)."""

    field_class = RefListField

    def __init__(self, *args, **kwargs) -> None:
        # Filters here use subqueries, never joins that could repeat a row: no DISTINCT, which
        # would also stop PostgreSQL from reading the newest events straight off an index.
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


class ChoicesField(forms.MultipleChoiceField):
    """Repeatable choices; empty values (``?kind=``, as HTML forms send) are left out."""

    def clean(self, value):
        return super().clean([item for item in value or [] if item != ""])


class ChoicesFilter(filters.MultipleChoiceFilter):
    """A repeatable choice parameter: any of the values matches. No DISTINCT (see RefsFilter)."""

    field_class = ChoicesField

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


class StrictBooleanFilter(filters.Filter):
    field_class = StrictBooleanField


def _document(filter_, schema: dict) -> None:
    """Give the OpenAPI generator the parameter's schema (and its help text, which a schema
    given this way must carry itself)."""
    set_override(filter_, "field", {**schema, "description": filter_.extra.get("help_text", "")})


class BBoxFilter(filters.Filter):
    field_class = BBoxField

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _document(self, {"type": "string", "pattern": BBOX_PATTERN})


class PointFilter(filters.Filter):
    field_class = PointField

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _document(self, {"type": "string", "pattern": POINT_PATTERN})


class BoundedNumberFilter(filters.NumberFilter):
    """A number within bounds: the form refuses a value outside them and the OpenAPI schema
    states them (``minimum``, ``maximum``, ``exclusiveMinimum``), both from these arguments."""

    def __init__(self, *args, minimum=None, maximum=None, exclusive_minimum=False, integer=False, **kwargs):
        self.field_class = forms.IntegerField if integer else forms.FloatField
        schema = {"type": "integer" if integer else "number"}
        if minimum is not None:
            schema["minimum"] = minimum
            if exclusive_minimum:
                schema["exclusiveMinimum"] = True
                kwargs["validators"] = [_greater_than(minimum)]
            else:
                kwargs["min_value"] = minimum
        if maximum is not None:
            schema["maximum"] = kwargs["max_value"] = maximum
        super().__init__(*args, **kwargs)
        _document(self, schema)


def _greater_than(floor):
    def check(value) -> None:
        if value is not None and not value > floor:
            raise forms.ValidationError(f"Must be greater than {floor:g}.")

    return check


def resolve_actor_refs(values: list[str], param: str) -> list[int]:
    return actor_ids_for_refs(values, param=param)


def _location_refs(values: list[str], param: str) -> list[int]:
    return _resolve_refs(Location, values, param, "place")


def _crossing_refs(values: list[str], param: str) -> list[int]:
    return _resolve_refs(Crossing, values, param, "crossing")


def _ids(values: list[str], param: str) -> list[int]:
    ids, bad = split_refs(values)
    if bad:
        # Digits that are no id (0, or beyond the id range) name no event: semantic, not malformed.
        code = UNKNOWN if all(b.isascii() and b.isdigit() for b in bad) else "invalid"
        raise ApplicationError(
            "Ids are positive integers.", fields={param: [f"{b!r} is not an id." for b in sorted(bad)]}, code=code
        )
    return sorted(ids)


def _resolve_refs(model, values: list[str], param: str, what: str) -> list[int]:
    ids, slugs = split_refs(values)
    found = list(model.objects.filter(pk__in=ids).values_list("pk", "slug")) + list(
        model.objects.filter(slug__in=safe_slugs(slugs)).values_list("pk", "slug")
    )
    unknown = sorted({str(i) for i in ids - {pk for pk, _ in found}} | (slugs - {slug for _, slug in found}))
    if unknown:
        raise ApplicationError(
            f"Unknown {what}.", fields={param: [f"No {what} has the id or slug {u!r}." for u in unknown]}, code=UNKNOWN
        )
    return sorted({pk for pk, _ in found})


# Parameters applied together in ``EventFilter.filter_queryset`` (they interact). The type
# hints tell the OpenAPI generator each parameter's type.
def _noop(queryset, name, value: str):
    return queryset


def _noop_bool(queryset, name, value: bool):
    return queryset


def _noop_float(queryset, name, value: float):
    return queryset


def _has_crossing(queryset, name, value: bool):
    if value is None:
        return queryset
    return queryset.filter(crossing__isnull=not value)


class _ShallowCopiedFields(dict):
    """Form fields that a form instance copies shallowly (see ``EventFilter.get_form_class``)."""

    def __deepcopy__(self, memo) -> dict:
        return {name: copy.copy(field) for name, field in self.items()}


class EventFilterForm(forms.Form):
    """Checks across parameters, and resolves names (actor_q, location_q, admin1-3) to ids."""

    def clean(self):
        data = super().clean()
        # Names resolved to ids, kept apart from cleaned_data (whose keys must be filter names).
        self.resolved: dict[str, list[int]] = {}
        if data.get("radius_km") is not None and not data.get("near"):
            self.add_error("radius_km", forms.ValidationError("radius_km needs near=lat,lon.", code=INCOMPATIBLE))
        if data.get("near") and data.get("radius_km") is None:
            self.add_error("near", forms.ValidationError("near needs radius_km (kilometres).", code=INCOMPATIBLE))
        after, before = data.get("date_after"), data.get("date_before")
        if after and before and after > before:
            self.add_error(
                "date_before", forms.ValidationError("date_before is earlier than date_after.", code=INCOMPATIBLE)
            )
        if data.get("role") and not (data.get("actor") or data.get("actor_q") or data.get("backed_by")):
            self.add_error(
                "role",
                forms.ValidationError(
                    "role applies to actor, actor_q or backed_by; give one of them.", code=INCOMPATIBLE
                ),
            )
        if data.get("actor_q"):
            ids = actor_ids_matching_name(data["actor_q"])
            if not ids:
                self.add_error(
                    "actor_q",
                    forms.ValidationError(f"No actor is known by the name {data['actor_q']!r}.", code=UNKNOWN),
                )
            self.resolved["actor_q"] = sorted(ids)
        if data.get("location_q"):
            places = locations_matching_name(data["location_q"])
            if not places:
                self.add_error(
                    "location_q",
                    forms.ValidationError(f"No place is known by the name {data['location_q']!r}.", code=UNKNOWN),
                )
            self.resolved["location_q"] = location_ids_within(places)
        for level in (1, 2, 3):
            name = f"admin{level}"
            if data.get(name):
                areas = admin_areas(level=level, value=data[name])
                if not areas:
                    problem = f"No admin{level} area has the name or P-code {data[name]!r}."
                    self.add_error(name, forms.ValidationError(problem, code=UNKNOWN))
                self.resolved[name] = location_ids_within(areas)
        return data


class EventFilter(filters.FilterSet):
    """Filters of ``/events/``, ``/stats/events/`` and the per-actor/place/crossing event lists.

    Repeatable parameters (``actor``, ``crossing``, ``event_type``...) match any of their
    values; different parameters must all match.
    """

    id = RefsFilter(method=_noop, resolver=_ids, param="id", help_text="Event ids (repeatable).")
    # Actors.
    actor = RefsFilter(
        method=_noop,
        resolver=resolve_actor_refs,
        param="actor",
        help_text="Actor id or slug, repeatable (any of them), e.g. `actor=national-defence-forces`.",
    )
    actor_q = filters.CharFilter(
        method=_noop,
        help_text="An actor's name in Arabic or English, matched on normalised aliases (`NDF`, `الدفاع الوطني`).",
    )
    include_subgroups = StrictBooleanFilter(
        method=_noop_bool,
        help_text="With actor/actor_q: also the events of the actors' subgroups at any depth "
        "(e.g. `syrian-government-forces` includes `4th-division`). Default false.",
    )
    backed_by = RefsFilter(
        method=_noop,
        resolver=resolve_actor_refs,
        param="backed_by",
        help_text="Events of actors backed by this actor (id or slug, repeatable), e.g. `iran`: "
        "the backer itself, its own forces (its subgroups, e.g. the IRGC), every actor it backs "
        "(within the backing's dates) and their subgroups.",
    )
    role = filters.ChoiceFilter(
        method=_noop,
        choices=ActorRole.choices,
        help_text="The role the actor (from actor, actor_q or backed_by) had in the event.",
    )
    # Places.
    location = RefsFilter(
        method=_noop,
        resolver=_location_refs,
        param="location",
        help_text="Place id or slug (repeatable), including every place below it: a governorate "
        "returns its towns' events.",
    )
    location_q = filters.CharFilter(
        method=_noop,
        help_text="A place name in Arabic or English on normalised aliases (`Abu Kamal`, `البوكمال`), "
        "with the places below it.",
    )
    admin1 = filters.CharFilter(method=_noop, help_text="Governorate by name, slug or P-code (e.g. `SY09`).")
    admin2 = filters.CharFilter(method=_noop, help_text="District by name, slug or P-code.")
    admin3 = filters.CharFilter(method=_noop, help_text="Sub-district by name, slug or P-code.")
    bbox = BBoxFilter(method=_noop, help_text="`min_lon,min_lat,max_lon,max_lat` (WGS84 degrees).")
    near = PointFilter(method=_noop, help_text="`lat,lon`; needs radius_km.")
    radius_km = BoundedNumberFilter(
        method=_noop_float,
        minimum=0,
        exclusive_minimum=True,
        maximum=MAX_RADIUS_KM,
        help_text="Radius around near, in km (0 < r ≤ 500).",
    )
    geo_precision = ChoicesFilter(choices=GeoPrecision.choices, help_text="Repeatable.")
    # Time.
    date_after = filters.DateFilter(field_name="date", lookup_expr="gte", help_text="Events on or after (YYYY-MM-DD).")
    date_before = filters.DateFilter(
        field_name="date", lookup_expr="lte", help_text="Events on or before (YYYY-MM-DD)."
    )
    updated_since = InstantFilter(
        field_name="updated_at",
        lookup_expr="gte",
        help_text="Events created or changed at or after this ISO 8601 time (incremental sync; "
        "pair with /events/deleted/).",
    )
    date_precision = ChoicesFilter(choices=DatePrecision.choices, help_text="Repeatable.")
    # Kind and figures.
    event_type = ChoicesFilter(choices=EventType.choices, help_text="ACLED event type, repeatable.")
    sub_event_type = ChoicesFilter(choices=SubEventType.choices, help_text="ACLED sub-event type, repeatable.")
    min_killed = BoundedNumberFilter(
        field_name="killed", lookup_expr="gte", integer=True, minimum=0, help_text="At least this many killed."
    )
    min_sources = BoundedNumberFilter(
        field_name="source_count",
        lookup_expr="gte",
        integer=True,
        minimum=0,
        help_text="Reported by at least this many sources.",
    )
    crossing = RefsFilter(
        method=_noop, resolver=_crossing_refs, param="crossing", help_text="Crossing id or slug (repeatable)."
    )
    has_crossing = StrictBooleanFilter(
        method=_has_crossing,
        help_text="true: only events at or about a crossing; false: only the others.",
    )
    min_confidence = BoundedNumberFilter(
        field_name="confidence",
        lookup_expr="gte",
        minimum=0,
        maximum=1,
        help_text="Extraction confidence at least (0 to 1).",
    )
    review_status = ChoicesFilter(
        method=_noop,
        choices=ReviewStatus.choices,
        help_text="Editors only (400 for others): events in these review states. Consumers always see approved events.",
    )
    q = filters.CharFilter(
        method=_noop,
        help_text="Full-text search in summaries and evidence (PostgreSQL `simple` configuration "
        "over Arabic-folded text: hamza, alef maqsura, teh marbuta and diacritics do not matter; "
        'words are ANDed, "quoted phrases" and `or` work; no stemming).',
    )
    ordering = filters.ChoiceFilter(
        method=_noop,
        choices=[(key, key) for key in ORDERINGS],
        help_text="date, killed or updated; `-` for descending. Default `-date`.",
    )

    class Meta:
        model = Event
        fields: list[str] = []
        form = EventFilterForm

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None) -> None:
        # django-filter deep-copies all ~30 filters for every request (~1.5 ms). Ours keep no
        # per-request state (their methods are plain functions, not names looked up on the
        # FilterSet), so a shallow copy of each is enough.
        if queryset is None:
            queryset = Event.objects.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: copy.copy(filter_) for name, filter_ in self.base_filters.items()}
        for filter_ in self.filters.values():
            filter_.model = queryset.model
            filter_.parent = self

    def get_form_class(self):
        # django-filter builds a new form class per request; the fields never depend on the
        # request, so build it once per FilterSet class (a few ms per request). Django forms
        # also deep-copy their fields per instance; cleaning ours changes no field, so each
        # form gets shallow copies (another ~1 ms per request).
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            form_class = super().get_form_class()
            form_class.base_fields = _ShallowCopiedFields(form_class.base_fields)
            cls._form_class = form_class
        return cls._form_class

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        role = data.get("role") or None
        subgroups = bool(data.get("include_subgroups"))
        if data.get("id"):
            queryset = queryset.filter(pk__in=data["id"])
        resolved = self.form.resolved
        for ids in (data.get("actor"), resolved.get("actor_q")):
            if ids:
                ids = actor_descendant_ids(ids) if subgroups else set(ids)
                queryset = events_with_actors(queryset, ActorCondition(ids=frozenset(ids), role=role))
        if data.get("backed_by"):
            backed = actors_backed_by(data["backed_by"])
            queryset = events_with_actors(
                queryset, ActorCondition(ids=frozenset(backed.always), role=role, dated=tuple(backed.dated))
            )
        if data.get("location"):
            paths = Location.objects.filter(pk__in=data["location"]).order_by().values_list("path", flat=True)
            queryset = queryset.filter(location_id__in=location_ids_within_paths(paths))
        for key in ("location_q", "admin1", "admin2", "admin3"):
            if resolved.get(key) is not None:
                queryset = queryset.filter(location_id__in=resolved[key])
        if data.get("crossing"):
            queryset = queryset.filter(crossing_id__in=data["crossing"])
        if data.get("bbox"):
            min_lon, min_lat, max_lon, max_lat = data["bbox"]
            queryset = events_in_bbox(queryset, min_lon=min_lon, min_lat=min_lat, max_lon=max_lon, max_lat=max_lat)
        if data.get("near"):
            lat, lon = data["near"]
            queryset = events_near(queryset, lat=lat, lon=lon, radius_km=data["radius_km"])
        if data.get("q") and data["q"].strip():
            queryset = queryset.filter(text_search_condition(data["q"]))
        return queryset


class LocationFilter(filters.FilterSet):
    """Filters of ``/locations/``."""

    q = filters.CharFilter(method="filter_q", help_text="A name or alias in Arabic or English (normalised match).")
    kind = ChoicesFilter(choices=LocationKind.choices, help_text="Repeatable.")
    parent = RefsFilter(
        method="filter_parent",
        resolver=_location_refs,
        param="parent",
        help_text="Direct children of this place (id or slug).",
    )
    within = RefsFilter(
        method="filter_within",
        resolver=_location_refs,
        param="within",
        help_text="Every place below this one (id or slug), at any depth.",
    )
    pcode = filters.CharFilter(field_name="pcode", lookup_expr="iexact", help_text="OCHA P-code, e.g. `SY0901`.")

    class Meta:
        model = Location
        fields: list[str] = []

    def filter_q(self, queryset, name, value: str):
        normal = normalize_name(value)
        if not normal:
            return queryset
        ids = {loc.pk for loc in locations_matching_name(value)}
        from events.models import LocationAlias

        if len(normal) >= 3:
            ids |= set(LocationAlias.objects.filter(normalized__contains=normal).values_list("location_id", flat=True))
        return queryset.filter(pk__in=ids)

    def filter_parent(self, queryset, name, value: str):
        return queryset.filter(parent_id__in=value) if value else queryset

    def filter_within(self, queryset, name, value: str):
        if not value:
            return queryset
        return queryset.filter(pk__in=location_ids_within(Location.objects.filter(pk__in=value)))


class CrossingFilter(filters.FilterSet):
    """Filters of ``/crossings/``."""

    q = filters.CharFilter(method="filter_q", help_text="A name or alias in Arabic or English (normalised match).")
    kind = ChoicesFilter(choices=CrossingKind.choices, help_text="Repeatable.")
    crosses = filters.CharFilter(field_name="crosses", lookup_expr="iexact", help_text="e.g. `Euphrates`.")
    location = RefsFilter(
        method="filter_location",
        resolver=_location_refs,
        param="location",
        help_text="Crossings of this place or of any place below it (id or slug).",
    )
    active = StrictBooleanFilter(field_name="active", help_text="Only crossings in use (or out of use).")

    class Meta:
        model = Crossing
        fields: list[str] = []

    def filter_q(self, queryset, name, value: str):
        from django.db.models import Q

        normal = normalize_name(value)
        if not normal:
            return queryset
        return queryset.filter(
            Q(aliases__normalized__contains=normal) | Q(name_en__icontains=value.strip()) | Q(name_ar=value.strip())
        ).distinct()

    def filter_location(self, queryset, name, value: str):
        if not value:
            return queryset
        return queryset.filter(location_id__in=location_ids_within(Location.objects.filter(pk__in=value)))
