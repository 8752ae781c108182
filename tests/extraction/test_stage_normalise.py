"""Stage normalise, alone: script, language, normalised text without chrome, words."""

from events.extraction.document import Document
from events.extraction.stages.normalise import normalise


def test_it_detects_the_language_and_a_single_script():
    doc = normalise(Document(text="اندلعت اشتباكات عنيفة في مدينة الميادين"))
    assert (doc.language, doc.script) == ("ar", True)
    doc = normalise(Document(text="Clashes broke out in Al-Mayadin on Monday"))
    assert (doc.language, doc.script) == ("en", False)


def test_it_keeps_a_given_language_and_leaves_mixed_text_to_each_sentence():
    doc = normalise(Document(text="Clashes in الميادين and البوكمال today", language="ar"))
    assert doc.language == "ar" and doc.script is None


def test_it_gives_folded_words_with_their_positions():
    doc = normalise(Document(text="اشتباكات في الميادين"))
    assert doc.words == ["اشتباكات", "في", "الميادين"]
    assert [doc.ntext[s : s + len(w)] for s, w in zip(doc.starts, doc.words, strict=True)] == doc.words
