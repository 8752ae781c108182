"""General rules added in extractor 1.7.0 (eighth pass: small fixes left from the sixth held-out
set), each with examples written for these tests: the owner of an attacked patrol, convoy or
checkpoint is side B in both languages ("a patrol of the U.S.-backed SDF", "دورية تابعة لقسد")
while a patrol that makes an arrest stays side A; "and another militant" counts one more person;
a total followed by figures by town leaves each town its own figure; "a second wave" of strikes
stays an air strike."""

from __future__ import annotations

from datetime import date

from events.extraction.normalize import normalize_text
from events.extraction.numbers import casualties

PUBLISHED = date(2024, 1, 22)  # a Monday


def figures(text):
    words = normalize_text(text).text.lower().replace(",", " ,").replace(".", " .").replace(":", " :")
    return casualties(words.split())


def roles(event):
    return {a["name"]: a["role"] for a in event["actors"]}


def by_place(events):
    return {e["location"]["name"]: e for e in events}


# --- the owner of the target is side B ------------------------------------------------------------


def test_it_puts_the_owner_of_an_ambushed_patrol_on_side_b_past_a_backed_by_modifier(extractor):
    text = (
        "Islamic State militants ambushed a patrol of the U.S.-backed Syrian Democratic Forces (SDF) "
        "near Hajin on Saturday, killing three fighters."
    )
    (event,) = extractor.extract(text, published=PUBLISHED).contract()
    assert roles(event) == {"Islamic State": "side_a", "Syrian Democratic Forces": "side_b"}
    assert event["fatalities"]["killed"] == 3


def test_it_puts_the_owner_of_a_convoy_belonging_to_it_on_side_b(extractor):
    text = "ISIS fighters attacked a convoy belonging to the Kurdish-led SDF near Hajin on Saturday."
    (event,) = extractor.extract(text, published=PUBLISHED).contract()
    assert roles(event) == {"Islamic State": "side_a", "Syrian Democratic Forces": "side_b"}


def test_it_keeps_the_arabic_owner_of_a_targeted_patrol_as_side_b(extractor):
    text = "استهدفت خلايا داعش دورية تابعة لقوات سوريا الديمقراطية قرب هجين يوم السبت."
    (event,) = extractor.extract(text, published=PUBLISHED).contract()
    assert roles(event) == {"Islamic State": "side_a", "Syrian Democratic Forces": "side_b"}


def test_it_still_reads_a_patrol_that_makes_an_arrest_as_side_a(extractor):
    text = "اعتقلت دورية تابعة لقسد شابين في هجين يوم السبت."
    (event,) = extractor.extract(text, published=PUBLISHED).contract()
    assert event["sub_event_type"] == "Arrests"
    assert roles(event) == {"Syrian Democratic Forces": "side_a"}
    assert event["fatalities"]["captured"] == 2


# --- "and another" ------------------------------------------------------------------------------------


def test_it_counts_another_person_after_a_single_victim():
    assert figures("The gunmen fled after killing a fighter and another civilian near the town")["killed"] == 2
    assert figures("SDF fighters killed an ISIS militant and another militant in the raid")["killed"] == 2


def test_it_counts_another_person_after_a_figure():
    assert figures("Clashes killed two soldiers and another officer near the town")["killed"] == 3


def test_it_leaves_another_person_with_a_verb_of_its_own_to_that_verb():
    result = figures("The blast killed a soldier and another soldier was wounded")
    assert (result["killed"], result["wounded"]) == (1, 1)
    result = figures("The blast killed a soldier and wounded another")
    assert result["killed"] == 1


# --- a total, then figures by town ---------------------------------------------------------------------


def test_it_gives_each_town_its_own_figure_after_a_total(extractor):
    text = "Clashes killed 12 fighters on Saturday: eight in Al-Bukamal and four in Al-Mayadin."
    events = by_place(extractor.extract(text, published=PUBLISHED).contract())
    assert {name: e["fatalities"]["killed"] for name, e in events.items()} == {"Al-Bukamal": 8, "Al-Mayadin": 4}


def test_it_gives_each_town_its_own_figure_after_an_arabic_total(extractor):
    text = "قتل 12 عنصرا يوم السبت: ثمانية في البوكمال وأربعة في الميادين."
    events = by_place(extractor.extract(text, published=PUBLISHED).contract())
    assert {name: e["fatalities"]["killed"] for name, e in events.items()} == {"Al-Bukamal": 8, "Al-Mayadin": 4}


def test_it_leaves_a_total_that_does_not_add_up_to_the_towns_figures_alone(extractor):
    text = "Clashes killed 15 fighters on Saturday: eight in Al-Bukamal and four in Al-Mayadin."
    events = by_place(extractor.extract(text, published=PUBLISHED).contract())
    assert events["Al-Bukamal"]["fatalities"]["killed"] == 15  # not a split it can prove
    assert events["Al-Mayadin"]["fatalities"]["killed"] == 4


# --- a second wave of strikes -------------------------------------------------------------------------


def test_it_reads_a_second_wave_of_strikes_as_an_air_strike(extractor):
    text = "US forces carried out a second wave of strikes on Iranian militias in Al-Bukamal on Saturday."
    (event,) = extractor.extract(text, published=PUBLISHED).contract()
    assert (event["event_type"], event["sub_event_type"]) == ("Explosions/Remote violence", "Air/drone strike")
    assert roles(event) == {"US forces": "side_a", "Iran-backed militias": "side_b"}


def test_it_reads_an_arabic_second_wave_of_raids_as_an_air_strike(extractor):
    text = "شنت القوات الأمريكية موجة ثانية من الغارات على مواقع الميليشيات الإيرانية في البوكمال يوم السبت."
    (event,) = extractor.extract(text, published=PUBLISHED).contract()
    assert event["sub_event_type"] == "Air/drone strike"


def test_it_reads_a_second_wave_told_without_a_weapon_as_more_of_the_strikes(extractor):
    text = (
        "US warplanes struck militia positions in Al-Bukamal on Saturday, killing eight fighters. "
        "A second wave hit a logistics site on the outskirts of Al-Mayadin, killing four more."
    )
    events = by_place(extractor.extract(text, published=PUBLISHED).contract())
    assert events["Al-Mayadin"]["sub_event_type"] == "Air/drone strike"
    assert events["Al-Mayadin"]["fatalities"]["killed"] == 4
    assert events["Al-Bukamal"]["fatalities"]["killed"] == 8


def test_it_still_reads_a_wave_of_assassinations_as_a_series(extractor):
    text = "The SDF accused ISIS cells of a wave of assassinations in Hajin."
    assert extractor.extract(text, published=PUBLISHED).contract() == []
