"""Stages typing, scoring and render, alone: the contract's event shape from a finished event."""

from datetime import date

from events.extraction.dictionary import Dictionary
from events.extraction.normalize import normalize_text
from events.extraction.sentences import split_sentences
from events.extraction.stages.render import Renderer, confidence
from tests.extraction.conftest import draft


class View:
    def __init__(self, sentence):
        self.sentence = sentence


def test_it_renders_the_contract_shape_with_type_evidence_and_confidence(dictionary: Dictionary):
    norm = normalize_text("Clashes erupted in Al-Mayadin.")
    views = [View(s) for s in split_sentences(norm.text)]
    town = dictionary.get("al-mayadin")
    event_draft = draft(place=town, place_in_text=True, killed=2)
    event_draft.date, event_draft.date_precision = date(2023, 5, 9), "day"
    event = Renderer(dictionary)(event_draft, views, norm).contract()
    assert (event["event_type"], event["sub_event_type"]) == ("Battles", "Armed clash")
    assert event["location"]["slug"] == "al-mayadin" and event["location"]["geo_precision"] == "town"
    assert event["evidence"] == [{"start": 0, "end": 29, "text": "Clashes erupted in Al-Mayadin"}]
    assert event["fatalities"] == {"killed": 2, "wounded": None, "captured": None}
    assert event["date"] == "2023-05-09" and event["confidence"] == confidence(event_draft, [])


def test_it_scores_confidence_by_what_the_text_gave():
    bare = draft(tag="kill")
    placed = draft(sentences=[0, 1], place_in_text=True, date_explicit=True)
    assert confidence(bare, []) == 0.35
    # place 0.15, parties 0.1 + 0.1, explicit date 0.1, a strong trigger 0.05, one more sentence 0.03
    assert confidence(placed, [{}, {}]) == 0.88
