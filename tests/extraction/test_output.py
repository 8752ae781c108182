"""The typed hand-off: frozen events out of the extractor, the contract's JSON rendered from them."""

import dataclasses
from datetime import date

import pytest

from events.extraction.output import Event, ExtractionOutput


def test_it_returns_frozen_typed_events_that_render_the_contract(extractor):
    result = extractor.extract(
        "اندلعت اشتباكات بين قسد وتنظيم داعش في هجين أمس، قُتل فيها ثلاثة عناصر.", date(2023, 5, 10)
    )
    assert isinstance(result, ExtractionOutput)
    (event,) = result.events
    assert isinstance(event, Event) and event.date == date(2023, 5, 9)
    assert event.location.slug == "hajin" and event.fatalities.killed == 3
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.confidence = 1.0
    (rendered,) = result.contract()
    assert rendered["date"] == "2023-05-09" and rendered["location"]["slug"] == "hajin"
    assert rendered["fatalities"] == {"killed": 3, "wounded": None, "captured": None}
    assert [a["role"] for a in rendered["actors"]] == [a.role for a in event.actors]


def test_it_reads_the_contract_back_into_the_same_event(extractor):
    text = "US jets struck militia positions near Al-Bukamal on Tuesday, killing four fighters."
    for event in extractor.extract(text, date(2023, 5, 10)).events:
        assert Event.from_contract(event.contract()) == event


def test_it_reads_a_partial_hand_written_event_leniently():
    event = Event.from_contract({"event_type": "Battles", "location": {"id": 7, "slug": "x"}, "date": "not a date"})
    assert event.location.id == 7 and event.location.latitude is None
    assert event.date is None and event.actors == () and event.crossing is None
