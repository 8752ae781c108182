"""Language detection: the script ratio first, py3langid for mixed text."""

from datetime import date

from events.extraction.language import detect_language, is_arabic


def test_it_detects_arabic_and_english():
    assert detect_language("اندلعت اشتباكات عنيفة بين قسد وتنظيم داعش في بلدة هجين") == "ar"
    assert detect_language("Clashes erupted between the SDF and Islamic State militants in Hajin") == "en"


def test_it_decides_mixed_text_by_the_bulk_of_it():
    assert detect_language("اندلعت اشتباكات عنيفة بين قسد وتنظيم داعش في بلدة هجين، according to Reuters") == "ar"
    assert detect_language("The SDF said clashes erupted in هجين on Monday, killing two fighters") == "en"


def test_each_sentence_takes_the_path_of_its_own_script(extractor):
    assert is_arabic("اشتباكات في هجين") and not is_arabic("clashes in Hajin")
    text = (
        "Reuters reported the following. اندلعت اشتباكات بين قسد وداعش في هجين. "
        "Later, US forces arrested two men in Al-Shuhail."
    )
    result = extractor.extract(text, published=date(2021, 5, 12))
    assert result.language in {"ar", "en"}
    assert sorted(e["sub_event_type"] for e in result.contract()) == ["Armed clash", "Arrests"]
