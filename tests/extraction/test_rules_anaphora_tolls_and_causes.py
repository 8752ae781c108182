"""General rules added in extractor 1.2.0 (second held-out pass), each with Arabic and English
examples written for these tests."""

from datetime import date

from events.extraction.dates import find_dates, scan_dates
from events.extraction.normalize import normalize_text
from events.extraction.numbers import casualties

PUBLISHED = date(2023, 5, 10)  # a Wednesday


def extract(extractor, text, published=PUBLISHED):
    return extractor.extract(text, published=published).contract()


def slugs(event, role=None):
    return {a["slug"] for a in event["actors"] if role is None or a["role"] == role}


def test_it_resolves_this_militia_to_the_last_militia_named(extractor):
    events = extract(
        extractor,
        "استقدمت ميليشيا لواء الباقر تعزيزات إلى مدينة الميادين أمس الثلاثاء.\n"
        "واليوم اعتقلت هذه الميليشيا خمسة شبان في بلدة ذيبان.",
    )
    arrest = next(e for e in events if e["sub_event_type"] == "Arrests")
    assert slugs(arrest, "side_a") == {"liwa-al-baqir"}
    assert arrest["date"] == "2023-05-10"
    events = extract(
        extractor,
        "Liwa al-Baqir brought reinforcements to Al-Mayadin on Monday. On Tuesday the militia detained five men "
        "in Dhiban.",
    )
    arrest = next(e for e in events if e["sub_event_type"] == "Arrests")
    assert "liwa-al-baqir" in slugs(arrest, "side_a") and arrest["date"] == "2023-05-09"


def test_it_leaves_an_anaphor_without_a_fitting_antecedent_alone(extractor):
    events = extract(
        extractor, "Unknown gunmen were seen in Dhiban. On Tuesday the militia detained five men in Dhiban."
    )
    assert all("liwa-al-baqir" not in slugs(e) for e in events)


def test_it_puts_people_arrested_without_affiliation_on_side_b_as_civilians(extractor):
    (event,) = extract(
        extractor,
        'شنت "قسد" حملة دهم واعتقال في بلدة الشحيل، طالت 12 شاباً، بتهمة التعامل مع خلايا تنظيم الدولة.',
    )
    assert event["sub_event_type"] == "Arrests" and event["fatalities"]["captured"] == 12
    assert slugs(event, "side_b") == {"civilians"} and "islamic-state" not in slugs(event)
    (event,) = extract(extractor, "The SDF detained 17 people in a raid in Al-Shuhail on Tuesday.")
    assert slugs(event, "side_b") == {"civilians"} and event["fatalities"]["captured"] == 17


def test_it_takes_the_one_opponent_of_the_paragraph_for_control(extractor):
    (event,) = extract(extractor, "The SDF took control of Hajin on Tuesday. ISIS still holds the villages east of it.")
    assert slugs(event, "side_b") == {"islamic-state"}
    (event,) = extract(extractor, "سيطرت قسد على بلدة هجين أمس الثلاثاء، في حين يتحصن تنظيم الدولة في القرى المجاورة.")
    assert slugs(event, "side_b") == {"islamic-state"}


def test_it_names_no_opponent_when_the_paragraph_has_several(extractor):
    (event,) = extract(
        extractor,
        "The SDF took control of Hajin on Tuesday. Both ISIS and Liwa al-Baqir were reported nearby.",
    )
    assert slugs(event, "side_b") == set()


def test_it_splits_one_sentence_with_a_toll_per_town(extractor):
    events = extract(
        extractor,
        "قصفت قوات النظام بالمدفعية أمس الثلاثاء بلدات ريف دير الزور الشرقي، ما أدى إلى مقتل طفلين في ذيبان "
        "وإصابة ثلاثة مدنيين في الشحيل.",
    )
    by_place = {e["location"]["name"]: e["fatalities"] for e in events}
    assert by_place["Dhiban"]["killed"] == 2 and by_place["Al-Shuhail"]["wounded"] == 3
    events = extract(extractor, "Israeli strikes overnight killed nine fighters in Al-Bukamal and five in Al-Mayadin.")
    by_place = {e["location"]["name"]: e["fatalities"]["killed"] for e in events}
    assert by_place == {"Al-Bukamal": 9, "Al-Mayadin": 5}


def test_it_keeps_one_event_when_the_towns_share_one_toll(extractor):
    events = extract(extractor, "Air strikes on Al-Bukamal and Al-Mayadin killed nine fighters on Tuesday.")
    assert len(events) == 1 and events[0]["fatalities"]["killed"] == 9


def test_it_adds_a_toll_sentence_to_the_incident_just_reported(extractor):
    events = extract(
        extractor,
        "Last month, NDF fighters and Fourth Division members exchanged fire for hours in Al-Mayadin. "
        "Three people were killed, according to local sources.",
    )
    assert len(events) == 1 and events[0]["event_type"] == "Battles"
    assert events[0]["fatalities"]["killed"] == 3


def test_it_ignores_demands_and_references_back(extractor):
    events = extract(
        extractor,
        "تظاهر العشرات في بلدة ذيبان أمس الثلاثاء للمطالبة بإخراج قسد من المنطقة وتسليم إدارتها لأبنائها.",
    )
    assert [e["event_type"] for e in events] == ["Protests"]
    assert extract(extractor, "ويقول محللون إن واشنطن تراقب هذا الانتشار في البوكمال عن كثب.") == []


def test_it_reports_the_arrest_a_fight_broke_out_after(extractor):
    (event,) = extract(
        extractor, "The fighting erupted after the SDF detained a tribal commander in Al-Hasakah on Sunday."
    )
    assert event["sub_event_type"] == "Arrests"
    (event,) = extract(extractor, "وبدأت المواجهات عقب اعتقال قسد لقيادي عشائري في مدينة الحسكة يوم الأحد.")
    assert event["sub_event_type"] == "Arrests"


def test_it_does_not_report_the_cause_of_a_retaliation(extractor):
    events = extract(
        extractor, "US forces carried out air strikes near Al-Bukamal on Sunday in retaliation for drone attacks."
    )
    assert len(events) == 1 and events[0]["location"]["name"] == "Al-Bukamal"


def test_it_reads_a_retreat_as_no_transfer_of_territory(extractor):
    events = extract(
        extractor, "هاجم تنظيم الدولة نقاطاً لقوات النظام قرب هجين أمس، ثم انسحب عناصر التنظيم باتجاه عمق البادية."
    )
    assert [e["event_type"] for e in events] == ["Battles"]


def test_it_reads_machine_gun_fire_as_a_clash_and_looting_as_looting(extractor):
    (event,) = extract(extractor, "استهدفت قسد بالرشاشات الثقيلة مواقع لقوات النظام في الميادين مساء أمس الثلاثاء.")
    assert event["sub_event_type"] == "Armed clash"
    (event,) = extract(extractor, "نهب عناصر من ميليشيا لواء الباقر، الأحد، أربعة منازل في مدينة الميادين.")
    assert event["sub_event_type"] == "Looting/property destruction"
    assert slugs(event, "side_a") == {"liwa-al-baqir"}


def test_it_merges_a_two_part_headline_into_the_body(extractor):
    text = (
        "US strikes militias on the border; rockets hit base in Syria\n"
        "US forces carried out air strikes on militia facilities near Al-Bukamal on Sunday, officials said.\n"
        "On Monday, rockets were fired at US forces in Al-Mayadin, causing no casualties.\n"
    )
    events = extract(extractor, text, published=date(2021, 6, 28))
    assert sorted(e["sub_event_type"] for e in events) == ["Air/drone strike", "Shelling/artillery/missile attack"]


def test_it_reads_more_relative_and_explicit_dates():
    for text, expected in [
        ("وقبل أيام، قُتل شاب برصاص مجهولين", (date(2023, 5, 7), "week")),
        ("وفي 17 من شباط الماضي، قُتل 15 شخصاً", (date(2023, 2, 17), "day")),
    ]:
        t = normalize_text(text).text
        (found,) = [d for d in find_dates(t, PUBLISHED, None) if d.date]
        assert (found.date, found.precision) == expected
    t = normalize_text("Reinforcements arrived on Monday. On Tuesday the militia detained five men.").text
    assert [m.group(0) for _, m in scan_dates(t)] == ["on monday", "on tuesday"]


def test_it_counts_a_victims_escorts():
    tokens = normalize_text("قُتل قيادي في قسد واثنان من مرافقيه بضربة مسيرة").text.split()
    assert casualties(tokens)["killed"] == 3


def test_it_does_not_anchor_later_dates_on_what_an_act_answered(extractor):
    text = (
        "استهدفت طائرات أمريكية، فجر أمس الثلاثاء، مواقع لميليشيا لواء الباقر في مدينة الميادين.\n"
        "وقالت القيادة الأمريكية إن الضربات جاءت رداً على هجوم استهدف قواتها في الخامس من الشهر الجاري.\n"
        "وبعد ساعات، قصفت الميليشيا بعدة قذائف صاروخية قاعدة للقوات الأمريكية في بلدة الشحيل.\n"
    )
    shelling = next(
        e
        for e in extract(extractor, text)
        if e["event_type"] == "Explosions/Remote violence" and e["sub_event_type"].startswith("Shelling")
    )
    assert shelling["date"] == "2023-05-09"
