"""``/actors/``: search by any alias, kind, backer; one actor; its events."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.exceptions import ValidationError

from actors.api.serializers import ActorDetailSerializer, ActorSerializer
from actors.filters import ActorFilter
from actors.models import Actor
from actors.selectors import actor_detail, actor_event_counts, actor_list
from events.api.dictionaries import DictionaryViewSet
from events.api.events import SLUG_PARAMETER


@extend_schema_view(
    list=extend_schema(summary="Actors (search by any alias, kind, backer, parent)"),
    retrieve=extend_schema(
        summary="One actor (slug or id): aliases, parent, children, backers, event counts", parameters=[SLUG_PARAMETER]
    ),
    events=extend_schema(summary="Events of this actor (add include_subgroups=true for its subgroups)"),
)
class ActorViewSet(DictionaryViewSet):
    """Actors: state forces, militias, coalitions and armed groups, with their Arabic and English
    names, parents, subgroups and backers."""

    queryset = Actor.objects.none()
    serializer_class = ActorSerializer
    detail_serializer_class = ActorDetailSerializer
    filterset_class = ActorFilter
    noun = "actor"

    def select_list(self, *, filters):
        return actor_list(filters=filters)

    def select_one(self, *, ref: str):
        return actor_detail(ref=ref)

    def detail_data(self, entry) -> dict:
        entry.event_counts = actor_event_counts(actor=entry)
        return super().detail_data(entry)

    def events_of(self, request, entry):
        if "actor" in request.query_params:
            raise ValidationError({"actor": ["Use /events/?actor=... to combine actors."]})
        # The actor becomes the `actor` filter, so role and include_subgroups apply to it.
        filters = request.query_params.copy()
        filters.setlist("actor", [str(entry.pk)])
        return self.respond_with_events(request, filters=filters)
