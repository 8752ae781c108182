"""Extraction as a service: the database dictionaries feed the pure-Python extractor.

``run_extraction`` is the one entry point (Celery workers, the ``extract_events`` command, the
API). The ``Extractor`` is built from the actors, places and crossings in the database (a
handful of queries) and cached per process; it is rebuilt when
``current_dictionary_version()`` moves, so an alias an editor adds is used by the next article,
and when a newer confidence model is installed in ``EXTRACTION_MODELS_DIR`` (``train_extractor
--install``). Candidates the model scores below ``EXTRACTION_MIN_CONFIDENCE`` are not emitted.
"""

from __future__ import annotations

import datetime
import re
import threading
from pathlib import Path

from django.conf import settings

from events.extraction.dictionary import ACTOR, CROSSING, LOCATION, Dictionary, Entity
from events.extraction.normalize import normalize_name
from events.extraction.output import ExtractionOutput
from events.extraction.pipeline import EXTRACTOR_VERSION, Extractor
from events.extraction.stages.scoring import MODELS_DIR, ConfidenceModel, newest_model_file
from events.services.dictionary import current_dictionary_version

_lock = threading.Lock()
_cached: tuple[tuple[int, Path, float], Extractor] | None = None


def dictionary_entities() -> list[Entity]:
    """Actors, places and crossings with their aliases and hierarchy, in seven queries."""
    from actors.models import Actor, ActorAlias, ActorBacking
    from events.models import Crossing, CrossingAlias, Location, LocationAlias

    entities: list[Entity] = []

    actor_aliases: dict[int, list[str]] = {}
    for actor_id, name in ActorAlias.objects.values_list("actor_id", "name"):
        actor_aliases.setdefault(actor_id, []).append(name)
    backers: dict[int, list[str]] = {}
    for actor_id, backer_slug in ActorBacking.objects.values_list("actor_id", "backer__slug"):
        backers.setdefault(actor_id, []).append(backer_slug)
    for row in Actor.objects.filter(active=True).values("id", "slug", "name_en", "name_ar", "kind", "parent__slug"):
        entities.append(
            Entity(
                kind=ACTOR,
                id=row["id"],
                slug=row["slug"],
                name=row["name_en"],
                name_ar=row["name_ar"],
                aliases=tuple(actor_aliases.get(row["id"], ())),
                meta={
                    "actor_kind": row["kind"],
                    "parent": row["parent__slug"],
                    "backers": tuple(backers.get(row["id"], ())),
                },
            )
        )

    # Places created by a gazetteer import (``source`` set) join the dictionary only when
    # EXTRACTION_IMPORTED_PLACES is on: thousands of communities whose names are also common words
    # ("Tall", "Sur") lowered strict F1 on the real-report development split from 0.462 to 0.380
    # (docs/gazetteer.md) until the matching of ambiguous names is built. The project's and the
    # editors' places, with every alias an import added to them, are always in.
    places = Location.objects.all()
    aliases = LocationAlias.objects.all()
    if not settings.EXTRACTION_IMPORTED_PLACES:
        places = places.filter(source="")
        aliases = aliases.filter(location__source="")
    location_aliases: dict[int, list[str]] = {}
    for location_id, name in aliases.values_list("location_id", "name"):
        location_aliases.setdefault(location_id, []).append(name)
    rows = list(
        places.values(
            "id",
            "slug",
            "name_en",
            "name_ar",
            "kind",
            "latitude",
            "longitude",
            "path",
            "admin1__name_en",
            "admin2__name_en",
        )
    )
    slug_by_id = {row["id"]: row["slug"] for row in rows}
    bare_names = _bare_location_names(rows, location_aliases)
    for row in rows:
        ancestor_ids = [int(part) for part in row["path"].strip("/").split("/")[:-1] if part]
        entities.append(
            Entity(
                kind=LOCATION,
                id=row["id"],
                slug=row["slug"],
                name=row["name_en"],
                name_ar=row["name_ar"],
                aliases=tuple(location_aliases.get(row["id"], ())) + bare_names.get(row["id"], ()),
                meta={
                    "location_kind": row["kind"],
                    "latitude": row["latitude"],
                    "longitude": row["longitude"],
                    "admin1": row["admin1__name_en"] or "",
                    "admin2": row["admin2__name_en"] or "",
                    "ancestors": tuple(slug_by_id[i] for i in reversed(ancestor_ids) if i in slug_by_id),
                },
            )
        )

    crossing_aliases: dict[int, list[str]] = {}
    for crossing_id, name in CrossingAlias.objects.values_list("crossing_id", "name"):
        crossing_aliases.setdefault(crossing_id, []).append(name)
    for row in Crossing.objects.filter(active=True).values(
        "id", "slug", "name_en", "name_ar", "kind", "latitude", "longitude", "location__slug"
    ):
        entities.append(
            Entity(
                kind=CROSSING,
                id=row["id"],
                slug=row["slug"],
                name=row["name_en"],
                name_ar=row["name_ar"],
                aliases=tuple(crossing_aliases.get(row["id"], ())),
                meta={
                    "crossing_kind": row["kind"],
                    "location": row["location__slug"],
                    "latitude": row["latitude"],
                    "longitude": row["longitude"],
                },
            )
        )
    return entities


_BRACKETED = re.compile(r"^(?P<bare>[^()]+?)\s*\([^()]+\)\s*$")


def _bare_location_names(rows: list[dict], aliases: dict[int, list[str]]) -> dict[int, tuple[str, ...]]:
    """Extra keys for places whose reference name carries a disambiguator in brackets
    ("Harabesh (Deir ez-Zor)" is also found as "Harabesh"), when the bare form is not the name
    or alias of another place and no other bracketed place shares it."""
    taken: dict[str, set[int]] = {}
    for row in rows:
        for name in (row["name_en"], row["name_ar"], *aliases.get(row["id"], ())):
            taken.setdefault(normalize_name(name), set()).add(row["id"])
    candidates: dict[str, set[int]] = {}
    bare_by_id: dict[int, list[str]] = {}
    for row in rows:
        for name in (row["name_en"], row["name_ar"]):
            match = _BRACKETED.match(name or "")
            if match is None:
                continue
            bare = match.group("bare").strip()
            key = normalize_name(bare)
            if not key:
                continue
            candidates.setdefault(key, set()).add(row["id"])
            bare_by_id.setdefault(row["id"], []).append(bare)
    out: dict[int, tuple[str, ...]] = {}
    for location_id, names in bare_by_id.items():
        kept = tuple(
            bare
            for bare in names
            if candidates[normalize_name(bare)] == {location_id}
            and taken.get(normalize_name(bare), set()) <= {location_id}
        )
        if kept:
            out[location_id] = kept
    return out


def models_dir() -> Path:
    """The folder where ``train_extractor --install`` writes models (``EXTRACTION_MODELS_DIR``,
    else the package's own)."""
    return Path(settings.EXTRACTION_MODELS_DIR) if settings.EXTRACTION_MODELS_DIR else MODELS_DIR


def model_folders() -> tuple[Path, ...]:
    """Where the model in use is looked for: the configured folder, then the shipped models (so
    an empty configured folder serves the shipped model until a newer one is installed)."""
    return tuple(dict.fromkeys((models_dir(), MODELS_DIR)))


def extractor_get() -> Extractor:
    """The process's extractor for the current dictionary version and installed confidence model
    (built on first use, and again when either changes)."""
    global _cached
    key = (current_dictionary_version(), newest_model_file(*model_folders()), settings.EXTRACTION_MIN_CONFIDENCE)
    cached = _cached
    if cached is not None and cached[0] == key:
        return cached[1]
    with _lock:
        if _cached is not None and _cached[0] == key:
            return _cached[1]
        extractor = Extractor(
            Dictionary(dictionary_entities(), version=key[0]),
            model=ConfidenceModel.load(key[1]),
            min_confidence=key[2],
        )
        _cached = (key, extractor)
        return extractor


def extractor_reset() -> None:
    """Forget the cached extractor, so the next article builds one from the database.

    Tests need it: a rolled-back test database repeats dictionary versions with new row ids.
    """
    global _cached
    with _lock:
        _cached = None


def run_extraction(
    *, text: str, published: datetime.date | None, language: str | None = None, title: str = ""
) -> ExtractionOutput:
    """Extract events from one article's text: typed events (``events.extraction.output``), whose
    ``contract()`` is the shape of the shared extraction contract."""
    if isinstance(published, datetime.datetime):
        published = published.date()
    return extractor_get().extract(text, published=published, language=language, title=title or "")


__all__ = ["EXTRACTOR_VERSION", "ExtractionOutput", "dictionary_entities", "extractor_get", "run_extraction"]
