"""Places and crossings: reference lists, one place or crossing, and the events there."""

from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import renderers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from conflict.api.pagination import PageNumberPagination
from events.api.events import (
    ERROR_RESPONSES,
    EVENT_RENDERERS,
    FORMAT_PARAMETER,
    SLUG_PARAMETER,
    EventListingMixin,
    KeysetCursorPagination,
    check_params,
)
from events.api.renderers import CSVRenderer, ORJSONRenderer
from events.api.serializers import (
    CrossingDetailSerializer,
    CrossingSerializer,
    EventSerializer,
    LocationDetailSerializer,
    LocationSerializer,
)
from events.filters import CrossingFilter, EventFilter, LocationFilter
from events.models import Crossing, Event, Location
from events.selectors import (
    crossing_detail,
    crossing_list,
    location_detail,
    location_ids_within,
    location_list,
)

LIST_CONTROL = {"page", "page_size", "format"}
LIST_RENDERERS = [ORJSONRenderer, renderers.BrowsableAPIRenderer, CSVRenderer]

EVENTS_OF = extend_schema(
    parameters=[FORMAT_PARAMETER, SLUG_PARAMETER],
    filters=True,
    responses={200: EventSerializer(many=True), 404: OpenApiResponse(description="Unknown slug."), **ERROR_RESPONSES},
)


@extend_schema_view(
    list=extend_schema(summary="Places (search by any alias, kind, parent, P-code)"),
    retrieve=extend_schema(
        summary="One place (slug or id) with aliases, children and admin chain", parameters=[SLUG_PARAMETER]
    ),
)
class LocationViewSet(EventListingMixin, viewsets.GenericViewSet):
    queryset = Location.objects.none()
    serializer_class = LocationSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = LocationFilter
    lookup_field = "slug"
    pagination_class = PageNumberPagination
    renderer_classes = LIST_RENDERERS

    def list(self, request, *args, **kwargs):
        check_params(request, set(LocationFilter.base_filters) | LIST_CONTROL)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(location_list(filters=request.query_params), request, view=self)
        return paginator.get_paginated_response(LocationSerializer(page, many=True).data)

    def retrieve(self, request, slug=None, *args, **kwargs):
        location = location_detail(ref=slug)
        if location is None:
            raise NotFound("No place has this slug or id.")
        return Response(LocationDetailSerializer(location).data)

    @EVENTS_OF
    @action(
        detail=True,
        methods=["get"],
        filterset_class=EventFilter,
        queryset=Event.objects.none(),
        pagination_class=KeysetCursorPagination,
        renderer_classes=EVENT_RENDERERS,
    )
    def events(self, request, slug=None, *args, **kwargs):
        """Events at this place or at any place below it."""
        location = location_detail(ref=slug)
        if location is None:
            raise NotFound("No place has this slug or id.")
        base = Event.objects.filter(location_id__in=location_ids_within([location]))
        return self.respond_with_events(request, base=base)


@extend_schema_view(
    list=extend_schema(summary="Crossings (river ferries, bridges, border crossings) with control history"),
    retrieve=extend_schema(summary="One crossing (slug or id) with its control history", parameters=[SLUG_PARAMETER]),
)
class CrossingViewSet(EventListingMixin, viewsets.GenericViewSet):
    queryset = Crossing.objects.none()
    serializer_class = CrossingSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = CrossingFilter
    lookup_field = "slug"
    pagination_class = PageNumberPagination
    renderer_classes = LIST_RENDERERS

    def list(self, request, *args, **kwargs):
        check_params(request, set(CrossingFilter.base_filters) | LIST_CONTROL)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(crossing_list(filters=request.query_params), request, view=self)
        return paginator.get_paginated_response(CrossingSerializer(page, many=True).data)

    def retrieve(self, request, slug=None, *args, **kwargs):
        crossing = crossing_detail(ref=slug)
        if crossing is None:
            raise NotFound("No crossing has this slug or id.")
        return Response(CrossingDetailSerializer(crossing).data)

    @EVENTS_OF
    @action(
        detail=True,
        methods=["get"],
        filterset_class=EventFilter,
        queryset=Event.objects.none(),
        pagination_class=KeysetCursorPagination,
        renderer_classes=EVENT_RENDERERS,
    )
    def events(self, request, slug=None, *args, **kwargs):
        """Events at or about this crossing."""
        crossing = crossing_detail(ref=slug)
        if crossing is None:
            raise NotFound("No crossing has this slug or id.")
        return self.respond_with_events(request, base=Event.objects.filter(crossing=crossing))
