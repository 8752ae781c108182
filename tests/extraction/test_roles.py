"""Side A and side B from the sentence structure, and generic descriptions resolved."""

from datetime import date


def roles(extractor, text):
    events = extractor.extract(text, published=date(2021, 7, 8)).contract()
    assert len(events) == 1, events
    return {a["slug"]: a["role"] for a in events[0]["actors"]}


def test_it_reads_between_x_and_y(extractor):
    assert roles(extractor, "اندلعت اشتباكات بين الفرقة الرابعة ولواء الباقر في الميادين.") == {
        "4th-division": "side_a",
        "liwa-al-baqir": "side_b",
    }


def test_it_reads_the_attacker_before_the_target(extractor):
    result = roles(extractor, "ثم قامت ميليشيات إيرانية بهجوم على مقرات تابعة للنظام في البوكمال.")
    assert result == {"iran-backed-militias": "side_a", "syrian-government-forces": "side_b"}


def test_it_reads_passive_by_and_companions(extractor):
    assert roles(extractor, "اعتقال أربعة عناصر من تنظيم داعش من قبل قسد في ذيبان.")["sdf"] == "side_a"
    result = roles(extractor, "The SDF, backed by coalition helicopters, arrested five men in Al-Shuhail.")
    assert result["sdf"] == "side_a" and result["international-coalition"] == "side_a"
    assert result["civilians"] == "side_b"


def test_it_puts_victims_and_targets_on_side_b(extractor):
    result = roles(extractor, "قُتل ثمانية عناصر من قوات النظام إثر كمين نصبته خلايا تنظيم الدولة قرب الميادين.")
    assert result["syrian-government-forces"] == "side_b" and result["islamic-state"] == "side_a"
    result = roles(
        extractor, "At least 10 Syrian army soldiers were killed when ISIS militants attacked them near Hajin."
    )
    assert result == {"syrian-government-forces": "side_b", "islamic-state": "side_a"}


def test_it_drops_a_backer_named_after_a_party(extractor):
    result = roles(
        extractor, "اندلعت اشتباكات بين الفرقة الرابعة التابعة لقوات النظام ولواء الباقر المدعوم من إيران في الميادين."
    )
    assert result == {"4th-division": "side_a", "liwa-al-baqir": "side_b"}


def test_it_resolves_generic_descriptions(extractor):
    result = roles(extractor, "تستمر الاشتباكات بين قوات الأسد وميليشيا عراقية مدعومة إيرانيًا في البوكمال.")
    assert result == {"syrian-government-forces": "side_a", "iran-backed-iraqi-militias": "side_b"}
    result = roles(extractor, "اشتبكت المليشيات المدعومة من روسيا مع ميليشيا تابعة لنظام الأسد في الميادين.")
    assert result == {"russia-backed-militias": "side_a", "syrian-government-forces": "side_b"}
