"""Reads about actors: look-ups by id, slug or any alias, and the expansions event filters use.

The actor tables are small (hundreds of rows), so expansions load the (id, parent) pairs once
and walk them in Python: one query, whatever the depth, instead of one query per level.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Replace

from actors.models import Actor, ActorAlias, ActorBacking
from conflict.api.params import UNKNOWN, by_ref, filterset_error, safe_slugs, split_refs
from conflict.errors import ApplicationError
from events.extraction.normalize import normalize_name


def actor_by_ref(ref: str | int) -> Actor | None:
    """The actor with this id or slug, or None."""
    return by_ref(Actor.objects.all(), ref)


def actor_ids_for_refs(refs: Iterable[str], *, param: str) -> list[int]:
    """Resolve ids or slugs to actor ids; an unknown one is an error naming the parameter."""
    refs = [str(r).strip() for r in refs if str(r).strip()]
    ids, slugs = split_refs(refs)
    found = Actor.objects.filter(Q(pk__in=ids) | Q(slug__in=safe_slugs(slugs))).order_by().values_list("pk", "slug")
    known_ids = {pk for pk, _ in found}
    known_slugs = {slug for _, slug in found}
    unknown = sorted({str(i) for i in ids - known_ids} | (slugs - known_slugs))
    if unknown:
        raise ApplicationError(
            f"Unknown actor: {', '.join(unknown)}.",
            fields={param: [f"No actor has the id or slug {u!r}." for u in unknown]},
            code=UNKNOWN,
        )
    return sorted(known_ids)


def actor_ids_matching_name(text: str) -> set[int]:
    """Actors one of whose names or aliases has the same normal form as ``text``.

    "NDF", "National Defence Forces" and "الدفاع الوطني" all find the same actor when they are
    its aliases. When nothing matches exactly, white space is ignored ("الدفاعالوطني"), then
    an alias containing the words is accepted (for three letters or more).
    """
    normal = normalize_name(text)
    if not normal:
        return set()
    ids = set(ActorAlias.objects.filter(normalized=normal).values_list("actor_id", flat=True))
    names = Actor.objects.values_list("pk", "name_en", "name_ar")
    compact = normal.replace(" ", "")
    for pk, name_en, name_ar in names:
        if normal in (normalize_name(name_en), normalize_name(name_ar)):
            ids.add(pk)
    if ids:
        return ids
    ids = set(
        ActorAlias.objects.annotate(compact=Replace("normalized", Value(" "), Value("")))
        .filter(compact=compact)
        .values_list("actor_id", flat=True)
    )
    for pk, name_en, name_ar in names:
        if compact in (normalize_name(name_en).replace(" ", ""), normalize_name(name_ar).replace(" ", "")):
            ids.add(pk)
    if ids or len(normal) < 3:
        return ids
    return set(ActorAlias.objects.filter(normalized__contains=normal).values_list("actor_id", flat=True))


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = defaultdict(list)
    for pk, parent_id in Actor.objects.filter(parent__isnull=False).order_by().values_list("pk", "parent_id"):
        children[parent_id].append(pk)
    return children


def actor_descendant_ids(actor_ids: Iterable[int], *, children: dict[int, list[int]] | None = None) -> set[int]:
    """The given actors and all their subgroups at any depth, in one query (none when the
    caller passes the ``children`` map it already loaded)."""
    found = set(actor_ids)
    if children is None:
        children = _children_map()
    frontier = list(found)
    while frontier:
        nxt = []
        for pk in frontier:
            for child in children.get(pk, ()):
                if child not in found:
                    found.add(child)
                    nxt.append(child)
        frontier = nxt
    return found


@dataclass
class BackedActors:
    """The actors an event filter ``backed_by`` accepts.

    ``always`` are accepted whatever the event's date: the backer itself, its own forces
    (its subgroups, e.g. the IRGC under Iran), and actors whose backing has no dates.
    ``dated`` holds (actor id, start, end) for backings known to hold only for a period.
    """

    always: set[int] = field(default_factory=set)
    dated: list[tuple[int, datetime.date | None, datetime.date | None]] = field(default_factory=list)

    @property
    def all_ids(self) -> set[int]:
        return self.always | {a for a, _, _ in self.dated}


def actors_backed_by(backer_ids: Iterable[int]) -> BackedActors:
    """The backers, their own forces, every actor they back, and those actors' subgroups."""
    backer_ids = set(backer_ids)
    children = _children_map()
    result = BackedActors(always=actor_descendant_ids(backer_ids, children=children))
    backings = ActorBacking.objects.filter(backer_id__in=backer_ids).order_by().values_list("actor_id", "start", "end")
    for actor_id, start, end in backings:
        # A subgroup of a backed militia is backed too, for the same period.
        group = {actor_id}
        frontier = [actor_id]
        while frontier:
            frontier = [c for pk in frontier for c in children.get(pk, ()) if c not in group]
            group.update(frontier)
        for member in group:
            if member in result.always:
                continue
            if start is None and end is None:
                result.always.add(member)
            else:
                result.dated.append((member, start, end))
    result.dated = [d for d in result.dated if d[0] not in result.always]
    return result


def actor_list(*, filters: dict | None = None) -> QuerySet[Actor]:
    """Actors for the public list, filtered by ``actors.filters.ActorFilter``."""
    from actors.filters import ActorFilter

    queryset = Actor.objects.select_related("parent").prefetch_related(
        Prefetch("backings", queryset=ActorBacking.objects.select_related("backer").order_by("start", "id")),
    )
    filterset = ActorFilter(filters or {}, queryset=queryset)
    if not filterset.is_valid():
        raise filterset_error(filterset, "The actor filters are invalid.")
    return filterset.qs


def actor_detail(*, ref: str) -> Actor | None:
    """One actor with its aliases, parent, children and backers; event counts are annotated
    by ``actor_event_counts``."""
    queryset = Actor.objects.select_related("parent").prefetch_related(
        "aliases",
        Prefetch("children", queryset=Actor.objects.order_by("name_en")),
        Prefetch("backings", queryset=ActorBacking.objects.select_related("backer").order_by("start", "id")),
        Prefetch("backing_given", queryset=ActorBacking.objects.select_related("actor").order_by("start", "id")),
    )
    return by_ref(queryset, ref)


def actor_event_counts(*, actor: Actor) -> dict:
    """Approved events of the actor, by role, and with its subgroups."""
    from events.choices import ReviewStatus
    from events.models import EventActor

    approved = EventActor.objects.filter(event__review_status=ReviewStatus.APPROVED)
    by_role = dict(
        approved.filter(actor=actor).values("role").annotate(n=Count("event", distinct=True)).values_list("role", "n")
    )
    own = approved.filter(actor=actor).values("event").distinct().count()
    with_subgroups = approved.filter(actor_id__in=actor_descendant_ids([actor.pk])).values("event").distinct().count()
    return {"total": own, "by_role": by_role, "with_subgroups": with_subgroups}
