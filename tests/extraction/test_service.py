"""The extraction service: dictionaries from the database, cached per dictionary version."""

from __future__ import annotations

from datetime import UTC, date

import pytest

from actors.models import Actor, ActorAlias, ActorBacking
from events.models import Crossing, Location
from events.services import extraction
from events.services.extraction import ExtractionOutput, extractor_get, run_extraction

pytestmark = pytest.mark.django_db


@pytest.fixture
def places(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        syria = Location.objects.create(slug="syria", name_en="Syria", name_ar="سوريا", kind="country")
        governorate = Location.objects.create(
            slug="deir-ez-zor-governorate",
            name_en="Deir ez-Zor",
            name_ar="دير الزور",
            kind="governorate",
            parent=syria,
            latitude=35.0,
            longitude=40.3,
        )
        district = Location.objects.create(
            slug="al-mayadin-district",
            name_en="Al-Mayadin",
            name_ar="منطقة الميادين",
            kind="district",
            parent=governorate,
            latitude=35.0,
            longitude=40.5,
        )
        dhiban = Location.objects.create(
            slug="dhiban",
            name_en="Dhiban",
            name_ar="ذيبان",
            kind="town",
            parent=district,
            latitude=35.015,
            longitude=40.51,
        )
        dhiban.aliases.create(name="Thiban", language="en")
        Crossing.objects.create(
            slug="dhiban-crossing",
            name_en="Dhiban crossing",
            name_ar="معبر ذيبان",
            kind="river",
            location=dhiban,
            crosses="Euphrates",
        )
        united_states = Actor.objects.create(
            slug="united-states", name_en="United States", name_ar="الولايات المتحدة", kind="foreign_state_force"
        )
        sdf = Actor.objects.create(
            slug="sdf", name_en="Syrian Democratic Forces", name_ar="قوات سوريا الديمقراطية", kind="kurdish_led_force"
        )
        ActorAlias.objects.create(actor=sdf, name="قسد", language="ar")
        ActorBacking.objects.create(actor=sdf, backer=united_states)
        Actor.objects.create(slug="tribal-forces", name_en="Tribal forces", name_ar="قوات العشائر", kind="tribal_force")
    extraction.extractor_reset()
    return {"dhiban": dhiban, "sdf": sdf}


def test_it_extracts_with_the_database_dictionaries(places):
    result = run_extraction(
        text="اندلعت اشتباكات، أمس الأربعاء، بين قوات العشائر وقسد عند المعبر المائي في بلدة ذيبان.",
        published=date(2023, 8, 31),
    )
    assert isinstance(result, ExtractionOutput) and result.language == "ar" and result.version
    (event,) = result.contract()
    assert event["location"]["id"] == places["dhiban"].pk
    assert event["location"]["admin1"] == "Deir ez-Zor" and event["location"]["admin2"] == "Al-Mayadin"
    assert {a["id"]: a["role"] for a in event["actors"]}[places["sdf"].pk] == "side_b"
    assert event["crossing"]["slug"] == "dhiban-crossing"
    assert event["date"] == "2023-08-30"


def test_it_builds_the_dictionary_in_a_few_queries(places, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        entities = extraction.dictionary_entities()
    sdf = next(e for e in entities if e.slug == "sdf")
    assert "قسد" in sdf.aliases and sdf.meta["backers"] == ("united-states",)
    dhiban = next(e for e in entities if e.slug == "dhiban")
    assert dhiban.meta["ancestors"] == ("al-mayadin-district", "deir-ez-zor-governorate", "syria")


def test_it_reuses_the_extractor_until_editors_change_a_name(places, django_capture_on_commit_callbacks):
    first = extractor_get()
    assert extractor_get() is first
    text = "اعتقلت ميليشيا الصناديد خمسة شبان في ذيبان."
    assert run_extraction(text=text, published=date(2023, 1, 2)).contract()[0]["actors"][:1] == []
    with django_capture_on_commit_callbacks(execute=True):
        Actor.objects.create(slug="al-sanadid", name_en="Al-Sanadid", name_ar="ميليشيا الصناديد", kind="tribal_force")
    assert extractor_get() is not first
    (event,) = run_extraction(text=text, published=date(2023, 1, 2)).contract()
    assert event["actors"][0]["slug"] == "al-sanadid"


def test_it_accepts_a_datetime_as_publication_date(places):
    from datetime import datetime

    result = run_extraction(text="Clashes erupted in Thiban yesterday.", published=datetime(2023, 8, 31, 9, tzinfo=UTC))
    assert result.language == "en"
    assert result.contract()[0]["date"] == "2023-08-30"


def test_it_leaves_imported_places_out_of_the_dictionary_unless_asked(places, settings):
    """Places a gazetteer import created stay out of the extractor until ambiguous names are
    handled; the aliases an import adds to the project's own places are used."""
    imported = Location.objects.create(
        slug="tall-sur",
        name_en="Sur",
        name_ar="سور",
        kind="town",
        latitude=35.1,
        longitude=40.4,
        source="ocha_cod_2018",
    )
    imported.aliases.create(name="Tall Sur", language="en")
    places["dhiban"].aliases.create(name="Theban", language="en")

    def names() -> set[str]:
        found = set()
        for entity in extraction.dictionary_entities():
            found |= {entity.name, *entity.aliases}
        return found

    assert "Sur" not in names() and "Tall Sur" not in names()
    assert {"Thiban", "Theban"} <= names()
    settings.EXTRACTION_IMPORTED_PLACES = True
    assert {"Sur", "Tall Sur", "Theban"} <= names()
