"""Stage finish, alone: headlines and history go; the rest is completed."""

from collections import Counter
from datetime import date

from events.extraction.dictionary import LOCATION, Entity
from events.extraction.stages.finish import HISTORY_DAYS, finish
from tests.extraction.conftest import draft

TOWN = Entity(
    LOCATION, "al-mayadin", "Al-Mayadin", meta={"location_kind": "town", "latitude": 35.02, "longitude": 40.45}
)
PUBLISHED = date(2023, 5, 10)
# The places a report names (its salience): one in Deir ez-Zor, so the report is in scope.
IN_DEIR_EZ_ZOR = Counter({"al-mayadin": 1})


def event(family="violence", tag="clash", **fields):
    fields.setdefault("place", TOWN)
    return draft(family, tag, heading_only=fields.pop("heading_only", False), **fields)


def test_it_drops_headlines_alone_and_history(dictionary):
    old = PUBLISHED.replace(year=2013)
    events = [event(heading_only=True), event(date=old, date_source="explicit"), event(date=PUBLISHED)]
    kept = finish(dictionary, events, [], IN_DEIR_EZ_ZOR, PUBLISHED)
    assert [e.date for e in kept] == [PUBLISHED]
    assert (PUBLISHED - old).days > HISTORY_DAYS


def test_it_puts_the_protesters_on_side_a_and_the_force_protested_on_side_b(dictionary):
    army = dictionary.get("syrian-government-forces")
    protest = event(family="protest", tag="protest", actors={army.slug: (army, "side_a")})
    (kept,) = finish(dictionary, [protest], [], IN_DEIR_EZ_ZOR, PUBLISHED)
    assert {slug: role for slug, (_, role) in kept.actors.items()} == {
        "protesters": "side_a",
        "syrian-government-forces": "side_b",
    }


def test_it_reports_nothing_from_a_report_that_names_no_place_in_syria(dictionary):
    """The West Bank, Kirkuk, an encyclopedia page: no place the service covers, no event."""
    events = [event(date=PUBLISHED)]
    assert finish(dictionary, events, [], Counter(), PUBLISHED) == []
    assert finish(dictionary, events, [], Counter({"sdf": 2}), PUBLISHED) == []  # an actor is no place
    assert len(finish(dictionary, events, [], IN_DEIR_EZ_ZOR, PUBLISHED)) == 1
