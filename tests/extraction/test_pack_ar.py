"""The Arabic pack: its triggers (with clitics), numbers, months and cues, read by the stages."""

from datetime import date

from events.extraction.dates import find_dates
from events.extraction.lang import pack
from events.extraction.normalize import normalize_text
from events.extraction.numbers import casualties
from events.extraction.triggers import cancelled, find_triggers

AR = pack("ar")


def norm(text):
    return normalize_text(text).text


def test_it_finds_arabic_triggers_behind_clitics_and_knows_the_article():
    text = norm("اندلعت الاشتباكات بعد القصف على البلدة")
    found = [(t.type.tag, t.definite) for t in find_triggers(text, pack=AR)]
    assert found == [("clash", True), ("shell", True)]
    assert find_triggers(norm("clashes erupted"), pack=AR) == []


def test_it_reads_arabic_number_words_composed_with_tens():
    assert casualties(norm("مقتل خمسة وعشرين عنصرا").split())["killed"] == 25
    assert casualties(norm("إصابة ثلاثة عشر مدنيا").split())["wounded"] == 13


def test_it_reads_levantine_and_hijri_months():
    (mention,) = find_dates(norm("في 16 حزيران 2020"), date(2020, 6, 20))
    assert mention.date == date(2020, 6, 16)
    (mention,) = find_dates(norm("في 1 محرم 1442 هـ"), date(2020, 8, 25))
    assert mention.date == date(2020, 8, 20)


def test_it_cancels_a_trigger_after_an_arabic_negation_or_hedge():
    assert cancelled(["لم"], []) == "negated"
    assert cancelled(["تعتزم"], [], tag="attack") == "hypothetical"
