"""Consumers' event endpoints: the filtered list (JSON, CSV, GeoJSON), one event, tombstones.

Views are thin: they check the query parameters, call a selector, and render. The event list
paginates with a keyset cursor over the requested ordering; CSV and GeoJSON exports stream the
whole filtered set in chunks instead, so a million-row export never sits in memory.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import json
from collections.abc import Iterator

from django.http import StreamingHttpResponse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import renderers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from conflict.api.pagination import requested_page_size
from conflict.api.params import INCOMPATIBLE, UNKNOWN, parse_id, parse_instant
from events.api.cache import page_cached
from events.api.renderers import CSVRenderer, GeoJSONRenderer, ORJSONRenderer, stream_csv, stream_geojson
from events.api.serializers import (
    EventDetailSerializer,
    EventSerializer,
    EventTombstoneSerializer,
    event_data_from_row,
)
from events.filters import EventFilter
from events.models import Event
from events.selectors import (
    DEFAULT_ORDERING,
    EVENT_ROW_COLUMNS,
    ORDERINGS,
    event_get,
    event_list,
    event_merged_into,
    event_order,
    event_relations,
    event_tombstones,
)

EXPORT_CHUNK = 2000
# Query parameters that are not filters.
CONTROL_PARAMS = {"cursor", "page_size", "format"}
ERROR_RESPONSES = {
    400: OpenApiResponse(description="Malformed or unknown parameter (the one error shape)."),
    401: OpenApiResponse(description="Authentication required (anonymous read disabled)."),
    429: OpenApiResponse(description="Throttled."),
}


class JSONFirstErrorsMixin:
    """Errors are JSON in the one error shape whatever format was asked for."""

    def finalize_response(self, request, response, *args, **kwargs):
        if getattr(response, "status_code", 200) >= 400 and isinstance(response, Response):
            request.accepted_renderer = renderers.JSONRenderer()
            request.accepted_media_type = "application/json"
        return super().finalize_response(request, response, *args, **kwargs)


def check_params(request, allowed: set[str]) -> None:
    """A misspelt parameter would silently return everything: refuse it instead."""
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        raise ValidationError({name: [f"Unknown parameter. Known: {', '.join(sorted(allowed))}."] for name in unknown})


EVENT_PARAMS = set(EventFilter.base_filters) | CONTROL_PARAMS


def iter_event_dicts(rows) -> Iterator[dict]:
    """Event dicts of a (large) flat-row queryset, fetching relations a chunk at a time."""
    chunk: list[dict] = []
    for row in rows.iterator(chunk_size=EXPORT_CHUNK):
        chunk.append(row)
        if len(chunk) == EXPORT_CHUNK:
            relations = event_relations(chunk)
            yield from (event_data_from_row(r, relations) for r in chunk)
            chunk = []
    if chunk:
        relations = event_relations(chunk)
        yield from (event_data_from_row(r, relations) for r in chunk)


class KeysetCursorPagination(BasePagination):
    """A cursor over (ordering field, id): stable while events are added, no COUNT(*), and each
    page is an index range scan, however deep. NULLs sort as the lowest value, so the list is
    split into a non-null and a null segment and each segment keeps its index order."""

    page_size = 50
    max_page_size = 500
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"

    def get_page_size(self, request) -> int:
        return requested_page_size(request, self)

    def _decode(self, request, ordering: str):
        raw = request.query_params.get(self.cursor_query_param)
        if not raw:
            return None
        try:
            payload = json.loads(base64.urlsafe_b64decode(raw.encode() + b"=" * (-len(raw) % 4)))
            key, value, pk = payload["o"], payload["v"], int(payload["i"])
        except (ValueError, KeyError, TypeError, binascii.Error):
            raise ValidationError({"cursor": ["Invalid cursor; use the `next` link as given."]}, code=UNKNOWN) from None
        if key != ordering:
            raise ValidationError({"cursor": ["This cursor belongs to another ordering."]}, code=INCOMPATIBLE)
        field = ORDERINGS[ordering][0] if ordering in ORDERINGS else "updated_at"
        try:
            if value is not None and field == "date":
                value = datetime.date.fromisoformat(value)
            elif value is not None and field == "updated_at":
                value = parse_instant(value)
            elif value is not None:
                value = int(value)
        except (TypeError, ValueError):
            raise ValidationError({"cursor": ["Invalid cursor; use the `next` link as given."]}, code=UNKNOWN) from None
        return value, pk

    @staticmethod
    def _encode(ordering: str, value, pk: int) -> str:
        if isinstance(value, (datetime.date, datetime.datetime)):
            value = value.isoformat()
        raw = json.dumps({"o": ordering, "v": value, "i": pk}, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def paginate(self, queryset, request, *, ordering: str, field: str, descending: bool) -> list:
        self.request = request
        self.ordering = ordering
        self.field = field
        size = self.get_page_size(request)
        position = self._decode(request, ordering)
        nullable = queryset.model._meta.get_field(field).null
        segments = [False, True] if descending else [True, False]  # "is null" per segment, in order
        if not nullable:
            segments = [False]
        start = segments.index(position[0] is None) if position else 0
        items: list = []
        for index in range(start, len(segments)):
            is_null = segments[index]
            segment = queryset.filter(**{f"{field}__isnull": True}) if is_null else queryset
            if nullable and not is_null:
                segment = segment.filter(**{f"{field}__isnull": False})
            if position and index == start:
                value, pk = position
                if is_null:
                    segment = segment.filter(pk__lt=pk) if descending else segment.filter(pk__gt=pk)
                elif descending:
                    # The redundant `<=` is an index condition; the OR only breaks ties.
                    segment = segment.filter(**{f"{field}__lte": value}).exclude(**{field: value, "pk__gte": pk})
                else:
                    segment = segment.filter(**{f"{field}__gte": value}).exclude(**{field: value, "pk__lte": pk})
            tie = "-pk" if descending else "pk"
            order = (tie,) if is_null else ((f"-{field}" if descending else field), tie)
            items += list(segment.order_by(*order)[: size + 1 - len(items)])
            if len(items) > size:
                break
        self.has_next = len(items) > size
        items = items[:size]
        self.last = items[-1] if items else None
        return items

    def get_next_link(self) -> str | None:
        if not self.has_next or self.last is None:
            return None
        if isinstance(self.last, dict):
            value, pk = self.last[self.field], self.last["pk"]
        else:
            value, pk = getattr(self.last, self.field), self.last.pk
        cursor = self._encode(self.ordering, value, pk)
        return replace_query_param(self.request.build_absolute_uri(), self.cursor_query_param, cursor)

    def get_paginated_response(self, data) -> Response:
        return Response({"next": self.get_next_link(), "results": data})

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri", "description": "The next page."},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Opaque cursor from a `next` link.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Events per page (1 to {self.max_page_size}, default {self.page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]


class TombstonePagination(KeysetCursorPagination):
    page_size = 200
    max_page_size = 1000


FORMAT_PARAMETER = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=["json", "csv", "geojson"],
    description="Output format (or use the Accept header: application/json, text/csv, application/geo+json). "
    "CSV and GeoJSON export every matching event, streamed, not one page.",
)


EVENT_RENDERERS = [ORJSONRenderer, renderers.BrowsableAPIRenderer, CSVRenderer, GeoJSONRenderer]

SLUG_PARAMETER = OpenApiParameter(
    "slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="The slug (or the numeric id)."
)


class EventListingMixin(JSONFirstErrorsMixin):
    """The one way event lists are answered: filters, visibility, order, pagination, formats."""

    def respond_with_events(self, request, *, base=None, filters=None):
        check_params(request, EVENT_PARAMS)
        filters = request.query_params if filters is None else filters
        queryset = event_list(filters=filters, user=request.user, base=base)
        ordering = request.query_params.get("ordering") or DEFAULT_ORDERING
        field, descending = ORDERINGS[ordering]
        fmt = getattr(request.accepted_renderer, "format", "json")
        if fmt in ("csv", "geojson"):
            return self._export(queryset, ordering, fmt)
        paginator = KeysetCursorPagination()
        rows = paginator.paginate(
            queryset.values(*EVENT_ROW_COLUMNS), request, ordering=ordering, field=field, descending=descending
        )
        relations = event_relations(rows)
        return paginator.get_paginated_response([event_data_from_row(row, relations) for row in rows])

    def _export(self, queryset, ordering: str, fmt: str) -> StreamingHttpResponse:
        dicts = iter_event_dicts(event_order(queryset, ordering).values(*EVENT_ROW_COLUMNS))
        if fmt == "csv":
            response = StreamingHttpResponse(stream_csv(dicts), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="events.csv"'
        else:
            response = StreamingHttpResponse(stream_geojson(dicts), content_type="application/geo+json")
            response["Content-Disposition"] = 'attachment; filename="events.geojson"'
        return response


@extend_schema_view(
    list=extend_schema(
        summary="Events, filtered (approved only for consumers)",
        parameters=[FORMAT_PARAMETER],
        responses={200: EventSerializer(many=True), **ERROR_RESPONSES},
    ),
    retrieve=extend_schema(
        summary="One event with its admin chain, backers, sources and review history",
        responses={200: EventDetailSerializer, 404: OpenApiResponse(description="No such visible event.")},
    ),
)
class EventViewSet(EventListingMixin, viewsets.GenericViewSet):
    """Read-only events. Editors' actions (approve, reject, merge) live in ``events.api.review``."""

    queryset = Event.objects.none()
    serializer_class = EventSerializer
    pagination_class = KeysetCursorPagination
    renderer_classes = EVENT_RENDERERS
    filter_backends = [DjangoFilterBackend]  # documents EventFilter; filtering runs in the selector
    filterset_class = EventFilter

    @page_cached
    def list(self, request, *args, **kwargs):
        return self.respond_with_events(request)

    @page_cached
    def retrieve(self, request, pk=None, *args, **kwargs):
        event_id = parse_id(str(pk))
        if event_id is None:
            raise NotFound("Event ids are integers.")
        event = event_get(pk=event_id, user=request.user)
        if event is None:
            merged_into = event_merged_into(pk=event_id)
            if merged_into is not None:
                raise NotFound(f"Event {pk} was merged into event {merged_into}.")
            raise NotFound("No such event (or it is not approved).")
        return Response(EventDetailSerializer(event, context={"request": request}).data)

    @extend_schema(
        summary="Tombstones: events to drop (rejected, merged, reopened) since a time",
        parameters=[
            OpenApiParameter(
                "updated_since",
                OpenApiTypes.DATETIME,
                description="Tombstones of events changed at or after this ISO 8601 time.",
            )
        ],
        responses={200: EventTombstoneSerializer(many=True), **ERROR_RESPONSES},
    )
    @action(
        detail=False,
        methods=["get"],
        url_path="deleted",
        filter_backends=[],
        pagination_class=TombstonePagination,
        renderer_classes=[ORJSONRenderer, renderers.BrowsableAPIRenderer],
    )
    def deleted(self, request, *args, **kwargs):
        check_params(request, {"updated_since", "cursor", "page_size", "format"})
        raw = request.query_params.get("updated_since")
        since = None
        if raw:
            try:
                since = parse_instant(raw)
            except ValueError as exc:
                raise ValidationError({"updated_since": [str(exc)]}) from None
        paginator = TombstonePagination()
        page = paginator.paginate(
            event_tombstones(since=since), request, ordering="updated", field="updated_at", descending=False
        )
        data = EventTombstoneSerializer(page, many=True).data
        return paginator.get_paginated_response(data)
