"""A small dictionary written for these tests (the pure-package tests need no database)."""

from __future__ import annotations

import pytest

from events.extraction.dictionary import ACTOR, CROSSING, LOCATION, Dictionary, Entity
from events.extraction.pipeline import Extractor


def actor(slug, name, name_ar, *aliases, kind="rebel_group", parent=None, backers=()):
    meta = {"actor_kind": kind, "parent": parent, "backers": tuple(backers)}
    return Entity(ACTOR, slug, name, name_ar, tuple(aliases), meta=meta)


def place(slug, name, name_ar, lat, lon, *aliases, kind="town", admin1="Deir ez-Zor", ancestors=()):
    meta = {
        "location_kind": kind,
        "latitude": lat,
        "longitude": lon,
        "admin1": admin1,
        "admin2": "",
        "ancestors": tuple(ancestors),
    }
    return Entity(LOCATION, slug, name, name_ar, tuple(aliases), meta=meta)


GOV = ("deir-ez-zor-governorate", "syria")

ENTITIES = [
    actor("iran", "Iran", "إيران", "Tehran", "طهران", kind="foreign_state_force"),
    actor("russia", "Russia", "روسيا", "موسكو", kind="foreign_state_force"),
    actor("united-states", "United States", "الولايات المتحدة", "Washington", kind="foreign_state_force"),
    actor(
        "syrian-government-forces",
        "Syrian government forces",
        "قوات النظام السوري",
        "قوات النظام",
        "قوات الأسد",
        "Syrian army",
        "regime forces",
        kind="state_force",
    ),
    actor("4th-division", "4th Division", "الفرقة الرابعة", kind="state_force", parent="syrian-government-forces"),
    actor(
        "irgc",
        "Islamic Revolutionary Guard Corps",
        "الحرس الثوري الإيراني",
        "الحرس الثوري",
        "IRGC",
        kind="foreign_state_force",
        parent="iran",
    ),
    actor(
        "iran-backed-militias",
        "Iran-backed militias",
        "الميليشيات الإيرانية",
        "Iranian militias",
        kind="foreign_backed_militia",
        backers=("iran",),
    ),
    actor(
        "iran-backed-iraqi-militias",
        "Iran-backed Iraqi militias",
        "ميليشيا عراقية",
        kind="foreign_backed_militia",
        backers=("iran",),
    ),
    actor(
        "russia-backed-militias",
        "Russia-backed militias",
        "الميليشيات المدعومة من روسيا",
        kind="pro_government_militia",
        backers=("russia",),
    ),
    actor(
        "russian-armed-forces",
        "Russian armed forces",
        "القوات الروسية",
        "Russian forces",
        kind="foreign_state_force",
        parent="russia",
    ),
    actor(
        "us-forces",
        "US forces",
        "القوات الأمريكية",
        "القوات الأميركية",
        "US forces",
        kind="foreign_state_force",
        parent="united-states",
    ),
    actor(
        "international-coalition",
        "International coalition",
        "التحالف الدولي",
        "US-led coalition",
        kind="coalition",
        backers=("united-states",),
    ),
    actor(
        "sdf",
        "Syrian Democratic Forces",
        "قوات سوريا الديمقراطية",
        "قسد",
        "SDF",
        kind="kurdish_led_force",
        backers=("united-states",),
    ),
    actor("islamic-state", "Islamic State", "تنظيم الدولة", "داعش", "تنظيم داعش", "ISIS", "IS", kind="jihadist_group"),
    actor("liwa-al-baqir", "Liwa al-Baqir", "لواء الباقر", kind="foreign_backed_militia", backers=("iran",)),
    actor("tribal-forces", "Tribal forces", "قوات العشائر", "tribal fighters", kind="tribal_force"),
    actor("civilians", "Civilians", "مدنيون", kind="civilians"),
    actor(
        "protesters",
        "Protesters",
        "متظاهرون",
        "protesters",
        "demonstrators",
        "المتظاهرين",
        "المحتجون",
        kind="protesters",
    ),
    actor("unidentified-armed-group", "Unidentified armed group", "مسلحون مجهولون", kind="other"),
    place("syria", "Syria", "سوريا", 35.0, 38.5, kind="country", admin1=""),
    place(
        "deir-ez-zor-governorate",
        "Deir ez-Zor",
        "دير الزور",
        35.0,
        40.3,
        "محافظة دير الزور",
        kind="governorate",
        ancestors=("syria",),
    ),
    place("deir-ez-zor", "Deir ez-Zor", "دير الزور", 35.336, 40.141, "مدينة دير الزور", ancestors=GOV),
    place(
        "eastern-deir-ez-zor-countryside",
        "Eastern Deir ez-Zor countryside",
        "ريف دير الزور الشرقي",
        34.8,
        40.7,
        kind="region",
        ancestors=GOV,
    ),
    place("al-bukamal", "Al-Bukamal", "البوكمال", 34.452, 40.918, "Abu Kamal", "Albukamal", ancestors=GOV),
    place("al-mayadin", "Al-Mayadin", "الميادين", 35.02, 40.451, "Mayadin", ancestors=GOV),
    place("dhiban", "Dhiban", "ذيبان", 35.015, 40.510, "Thiban", ancestors=GOV),
    place("al-shuhail", "Al-Shuhail", "الشحيل", 35.055, 40.478, "Shuhail", ancestors=GOV),
    place("hajin", "Hajin", "هجين", 34.695, 40.831, ancestors=GOV),
    place("al-hasakah", "Al-Hasakah", "الحسكة", 36.502, 40.748, "Hasakah", admin1="Al-Hasakah"),
    place("al-hirak", "Al-Hirak", "الحراك", 32.75, 36.3, admin1="Daraa"),
    Entity(
        CROSSING,
        "al-shuhail-crossing",
        "Al-Shuhail crossing",
        "معبر الشحيل",
        ("Shuhail ferry",),
        meta={"crossing_kind": "river", "location": "al-shuhail"},
    ),
]


@pytest.fixture(scope="session")
def dictionary() -> Dictionary:
    return Dictionary(ENTITIES)


@pytest.fixture(scope="session")
def extractor(dictionary) -> Extractor:
    return Extractor(dictionary)


def draft(family="violence", tag="clash", sentences=(0,), **fields):
    """A candidate event as the frames stage makes one, for the stage tests."""
    from events.extraction.assemble import Draft
    from events.extraction.triggers import TYPES

    return Draft(family=family, tags=[tag], types=[TYPES[tag]], sentences=list(sentences), **fields)
