"""General rules added in extractor 1.4.0 (fifth pass, fourth held-out set), each with examples
written for these tests, and the bare-name keys for bracketed place names built by the service."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command

from events.extraction.dates import MONTH, find_dates
from events.extraction.normalize import normalize_text
from events.extraction.numbers import casualties
from events.extraction.triggers import cancelled
from events.models import Location
from events.services import extraction

PUBLISHED = date(2023, 5, 10)  # a Wednesday


def figures(text):
    words = normalize_text(text).text.lower().replace(",", " ,").replace(".", " .").split()
    return casualties(words)


def dates(text, published=PUBLISHED):
    return [(d.date, d.precision) for d in find_dates(normalize_text(text).text, published, None) if d.date]


def test_it_dates_a_month_named_as_past_to_its_latest_occurrence():
    assert dates("وكان المرصد قد وثق في شباط الفائت مقتل 11 عنصراً") == [(date(2023, 2, 15), MONTH)]
    assert dates("قُتل خلال أيار الماضي ثلاثة عناصر") == [(date(2022, 5, 15), MONTH)]
    assert dates("Eleven fighters were killed in February, the monitor said.") == [(date(2023, 2, 15), MONTH)]
    assert dates("Strikes hit the town last December.") == [(date(2022, 12, 15), MONTH)]
    # a full date is still a day, not a month
    assert dates("The attack on March 3 killed two.") == [(date(2023, 3, 3), "day")]


def test_it_counts_people_from_a_group_before_the_verb():
    assert figures("The monitor said nine fighters from Iran-aligned militias were killed.")["killed"] == 9
    assert figures("Three civilians from the village were wounded.")["wounded"] == 3


def test_it_reads_habitual_strikes_as_no_event():
    assert cancelled(["israeli", "and"], ["have", "periodically", "hit"]) == "series"
    assert cancelled(["تصاعدا", "العام", "مطلع", "منذ"], ["خلايا"]) == "series"


def test_it_reads_a_blast_striking_a_vehicle_as_the_explosion_not_an_air_strike():
    assert cancelled(["blast", "the"], ["the", "last"], tag="air") == "reference"
    assert cancelled(["jets", "us"], ["the", "depot"], tag="air") is None


def test_it_does_not_place_an_event_at_the_wire_dateline(extractor):
    text = (
        "AL-HASAKAH, Syria (AP) — A roadside bomb exploded near an SDF patrol on Monday, wounding two fighters.\n"
        "The patrol was driving on the road outside Dhiban, local activists said."
    )
    (event,) = extractor.extract(text, published=PUBLISHED).contract()
    assert event["location"]["slug"] == "dhiban"


def test_it_places_a_dated_incident_in_a_country_region_at_the_town_of_the_next_sentence(extractor):
    text = (
        "Beirut (AFP) - The SDF detained three suspected Islamic State members in a raid in eastern Syria "
        "on Tuesday.\nFighters encircled a house on the outskirts of Dhiban before dawn, the statement said."
    )
    (event,) = extractor.extract(text, published=PUBLISHED).contract()
    assert event["sub_event_type"] == "Arrests"
    assert event["location"]["slug"] == "dhiban"


@pytest.mark.django_db
def test_it_matches_a_bracketed_place_name_by_its_bare_form_when_unambiguous(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_reference_data", stdout=io.StringIO())
    extraction.extractor_reset()
    harabesh = Location.objects.get(name_en="Harabesh (Deir ez-Zor)")
    entities = {e.slug: e for e in extraction.dictionary_entities()}
    assert "Harabesh" in entities[harabesh.slug].aliases
    # "Al-Salihiyah (Deir ez-Zor)": the bare name is another place's, so it is not added
    salihiyah = Location.objects.get(name_en="Al-Salihiyah (Deir ez-Zor)")
    assert "Al-Salihiyah" not in entities[salihiyah.slug].aliases
    result = extraction.run_extraction(
        text="Unknown gunmen shot dead a civilian in the Harabesh district on Tuesday.",
        published=PUBLISHED,
        language="en",
    )
    (event,) = result.contract()
    assert event["location"]["slug"] == harabesh.slug


def test_it_reads_a_state_after_a_locative_as_a_place_not_a_party(extractor):
    from events.extraction.stages.mentions import state_as_place

    def state_mentions(text):
        norm = normalize_text(text).text
        return [state_as_place(norm, m) for m in extractor.dictionary.find(norm) if m.entity.slug == "iran"]

    assert state_mentions("A convoy entered Syria coming from Iran on Monday.") == [True]
    assert state_mentions("دخل رتل قادماً من إيران إلى البوكمال.") == [True]
    assert state_mentions("Iran denied any role in the attack.") == [False]
    assert state_mentions("ميليشيات مدعومة من إيران") == [False]


def test_it_keeps_a_second_party_whose_unit_is_joined_by_wa(extractor):
    text = "اندلع اشتباك، أمس الثلاثاء، بين عناصر من قسد ودورية تابعة لقوات النظام في بلدة ذيبان، أسفر عن مقتل عنصر."
    (event,) = extractor.extract(text, published=PUBLISHED).contract()
    slugs = {a["slug"] for a in event["actors"]}
    assert {"sdf", "syrian-government-forces"} <= slugs


@pytest.mark.django_db
def test_it_puts_an_unidentified_drone_on_side_a_when_no_other_striker_is_named(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_reference_data", stdout=io.StringIO())
    extraction.extractor_reset()
    text = "رصد ناشطون، أمس الثلاثاء، استهداف طائرة مسيّرة مجهولة الهوية رتلاً لقوات النظام قرب مدينة البوكمال."
    (event,) = extraction.run_extraction(text=text, published=PUBLISHED, language="ar").contract()
    assert event["sub_event_type"] == "Air/drone strike"
    roles = {a["slug"]: a["role"] for a in event["actors"]}
    assert roles.get("unidentified-armed-group") == "side_a"
    assert roles.get("syrian-government-forces") == "side_b"
