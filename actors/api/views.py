"""``/actors/``: search by any alias, kind, backer; one actor; its events."""

from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import renderers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from actors.api.serializers import ActorDetailSerializer, ActorSerializer
from actors.filters import ActorFilter
from actors.models import Actor
from actors.selectors import actor_detail, actor_event_counts, actor_list
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
from events.api.serializers import EventSerializer
from events.filters import EventFilter
from events.models import Event


@extend_schema_view(
    list=extend_schema(summary="Actors (search by any alias, kind, backer, parent)"),
    retrieve=extend_schema(
        summary="One actor (slug or id): aliases, parent, children, backers, event counts", parameters=[SLUG_PARAMETER]
    ),
)
class ActorViewSet(EventListingMixin, viewsets.GenericViewSet):
    queryset = Actor.objects.none()
    serializer_class = ActorSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ActorFilter
    pagination_class = PageNumberPagination
    renderer_classes = [ORJSONRenderer, renderers.BrowsableAPIRenderer, CSVRenderer]
    lookup_field = "slug"

    def list(self, request, *args, **kwargs):
        check_params(request, set(ActorFilter.base_filters) | {"page", "page_size", "format"})
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(actor_list(filters=request.query_params), request, view=self)
        return paginator.get_paginated_response(ActorSerializer(page, many=True).data)

    def retrieve(self, request, slug=None, *args, **kwargs):
        actor = actor_detail(ref=slug)
        if actor is None:
            raise NotFound("No actor has this slug or id.")
        actor.event_counts = actor_event_counts(actor=actor)
        return Response(ActorDetailSerializer(actor).data)

    @extend_schema(
        summary="Events of this actor (add include_subgroups=true for its subgroups)",
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
    def events(self, request, slug=None, *args, **kwargs):
        actor = actor_detail(ref=slug)
        if actor is None:
            raise NotFound("No actor has this slug or id.")
        if "actor" in request.query_params:
            raise ValidationError({"actor": ["Use /events/?actor=... to combine actors."]})
        # The actor becomes the `actor` filter, so role and include_subgroups apply to it.
        filters = request.query_params.copy()
        filters.setlist("actor", [str(actor.pk)])
        return self.respond_with_events(request, filters=filters)
