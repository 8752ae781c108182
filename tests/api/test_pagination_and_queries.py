"""Cursor pagination over many rows, and a bounded number of queries on every list endpoint."""

from __future__ import annotations

import datetime

import pytest

from tests.api.factories import SIDE_A, SIDE_B, make_event

URL = "/api/v1/events/"
pytestmark = pytest.mark.django_db

MANY = 60


@pytest.fixture
def many(world):
    start = datetime.date(2020, 1, 1)
    events = []
    for i in range(MANY):
        # Several events share a date, so ties are broken by id.
        events.append(
            make_event(
                date=start + datetime.timedelta(days=i // 3),
                location=world.bukamal if i % 2 else world.asharah,
                actors=[(world.ndf, SIDE_A), (world.isis, SIDE_B)],
                killed=i % 5 if i % 4 else None,
                crossing=world.hamdan if i % 7 == 0 else None,
                summary=f"Clash number {i}",
                evidence=[f"quote {i}", f"another quote {i}"],
            )
        )
    return events


def walk(client, url, params):
    seen, pages = [], 0
    response = client.get(url, params)
    while True:
        assert response.status_code == 200, response.content[:300]
        body = response.json()
        seen += [e["id"] for e in body["results"]]
        pages += 1
        if not body["next"]:
            return seen, pages
        response = client.get(body["next"])


@pytest.mark.parametrize("ordering", ["-date", "date", "-killed", "killed", "-updated", "updated"])
def test_it_pages_through_every_event_once_in_order(world, many, api_client, ordering):
    seen, pages = walk(api_client, URL, {"page_size": 7, "ordering": ordering, "actor": "islamic-state"})
    everything = api_client.get(URL, {"page_size": 500, "ordering": ordering, "actor": "islamic-state"}).json()
    assert seen == [e["id"] for e in everything["results"]]
    assert len(seen) == len(set(seen)) == MANY + 3
    assert pages == -(-len(seen) // 7)


def test_it_keeps_the_cursor_stable_when_events_are_added(world, many, api_client):
    first = api_client.get(URL, {"page_size": 10}).json()
    make_event(date=datetime.date(2030, 1, 1), location=world.asharah, summary="A newer event")
    second = api_client.get(first["next"]).json()
    assert not {e["id"] for e in first["results"]} & {e["id"] for e in second["results"]}
    assert second["results"][0]["date"] <= first["results"][-1]["date"]


def test_it_caps_the_page_size(world, many, api_client):
    assert len(api_client.get(URL, {"page_size": 500}).json()["results"]) == MANY + len(world.approved)
    assert len(api_client.get(URL).json()["results"]) == 50
    assert api_client.get(URL, {"page_size": 501}).status_code == 400


@pytest.mark.parametrize(
    "url, params",
    [
        (URL, {}),
        (URL, {"page_size": 200}),
        (URL, {"actor": "national-defence-forces", "include_subgroups": "true", "role": "side_a"}),
        (URL, {"backed_by": "iran"}),
        (URL, {"location": "deir-ez-zor-governorate", "q": "clash"}),
        (URL, {"admin1": "SY09", "near": "34.9,40.5", "radius_km": "100", "ordering": "-killed"}),
        (URL, {"actor_q": "NDF", "location_q": "البوكمال", "has_crossing": "true"}),
        ("/api/v1/actors/national-defence-forces/events/", {"include_subgroups": "true"}),
        ("/api/v1/locations/al-bukamal/events/", {}),
        ("/api/v1/crossings/hamdan-crossing/events/", {}),
        ("/api/v1/events/deleted/", {}),
        ("/api/v1/stats/events/", {"group_by": "actor"}),
        ("/api/v1/stats/events/", {"group_by": "week", "backed_by": "iran"}),
        ("/api/v1/actors/", {}),
        ("/api/v1/actors/", {"q": "الدفاع", "backed_by": "iran"}),
        ("/api/v1/locations/", {}),
        ("/api/v1/crossings/", {}),
    ],
)
def test_it_reads_a_list_in_a_bounded_number_of_queries(
    world, many, api_client, django_assert_max_num_queries, url, params
):
    with django_assert_max_num_queries(13):  # 12, and the data version of the page cache
        response = api_client.get(url, params)
    assert response.status_code == 200, response.content[:300]


@pytest.mark.django_db(transaction=True)  # committed writes: PostgreSQL bumps the version at commit
@pytest.mark.parametrize("url", [URL, "/api/v1/stats/events/", "/api/v1/actors/national-defence-forces/"])
def test_it_answers_from_the_cache_in_one_query(world, many, api_client, django_assert_num_queries, url):
    first = api_client.get(url)
    with django_assert_num_queries(1):  # the data version
        second = api_client.get(url)
    assert second.content == first.content


def test_it_serializes_a_page_in_the_same_number_of_queries_whatever_its_size(
    world, many, api_client, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (5, 60):
        with CaptureQueriesContext(connection) as ctx:
            assert api_client.get(URL, {"page_size": size}).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_it_streams_a_large_csv_export_in_few_queries(world, many, api_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = api_client.get(URL, {"format": "csv"})
        lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 1 + MANY + len(world.approved)


def test_it_never_adds_distinct_to_the_event_page(world, many, api_client):
    # DISTINCT over every column would stop PostgreSQL reading the newest events off an index.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    params = {
        "event_type": "Battles",
        "geo_precision": "town",
        "actor": "islamic-state",
        "backed_by": "iran",
        "location": "deir-ez-zor-governorate",
        "q": "clash",
    }
    for key, value in params.items():
        with CaptureQueriesContext(connection) as ctx:
            assert api_client.get(URL, {key: value}).status_code == 200
        page = [q["sql"] for q in ctx.captured_queries if '"events_event"."summary"' in q["sql"]]
        assert page and not any("DISTINCT" in sql for sql in page), key
