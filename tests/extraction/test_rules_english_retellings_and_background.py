"""General rules added in extractor 1.6.0 (seventh pass, sixth held-out set: English reports), each
with examples written for these tests: one incident told again in other words stays one event,
history and recalled incidents are background, tolls updated later in the text, figures around a
bracketed gloss, single victims in the passive, civilians who are only the source of the news,
"the eastern province of", "a day after", and the captives of a raid."""

from __future__ import annotations

from datetime import date

from events.extraction.dates import find_dates
from events.extraction.normalize import normalize_text
from events.extraction.numbers import casualties

PUBLISHED = date(2024, 1, 22)  # a Monday


def figures(text):
    words = normalize_text(text).text.lower().replace(",", " ,").replace(".", " .")
    return casualties(words.replace("(", "( ").replace(")", " )").split())


def names(event):
    return {a["name"] for a in event["actors"]}


# --- background and recalled incidents ------------------------------------------------------------


def test_it_reads_a_sentence_marked_as_history_as_no_new_event(extractor):
    text = (
        "SDF fighters shot dead a young man during a raid in Hajin on Saturday, his relatives said. "
        "Similar protests broke out in Dhiban last year after two men were killed in raids."
    )
    (event,) = extractor.extract(text, published=PUBLISHED).contract()
    assert event["location"]["name"] == "Hajin"
    assert event["date"] == "2024-01-20"


def test_it_drops_an_incident_dated_weeks_before_the_one_the_report_leads_with(extractor):
    text = (
        "Islamic State militants ambushed an SDF patrol near Hajin on Saturday, killing three fighters. "
        "On January 2, gunmen killed an SDF commander in Al-Shuhail."
    )
    (event,) = extractor.extract(text, published=PUBLISHED).contract()
    assert event["location"]["name"] == "Hajin"
    assert event["fatalities"]["killed"] == 3


def test_it_keeps_an_incident_two_days_before_the_lede_as_an_event_of_its_own(extractor):
    text = (
        "Islamic State militants ambushed an SDF patrol near Hajin on Saturday, killing three fighters. "
        "On Thursday, gunmen killed an SDF commander in Al-Shuhail."
    )
    events = extractor.extract(text, published=PUBLISHED).contract()
    assert {e["location"]["name"] for e in events} == {"Hajin", "Al-Shuhail"}


def test_it_reads_a_month_followed_by_last_year_in_the_previous_year():
    text = normalize_text("In March last year, fifteen people were killed in a similar attack").text.lower()
    (mention,) = find_dates(text, date(2024, 3, 9))
    assert (mention.date, mention.precision) == (date(2023, 3, 15), "month")
    text = normalize_text("In March, fifteen people were killed").text.lower()
    assert find_dates(text, date(2024, 3, 9))[0].date == date(2024, 3, 9)


def test_it_reads_an_analysis_that_opens_with_history_as_no_event(extractor):
    text = (
        "Five years after the Islamic State lost its last village at Hajin, its cells move between hideouts in "
        "the desert, striking army convoys and militia outposts. The group has adapted, analysts say."
    )
    assert extractor.extract(text, published=PUBLISHED).contract() == []


# --- one incident, told again -----------------------------------------------------------------------


def test_it_folds_a_definite_retelling_of_another_kind_into_the_incident(extractor):
    text = (
        "Unknown gunmen shot dead a member of the Iranian militias in Al-Mayadin on Sunday, a monitor said. "
        "Residents said explosions could be heard in the town during the attack."
    )
    (event,) = extractor.extract(text, published=PUBLISHED).contract()
    assert event["event_type"] == "Battles"
    assert event["fatalities"]["killed"] == 1
    assert len(event["evidence"]) == 2


def test_it_keeps_an_incident_said_to_be_separate(extractor):
    text = (
        "Unknown gunmen shot dead a member of the Iranian militias in Al-Mayadin on Sunday, a monitor said. "
        "Separately, regime forces shelled Al-Shuhail on Sunday, wounding three civilians."
    )
    events = extractor.extract(text, published=PUBLISHED).contract()
    assert sorted(e["event_type"] for e in events) == ["Battles", "Explosions/Remote violence"]


def test_it_reads_civilians_who_give_the_news_as_no_victims(extractor):
    text = (
        "Islamic State militants ambushed an SDF patrol near Hajin on Saturday, killing three fighters. "
        "Residents said reinforcements were rushed to the area after the ambush."
    )
    (event,) = extractor.extract(text, published=PUBLISHED).contract()
    assert event["event_type"] == "Battles"
    assert "Civilians" not in names(event)


def test_it_narrows_the_eastern_province_to_the_town_the_retelling_names(extractor):
    text = (
        "Islamic State militants killed two SDF fighters in an attack on a checkpoint in the eastern province "
        "of Deir ez-Zor on Monday, a monitor said. The attackers struck the checkpoint at the entrance of Hajin."
    )
    (event,) = extractor.extract(text, published=PUBLISHED).contract()
    assert event["location"]["name"] == "Hajin"
    assert event["fatalities"]["killed"] == 2


def test_it_counts_the_captive_of_a_raid_in_the_raid(extractor):
    text = (
        "US forces and the SDF killed two Islamic State militants in a raid on a house in Al-Shuhail on "
        "Friday. A third man was detained."
    )
    (event,) = extractor.extract(text, published=PUBLISHED).contract()
    assert event["event_type"] == "Battles"
    assert (event["fatalities"]["killed"], event["fatalities"]["captured"]) == (2, 1)


def test_it_keeps_an_attack_and_the_answer_to_it_apart(extractor):
    text = (
        "Rockets were fired at a US-led coalition base near Al-Hasakah on Wednesday. US forces responded "
        "with artillery fire at the launch site near Al-Hasakah."
    )
    assert len(extractor.extract(text, published=PUBLISHED).contract()) == 2


def test_it_dates_what_happened_a_day_after_the_sentence_date_the_day_before(extractor):
    text = (
        "Dozens of residents of Hajin protested on Sunday against the SDF a day after a young man was killed "
        "during a raid. On Saturday, an SDF unit raided a house in Hajin and shot dead a young man."
    )
    events = extractor.extract(text, published=PUBLISHED).contract()
    assert sorted((e["event_type"], e["date"]) for e in events) == [
        ("Protests", "2024-01-21"),
        ("Violence against civilians", "2024-01-20"),
    ]


# --- figures ---------------------------------------------------------------------------------------


def test_it_updates_the_toll_when_it_rises_later_in_the_text(extractor):
    text = (
        "Islamic State militants killed at least 11 civilians in the desert near Hajin on Friday, a monitor said. "
        "The victims had driven out before dawn. Others fled on foot. Relatives found them hours later. "
        "By Saturday the toll had risen to 14, after three of the wounded died in hospital."
    )
    (event,) = extractor.extract(text, published=PUBLISHED).contract()
    assert event["fatalities"]["killed"] == 14


def test_it_reads_a_toll_rising_with_a_time_between_verb_and_figure():
    assert figures("The toll of the attack rose on Tuesday morning to four")["killed"] == 4


def test_it_reads_a_figure_past_a_bracketed_gloss():
    assert figures("Two members of the Syrian Democratic Forces (SDF) were killed on Saturday")["killed"] == 2
    # a figure in the brackets is not a gloss
    assert figures("Three fighters (and two civilians) were killed")["killed"] is not None


def test_it_counts_one_victim_named_in_the_passive_or_by_a_pronoun():
    assert figures("A 19-year-old man was shot dead on Thursday night")["killed"] == 1
    assert figures("Gunmen shot dead the co-chair of a local council")["killed"] == 1
    assert figures("They opened fire when the young man ran out, killing him instantly")["killed"] == 1
    assert figures("A man was arrested on Thursday")["killed"] is None


def test_it_reads_unexploded_ordnance_as_an_explosion(extractor):
    text = "Three children were killed on Thursday when unexploded ordnance blew up near their house in Hajin."
    (event,) = extractor.extract(text, published=PUBLISHED).contract()
    assert (event["event_type"], event["sub_event_type"]) == (
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
    )
    assert event["fatalities"]["killed"] == 3
