"""Import every public gazetteer file of a folder into places, their names and map layers.

``gazetteer_import(directory=...)`` reads the files ``gazetteer_formats`` recognises and merges
their records into ``Location`` rows. One place described by several sources becomes one row:

1. the record's own id first (a P-code for OCHA/HDX rows, the WOF id, the GeoNames id), then
   the other ids it carries (a WOF record's GeoNames id);
2. otherwise the same name (any spelling of either side, compared by ``name_key``: normalised,
   articles dropped, spaces removed) within ``SAME_PLACE_KM`` of a place imported from another
   source, or ``PROJECT_PLACE_KM`` of one of the project's or editors' places (whose points are
   often approximate), the nearest first, and never a place that already holds a different id
   of the same kind (two OCHA communities with one name are two places).

Each match adds the record's names as aliases, its ids where the row has none and its source to
``Location.sources``. Rows the importer created are completed (empty fields filled), never
overwritten; the project's and editors' rows (``source == ""``, or edited by a user according
to their history) only receive aliases and ids. Nothing is deleted. A second run of the same
files finds every record by its own id and changes nothing.

New places get their admin chain from their source (OCHA rows name their sub-district), else
from the imported sub-district polygon they fall in (ray casting), else from the nearest
community within ``NEAREST_COMMUNITY_KM``, else from their governorate. A new place that is one
of the project's hand-written places not loaded yet takes that place's slug, so a later
``load_reference_data`` finds it instead of adding a duplicate.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from conflict.errors import ApplicationError
from events.choices import LocationKind
from events.extraction.normalize import normalize_name
from events.models import Location, LocationAlias, MapLayer, MapLayerKind
from events.services.dictionary import bump_dictionary_version
from events.services.gazetteer_formats import (
    LayerRecord,
    NotRecognised,
    ParsedFile,
    PlaceRecord,
    gazetteer_file_parse,
)
from events.services.reference import (
    GEONAMES_ADMIN1_TO_PCODE,
    _hierarchy_changes,
    alias_language,
    distance_km,
    reference_data_read,
)

# The same name this close to a place imported from another source is that place.
SAME_PLACE_KM = 3.0
# ... and this close to one of the project's or editors' places (approximate points).
PROJECT_PLACE_KM = 10.0
# A new place with no sub-district of its own takes the one of the nearest community this close.
NEAREST_COMMUNITY_KM = 5.0
CHANGE_REASON = "gazetteer import"

_POINT_KINDS = {LocationKind.TOWN, LocationKind.SITE, LocationKind.NEIGHBOURHOOD}
_COMPATIBLE = {
    LocationKind.TOWN: {LocationKind.TOWN, LocationKind.SITE},
    LocationKind.SITE: {LocationKind.SITE, LocationKind.TOWN},
    LocationKind.NEIGHBOURHOOD: {LocationKind.NEIGHBOURHOOD},
}
_ARTICLES = {"al", "el", "ad", "ar", "as", "at", "az", "an", "ash", "ath", "adh", "ed", "er", "es", "et", "ez", "en"}
_IDS = ("pcode", "geonames_id", "wof_id")


def name_key(name: str) -> str:
    """The form names are compared in: "Al-Kishkiyeh", "al Kishkiyeh" and "Kishkiyeh" agree,
    and so do "الكشكية" and "كشكية"."""
    words = []
    for word in normalize_name(name).split():
        if word in _ARTICLES:
            continue
        if word.startswith("ال") and len(word) > 3:
            word = word[2:]
        words.append(word)
    return "".join(words)


# --------------------------------------------------------------------------------------------
# Point in polygon (the imported sub-district boundaries)
# --------------------------------------------------------------------------------------------


def _inside_ring(lon: float, lat: float, ring: list[list[float]]) -> bool:
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


@dataclass
class _Polygons:
    """Sub-district polygons by P-code, with their bounding boxes to skip most tests."""

    items: list[tuple[str, tuple[float, float, float, float], list[list[list[list[float]]]]]] = field(
        default_factory=list
    )

    def add_layer(self, geojson: dict[str, Any], level: int) -> None:
        for feature in geojson.get("features", []):
            code = (feature.get("properties") or {}).get(f"ADM{level}_PCODE")
            geometry = feature.get("geometry") or {}
            polygons = geometry.get("coordinates") or []
            if geometry.get("type") == "Polygon":
                polygons = [polygons]
            elif geometry.get("type") != "MultiPolygon":
                continue
            points = [p for polygon in polygons for p in polygon[0]]
            if not code or not points:
                continue
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            self.items.append((code, (min(xs), min(ys), max(xs), max(ys)), polygons))

    def containing(self, lat: float, lon: float) -> str | None:
        for code, (x0, y0, x1, y1), polygons in self.items:
            if not (x0 <= lon <= x1 and y0 <= lat <= y1):
                continue
            for polygon in polygons:
                if _inside_ring(lon, lat, polygon[0]) and not any(_inside_ring(lon, lat, h) for h in polygon[1:]):
                    return code
        return None


# --------------------------------------------------------------------------------------------
# The places known so far, in memory
# --------------------------------------------------------------------------------------------


@dataclass
class FileReport:
    path: str
    format: str
    rows: int = 0
    added: int = 0
    matched: int = 0
    merged: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    # A map layer file: its features are counted as added or matched, not as places.
    layer: bool = False

    def line(self) -> str:
        skipped = sum(self.skipped.values())
        reasons = "; ".join(f"{n} {reason}" for reason, n in sorted(self.skipped.items())) if skipped else ""
        return (
            f"{self.path}: {self.format}: {self.rows} read, {self.added} added, {self.matched} matched, "
            f"{self.merged} merged, {skipped} skipped{f' ({reasons})' if reasons else ''} [{self.seconds:.1f} s]"
        )


@dataclass
class GazetteerReport:
    files: list[FileReport] = field(default_factory=list)
    skipped_files: list[tuple[str, str]] = field(default_factory=list)
    aliases_added: int = 0
    layers_added: int = 0
    layers_updated: int = 0
    locations: int = 0
    aliases: int = 0
    seconds: float = 0.0

    def total(self, what: str) -> int:
        return sum(getattr(f, what) for f in self.files if not f.layer)

    def skipped_rows(self) -> Counter:
        counts: Counter = Counter()
        for report in self.files:
            counts.update(report.skipped)
        return counts

    def summary_lines(self) -> list[str]:
        lines = [
            f"Places: {self.total('added')} added, {self.total('matched')} matched, {self.total('merged')} merged, "
            f"{sum(self.skipped_rows().values())} rows skipped; {self.aliases_added} names added; "
            f"layers: {self.layers_added} added, {self.layers_updated} updated.",
        ]
        lines += [f"  skipped {n}: {reason}" for reason, n in sorted(self.skipped_rows().items())]
        lines += [f"  skipped file {path}: {reason}" for path, reason in self.skipped_files]
        lines.append(f"Now {self.locations} places and {self.aliases} names. {self.seconds:.1f} s.")
        return lines


class _Places:
    """Every place and its names, the indexes the matching needs, and the pending writes."""

    def __init__(self) -> None:
        self.rows: list[Location] = list(Location.objects.all())
        self.by: dict[str, dict[Any, Location]] = {code: {} for code in (*_IDS, "slug")}
        self.names: dict[str, list[Location]] = defaultdict(list)
        self.row_keys: dict[int, set[str]] = defaultdict(set)
        self.protected: set[int] = {r.pk for r in self.rows if not r.source}
        # Rows a person edited (their history has a user) are editors' rows, whoever created them.
        self.protected |= set(
            Location.history.filter(history_user__isnull=False).values_list("id", flat=True).distinct()
        )
        self.alias_keys: set[tuple[int, str]] = set(LocationAlias.objects.values_list("location_id", "normalized"))
        self.created: list[Location] = []
        self.changed: dict[int, Location] = {}
        self.changed_fields: set[str] = set()
        self.pending_aliases: list[tuple[Location, str]] = []
        self.pending_parent: dict[int, tuple[Location, PlaceRecord]] = {}
        names: dict[int, list[str]] = defaultdict(list)
        for location_id, name in LocationAlias.objects.values_list("location_id", "name"):
            names[location_id].append(name)
        for row in self.rows:
            self._index(row, [row.name_en, row.name_ar, *names.get(row.pk, [])])
        self.hand_written = _HandWritten(taken=set(self.by["slug"]))

    def _index(self, row: Location, names: Iterable[str]) -> None:
        for code in (*_IDS, "slug"):
            value = getattr(row, code)
            if value:
                self.by[code].setdefault(value, row)
        if row.kind in _POINT_KINDS:
            for key in {name_key(n) for n in names if n} - {""} - self.row_keys[id(row)]:
                self.row_keys[id(row)].add(key)
                self.names[key].append(row)

    def point_of(self, record: PlaceRecord) -> tuple[float | None, float | None]:
        if record.latitude is not None:
            return record.latitude, record.longitude
        parent = self.by["pcode"].get(record.parent_pcode) if record.parent_pcode else None
        return (parent.latitude, parent.longitude) if parent is not None else (None, None)

    def find(self, record: PlaceRecord) -> Location | None:
        own, value = record.own_key
        if own and value in self.by[own]:
            return self.by[own][value]
        for code in _IDS:
            value = getattr(record, code)
            if value and value in self.by[code]:
                return self.by[code][value]
        if record.kind not in _COMPATIBLE:
            return None
        lat, lon = self.point_of(record)
        if lat is None:
            return None
        best: tuple[float, Location] | None = None
        for key in {name_key(n) for n in [record.name_en, record.name_ar, *record.aliases] if n} - {""}:
            for row in self.names.get(key, ()):
                if row.kind not in _COMPATIBLE[record.kind] or row.latitude is None:
                    continue
                if any(getattr(record, c) and getattr(row, c) and getattr(record, c) != getattr(row, c) for c in _IDS):
                    continue
                limit = SAME_PLACE_KM if row.source else PROJECT_PLACE_KM
                km = distance_km(lat, lon, row.latitude, row.longitude)
                if km <= limit and (best is None or km < best[0]):
                    best = (km, row)
        return best[1] if best else None

    def touch(self, row: Location, fields: list[str]) -> None:
        if not fields:
            return
        if row.pk is not None:
            self.changed[row.pk] = row
            self.changed_fields.update(fields)

    def add_names(self, row: Location, names: Iterable[str]) -> int:
        added = 0
        names = [n.strip()[:200] for n in names if n and n.strip()]
        for name in names:
            key = (row.pk if row.pk is not None else -id(row), normalize_name(name)[:200])
            if not key[1] or key in self.alias_keys:
                continue
            self.alias_keys.add(key)
            self.pending_aliases.append((row, name))
            added += 1
        self._index(row, names)
        return added


@dataclass
class _HandWritten:
    """The project's hand-written places not in the database yet (``load_reference_data`` not
    run, or run before they were written): an imported place that is one of them takes its slug."""

    taken: set[str]
    # Every hand-written slug: an imported place never takes one it is not.
    reserved: set[str] = field(default_factory=set)
    by_code: dict[tuple[str, Any], dict[str, Any]] = field(default_factory=dict)
    by_name: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))

    def __post_init__(self) -> None:
        for entry in reference_data_read().locations:
            self.reserved.add(entry["slug"])
            if entry["slug"] in self.taken:
                continue
            for code in ("pcode", "geonames_id"):
                if entry.get(code):
                    self.by_code[(code, entry[code])] = entry
            if entry["kind"] in _POINT_KINDS and entry.get("latitude") is not None:
                for name in [entry["name_en"], entry.get("name_ar", ""), *entry.get("aliases", [])]:
                    if name_key(name):
                        self.by_name[name_key(name)].append(entry)

    def claim(self, record: PlaceRecord, lat: float | None, lon: float | None) -> dict[str, Any] | None:
        entry = self.by_code.get(("pcode", record.pcode)) or self.by_code.get(("geonames_id", record.geonames_id))
        if entry is None and lat is not None and record.kind in _COMPATIBLE:
            keys = {name_key(n) for n in [record.name_en, record.name_ar, *record.aliases] if n} - {""}
            near = [
                (distance_km(lat, lon, e["latitude"], e["longitude"]), e["slug"], e)
                for key in keys
                for e in self.by_name.get(key, ())
                if e["kind"] in _COMPATIBLE[record.kind]
            ]
            near = [item for item in near if item[0] <= PROJECT_PLACE_KM]
            entry = min(near)[2] if near else None
        if entry is None or entry["slug"] in self.taken:
            return None
        self.taken.add(entry["slug"])
        return entry


# --------------------------------------------------------------------------------------------
# Merging one record
# --------------------------------------------------------------------------------------------


def _fill(row: Location, values: dict[str, Any]) -> list[str]:
    changed = []
    for name, value in values.items():
        if value in (None, "") or getattr(row, name) not in (None, ""):
            continue
        setattr(row, name, value)
        changed.append(name)
    return changed


def _merge(places: _Places, row: Location, record: PlaceRecord) -> bool:
    """Add the record's ids, source and names to ``row``; fill its empty fields when the importer
    owns it. Returns whether anything changed."""
    changed = []
    for code in _IDS:
        value = getattr(record, code)
        if value and not getattr(row, code) and value not in places.by[code]:
            setattr(row, code, value)
            places.by[code][value] = row
            changed.append(code)
    if record.source not in row.sources:
        row.sources = [*row.sources, record.source]
        changed.append("sources")
    if row.pk not in places.protected:
        values: dict[str, Any] = {"name_ar": record.name_ar, "population": record.population}
        if row.latitude is None and record.latitude is not None:
            values.update(latitude=record.latitude, longitude=record.longitude)
        changed += _fill(row, values)
        if row.parent_id is None and row.pk is not None:
            places.pending_parent.setdefault(row.pk, (row, record))
    if row.pk is None and row.source:
        # A place created in this run that another source's spelling shows to be one of the
        # hand-written places: it takes that place's slug now (it has no public id yet).
        entry = places.hand_written.claim(record, *places.point_of(record))
        if entry is not None:
            _adopt(places, row, entry)
    places.touch(row, changed)
    added = places.add_names(row, [record.name_en, record.name_ar, *record.aliases])
    return bool(changed or added)


def _adopt(places: _Places, row: Location, entry: dict[str, Any]) -> None:
    """Make ``row`` the hand-written place ``entry``: its slug, and the project's (source "") so
    later imports only add names and ids; its hand-written spellings find it too
    (load_reference_data adds them as aliases)."""
    row.slug = entry["slug"]
    row.source = ""
    places.by["slug"][row.slug] = row
    places._index(row, [entry["name_en"], entry.get("name_ar", ""), *entry.get("aliases", [])])


def _new_slug(places: _Places, record: PlaceRecord) -> str:
    base = slugify(record.name_en)[:90] or "place"
    if record.kind not in _POINT_KINDS:
        base = f"{base}-{record.kind}"
    slug = base
    if slug in places.hand_written.taken or slug in places.hand_written.reserved:
        slug = f"{base}-{slugify(str(record.own_key[1]))}"
    places.hand_written.taken.add(slug)
    return slug


def _create(places: _Places, record: PlaceRecord) -> Location:
    entry = places.hand_written.claim(record, *places.point_of(record))
    row = Location(
        slug=entry["slug"] if entry is not None else _new_slug(places, record),
        name_en=record.name_en[:200],
        name_ar=record.name_ar[:200],
        kind=record.kind,
        country_code=record.country_code,
        latitude=record.latitude,
        longitude=record.longitude,
        population=record.population,
        source=record.source,
        sources=[record.source],
    )
    for code in _IDS:
        value = getattr(record, code)
        if value and value not in places.by[code]:
            setattr(row, code, value)
    places.created.append(row)
    places.rows.append(row)
    places.pending_parent[-id(row)] = (row, record)
    places._index(row, [record.name_en, record.name_ar])
    if entry is not None:
        _adopt(places, row, entry)
    places.add_names(row, [record.name_en, record.name_ar, *record.aliases])
    return row


def _import_places(places: _Places, parsed: ParsedFile, report: FileReport) -> None:
    for record in parsed.places:
        row = places.find(record)
        if row is None:
            _create(places, record)
            report.added += 1
        elif _merge(places, row, record) and not record.derived:
            report.merged += 1
        elif not record.derived:
            # The units a row names (a community's sub-district) are counted in their own table.
            report.matched += 1


# --------------------------------------------------------------------------------------------
# Parents and writes
# --------------------------------------------------------------------------------------------


def _governorates(places: _Places) -> dict[str, Location]:
    by_name = {}
    for row in places.rows:
        if row.kind == LocationKind.GOVERNORATE:
            for name in (row.name_en, row.name_ar):
                by_name.setdefault(name_key(name), row)
    for alias in LocationAlias.objects.filter(location__kind=LocationKind.GOVERNORATE).select_related("location"):
        by_name.setdefault(name_key(alias.name), alias.location)
    return by_name


def _parent_for(places: _Places, record: PlaceRecord, polygons: _Polygons, helpers: dict[str, Any]) -> Location | None:
    by_pcode = places.by["pcode"]
    if record.parent_pcode:
        return by_pcode.get(record.parent_pcode)
    lat, lon = record.latitude, record.longitude
    if lat is not None and record.country_code == "SY":
        code = polygons.containing(lat, lon)
        if code and code in by_pcode:
            return by_pcode[code]
    if lat is not None:
        near = [
            (distance_km(lat, lon, c.latitude, c.longitude), c.pk)
            for c in helpers["communities"].get((round(lat, 1), round(lon, 1)), ())
            if c.country_code == record.country_code
        ]
        near = [item for item in near if item[0] <= NEAREST_COMMUNITY_KM]
        if near:
            community = helpers["by_id"][min(near)[1]]
            if community.parent_id:
                return helpers["by_id"].get(community.parent_id)
    if record.region_hint:
        if record.source == "geonames" and record.country_code == "SY":
            code = GEONAMES_ADMIN1_TO_PCODE.get(record.region_hint)
            if code in by_pcode:
                return by_pcode[code]
        hint = "anbar" if record.source == "geonames" and record.region_hint == "01" else name_key(record.region_hint)
        if hint in helpers["governorates"]:
            return helpers["governorates"][hint]
    return helpers["countries"].get(record.country_code)


def _community_grid(places: _Places) -> dict[tuple[float, float], list[Location]]:
    """Communities (OCHA P-coded towns) in cells of 0.1°, each listed in its neighbours' cells
    too, so one look-up finds every community within ~5 km."""
    grid: dict[tuple[float, float], list[Location]] = defaultdict(list)
    for row in places.rows:
        if row.kind == LocationKind.TOWN and row.pcode and row.latitude is not None:
            for dy in (-0.1, 0, 0.1):
                for dx in (-0.1, 0, 0.1):
                    grid[(round(row.latitude + dy, 1), round(row.longitude + dx, 1))].append(row)
    return grid


def _assign_parents(places: _Places, polygons: _Polygons) -> None:
    if not places.pending_parent:
        return
    helpers = {
        "communities": _community_grid(places),
        "by_id": {row.pk: row for row in places.rows},
        "governorates": _governorates(places),
        "countries": {
            **{r.country_code: r for r in places.rows if r.kind == LocationKind.COUNTRY},
            **({"SY": places.by["pcode"]["SY"]} if "SY" in places.by["pcode"] else {}),
        },
    }
    for row, record in places.pending_parent.values():
        parent = _parent_for(places, record, polygons, helpers)
        if parent is not None and parent.pk != row.pk and row.parent_id is None:
            row.parent_id = parent.pk
            places.touch(row, ["parent_id"])


def _reserve_ids(count: int) -> list[int]:
    """Ids for ``count`` new places, taken before they are inserted so their paths can be
    computed first: one INSERT instead of an INSERT and a bulk UPDATE of every new row (which
    took most of the import's time)."""
    if not count:
        return []
    table = Location._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the transaction holds the database's write lock, so nobody takes these ids.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        first = cursor.fetchone()[0] + 1
        return list(range(first, first + count))


def _flush(places: _Places, polygons: _Polygons) -> int:
    created = places.created
    for row, pk in zip(created, _reserve_ids(len(created)), strict=True):
        row.pk = pk
    created_ids = {row.pk for row in created}
    _assign_parents(places, polygons)
    for row, changed in _hierarchy_changes(places.rows):
        places.touch(row, changed)
    Location.objects.bulk_create(created, batch_size=1000)
    updated = [row for pk, row in places.changed.items() if pk not in created_ids]
    if updated:
        now = timezone.now()
        for row in updated:
            row.updated_at = now
        Location.objects.bulk_update(updated, sorted(places.changed_fields | {"updated_at"}), batch_size=1000)
    aliases = [
        LocationAlias(
            location_id=row.pk, name=name, normalized=normalize_name(name)[:200], language=alias_language(name)
        )
        for row, name in places.pending_aliases
    ]
    LocationAlias.objects.bulk_create(aliases, batch_size=2000)
    history = Location.history
    if created:
        history.bulk_history_create(created, batch_size=1000, default_change_reason=CHANGE_REASON)
    if updated:
        history.bulk_history_create(updated, batch_size=1000, update=True, default_change_reason=CHANGE_REASON)
    if aliases:
        LocationAlias.history.bulk_history_create(aliases, batch_size=2000, default_change_reason=CHANGE_REASON)
    return len(aliases)


def _store_layer(layer: LayerRecord, report: GazetteerReport) -> bool:
    values = {
        "kind": layer.kind,
        "admin_level": layer.admin_level,
        "source": layer.source[:200],
        "feature_count": len(layer.geojson["features"]),
        "geojson": layer.geojson,
    }
    existing = MapLayer.objects.filter(name=layer.name).first()
    if existing is None:
        MapLayer.objects.create(name=layer.name, **values)
        report.layers_added += 1
        return True
    if all(getattr(existing, k) == v for k, v in values.items()):
        return False
    for key, value in values.items():
        setattr(existing, key, value)
    existing.save()
    report.layers_updated += 1
    return True


# --------------------------------------------------------------------------------------------
# The service
# --------------------------------------------------------------------------------------------


def gazetteer_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.rglob("*") if p.is_file() and not p.name.startswith("."))


def gazetteer_import(*, directory: str | Path, progress: Callable[[str], None] | None = None) -> GazetteerReport:
    """Import every recognised file under ``directory`` (see the module docstring); one
    transaction, so a failure leaves the database as it was."""
    started = time.monotonic()
    root = Path(directory)
    if not root.is_dir():
        raise ApplicationError(f"{root} is not a folder.")
    report = GazetteerReport()
    parsed_files: list[ParsedFile] = []
    for path in gazetteer_files(root):
        try:
            parsed_files.append(gazetteer_file_parse(path))
        except NotRecognised as reason:
            report.skipped_files.append((str(path.relative_to(root)), str(reason)))
            if progress:
                progress(f"{path.relative_to(root)}: skipped: {reason}")
    parsed_files.sort(key=lambda p: (p.order, str(p.path)))

    polygons = _Polygons()
    for layer in MapLayer.objects.filter(kind=MapLayerKind.BOUNDARY, admin_level=3):
        polygons.add_layer(layer.geojson, 3)
    with transaction.atomic():
        places = _Places()
        changed_layers = False
        for parsed in parsed_files:
            file_started = time.monotonic()
            file_report = FileReport(
                path=str(parsed.path.relative_to(root)), format=parsed.format, rows=parsed.rows, skipped=parsed.skipped
            )
            if parsed.layer is not None:
                file_report.layer = True
                if parsed.layer.kind == MapLayerKind.BOUNDARY and parsed.layer.admin_level == 3:
                    polygons = _Polygons()
                    polygons.add_layer(parsed.layer.geojson, 3)
                if _store_layer(parsed.layer, report):
                    changed_layers = True
                    file_report.added = parsed.rows
                else:
                    file_report.matched = parsed.rows
            else:
                _import_places(places, parsed, file_report)
            file_report.seconds = time.monotonic() - file_started
            report.files.append(file_report)
            if progress:
                progress(file_report.line())
        report.aliases_added = _flush(places, polygons)
        if places.created or places.changed or report.aliases_added or changed_layers:
            bump_dictionary_version()
    report.locations = Location.objects.count()
    report.aliases = LocationAlias.objects.count()
    report.seconds = time.monotonic() - started
    return report
