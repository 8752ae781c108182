"""The English pack: its triggers, numbers, months and cues, read by the stages."""

from datetime import date

from events.extraction.dates import find_dates
from events.extraction.lang import pack
from events.extraction.normalize import normalize_text
from events.extraction.numbers import casualties
from events.extraction.triggers import cancelled, find_triggers

EN = pack("en")


def norm(text):
    return normalize_text(text).text


def test_it_finds_english_triggers_and_marks_the_definite_ones():
    found = [(t.type.tag, t.definite) for t in find_triggers(norm("Clashes erupted after the ambush"), pack=EN)]
    assert found == [("clash", False), ("attack", True)]
    assert find_triggers(norm("اندلعت اشتباكات"), pack=EN) == []


def test_it_reads_english_number_words_with_tens_and_hundreds():
    assert casualties(norm("twenty five soldiers were killed").split())["killed"] == 25
    assert casualties(norm("three hundred people were detained").split())["captured"] == 300


def test_it_reads_english_months_and_weekdays():
    (mention,) = find_dates(norm("on June 16, 2020"), date(2020, 6, 20))
    assert mention.date == date(2020, 6, 16)
    (mention,) = find_dates(norm("on Tuesday"), date(2020, 6, 18))
    assert mention.date == date(2020, 6, 16)


def test_it_cancels_a_trigger_after_an_english_negation_or_hedge():
    assert cancelled(["not"], []) == "negated"
    assert cancelled(["expected"], [], tag="attack") == "hypothetical"
