"""Stage frames, alone: which triggers stand, re-typed by weapon, one draft per family."""

from events.extraction.document import Document
from events.extraction.stages.frames import sentence_drafts
from events.extraction.stages.mentions import MentionStage
from events.extraction.stages.normalise import normalise
from events.extraction.stages.segment import segment


def drafts(dictionary, text):
    doc = segment(MentionStage(dictionary)(normalise(Document(text=text))), dictionary)
    return [d for view in doc.views for d, _ in sentence_drafts(dictionary, doc, view, trend=False)]


def test_it_drafts_a_clash_with_its_parties_place_and_toll(dictionary):
    (draft,) = drafts(
        dictionary, "Islamic State fighters attacked Syrian army positions in Al-Mayadin, killing four soldiers."
    )
    assert draft.family == "violence"
    assert draft.place.slug == "al-mayadin" and draft.killed == 4
    assert {slug: role for slug, (_, role) in draft.actors.items()} == {
        "islamic-state": "side_a",
        "syrian-government-forces": "side_b",
    }


def test_it_retypes_a_targeting_by_aircraft_as_an_air_strike(dictionary):
    (draft,) = drafts(dictionary, "Russian jets targeted positions near Al-Mayadin.")
    assert draft.family == "air"


def test_it_drops_a_negated_trigger(dictionary):
    assert drafts(dictionary, "The SDF denied that any clashes took place in Dhiban.") == []
