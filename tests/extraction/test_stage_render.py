"""Stages typing, scoring and render, alone: the contract's event shape from a finished event."""

from datetime import date

from events.extraction.dictionary import Dictionary
from events.extraction.normalize import normalize_text
from events.extraction.sentences import split_sentences
from events.extraction.stages.render import Renderer
from events.extraction.stages.scoring import Calibration, ConfidenceModel, event_features
from tests.extraction.conftest import draft


class View:
    def __init__(self, sentence):
        self.sentence = sentence
        self.heading = False


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
    assert event["date"] == "2023-05-09" and 0 < event["confidence"] <= 1
    assert "features" not in event  # the features travel on the typed event, not in the contract


def test_it_takes_the_confidence_from_the_model_of_the_event_features(dictionary: Dictionary):
    norm = normalize_text("Clashes erupted in Al-Mayadin.")
    views = [View(s) for s in split_sentences(norm.text)]
    placed = draft(place=dictionary.get("al-mayadin"), place_in_text=True)
    model = ConfidenceModel("t", {"place_in_text": 2.0}, -1.0, Calibration((), ()), {})
    event = Renderer(dictionary, model)(placed, views, norm)
    assert event.features == event_features(placed, views) and event.features["place_in_text"] == 1.0
    assert event.confidence == round(model.raw(event.features), 3) == 0.731  # logistic(2 - 1)
