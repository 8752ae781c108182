"""The second places file (villages.json) and the extra actor aliases (aliases_extra.json).

The general checks of test_data_files.py (unique slugs, parents, bounds, distance to the parent)
run on everything ``reference_data_read`` returns, villages included; these add what is specific:
the villages are read at all, do not repeat or shadow a place of places.json, and no alias of a
place or actor is a word that ordinary text is full of.
"""

from __future__ import annotations

import json
import re

import pytest

from actors.choices import AliasKind
from actors.models import ActorAlias
from events.choices import LocationKind
from events.extraction.normalize import normalize_name
from events.models import LocationAlias
from events.services import reference
from events.services.reference import (
    ACTOR_ALIASES_FILE,
    ACTORS_FILE,
    ADMIN_FILE,
    PLACES_FILE,
    VILLAGES_FILE,
    distance_km,
    reference_data_load,
    reference_data_problems,
    reference_data_read,
)

# Words every article is full of: prepositions, pronouns, generic nouns of places and forces.
# An alias equal to one of them would put a place or an actor in almost every text.
FUNCTION_WORDS_AR = """
في من على إلى عن مع بعد قبل بين حتى منذ خلال ضد عند لدى هذا هذه ذلك تلك التي الذي الذين كان كانت قد لم لن أن
إن أو ثم كل بعض غير نحو حول عبر فوق تحت أمام قرب شمال جنوب شرق غرب مدينة بلدة قرية حي منطقة ريف الجسر المعبر
السوق الحي المدينة القرية البلدة المنطقة الريف الطريق النهر الحاجز المطار القاعدة الحقل المخيم السجن المشفى
المستشفى المدرسة المسجد الشارع الدوار الساحة المركز الجيش القوات النظام التنظيم الدولة الشرطة المجلس الحدود
""".split()
FUNCTION_WORDS_EN = [
    *"""
the a an in on at of and or to from by with near into after before is was are were be it its as for that this these
those he she they we you not no but town village city area district region camp bridge crossing market road river
base field airport desert countryside border north south east west regime army forces government coalition state
police group militia militias al el ali
""".split(),
    "al ali",
]
COMMON_FORMS = {normalize_name(word) for word in FUNCTION_WORDS_AR + FUNCTION_WORDS_EN}


def _too_common(name: str) -> bool:
    """A common word, or fewer than three letters (codes with a digit, like the T2 station, are
    specific enough)."""
    form = normalize_name(name)
    letters = re.sub(r"[\W\d_]", "", form)
    return form in COMMON_FORMS or (len(letters) < 3 and not re.search(r"\d", form))


def _names(item: dict) -> list[str]:
    return [n for n in [item["name_en"], item.get("name_ar", ""), *item.get("aliases", [])] if n]


@pytest.fixture(scope="module")
def villages():
    return json.loads(VILLAGES_FILE.read_text(encoding="utf-8"))["locations"]


@pytest.fixture(scope="module")
def other_places():
    return [
        *json.loads(ADMIN_FILE.read_text(encoding="utf-8"))["locations"],
        *json.loads(PLACES_FILE.read_text(encoding="utf-8"))["locations"],
    ]


@pytest.fixture(scope="module")
def extra_aliases():
    return json.loads(ACTOR_ALIASES_FILE.read_text(encoding="utf-8"))["aliases"]


@pytest.fixture(scope="module")
def actors():
    return json.loads(ACTORS_FILE.read_text(encoding="utf-8"))["actors"]


def test_it_reads_the_villages_with_the_other_places(villages, other_places):
    read = [p["slug"] for p in reference_data_read().locations]
    assert len(villages) >= 100
    assert {v["slug"] for v in villages} <= set(read)
    assert {v["slug"] for v in villages} & {p["slug"] for p in other_places} == set()
    assert len(read) == len(set(read))


def test_it_names_every_village_in_both_scripts_with_a_valid_kind_and_bank(villages):
    for village in villages:
        assert re.search("[\u0600-\u06ff]", village["name_ar"]), village["slug"]
        assert re.search("[A-Za-z]", village["name_en"]), village["slug"]
        assert village["kind"] in LocationKind.values, village["slug"]
        assert village.get("bank") in (None, "north", "south"), village["slug"]
        assert village["country_code"] in ("SY", "IQ"), village["slug"]
        assert village["aliases"], village["slug"]


def test_it_marks_euphrates_villages_with_the_bank_they_are_on(villages):
    banks = {v["slug"]: v.get("bank") for v in villages}
    for slug in ("jazrat-al-buhmayd", "al-dahla", "al-bu-badran", "zughayr-jazira", "zor-shammar"):
        assert banks[slug] == "north", slug
    for slug in ("al-kharitah", "al-tob", "saalo", "al-ghabrah", "zughayr-shamiya", "ghanem-al-ali"):
        assert banks[slug] == "south", slug


def test_it_does_not_repeat_or_shadow_a_place_of_the_other_files(villages, other_places):
    """A village sharing a name form with another hand-written place would make that name
    ambiguous (and within 10 km it would be the same place written twice)."""
    forms: dict[str, list[dict]] = {}
    for place in other_places:
        for name in _names(place):
            forms.setdefault(normalize_name(name), []).append(place)
    shared = [
        (village["slug"], name, [p["slug"] for p in forms[normalize_name(name)]])
        for village in villages
        for name in _names(village)
        if normalize_name(name) in forms
    ]
    assert shared == []
    village_forms: dict[str, set[str]] = {}
    for village in villages:
        for name in _names(village):
            village_forms.setdefault(normalize_name(name), set()).add(village["slug"])
    assert {form: slugs for form, slugs in village_forms.items() if len(slugs) > 1} == {}


def test_it_keeps_hamlets_and_neighbourhoods_close_to_their_town(villages, other_places):
    by_slug = {p["slug"]: p for p in [*other_places, *villages]}
    far = []
    for village in villages:
        parent = by_slug[village["parent"]]
        if parent["kind"] == "town":
            km = distance_km(village["latitude"], village["longitude"], parent["latitude"], parent["longitude"])
            if km > 10:
                far.append((village["slug"], round(km)))
    assert far == []


def test_it_uses_no_common_word_or_too_short_name_as_a_place_alias():
    data = reference_data_read()
    common = [(item["slug"], name) for item in [*data.locations, *data.crossings] for name in _names(item)]
    assert [(slug, name) for slug, name in common if _too_common(name)] == []


def test_it_uses_no_common_word_or_too_short_name_as_an_extra_actor_alias(extra_aliases):
    assert [a["name"] for a in extra_aliases if _too_common(a["name"])] == []


def test_it_catches_common_words_and_short_names():
    assert _too_common("Al-Ali") and _too_common("الجسر") and _too_common("في") and _too_common("IS")
    assert not _too_common("T2") and not _too_common("Hajin") and not _too_common("جسر البصيرة")


def test_it_gives_extra_aliases_to_known_actors_without_repeating_or_sharing_a_form(extra_aliases, actors):
    owners: dict[str, set[str]] = {}
    for actor in actors:
        names = [actor["name_en"], actor.get("name_ar", "")]
        names += [*actor.get("aliases", []), *actor.get("abbreviations", []), *actor.get("descriptions", [])]
        for name in names:
            if name:
                owners.setdefault(normalize_name(name), set()).add(actor["slug"])
    slugs = {a["slug"] for a in actors}
    assert len(extra_aliases) >= 100
    assert {a["actor"] for a in extra_aliases} <= slugs
    # Not already in actors.json for any actor: neither a repeat nor an ambiguity.
    assert [(a["actor"], a["name"]) for a in extra_aliases if normalize_name(a["name"]) in owners] == []
    keys = [(a["actor"], normalize_name(a["name"])) for a in extra_aliases]
    assert len(keys) == len(set(keys))
    forms = [normalize_name(a["name"]) for a in extra_aliases]
    assert len(forms) == len(set(forms)), "one form, one actor"
    for alias in extra_aliases:
        script = "ar" if re.search("[\u0600-\u06ff]", alias["name"]) else "en"
        assert alias["language"] == script, alias["name"]
        assert alias["kind"] in AliasKind.values, alias["name"]


def test_it_includes_the_spellings_english_outlets_use(extra_aliases, actors):
    known = {}
    for actor in actors:
        names = [actor["name_en"], *actor.get("aliases", []), *actor.get("abbreviations", [])]
        names += actor.get("descriptions", [])
        for name in names:
            known[normalize_name(name)] = actor["slug"]
    known.update({normalize_name(a["name"]): a["actor"] for a in extra_aliases})
    expected = {
        "Assad's forces": "syrian-government-forces",
        "regime troops": "syrian-government-forces",
        "Iran-backed militias": "iran-backed-militias",
        "Iranian-backed militias": "iran-backed-militias",
        "US-backed SDF": "sdf",
        "Kurdish-led SDF": "sdf",
        "US troops": "us-forces",
        "US-led coalition": "international-coalition",
        "IS militants": "islamic-state",
        "ISIS cells": "islamic-state",
        "Afghan Fatemiyoun": "fatemiyoun",
        "Pakistani Zainabiyoun": "zainabiyoun",
        "Kataib Hezbollah": "kataib-hezbollah",
        "National Defense Forces": "national-defence-forces",
        "Israeli warplanes": "israeli-air-force",
        "unknown drones": "unidentified-armed-group",
        "unidentified aircraft": "unidentified-armed-group",
    }
    assert {name: known.get(normalize_name(name)) for name in expected} == expected


def test_it_reports_an_extra_alias_of_an_unknown_actor():
    data = reference_data_read()
    data.actor_aliases.append({"actor": "nobody", "name": "Nobody's men", "language": "en", "kind": "name"})
    data.actor_aliases.append({"actor": "sdf", "name": "SDF men", "language": "fr", "kind": "slogan"})
    problems = reference_data_problems(data)
    assert "extra alias \"Nobody's men\": unknown actor 'nobody'" in problems
    assert "extra alias 'SDF men': unknown language 'fr'" in problems
    assert "extra alias 'SDF men': unknown kind 'slogan'" in problems


@pytest.mark.django_db
def test_it_loads_villages_under_their_sub_district_with_their_aliases():
    reference_data_load()
    alias = LocationAlias.objects.select_related("location").get(normalized=normalize_name("جزرة البو حميد"))
    village = alias.location
    assert village.slug == "jazrat-al-buhmayd" and village.bank == "north"
    assert [a.slug for a in village.ancestors()] == [
        "syria", "deir-ez-zor-governorate", "deir-ez-zor-district", "al-kasrah-subdistrict",
    ]  # fmt: skip
    assert village.admin3.pcode == "SY090101"
    rutbah = LocationAlias.objects.get(normalized=normalize_name("Ar-Rutbah")).location
    assert (rutbah.slug, rutbah.country_code, rutbah.parent.slug) == ("al-rutbah", "IQ", "al-rutbah-district")
    # A neighbourhood whose bare name is an ordinary word is only known in its specific form.
    assert not LocationAlias.objects.filter(normalized=normalize_name("الموظفين")).exists()
    assert LocationAlias.objects.get(normalized=normalize_name("حي الموظفين")).location.parent.slug == "deir-ez-zor"


@pytest.mark.django_db
def test_it_loads_the_extra_actor_aliases_after_the_actors():
    counts = reference_data_load()
    wanted = {
        "Assad's forces": ("syrian-government-forces", "en", AliasKind.DESCRIPTION),
        "US-backed SDF": ("sdf", "en", AliasKind.NAME),
        "المليشيات الإيرانية": ("iran-backed-militias", "ar", AliasKind.DESCRIPTION),
        "jihadists": ("islamic-state", "en", AliasKind.DESCRIPTION),
    }
    for name, expected in wanted.items():
        alias = ActorAlias.objects.select_related("actor").get(normalized=normalize_name(name))
        assert (alias.actor.slug, alias.language, alias.kind) == expected, name
    assert counts["actor_aliases"] >= 700
    again = reference_data_load()
    assert again["actor_aliases_created"] == 0 and again["actor_aliases"] == counts["actor_aliases"]


@pytest.mark.django_db
def test_it_loads_without_the_extra_aliases_file(monkeypatch, tmp_path):
    monkeypatch.setattr(reference, "ACTOR_ALIASES_FILE", tmp_path / "absent.json")
    assert reference_data_read().actor_aliases == []
    reference_data_load(include_geonames=False)
    assert not ActorAlias.objects.filter(normalized=normalize_name("US-backed SDF")).exists()
    assert ActorAlias.objects.filter(normalized=normalize_name("SDF")).exists()
