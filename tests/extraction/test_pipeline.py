"""The extractor end to end on short reports written for these tests."""

from datetime import date

from events.extraction.pipeline import EXTRACTOR_VERSION

REPORT = """اشتباكات في ذيبان
اندلعت اشتباكات عنيفة، مساء أمس الأربعاء، بين مقاتلين من قوات العشائر وقوات سوريا الديمقراطية (قسد) \
في بلدة ذيبان بريف دير الزور الشرقي.
وأسفرت الاشتباكات عن مقتل ستة من عناصر قسد واثنين من مقاتلي العشائر.
وكانت قسد قد اعتقلت، الأسبوع الماضي، ثلاثة شبان في بلدة الشحيل.
اقرأ أيضًا: هل تنسحب القوات الأمريكية من سوريا؟
"""


def test_it_merges_one_incident_over_several_sentences_and_keeps_others_apart(extractor):
    result = extractor.extract(REPORT, published=date(2023, 8, 31))
    assert result.language == "ar" and result.version == EXTRACTOR_VERSION
    clash, arrest = result.contract()
    assert (clash["event_type"], clash["date"], clash["location"]["slug"]) == ("Battles", "2023-08-30", "dhiban")
    assert clash["fatalities"]["killed"] == 8
    assert {a["slug"] for a in clash["actors"]} == {"tribal-forces", "sdf"}
    assert len(clash["evidence"]) >= 2  # the report's sentences (and its headline)
    assert any("مقتل ستة" in e["text"] for e in clash["evidence"])
    assert (arrest["sub_event_type"], arrest["location"]["slug"], arrest["date_precision"]) == (
        "Arrests",
        "al-shuhail",
        "week",
    )
    assert arrest["fatalities"]["captured"] == 3


def test_its_evidence_points_into_the_original_text(extractor):
    text = "دخلت القوات اﻷميركية البصيرة الأحد،\u00a0واعتقلت قسد خمسة أشخاص في الشحيل."
    (event,) = extractor.extract(text, published=date(2020, 3, 3)).contract()
    for evidence in event["evidence"]:
        assert text[evidence["start"] : evidence["end"]] == evidence["text"]
        assert "الشحيل" in evidence["text"]


def test_it_returns_the_contract_shape(extractor):
    (event,) = extractor.extract("اعتقلت قسد خمسة شبان في الشحيل.", published=date(2022, 1, 2)).contract()
    assert set(event) >= {
        "event_type",
        "sub_event_type",
        "date",
        "date_precision",
        "location",
        "actors",
        "crossing",
        "fatalities",
        "confidence",
        "summary",
        "evidence",
    }
    assert set(event["location"]) >= {
        "id",
        "slug",
        "name",
        "name_ar",
        "latitude",
        "longitude",
        "admin1",
        "geo_precision",
    }
    assert set(event["actors"][0]) >= {"id", "slug", "name", "name_ar", "role"}
    assert 0 < event["confidence"] <= 1
    assert event["summary"].startswith("Arrests:")


def test_it_reports_a_crossing_known_or_generic(extractor):
    (event,) = extractor.extract(
        "اندلعت اشتباكات بين الفرقة الرابعة ولواء الباقر عند المعبر المائي في بلدة الشحيل.", published=date(2021, 1, 5)
    ).contract()
    assert event["crossing"]["slug"] == "al-shuhail-crossing"
    (event,) = extractor.extract(
        "اندلعت اشتباكات بين الفرقة الرابعة ولواء الباقر قرب معبر تهريب في الميادين.", published=date(2021, 1, 5)
    ).contract()
    assert event["crossing"] == {
        "id": None,
        "slug": None,
        "name": "Smuggling crossing",
        "name_ar": "معبر تهريب",
        "kind": "smuggling",
    }


def test_it_gives_null_dates_without_a_publication_date(extractor):
    (event,) = extractor.extract("اندلعت اشتباكات، أمس الثلاثاء، بين قسد وداعش في هجين.").contract()
    assert event["date"] is None and event["date_precision"] == "unknown"


def test_it_finds_no_event_in_background_analysis(extractor):
    text = (
        "يرى محللون أن أي انسحاب أمريكي محتمل قد يفتح الباب أمام تمدد الميليشيات الإيرانية نحو الميادين. "
        "ومن المتوقع أن تتصاعد الهجمات في ريف دير الزور الشرقي."
    )
    assert extractor.extract(text, published=date(2022, 3, 10)).contract() == []


def test_it_ignores_out_of_area_places_that_are_common_words(extractor):
    (event,) = extractor.extract(
        "اعتقلت قسد خمسة شبان في الشحيل، والحراك الأخير للتنظيم يقلق السكان.", published=date(2022, 1, 2)
    ).contract()
    assert event["location"]["slug"] == "al-shuhail"


def test_it_handles_english_reports(extractor):
    text = (
        "U.S. warplanes carried out air strikes on Friday on facilities used by Iranian militias near Al-Mayadin, "
        "killing eight fighters. The strikes came hours after a drone attack on a base near Hasakah on Thursday "
        "killed a U.S. contractor."
    )
    strikes, drone = extractor.extract(text, published=date(2023, 3, 25)).contract()
    assert (strikes["sub_event_type"], strikes["date"], strikes["location"]["slug"]) == (
        "Air/drone strike",
        "2023-03-24",
        "al-mayadin",
    )
    assert strikes["fatalities"]["killed"] == 8
    assert {a["slug"]: a["role"] for a in strikes["actors"]}["iran-backed-militias"] == "side_b"
    assert (drone["date"], drone["location"]["slug"], drone["fatalities"]["killed"]) == ("2023-03-23", "al-hasakah", 1)
