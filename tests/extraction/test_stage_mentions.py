"""Stage mentions, alone: names found, regions and provinces, salience with the title."""

from events.extraction.document import Document
from events.extraction.stages.mentions import MentionStage, speaks
from events.extraction.stages.normalise import normalise


def mentions(dictionary, text, title=""):
    doc = MentionStage(dictionary)(normalise(Document(text=text, title=title)))
    return doc, [m.entity.slug for m in doc.mentions]


def test_it_finds_places_and_parties_in_text_order(dictionary):
    _, slugs = mentions(dictionary, "هاجم تنظيم داعش قوات النظام في البوكمال")
    assert slugs == ["islamic-state", "syrian-government-forces", "al-bukamal"]


def test_it_counts_the_title_twice_for_salience(dictionary):
    doc, _ = mentions(dictionary, "Clashes in Al-Mayadin.", title="Al-Mayadin clashes")
    assert doc.salience["al-mayadin"] == 3


def test_it_reads_a_capital_that_speaks_as_its_government():
    from events.extraction.dictionary import Mention

    assert speaks("damascus denied the report".split(), Mention(None, 0, 0, 0, 1))
    assert not speaks("fighting in damascus".split(), Mention(None, 0, 0, 2, 3))
