"""FilterSet of ``/actors/``: search by any alias, kind, backer, parent."""

from __future__ import annotations

from django.db.models import Q
from django_filters import rest_framework as filters

from actors.choices import ActorKind
from actors.models import Actor, ActorAlias
from actors.selectors import actor_descendant_ids, actor_ids_matching_name, actors_backed_by
from events.extraction.normalize import normalize_name
from events.filters import ChoicesFilter, RefsFilter, StrictBooleanFilter, resolve_actor_refs


class ActorFilter(filters.FilterSet):
    q = filters.CharFilter(
        method="filter_q",
        help_text="Any name or alias in Arabic or English, matched on the normalised form "
        "(`NDF`, `الدفاع الوطني`); falls back to aliases containing the words.",
    )
    kind = ChoicesFilter(choices=ActorKind.choices, help_text="Repeatable.")
    backed_by = RefsFilter(
        method="filter_backed_by",
        resolver=resolve_actor_refs,
        param="backed_by",
        help_text="Actors backed by this actor (id or slug, repeatable), with their subgroups, "
        "and the backer's own forces.",
    )
    parent = RefsFilter(
        method="filter_parent", resolver=resolve_actor_refs, param="parent", help_text="Direct subgroups of this actor."
    )
    within = RefsFilter(
        method="filter_within",
        resolver=resolve_actor_refs,
        param="within",
        help_text="This actor and all its subgroups at any depth.",
    )
    active = StrictBooleanFilter(field_name="active", help_text="Active (or inactive) actors only.")

    class Meta:
        model = Actor
        fields: list[str] = []

    def filter_q(self, queryset, name, value: str):
        normal = normalize_name(value)
        if not normal:
            return queryset
        ids = actor_ids_matching_name(value)
        if len(normal) >= 2:
            ids |= set(ActorAlias.objects.filter(normalized__contains=normal).values_list("actor_id", flat=True))
        return queryset.filter(Q(pk__in=ids) | Q(name_en__icontains=value.strip()) | Q(slug=value.strip()))

    def filter_backed_by(self, queryset, name, value: str):
        if not value:
            return queryset
        backed = actors_backed_by(value)
        return queryset.filter(pk__in=backed.all_ids - set(value))

    def filter_parent(self, queryset, name, value: str):
        return queryset.filter(parent_id__in=value) if value else queryset

    def filter_within(self, queryset, name, value: str):
        return queryset.filter(pk__in=actor_descendant_ids(value)) if value else queryset
