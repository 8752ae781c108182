"""Casualty figures from digits and number words, per side added up."""

import re

from events.extraction.normalize import normalize_text
from events.extraction.numbers import casualties


def figures(text):
    return casualties(re.findall(r"\w+", normalize_text(text).text))


def test_it_reads_digits_before_a_casualty_noun():
    assert figures("مخلفة -حتى الآن- 12 قتيلًا من الطرفين")["killed"] == 12


def test_it_reads_construct_number_words_and_adds_up_each_side():
    result = figures("أكدت المصادر إصابة ثمانية عناصر من الحرس الثوري، ومقتل ثلاثة عناصر أفغان، وأسر أربعة عناصر")
    assert result == {"killed": 3, "wounded": 8, "captured": 4}
    assert figures("مقتل ستة من عناصر قسد واثنين من مقاتلي العشائر")["killed"] == 8
    assert figures("مقتل خمسة وعشرين عنصرا")["killed"] == 25


def test_it_counts_a_singular_person_as_one():
    assert figures("قتلت قوات سوريا الديمقراطية، أمس الثلاثاء، القيادي في تنظيم الدولة")["killed"] == 1
    assert figures("قبل أن يسقط أحد ضباطهم قتيلًا")["killed"] == 1
    assert figures("ما أدى إلى مقتل امرأة وطفلها")["killed"] == 2


def test_it_reads_arrests_with_an_approximation():
    assert figures("حيث اعتقلت حوالي 40 شخصاً، أفرجت لاحقاً عن بعضهم")["captured"] == 40


def test_it_gives_no_figure_for_vague_plurals_or_unrelated_numbers():
    assert figures("أسفر عن سقوط قتلى وجرحى بين الطرفين") == {"killed": None, "wounded": None, "captured": None}
    assert figures("رشاشات من عيار 23 و12.7") == {"killed": None, "wounded": None, "captured": None}
    assert figures("السيطرة على 80 بالمئة من بلدة السوسة")["killed"] is None


def test_it_reads_english_figures():
    assert figures("At least 12 people were killed and five wounded") == {"killed": 12, "wounded": 5, "captured": None}
    assert figures("killing twenty-five fighters")["killed"] == 25
    assert figures("arrested a senior ISIS leader and three of his aides")["captured"] == 4
    assert figures("dozens of civilians were killed")["killed"] == 12
