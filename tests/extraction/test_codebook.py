"""ACLED's codebook as the extractor applies it (docs/codebook.md): one test per rule, in Arabic
and in English, on plain one-sentence reports.

Each case names the rule it checks; the expected type, sub-type, place and sides are what ACLED's
codebook prescribes for that report, not what the extractor happened to produce.
"""

from __future__ import annotations

from datetime import date

import pytest

BATTLE = "Battles"
REMOTE = "Explosions/Remote violence"
VAC = "Violence against civilians"
STRATEGIC = "Strategic developments"
PROTESTS = "Protests"

CASES = [
    # Who is a civilian: an unarmed person; the victim of a one-sided attack is one.
    (
        "civilian victim",
        "قتل مسلحون مجهولون مدنياً بإطلاق النار عليه في بلدة الشحيل.",
        (VAC, "Attack", "al-shuhail", {"unidentified-armed-group": "side_a", "civilians": "side_b"}),
    ),
    (
        "civilian victim",
        "Unidentified gunmen shot dead a civilian in Al-Shuhail.",
        (VAC, "Attack", "al-shuhail", {"unidentified-armed-group": "side_a", "civilians": "side_b"}),
    ),
    # A member of an armed group is never a civilian: an attack on one is a battle.
    (
        "attack on a fighter",
        "قتل مسلحون مجهولون عنصراً من قسد بإطلاق النار عليه في بلدة الشحيل.",
        (BATTLE, "Armed clash", "al-shuhail", {"unidentified-armed-group": "side_a", "sdf": "side_b"}),
    ),
    (
        "attack on a fighter",
        "Unidentified gunmen shot dead an SDF fighter in Al-Shuhail.",
        (BATTLE, "Armed clash", "al-shuhail", {"unidentified-armed-group": "side_a", "sdf": "side_b"}),
    ),
    # Two organised armed groups fighting, with no change of control: an armed clash.
    (
        "armed clash",
        "اندلعت اشتباكات بين قوات النظام وتنظيم الدولة في الميادين.",
        (BATTLE, "Armed clash", "al-mayadin", {"syrian-government-forces": "side_a", "islamic-state": "side_b"}),
    ),
    (
        "armed clash",
        "Clashes broke out between regime forces and Islamic State fighters in Al-Mayadin.",
        (BATTLE, "Armed clash", "al-mayadin", {"syrian-government-forces": "side_a", "islamic-state": "side_b"}),
    ),
    # Violence from afar, the target unable to answer in kind: remote violence, by its means.
    (
        "air strike",
        "شنت طائرات التحالف الدولي غارة جوية على مواقع لتنظيم الدولة في هجين.",
        (REMOTE, "Air/drone strike", "hajin", {"international-coalition": "side_a", "islamic-state": "side_b"}),
    ),
    (
        "air strike",
        "Coalition aircraft carried out an air strike on Islamic State positions in Hajin.",
        (REMOTE, "Air/drone strike", "hajin", {"international-coalition": "side_a", "islamic-state": "side_b"}),
    ),
    (
        "shelling",
        "قصفت قوات النظام بالمدفعية بلدة ذيبان.",
        (REMOTE, "Shelling/artillery/missile attack", "dhiban", {"syrian-government-forces": "side_a"}),
    ),
    (
        "shelling",
        "Regime forces shelled the town of Dhiban with artillery.",
        (REMOTE, "Shelling/artillery/missile attack", "dhiban", {"syrian-government-forces": "side_a"}),
    ),
    (
        "explosive device",
        "انفجرت عبوة ناسفة بسيارة لقسد في الشحيل.",
        (REMOTE, "Remote explosive/landmine/IED", "al-shuhail", {"sdf": "side_b"}),
    ),
    (
        "explosive device",
        "An IED exploded under an SDF vehicle in Al-Shuhail.",
        (REMOTE, "Remote explosive/landmine/IED", "al-shuhail", {"sdf": "side_b"}),
    ),
    # Arrests by an armed or state force: a strategic development, the arrested on side B.
    (
        "arrests",
        "اعتقلت قسد خمسة شبان في ذيبان.",
        (STRATEGIC, "Arrests", "dhiban", {"sdf": "side_a", "civilians": "side_b"}),
    ),
    (
        "arrests",
        "The SDF arrested five young men in Dhiban.",
        (STRATEGIC, "Arrests", "dhiban", {"sdf": "side_a", "civilians": "side_b"}),
    ),
    # Control changing hands by force: the government regains, a non-state actor overtakes.
    (
        "government regains territory",
        "سيطرت قوات النظام على بلدة الحراك بعد معارك مع تنظيم الدولة.",
        (
            BATTLE,
            "Government regains territory",
            "al-hirak",
            {"syrian-government-forces": "side_a", "islamic-state": "side_b"},
        ),
    ),
    (
        "non-state actor overtakes territory",
        "سيطر تنظيم الدولة على بلدة هجين بعد هجوم على مواقع قسد.",
        (BATTLE, "Non-state actor overtakes territory", "hajin", {"islamic-state": "side_a", "sdf": "side_b"}),
    ),
    # A demonstration without violence by its participants: a peaceful protest.
    (
        "peaceful protest",
        "خرج العشرات في مظاهرة سلمية في ذيبان احتجاجاً على ممارسات قسد.",
        (PROTESTS, "Peaceful protest", "dhiban", {"protesters": "side_a", "sdf": "side_b"}),
    ),
    (
        "peaceful protest",
        "Dozens of people protested peacefully in Dhiban against the SDF.",
        (PROTESTS, "Peaceful protest", "dhiban", {"protesters": "side_a", "sdf": "side_b"}),
    ),
    # Taking a civilian by force: abduction, violence against civilians.
    (
        "abduction",
        "خطف مسلحون مجهولون مدنياً في الميادين.",
        (
            VAC,
            "Abduction/forced disappearance",
            "al-mayadin",
            {"unidentified-armed-group": "side_a", "civilians": "side_b"},
        ),
    ),
    (
        "abduction",
        "Unidentified gunmen abducted a civilian in Al-Mayadin.",
        (
            VAC,
            "Abduction/forced disappearance",
            "al-mayadin",
            {"unidentified-armed-group": "side_a", "civilians": "side_b"},
        ),
    ),
    # A new base or headquarters: a strategic development.
    (
        "base established",
        "أنشأ الحرس الثوري الإيراني قاعدة عسكرية جديدة في البوكمال.",
        (STRATEGIC, "Headquarters or base established", "al-bukamal", {"irgc": "side_a"}),
    ),
    (
        "base established",
        "The IRGC established a new military base in Al-Bukamal.",
        (STRATEGIC, "Headquarters or base established", "al-bukamal", {"irgc": "side_a"}),
    ),
    # Looting without violence against people: a strategic development.
    (
        "looting",
        "نهبت الميليشيات الإيرانية منازل المدنيين في الميادين.",
        (
            STRATEGIC,
            "Looting/property destruction",
            "al-mayadin",
            {"iran-backed-militias": "side_a", "civilians": "side_b"},
        ),
    ),
    (
        "looting",
        "Iranian militias looted civilians' homes in Al-Mayadin.",
        (
            STRATEGIC,
            "Looting/property destruction",
            "al-mayadin",
            {"iran-backed-militias": "side_a", "civilians": "side_b"},
        ),
    ),
]


@pytest.mark.parametrize(("rule", "text", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_it_codes_the_report_as_the_codebook_says(extractor, rule, text, expected):
    events = extractor.extract(text, published=date(2021, 7, 8)).contract()
    assert len(events) == 1, events
    event = events[0]
    event_type, sub_type, place, sides = expected
    assert (event["event_type"], event["sub_event_type"]) == (event_type, sub_type), rule
    assert event["location"]["slug"] == place
    assert {actor["slug"]: actor["role"] for actor in event["actors"]} == sides


def test_the_cases_cover_every_rule_in_both_languages():
    by_rule: dict[str, set[str]] = {}
    for rule, text, _ in CASES:
        by_rule.setdefault(rule, set()).add("ar" if any("\u0600" <= ch <= "\u06ff" for ch in text) else "en")
    one_language = {rule for rule, languages in by_rule.items() if languages != {"ar", "en"}}
    # Each of these has a test in one language only because the extractor misses the other one
    # today; docs/codebook.md lists the gap. Remove a rule from here when its gap is closed.
    assert one_language == {"government regains territory", "non-state actor overtakes territory"}


@pytest.mark.parametrize(
    ("text", "figure", "count"),
    [
        ("قتل مسلحون مجهولون مدنياً بإطلاق النار عليه في بلدة الشحيل.", "killed", 1),
        ("Unidentified gunmen shot dead a civilian in Al-Shuhail.", "killed", 1),
        ("خطف مسلحون مجهولون مدنياً في الميادين.", "captured", 1),
        ("Unidentified gunmen abducted a civilian in Al-Mayadin.", "captured", 1),
    ],
)
def test_it_counts_the_single_victim_of_an_attack_or_abduction(extractor, text, figure, count):
    """A verb that opens its clause names its victim after its subject ("قتل مسلحون ... مدنياً")."""
    [event] = extractor.extract(text, published=date(2021, 7, 8)).contract()
    assert event["fatalities"][figure] == count


def test_the_noun_keeps_its_short_reach():
    """ "قتل" inside a clause is the noun ("عمليات قتل"): a person named further on is not its
    victim."""
    from events.extraction.numbers import casualties

    tokens = "تشهد المنطقة عمليات قتل متكررة بينما عاد الشاب إلى منزله".split()
    assert casualties(tokens)["killed"] is None
