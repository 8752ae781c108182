"""/stats/events/: counts and killed totals per group, with the /events/ filters."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db
URL = "/api/v1/stats/events/"


def rows(response) -> dict[str, tuple[int, int]]:
    assert response.status_code == 200, response.content[:300]
    return {r["key"]: (r["events"], r["killed"]) for r in response.json()["results"]}


def test_it_counts_by_month_and_week(world, api_client):
    months = rows(api_client.get(URL, {"group_by": "month"}))
    assert months["2020-06-01"] == (1, 3)
    assert months["2015-04-01"] == (1, 12)
    assert sum(n for n, _ in months.values()) == len(world.approved) - 1  # the undated event has no month
    weeks = rows(api_client.get(URL, {"group_by": "week"}))
    assert weeks["2020-06-15"] == (1, 3)  # the Monday of 16 June 2020


def test_it_counts_by_actor_type_and_admin_area(world, api_client):
    actors = rows(api_client.get(URL, {"group_by": "actor"}))
    assert actors["islamic-state"] == (3, 15)
    assert actors["national-defence-forces"] == (2, 3)
    types = rows(api_client.get(URL, {"group_by": "event_type"}))
    assert types["Explosions/Remote violence"] == (1, 7)
    admin1 = rows(api_client.get(URL, {"group_by": "admin1"}))
    assert admin1 == {"deir-ez-zor-governorate": (6, 23), "raqqa-governorate": (1, 0)}
    admin2 = rows(api_client.get(URL, {"group_by": "admin2"}))
    assert admin2["abu-kamal-district"] == (4, 20)


def test_it_applies_the_event_filters(world, api_client):
    assert rows(api_client.get(URL, {"group_by": "event_type", "backed_by": "iran"})) == {
        "Battles": (1, 12),
        "Explosions/Remote violence": (1, 7),
        "Strategic developments": (1, 0),
    }
    assert rows(api_client.get(URL, {"group_by": "admin1", "date_after": "2022-01-01"})) == {
        "deir-ez-zor-governorate": (1, 0),
        "raqqa-governorate": (1, 0),
    }


def test_it_counts_an_actor_in_two_roles_of_one_event_once(world, api_client):
    import datetime

    from tests.api.factories import SIDE_A, SIDE_B, make_event

    before = rows(api_client.get(URL, {"group_by": "actor"}))["national-defence-forces"]
    # NDF units on both sides of an internal clash.
    make_event(
        date=datetime.date(2024, 2, 2),
        location=world.raqqa,
        actors=[(world.ndf, SIDE_A), (world.ndf, SIDE_B)],
        killed=4,
    )
    after = rows(api_client.get(URL, {"group_by": "actor"}))["national-defence-forces"]
    assert after == (before[0] + 1, before[1] + 4)


def test_it_rejects_an_unknown_grouping(world, api_client):
    response = api_client.get(URL, {"group_by": "colour"})
    assert response.status_code == 400
    assert "group_by" in response.json()["error"]["fields"]


def test_it_counts_a_new_event_at_once_despite_the_cache(world, api_client):
    import datetime

    from tests.api.factories import SIDE_A, make_event

    before = rows(api_client.get(URL, {"group_by": "event_type"}))["Battles"]
    make_event(date=datetime.date(2024, 5, 5), location=world.raqqa, actors=[(world.sdf, SIDE_A)], killed=2)
    after = rows(api_client.get(URL, {"group_by": "event_type"}))["Battles"]
    assert after == (before[0] + 1, before[1] + 2)
