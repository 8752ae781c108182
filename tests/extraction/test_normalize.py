"""The running-text normaliser: folds like ``normalize_name`` and maps back to the original."""

from events.extraction.normalize import normalize_name, normalize_text, strip_chrome


def test_it_expands_lam_alef_ligatures_and_keeps_offsets_into_the_original():
    original = "دخلت البصيرة اﻷحد أيضاً"  # U+FEF7: one character for "لأ"
    norm = normalize_text(original)
    assert "الاحد" in norm.text
    start = norm.text.index("الاحد")
    a, b = norm.to_original(start, start + len("الاحد"))
    assert original[a:b] == "اﻷحد"


def test_it_drops_diacritics_tatweel_and_invisible_spaces_but_maps_every_character():
    original = "قُتِلَ\u200f ثلاثةٌ لـ\u00a0«قسد» ١٢"
    norm = normalize_text(original)
    assert norm.text == 'قتل ثلاثه ل "قسد" 12'
    assert len(norm.offsets) == len(norm.text) + 1
    start = norm.text.index("قسد")
    a, b = norm.to_original(start, start + 3)
    assert original[a:b] == "قسد"


def test_it_folds_letters_like_the_stored_alias_form():
    for name in ("الحرس الثوري الإيراني", "قوات سوريا الديمقراطية", "Deir ez-Zor", "مؤسسة"):
        assert normalize_text(name).text.replace("-", " ") == normalize_name(name)


def test_it_keeps_normalize_name_behaviour():
    assert normalize_name("  الـبُوكَمال ") == "البوكمال"
    assert normalize_name("Abu-Kamal (east)") == "abu kamal east"
    assert normalize_name("إيران") == "ايران"


def test_it_keeps_the_case_of_the_original_for_abbreviations():
    norm = normalize_text("US forces and us")
    assert norm.text == "us forces and us"
    assert norm.cased == "US forces and us"


def test_it_blanks_page_chrome_without_moving_offsets():
    original = (
        "خبر أول.\nاقرأ أيضًا: لهذه الأسباب قد تنسحب إيران\nاترك تعليقاً\n"
        "هذا الموقع يستخدم Akismet للحد من التعليقات\nخبر ثان."
    )
    norm = strip_chrome(normalize_text(original))
    assert "تنسحب" not in norm.text and "akismet" not in norm.text
    assert len(norm.text) == len(normalize_text(original).text)
    start = norm.text.index("خبر ثان")
    a, b = norm.to_original(start, start + len("خبر ثان"))
    assert original[a:b] == "خبر ثان"
