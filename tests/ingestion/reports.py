"""Distinct, realistic short reports for load and integration tests (written for this project).

Each report varies the place, the actors, the figures and the weekday, so that no two share a
content hash, and so that the extractor has real work: names from the dictionaries, numbers in
words and digits, relative dates.
"""

from __future__ import annotations

import datetime as dt
import random

PLACES_AR = ["العشارة", "الميادين", "البوكمال", "هجين", "ذيبان", "الشحيل", "موحسن", "صبيخان", "القورية", "البصيرة"]
PLACES_EN = ["al-Asharah", "al-Mayadin", "Albu Kamal", "Hajin", "Dhiban", "al-Shuhayl", "Muhassan", "al-Quriyah"]
PAIRS_AR = [
    ("قوات الدفاع الوطني", "لواء أبو الفضل العباس"),
    ("قوات سوريا الديمقراطية", "خلايا تنظيم الدولة"),
    ("قوات النظام", "مسلحين من أبناء العشائر"),
    ("الميليشيات الإيرانية", "مجهولين"),
]
PAIRS_EN = [
    ("the Syrian Democratic Forces", "Islamic State cells"),
    ("Iran-backed militias", "tribal fighters"),
    ("government forces", "unidentified gunmen"),
]
WEEKDAYS_AR = ["الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت"]


def arabic_report(i: int, rng: random.Random, places: list[str] = PLACES_AR) -> str:
    place = rng.choice(places)
    side_a, side_b = rng.choice(PAIRS_AR)
    killed, wounded = rng.randint(1, 9), rng.randint(0, 12)
    day = rng.choice(WEEKDAYS_AR)
    return (
        f"دير الزور - قال مصدر محلي إن اشتباكات عنيفة اندلعت مساء يوم {day} بين {side_a} و{side_b} "
        f"في بلدة {place} بريف دير الزور الشرقي، ما أدى إلى مقتل {killed} عناصر وإصابة {wounded} آخرين. "
        f"وأضاف المصدر أن التوتر ما زال قائماً في المنطقة وسط استنفار أمني (تقرير رقم {i})."
    )


def english_report(i: int, rng: random.Random, places: list[str] = PLACES_EN) -> str:
    place = rng.choice(places)
    side_a, side_b = rng.choice(PAIRS_EN)
    killed = rng.randint(1, 9)
    return (
        f"Clashes broke out on Tuesday between {side_a} and {side_b} in {place} in the eastern "
        f"countryside of Deir ez-Zor, killing {killed} fighters, local sources said. "
        f"Tension remained high in the area (report {i})."
    )


def reports(
    n: int,
    *,
    seed: int = 7,
    start: dt.date = dt.date(2024, 3, 1),
    days: int = 60,
    places_ar: list[str] | None = None,
    places_en: list[str] | None = None,
) -> list[dict]:
    """``n`` article bodies for POST /api/v1/articles/ (two thirds Arabic, one third English).

    Fewer places and days give more reports of the same event (merges); the defaults give
    many, as a busy front would.
    """
    rng = random.Random(seed)
    items = []
    for i in range(n):
        english = i % 3 == 2
        text = (
            english_report(i, rng, places_en or PLACES_EN) if english else arabic_report(i, rng, places_ar or PLACES_AR)
        )
        items.append(
            {
                "text": text,
                "source": ["Deir ez-Zor 24", "Furat Post", "Enab Baladi", "Syrian Observatory"][i % 4],
                "published": (start + dt.timedelta(days=rng.randrange(days))).isoformat(),
                "title": f"Report {i}",
            }
        )
    return items
