"""The shape shared by the dictionary endpoints (actors, places, crossings): a paginated list
with its own filters, one entry by slug or id, and the events of that entry."""

from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import renderers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from conflict.api.pagination import PageNumberPagination
from events.api.cache import page_cached
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
from events.api.serializers import EventSerializer
from events.filters import EventFilter
from events.models import Event

LIST_CONTROL = {"page", "page_size", "format"}
LIST_RENDERERS = [ORJSONRenderer, renderers.BrowsableAPIRenderer, CSVRenderer]


# Subclasses name their filter set and serializers and provide `select_list`, `select_one` and
# `events_of`; `noun` words the 404 ("No place has this slug or id."). Their docstring is the
# endpoints' description in the OpenAPI schema.
class DictionaryViewSet(EventListingMixin, viewsets.GenericViewSet):
    filter_backends = [DjangoFilterBackend]
    pagination_class = PageNumberPagination
    renderer_classes = LIST_RENDERERS
    lookup_field = "slug"
    detail_serializer_class: type
    noun: str

    def select_list(self, *, filters):
        raise NotImplementedError

    def select_one(self, *, ref: str):
        raise NotImplementedError

    def events_of(self, request, entry):
        """The response listing the events of ``entry``."""
        raise NotImplementedError

    def detail_data(self, entry) -> dict:
        return self.detail_serializer_class(entry).data

    def entry(self, slug: str):
        found = self.select_one(ref=slug)
        if found is None:
            raise NotFound(f"No {self.noun} has this slug or id.")
        return found

    @page_cached
    def list(self, request, *args, **kwargs):
        check_params(request, set(self.filterset_class.base_filters) | LIST_CONTROL)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(self.select_list(filters=request.query_params), request, view=self)
        return paginator.get_paginated_response(self.serializer_class(page, many=True).data)

    @page_cached
    def retrieve(self, request, slug=None, *args, **kwargs):
        return Response(self.detail_data(self.entry(slug)))

    @extend_schema(
        parameters=[FORMAT_PARAMETER, SLUG_PARAMETER],
        filters=True,
        responses={
            200: EventSerializer(many=True),
            404: OpenApiResponse(description="Unknown slug."),
            **ERROR_RESPONSES,
        },
    )
    @action(
        detail=True,
        methods=["get"],
        filterset_class=EventFilter,
        queryset=Event.objects.none(),
        pagination_class=KeysetCursorPagination,
        renderer_classes=EVENT_RENDERERS,
    )
    @page_cached
    def events(self, request, slug=None, *args, **kwargs):
        """The events of this entry, with every filter of /events/."""
        return self.events_of(request, self.entry(slug))
