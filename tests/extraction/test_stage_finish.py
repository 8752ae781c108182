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


def event(family="violence", tag="clash", **fields):
    fields.setdefault("place", TOWN)
    return draft(family, tag, heading_only=fields.pop("heading_only", False), **fields)


def test_it_drops_headlines_alone_and_history(dictionary):
    old = PUBLISHED.replace(year=2013)
    events = [event(heading_only=True), event(date=old, date_source="explicit"), event(date=PUBLISHED)]
    kept = finish(dictionary, events, [], Counter(), PUBLISHED)
    assert [e.date for e in kept] == [PUBLISHED]
    assert (PUBLISHED - old).days > HISTORY_DAYS


def test_it_puts_the_protesters_on_side_a_and_the_force_protested_on_side_b(dictionary):
    army = dictionary.get("syrian-government-forces")
    protest = event(family="protest", tag="protest", actors={army.slug: (army, "side_a")})
    (kept,) = finish(dictionary, [protest], [], Counter(), PUBLISHED)
    assert {slug: role for slug, (_, role) in kept.actors.items()} == {
        "protesters": "side_a",
        "syrian-government-forces": "side_b",
    }
