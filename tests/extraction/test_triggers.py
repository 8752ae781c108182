"""Trigger words and the filters for negated, hypothetical and background mentions."""

from datetime import date


def types(extractor, text, published=date(2021, 5, 12)):
    return [(e["event_type"], e["sub_event_type"]) for e in extractor.extract(text, published=published).contract()]


def test_it_codes_clashes_strikes_ieds_and_arrests(extractor):
    assert types(extractor, "اندلعت اشتباكات بين قسد وتنظيم داعش في بلدة هجين.") == [("Battles", "Armed clash")]
    assert types(extractor, "استهدفت طائرة مسيرة مواقع الميليشيات الإيرانية في البوكمال.") == [
        ("Explosions/Remote violence", "Air/drone strike")
    ]
    assert types(extractor, "انفجرت عبوة ناسفة بدورية لقسد في ذيبان.") == [
        ("Explosions/Remote violence", "Remote explosive/landmine/IED")
    ]
    assert types(extractor, "اعتقلت قسد خمسة شبان في الشحيل.") == [("Strategic developments", "Arrests")]


def test_it_ignores_negated_mentions(extractor):
    assert types(extractor, "نفت قسد وقوع اشتباكات في بلدة ذيبان.") == []
    assert types(extractor, "ولم تسجل أي مواجهات في الشحيل.") == []
    assert types(extractor, "The SDF denied any clashes in Dhiban.") == []


def test_it_ignores_future_and_hypothetical_mentions(extractor):
    assert types(extractor, "ويتوقع أن تستمر الاشتباكات في ذيبان خلال الأيام القادمة.") == []
    assert types(extractor, "وتخشى العشائر من هجوم محتمل على الشحيل.") == []
    assert types(extractor, "Analysts say clashes could erupt in Dhiban.") == []
    assert types(extractor, "لهذه الأسباب قد تُجبر إيران على الانسحاب من البوكمال.") == []


def test_it_keeps_qad_with_a_past_verb(extractor):
    assert types(extractor, "وكانت قسد قد اعتقلت ثلاثة شبان في الشحيل.") == [("Strategic developments", "Arrests")]


def test_it_ignores_trends_and_series(extractor):
    assert types(extractor, "وتشهد بلدات ريف دير الزور الشرقي هجمات متكررة تستهدف عناصر قسد.") == []
    assert types(extractor, "ومنذ مطلع عام 2020 تصل تعزيزات عسكرية إلى الميادين.") == []


def test_it_reads_territorial_control_only_when_it_happened(extractor):
    assert types(extractor, "سيطرت قسد على بلدة هجين بعد معارك مع داعش.") == [
        ("Battles", "Non-state actor overtakes territory")
    ]
    assert types(extractor, "تحاول إيران فرض السيطرة على مناطق شرقي سوريا.") == []
