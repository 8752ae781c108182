"""Stage incidents, alone: drafts that tell one incident merge; others stay apart."""

from datetime import date

from events.extraction.dictionary import LOCATION, Entity
from events.extraction.stages.incidents import MERGE_RULES, merge
from tests.extraction.conftest import draft

TOWN = Entity(
    LOCATION, "al-mayadin", "Al-Mayadin", meta={"location_kind": "town", "latitude": 35.02, "longitude": 40.45}
)
OTHER = Entity(LOCATION, "hajin", "Hajin", meta={"location_kind": "town", "latitude": 34.695, "longitude": 40.831})


def clash(sentence, place=TOWN, **fields):
    return draft(
        sentences=[sentence], place=place, heading_only=False, date=date(2023, 5, 9), date_source="anchor", **fields
    )


def test_it_merges_a_draft_continuing_the_incident_at_the_same_place():
    events = []
    merge(events, clash(0, killed=2))
    merge(events, clash(1, killed=3))
    assert len(events) == 1 and events[0].killed == 3 and events[0].sentences == [0, 1]


def test_it_keeps_an_incident_at_a_distant_town_apart():
    events = []
    merge(events, clash(0))
    merge(events, clash(1, place=OTHER))
    assert len(events) == 2


def test_it_never_merges_an_answer_to_an_attack():
    events = []
    merge(events, clash(0))
    merge(events, clash(1, response=True))
    assert len(events) == 2
    assert MERGE_RULES[0].__name__ == "split_part"
