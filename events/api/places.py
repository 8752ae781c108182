"""Places and crossings: reference lists, one place or crossing, and the events there."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view

from events.api.dictionaries import DictionaryViewSet
from events.api.events import SLUG_PARAMETER
from events.api.serializers import (
    CrossingDetailSerializer,
    CrossingSerializer,
    LocationDetailSerializer,
    LocationSerializer,
)
from events.filters import CrossingFilter, LocationFilter
from events.models import Crossing, Event, Location
from events.selectors import (
    crossing_detail,
    crossing_list,
    location_detail,
    location_ids_within,
    location_list,
)


@extend_schema_view(
    list=extend_schema(summary="Places (search by any alias, kind, parent, P-code)"),
    retrieve=extend_schema(
        summary="One place (slug or id) with aliases, children and admin chain", parameters=[SLUG_PARAMETER]
    ),
    events=extend_schema(summary="Events at this place or at any place below it"),
)
class LocationViewSet(DictionaryViewSet):
    """Places: governorates, districts, sub-districts, towns, neighbourhoods and sites, with their
    spellings and the administrative chain above them."""

    queryset = Location.objects.none()
    serializer_class = LocationSerializer
    detail_serializer_class = LocationDetailSerializer
    filterset_class = LocationFilter
    noun = "place"

    def select_list(self, *, filters):
        return location_list(filters=filters)

    def select_one(self, *, ref: str):
        return location_detail(ref=ref)

    def events_of(self, request, entry):
        return self.respond_with_events(
            request, base=Event.objects.filter(location_id__in=location_ids_within([entry]))
        )


@extend_schema_view(
    list=extend_schema(summary="Crossings (river ferries, bridges, border crossings) with control history"),
    retrieve=extend_schema(summary="One crossing (slug or id) with its control history", parameters=[SLUG_PARAMETER]),
    events=extend_schema(summary="Events at or about this crossing"),
)
class CrossingViewSet(DictionaryViewSet):
    """Crossings: river ferries, bridges, border and smuggling crossings, and who controlled them
    when."""

    queryset = Crossing.objects.none()
    serializer_class = CrossingSerializer
    detail_serializer_class = CrossingDetailSerializer
    filterset_class = CrossingFilter
    noun = "crossing"

    def select_list(self, *, filters):
        return crossing_list(filters=filters)

    def select_one(self, *, ref: str):
        return crossing_detail(ref=ref)

    def events_of(self, request, entry):
        return self.respond_with_events(request, base=Event.objects.filter(crossing=entry))
