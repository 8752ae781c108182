"""One table of number words serves casualty figures and dates: every word reads the same in
both ("nine days ago" is nine days before publication, as "nine killed" is nine)."""

from datetime import date, timedelta

import pytest

from events.extraction.dates import find_dates
from events.extraction.normalize import normalize_text
from events.extraction.numbers import parse_number

PUBLISHED = date(2021, 5, 31)

ENGLISH = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
# Arabic counts three to ten take the plural "أيام"; from eleven the singular "يوماً".
ARABIC_PLURAL = {
    "ثلاثة": 3, "ثلاث": 3, "أربعة": 4, "أربع": 4, "خمسة": 5, "خمس": 5, "ستة": 6, "ست": 6,
    "سبعة": 7, "سبع": 7, "ثمانية": 8, "ثماني": 8, "ثمان": 8, "تسعة": 9, "تسع": 9, "عشرة": 10,
    "عشر": 10,
}  # fmt: skip
ARABIC_SINGULAR = {
    "عشرين": 20, "ثلاثين": 30, "أربعين": 40, "خمسين": 50, "ستين": 60, "سبعين": 70,
    "ثمانين": 80, "تسعين": 90,
}  # fmt: skip


def days_back(text: str) -> int:
    (mention,) = find_dates(normalize_text(text).text, PUBLISHED)
    return (PUBLISHED - mention.date).days


def value(word: str) -> int:
    tokens = normalize_text(word).text.split()
    return parse_number(tokens, 0)[0]


def test_it_reads_nine_days_ago_as_nine_days_before_publication():
    assert days_back("The raid took place nine days ago") == 9
    assert days_back("وقعت المداهمة قبل تسعة أيام") == 9


@pytest.mark.parametrize(("word", "number"), ENGLISH.items())
def test_it_reads_every_english_number_word_in_dates_and_figures_alike(word, number):
    assert value(word) == number
    assert days_back(f"the attack happened {word} days ago") == number
    assert days_back(f"the attack happened {word} weeks ago") == 7 * number


@pytest.mark.parametrize(("word", "number"), ARABIC_PLURAL.items())
def test_it_reads_every_arabic_count_with_a_plural_noun_in_dates_and_figures_alike(word, number):
    assert value(word) == number
    assert days_back(f"وقع الهجوم قبل {word} أيام") == number


@pytest.mark.parametrize(("word", "number"), ARABIC_SINGULAR.items())
def test_it_reads_every_arabic_tens_word_with_a_singular_noun_in_dates_and_figures_alike(word, number):
    assert value(word) == number
    assert days_back(f"وقع الهجوم قبل {word} يوماً") == number


def test_it_counts_days_in_chained_english_dates_from_the_number_word():
    anchor = date(2021, 5, 20)
    (mention,) = find_dates(normalize_text("Three days earlier, gunmen attacked").text, PUBLISHED, anchor)
    assert mention.date == anchor - timedelta(days=3)
    (mention,) = find_dates(normalize_text("Two weeks later, gunmen attacked").text, PUBLISHED, anchor)
    assert mention.date == anchor + timedelta(days=14)
    (mention,) = find_dates(normalize_text("A day later, gunmen attacked").text, PUBLISHED, anchor)
    assert mention.date == anchor + timedelta(days=1)
