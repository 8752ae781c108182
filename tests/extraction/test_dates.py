"""Dates resolved against the publication date, with precision, and chained anchors."""

from datetime import date

from events.extraction.dates import find_dates
from events.extraction.normalize import normalize_text


def resolve(text, published, anchor=None):
    return [(d.date, d.precision, d.kind) for d in find_dates(normalize_text(text).text, published, anchor)]


def test_it_reads_yesterday_with_its_weekday():
    assert resolve("اندلعت، أمس الثلاثاء، اشتباكات", date(2020, 6, 17)) == [(date(2020, 6, 16), "day", "relative")]


def test_it_takes_the_most_recent_weekday_on_or_before_publication():
    assert resolve("دخلت القوات البصيرة اﻷحد", date(2020, 3, 3))[0][0] == date(2020, 3, 1)
    assert resolve("US forces entered the town on Tuesday", date(2020, 3, 3))[0][0] == date(2020, 3, 3)


def test_it_reads_relative_weeks_with_week_precision():
    assert resolve("قبل أسبوعين، سادت حالة", date(2019, 3, 20)) == [(date(2019, 3, 6), "week", "relative")]
    assert resolve("وفي مطلع الأسبوع الفائت دارت", date(2020, 6, 17)) == [(date(2020, 6, 8), "week", "relative")]
    assert resolve("the fighting began last week", date(2023, 9, 4))[0][1] == "week"


def test_it_chains_from_the_previous_event_date():
    assert resolve("وقبل ذلك بأسبوع، اشتبكت", date(2019, 3, 20), anchor=date(2019, 3, 6)) == [
        (date(2019, 2, 27), "week", "chained")
    ]


def test_it_reads_explicit_dates_in_arabic_english_and_hijri():
    assert resolve("في 29 شباط/فبراير، زار", date(2020, 3, 3))[0][:2] == (date(2020, 2, 29), "day")
    assert resolve("on March 3, 2020 and 2020-03-01", date(2020, 3, 5))[0][0] == date(2020, 3, 3)
    assert resolve("في 15 رمضان 1441 هـ", date(2020, 6, 1))[0][0] == date(2020, 5, 8)


def test_it_marks_periods_as_trends_not_dates():
    assert resolve("منذ مطلع عام 2020 وصول تعزيزات", date(2020, 6, 17))[0][2] == "trend"
    assert resolve("خلال الأشهر الفائتة", date(2020, 6, 17))[0][2] == "trend"


def test_it_gives_no_date_for_relative_expressions_without_publication_date():
    assert resolve("أمس الثلاثاء", None) == [(None, "unknown", "relative")]


def test_it_does_not_read_an_ordinal_day_as_today():
    assert resolve("لليوم الثالث على التوالي", date(2020, 6, 17)) == []
