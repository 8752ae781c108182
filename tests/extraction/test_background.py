"""Second-pass rules for unseen reports: background, restated and referred-back mentions are not
new events; tolls are read as a careful coder reads them; datelines split headline from lead."""

from __future__ import annotations

import re
from datetime import date

from events.extraction.normalize import normalize_text
from events.extraction.numbers import casualties
from events.extraction.sentences import split_sentences


def figures(text):
    return casualties(re.findall(r"\w+", normalize_text(text).text))


def events(extractor, text, published=date(2021, 5, 12)):
    return extractor.extract(text, published=published).contract()


def test_it_does_not_read_years_as_tolls():
    assert figures("Mon Nov 7 2016 child killed in Aleppo")["killed"] is None
    assert figures("the war has killed people since 2011")["killed"] is None
    assert figures("killed 12 people on 7 July 2016")["killed"] == 12


def test_it_does_not_add_a_part_of_the_toll_to_it():
    assert figures("killed 20 civilians including five children")["killed"] == 20
    assert figures("killed 12 people, eight of them children")["killed"] == 12
    assert figures("مقتل خمسة مدنيين بينهم طفلان")["killed"] == 5
    assert figures("at least 15 people, including a number of children, were killed")["killed"] == 15


def test_it_takes_a_restated_figure_once_and_adds_up_sides():
    assert figures("Strikes kill 45 near Damascus. At least 45 people were killed")["killed"] == 45
    assert figures("killing three soldiers and two militants")["killed"] == 5
    assert figures("مقتل 3 من قسد و3 من داعش")["killed"] == 6


def test_it_reads_a_death_toll_that_rose():
    assert figures("The death toll from the clashes in the town of Dhiban rose to nine")["killed"] == 9
    assert figures("wounding dozens")["wounded"] == 12
    assert figures("قُتل قياديان من الحرس الثوري")["killed"] == 2


def test_it_splits_a_dateline_from_the_headline_and_the_lead():
    text = "syria strikes kill 45 afp thursday 5 feb 2015 at least 45 people were killed"
    parts = [text[s.start : s.end] for s in split_sentences(text)]
    assert parts == ["syria strikes kill 45 afp", "thursday 5 feb 2015", "at least 45 people were killed"]
    inside = "the attack on 5 feb 2015 killed 12 people"
    assert [inside[s.start : s.end] for s in split_sentences(inside)] == [inside]


def test_it_ignores_running_totals_and_earlier_periods(extractor):
    assert events(extractor, "The war has killed more than 300,000 people in Syria since 2011.") == []
    assert events(extractor, "More than 200 civilians have been killed in Hajin in the past two weeks.") == []
    assert events(extractor, "ووثق المرصد منذ مطلع العام الجاري مقتل 150 عنصراً من قسد في هجين.") == []
    assert events(extractor, "Cells have in the past abducted and killed oil workers in Dhiban.") == []


def test_it_ignores_accusations_habits_and_similar_strikes(extractor):
    assert events(extractor, "اعتقلت قسد خلايا متهمة بتنفيذ عمليات اغتيال في الشحيل.")[0]["sub_event_type"] == "Arrests"
    assert len(events(extractor, "اعتقلت قسد خلايا متهمة بتنفيذ عمليات اغتيال في الشحيل.")) == 1
    assert events(extractor, "وتستهدف خلايا التنظيم الأرتال في بادية هجين.") == []
    assert events(extractor, "Russian warplanes continue to target hospitals in Hajin.") == []
    assert events(extractor, "The SDF accused the militias of attacks on Dhiban.") == []


def test_it_codes_an_answer_as_a_new_event_with_its_own_place(extractor):
    text = (
        "قصفت قوات النظام بقذائف الهاون قرية ذيبان صباح اليوم. "
        "وردت قسد باستهداف مواقع لقوات النظام في مدينة الميادين بالأسلحة الثقيلة."
    )
    found = events(extractor, text)
    assert [(e["sub_event_type"], e["location"]["name"]) for e in found] == [
        ("Shelling/artillery/missile attack", "Dhiban"),
        ("Shelling/artillery/missile attack", "Al-Mayadin"),
    ]


def test_it_folds_a_quoted_restatement_into_the_incident(extractor):
    text = (
        "Coalition forces killed an Islamic State commander and captured two militants in a raid in Al-Shuhail "
        'on Tuesday. "A leader was killed and two others were detained," the monitor said.'
    )
    found = events(extractor, text)
    assert len(found) == 1
    assert found[0]["event_type"] == "Battles"
    assert found[0]["fatalities"]["killed"] == 1
    assert found[0]["fatalities"]["captured"] == 2


def test_it_reads_an_unidentified_aircraft_strike_as_an_air_strike(extractor):
    found = events(
        extractor, "استهدفت طائرات مجهولة الهوية مواقع لقوات النظام في البوكمال، ما أدى إلى مقتل سبعة عناصر."
    )
    assert [(e["sub_event_type"], e["fatalities"]["killed"]) for e in found] == [("Air/drone strike", 7)]


def test_it_keeps_a_meetings_parties_and_not_the_factions_it_discussed(extractor):
    text = (
        "اجتمع ضباط من القوات الروسية مع قياديين في الحرس الثوري في مدينة البوكمال أمس. "
        "وناقش الاجتماع انتشار قسد وتحركات تنظيم الدولة في البادية."
    )
    found = events(extractor, text)
    assert [e["sub_event_type"] for e in found] == ["Agreement"]
    assert {a["slug"] for a in found[0]["actors"]} == {"russian-armed-forces", "irgc"}
