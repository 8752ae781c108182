"""Unresolved place names: collected at ingestion, resolved or ignored by editors.

The extractor keeps on each event the names it read after a place cue but could not match
(``events.extraction.stages.toponyms``). Ingestion records them here, one ``UnresolvedPlace``
per folded name with the articles that named it (an article once, however often it is read
again) and a few example sentences. An editor then either

- resolves the name as an alias of a known place (``unresolved_place_resolve_as_alias``) or as a
  new place with coordinates (``unresolved_place_resolve_as_new_place``): the alias or place is
  written (which bumps the dictionary version, ``events.signals``, so every extractor reloads its
  names; the alias or place names the editor in its history), the row is marked resolved with
  who and when, and every
  article that names it is queued for extraction again (``events.services.review``); or
- ignores it (``unresolved_places_ignore``): not a place.

Permission checks belong to the callers (the admin lets only editors in).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.text import slugify

from conflict.errors import ApplicationError
from events.choices import LocationKind
from events.extraction.normalize import normalize_name
from events.models import Article, Event, EventSource, Location, LocationAlias
from events.models.unresolved import MAX_EXAMPLES, UnresolvedPlace, UnresolvedPlaceArticle, UnresolvedStatus

_ARABIC = re.compile(r"[\u0600-\u06ff]")


# --- Reading -----------------------------------------------------------------------------------


def unresolved_union(lists: Iterable[list[str] | None]) -> list[str]:
    """The names of several sources, each folded name once (its first spelling), in order."""
    names: dict[str, str] = {}
    for names_of_source in lists:
        for name in names_of_source or ():
            key = normalize_name(name)
            if key:
                names.setdefault(key, name)
    return list(names.values())


def event_unresolved_places(*, event: Event) -> list[str]:
    """The union of the names of the event's sources (after a merge moved sources to it)."""
    return unresolved_union(
        EventSource.objects.filter(event=event).order_by("pk").values_list("unresolved_places", flat=True)
    )


def unresolved_places_list(*, status: str | None = None) -> QuerySet[UnresolvedPlace]:
    """The names with ``article_count`` (annotated: never stored, so it cannot drift), most
    named first."""
    queryset = UnresolvedPlace.objects.all()
    if status:
        queryset = queryset.filter(status=status)
    return queryset.annotate(article_count=Count("mentions", distinct=True)).order_by("-article_count", "key")


# --- Ingestion ---------------------------------------------------------------------------------


def _language(name: str) -> str:
    return "ar" if _ARABIC.search(name) else "en"


def _example(name: str, evidence: list[tuple[int, int, str]]) -> str:
    """The evidence sentence that holds ``name`` (the first one when none does, say after
    folding)."""
    for _, _, text in evidence:
        if name in text:
            return text
    return evidence[0][2] if evidence else ""


def unresolved_places_record(*, article: Article, events: Iterable[Any]) -> None:
    """Record the unresolved names of an article's extracted events (``ExtractedEvent``s):
    replaces what an earlier reading of the article recorded for the names still open, so an
    article counts once per name however often it is read."""
    found: dict[str, tuple[str, str]] = {}  # key -> (name, example sentence)
    for event in events:
        for name in event.unresolved_places:
            key = normalize_name(name)[:200]
            if key and key not in found:
                found[key] = (name, _example(name, event.evidence))
    # An earlier reading of the article: its open names are recomputed from this reading.
    UnresolvedPlaceArticle.objects.filter(article=article, place__status=UnresolvedStatus.OPEN).exclude(
        place__key__in=found
    ).delete()
    if not found:
        return
    existing = {p.key: p for p in UnresolvedPlace.objects.select_for_update().filter(key__in=found)}
    for key, (name, _) in found.items():
        if key not in existing:
            existing[key], _created = UnresolvedPlace.objects.get_or_create(
                key=key, defaults={"name": name[:200], "language": _language(name)}
            )
    UnresolvedPlaceArticle.objects.bulk_create(
        [UnresolvedPlaceArticle(place=existing[key], article=article) for key in found], ignore_conflicts=True
    )
    for key, (_, sentence) in found.items():
        place = existing[key]
        if place.status != UnresolvedStatus.OPEN or not sentence:
            continue
        kept = [e for e in place.examples if e.get("article") != article.pk]
        if len(kept) < MAX_EXAMPLES:
            kept.append({"article": article.pk, "sentence": sentence[:1000]})
        if kept != place.examples:
            place.examples = kept
            UnresolvedPlace.objects.filter(pk=place.pk).update(examples=kept)


# --- Editors' decisions ------------------------------------------------------------------------


@dataclass(frozen=True)
class Resolution:
    place: UnresolvedPlace
    location: Location
    requeued_article_ids: list[int]


def _open(place: UnresolvedPlace) -> UnresolvedPlace:
    locked = UnresolvedPlace.objects.select_for_update().get(pk=place.pk)
    if locked.status == UnresolvedStatus.RESOLVED:
        raise ApplicationError(f"“{locked.name}” is already resolved (to {locked.location}).")
    return locked


def _resolve(place: UnresolvedPlace, location: Location, user: Any) -> Resolution:
    """Mark the row resolved and queue again the articles that name it: the ones recorded and
    any other whose text holds the name (``articles_mentioning``)."""
    from events.services.review import articles_mentioning, articles_reprocess

    place.status = UnresolvedStatus.RESOLVED
    place.location = location
    place.resolved_by = user
    place.resolved_at = timezone.now()
    place.save()
    recorded = place.mentions.values_list("article_id", flat=True)
    named = articles_mentioning(names=[place.name]).values_list("pk", flat=True)
    result = articles_reprocess(article_ids=[*recorded, *named], user=user)
    return Resolution(place=place, location=location, requeued_article_ids=result.article_ids)


@transaction.atomic
def unresolved_place_resolve_as_alias(*, place: UnresolvedPlace, location: Location, user: Any) -> Resolution:
    """Add the name as a spelling of ``location``, then resolve (see the module docstring)."""
    place = _open(place)
    if not normalize_name(place.name):
        raise ApplicationError("The name has no letters to match.")
    alias = LocationAlias(location=location, name=place.name, language=place.language)
    alias.normalized = normalize_name(place.name)
    if not LocationAlias.objects.filter(location=location, normalized=alias.normalized).exists():
        alias._history_user = user
        alias.save()  # bumps the dictionary version (events.signals)
    return _resolve(place, location, user)


@transaction.atomic
def unresolved_place_resolve_as_new_place(
    *,
    place: UnresolvedPlace,
    user: Any,
    latitude: float,
    longitude: float,
    kind: str = LocationKind.TOWN,
    parent: Location | None = None,
    name_en: str = "",
    name_ar: str = "",
) -> Resolution:
    """Create a place named as written (in its language's name field, the other one given or
    left as it is), with coordinates, then resolve (see the module docstring)."""
    place = _open(place)
    errors: dict[str, list[str]] = {}
    if kind not in LocationKind.values:
        errors["kind"] = [f"Unknown kind {kind!r}."]
    if latitude is None or not -90 <= latitude <= 90:
        errors["latitude"] = ["A latitude between -90 and 90 is required."]
    if longitude is None or not -180 <= longitude <= 180:
        errors["longitude"] = ["A longitude between -180 and 180 is required."]
    if errors:
        raise ApplicationError("The new place is not valid.", fields=errors)
    if place.language == "ar":
        name_ar = name_ar or place.name
    name_en = name_en or place.name
    location = Location(
        slug=_free_slug(name_en, place),
        name_en=name_en[:200],
        name_ar=name_ar[:200],
        kind=kind,
        parent=parent,
        country_code=parent.country_code if parent is not None else "SY",
        latitude=latitude,
        longitude=longitude,
    )
    location._history_user = user
    location.save()  # bumps the dictionary version (events.signals)
    return _resolve(place, location, user)


def _free_slug(name_en: str, place: UnresolvedPlace) -> str:
    """A slug from the English name (an Arabic one gives none: then the row's id), made unique."""
    base = slugify(name_en)[:100] or f"place-{place.pk}"
    slug, number = base, 1
    while Location.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


@transaction.atomic
def unresolved_places_ignore(*, place_ids: list[int], user: Any) -> int:
    """Mark open names as not places; returns how many changed. Resolved names stay resolved."""
    changed = 0
    for place in UnresolvedPlace.objects.select_for_update().filter(pk__in=place_ids, status=UnresolvedStatus.OPEN):
        place.status = UnresolvedStatus.IGNORED
        place.resolved_by = user
        place.resolved_at = timezone.now()
        place.save()
        changed += 1
    return changed
