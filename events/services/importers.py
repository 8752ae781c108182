"""Importers for the public gazetteer formats users download themselves.

- ``geonames_dump_import``: a GeoNames country dump (``SY.txt`` from
  https://download.geonames.org/export/dump/), tab-separated, the standard 19 columns.
- ``pcodes_import``: an OCHA/HDX administrative P-code table (CSV) for one level.

Both add what is missing and fill the empty fields of places that exist; they never overwrite
the project's or editors' names, and never delete. Re-importing the same file changes nothing.
"""

from __future__ import annotations

import csv
import re
import time
from collections import Counter
from pathlib import Path
from typing import Any, TextIO

from django.db import transaction

from conflict.errors import ApplicationError
from events.choices import LocationKind
from events.extraction.normalize import normalize_name
from events.models import Location, LocationAlias
from events.services.dictionary import bump_dictionary_version
from events.services.reference import (
    LocationRecord,
    geonames_town_records,
    location_records_sync,
)

# The 19 columns of a GeoNames dump ("geoname" table), in order.
GEONAMES_COLUMNS = (
    "geonameid",
    "name",
    "asciiname",
    "alternatenames",
    "latitude",
    "longitude",
    "feature_class",
    "feature_code",
    "countrycode",
    "cc2",
    "admin1code",
    "admin2code",
    "admin3code",
    "admin4code",
    "population",
    "elevation",
    "dem",
    "timezone",
    "modification_date",
)
# Populated places that no longer exist or are only historical: not imported.
_GEONAMES_SKIPPED_CODES = {"PPLH", "PPLQ", "PPLW", "PPLCH"}

PCODE_LEVEL_KIND = {1: LocationKind.GOVERNORATE, 2: LocationKind.DISTRICT, 3: LocationKind.SUBDISTRICT}


def _finish(counts: Counter, started: float, stdout: TextIO | None) -> dict[str, int]:
    if any(v for k, v in counts.items() if k.endswith(("_created", "_updated"))):
        bump_dictionary_version()
    counts["milliseconds"] = round((time.monotonic() - started) * 1000)
    if stdout is not None:
        for key in sorted(counts):
            stdout.write(f"{key}: {counts[key]}\n")
    return dict(counts)


def _existing_places_as_records() -> list[LocationRecord]:
    """The places already in the database with all their names: a GeoNames place with the
    same GeoNames id, or with the same name close to one of them, is that place (and is left
    alone, so re-importing a dump changes nothing)."""
    names: dict[int, list[str]] = {}
    for location_id, name in LocationAlias.objects.values_list("location_id", "name"):
        names.setdefault(location_id, []).append(name)
    records = []
    for row in Location.objects.filter(latitude__isnull=False):
        records.append(
            LocationRecord(
                key=("slug", row.slug),
                values={
                    "kind": row.kind,
                    "latitude": row.latitude,
                    "longitude": row.longitude,
                    "geonames_id": row.geonames_id,
                },
                parent=None,
                aliases=[row.name_en, row.name_ar, *names.get(row.pk, [])],
            )
        )
    return records


def geonames_dump_read(*, path: str | Path, country: str = "SY") -> list[dict[str, Any]]:
    """The populated places (feature class P) of ``country`` in a GeoNames dump file."""
    towns = []
    with Path(path).open(encoding="utf-8", newline="") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) != len(GEONAMES_COLUMNS):
                raise ApplicationError(
                    f"{path}, line {number}: expected {len(GEONAMES_COLUMNS)} tab-separated columns "
                    f"(a GeoNames dump), found {len(parts)}."
                )
            row = dict(zip(GEONAMES_COLUMNS, parts, strict=True))
            if row["countrycode"] != country or row["feature_class"] != "P":
                continue
            if row["feature_code"] in _GEONAMES_SKIPPED_CODES:
                continue
            try:
                towns.append(
                    {
                        "geonameid": int(row["geonameid"]),
                        "name": row["name"],
                        "asciiname": row["asciiname"],
                        "alternatenames": [n for n in row["alternatenames"].split(",") if n],
                        "latitude": float(row["latitude"]),
                        "longitude": float(row["longitude"]),
                        "countrycode": row["countrycode"],
                        "admin1code": row["admin1code"],
                        "population": int(row["population"] or 0),
                    }
                )
            except ValueError as error:
                raise ApplicationError(f"{path}, line {number}: {error}") from error
    return towns


def geonames_dump_import(*, path: str | Path, country: str = "SY", stdout: TextIO | None = None) -> dict[str, int]:
    """Import the populated places of a GeoNames country dump as towns.

    Places already known (same GeoNames id, or same name within 10 km) are left alone; towns
    are parented to their governorate, which must exist (run ``load_reference_data`` first).
    """
    started = time.monotonic()
    towns = geonames_dump_read(path=path, country=country)
    counts: Counter = Counter({"geonames_rows": len(towns)})
    records, skipped = geonames_town_records(towns, hand_written=_existing_places_as_records(), country=country)
    counts["geonames_towns_skipped"] = skipped
    known_pcodes = set(Location.objects.exclude(pcode=None).values_list("pcode", flat=True))
    missing = sorted({r.parent[1] for r in records if r.parent and r.parent[0] == "pcode"} - known_pcodes)
    if missing:
        raise ApplicationError(
            f"The places with P-codes {', '.join(missing)} are missing: load the reference data "
            "(manage.py load_reference_data) or import the P-codes first."
        )
    with transaction.atomic():
        location_records_sync(records, counts=counts)
    return _finish(counts, started, stdout)


def _header_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _pick(headers: dict[str, str], *candidates: str) -> str | None:
    for candidate in candidates:
        if candidate in headers:
            return headers[candidate]
    return None


def pcodes_import(*, path: str | Path, level: int, stdout: TextIO | None = None) -> dict[str, int]:
    """Import one level (1 governorates, 2 districts, 3 sub-districts) of an OCHA/HDX P-code
    table. Column names are recognised in the usual spellings: ``PCODE``/``ADM2_PCODE``/
    ``admin2Pcode``, ``NAME_EN``/``ADM2_EN``/``admin2Name_en``, the Arabic equivalents, the
    parent's ``ADM1_PCODE``/``admin1Pcode``, and optional ``CENTROID_LAT``/``latitude``."""
    if level not in PCODE_LEVEL_KIND:
        raise ApplicationError("The level must be 1 (governorates), 2 (districts) or 3 (sub-districts).")
    started = time.monotonic()
    up = level - 1
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        headers = {_header_key(h): h for h in reader.fieldnames or []}
        columns = {
            "pcode": _pick(headers, f"adm{level}pcode", f"admin{level}pcode", f"adm{level}code", "pcode"),
            "name_en": _pick(
                headers,
                f"adm{level}en",
                f"admin{level}nameen",
                f"adm{level}nameen",
                f"admin{level}name",
                "nameen",
                "name",
            ),
            "name_ar": _pick(
                headers, f"adm{level}ar", f"admin{level}namear", f"adm{level}namear", "namear", "arabicname"
            ),
            "parent": _pick(headers, f"adm{up}pcode", f"admin{up}pcode", f"adm{up}code"),
            "latitude": _pick(headers, "centroidlat", "latitude", "lat", "ycoord", "centery"),
            "longitude": _pick(headers, "centroidlon", "longitude", "lon", "long", "xcoord", "centerx"),
        }
        for required in ("pcode", "name_en"):
            if columns[required] is None:
                raise ApplicationError(
                    f"{path}: no {required.replace('_', ' ')} column for level {level} "
                    f"(columns: {', '.join(reader.fieldnames or [])})."
                )
        rows = list(reader)

    def number(row: dict[str, str], column: str | None) -> float | None:
        try:
            return float(row[column]) if column and row.get(column, "").strip() else None
        except ValueError:
            return None

    known_pcodes = set(Location.objects.exclude(pcode=None).values_list("pcode", flat=True))
    kind = PCODE_LEVEL_KIND[level]
    records = []
    for row in rows:
        code = row[columns["pcode"]].strip()
        if not code:
            continue
        name_en = row[columns["name_en"]].strip()
        name_ar = row[columns["name_ar"]].strip() if columns["name_ar"] else ""
        parent_code = row[columns["parent"]].strip() if columns["parent"] else ""
        if not parent_code and level > 1:
            parent_code = code[: 2 + 2 * (level - 1)]  # SY0902 -> SY09: OCHA codes nest.
        if level == 1 and parent_code not in known_pcodes:
            parent_code = ""  # no country row: governorates are then top-level places
        lat, lon = number(row, columns["latitude"]), number(row, columns["longitude"])
        if lat is not None and lon is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180):
            lat = lon = None
        records.append(
            LocationRecord(
                key=("pcode", code),
                values={
                    "name_en": name_en,
                    "name_ar": name_ar,
                    "kind": kind,
                    "latitude": lat,
                    "longitude": lon,
                    "pcode": code,
                    "country_code": code[:2].upper(),
                },
                parent=("pcode", parent_code) if parent_code else None,
                aliases=[name_en, name_ar],
                slug_hint=f"{name_en} {kind}",
                overwrite=False,
            )
        )
    batch = {r.key[1] for r in records}
    missing = sorted({r.parent[1] for r in records if r.parent} - known_pcodes - batch)
    if missing:
        raise ApplicationError(
            f"Parent P-codes not found: {', '.join(missing[:10])}. Import level {up} first "
            "(or load the reference data)."
        )
    counts: Counter = Counter({"pcode_rows": len(records)})
    if {normalize_name(r.values["name_en"]) for r in records} == {""}:
        raise ApplicationError(f"{path}: the name column is empty.")
    with transaction.atomic():
        location_records_sync(records, counts=counts)
    return _finish(counts, started, stdout)
