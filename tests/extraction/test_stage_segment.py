"""Stage segment, alone: sentences, headings and each sentence's view with its triggers."""

from events.extraction.document import Document
from events.extraction.stages.mentions import MentionStage
from events.extraction.stages.normalise import normalise
from events.extraction.stages.segment import segment


def segmented(dictionary, text):
    return segment(MentionStage(dictionary)(normalise(Document(text=text))), dictionary)


def test_it_gives_each_sentence_a_view_with_its_places_and_triggers(dictionary):
    doc = segmented(dictionary, "Clashes erupted in Al-Mayadin. Residents fled to Dhiban.")
    assert len(doc.views) == 2
    first, second = doc.views
    assert [t.type.tag for t in first.triggers] == ["clash"] and second.triggers == []
    assert [m.entity.slug for m in first.places] == ["al-mayadin"]
    assert [m.entity.slug for m in second.places] == ["dhiban"]


def test_it_marks_a_short_title_line_as_a_heading(dictionary):
    doc = segmented(dictionary, "Clashes in Al-Mayadin\nClashes erupted in Al-Mayadin on Monday between two groups.")
    assert [v.heading for v in doc.views] == [True, False]


def test_it_reads_each_sentence_of_a_mixed_text_with_its_own_script(dictionary):
    doc = segmented(dictionary, "Clashes erupted in Al-Mayadin.\nاندلعت اشتباكات في البوكمال.")
    assert [v.pack.code for v in doc.views] == ["en", "ar"]
    assert all([t.type.tag for t in v.triggers] == ["clash"] for v in doc.views)
