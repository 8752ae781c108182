"""Malformed parameters are 400s in the one error shape, naming the parameter."""

from __future__ import annotations

import pytest

URL = "/api/v1/events/"
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query, param",
    [
        ("bbox=1,2,3", "bbox"),
        ("bbox=a,b,c,d", "bbox"),
        ("bbox=41,34,40,35", "bbox"),
        ("bbox=40,-95,41,35", "bbox"),
        ("near=34.9,40.5", "near"),
        ("radius_km=10", "radius_km"),
        ("near=34.9&radius_km=10", "near"),
        ("near=34.9,40.5&radius_km=0", "radius_km"),
        ("near=34.9,40.5&radius_km=5000", "radius_km"),
        ("near=nan,40.5&radius_km=5", "near"),
        ("actor=no-such-actor", "actor"),
        ("actor=999999", "actor"),
        ("backed_by=atlantis", "backed_by"),
        ("location=no-such-place", "location"),
        ("crossing=no-such-crossing", "crossing"),
        ("actor_q=Nobody%20Brigade", "actor_q"),
        ("location_q=Atlantis", "location_q"),
        ("admin1=SY99", "admin1"),
        ("admin2=Nowhere", "admin2"),
        ("admin3=Nowhere", "admin3"),
        ("date_after=2020-13-45", "date_after"),
        ("date_before=yesterday", "date_before"),
        ("date_after=2021-01-01&date_before=2020-01-01", "date_before"),
        ("updated_since=last%20week", "updated_since"),
        ("event_type=Skirmish", "event_type"),
        ("sub_event_type=Skirmish", "sub_event_type"),
        ("geo_precision=street", "geo_precision"),
        ("date_precision=hour", "date_precision"),
        ("min_killed=many", "min_killed"),
        ("min_killed=-1", "min_killed"),
        ("min_confidence=2", "min_confidence"),
        ("has_crossing=perhaps", "has_crossing"),
        ("include_subgroups=maybe&actor=sdf", "include_subgroups"),
        ("role=side_a", "role"),
        ("role=leader&actor=sdf", "role"),
        ("ordering=-wounded", "ordering"),
        ("id=abc", "id"),
        ("page_size=0", "page_size"),
        ("page_size=100000", "page_size"),
        ("cursor=garbage", "cursor"),
        ("actr=sdf", "actr"),
    ],
)
def test_it_rejects_a_bad_parameter_with_the_error_shape(world, api_client, query, param):
    response = api_client.get(f"{URL}?{query}")
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["status"] == 400
    assert param in error["fields"], error
    assert error["message"]


def test_it_answers_errors_in_json_even_when_csv_was_asked(world, api_client):
    response = api_client.get(f"{URL}?format=csv&bbox=1,2")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["bbox"]
    response = api_client.get(URL + "?bbox=1,2", HTTP_ACCEPT="application/geo+json")
    assert response.status_code == 400
    assert "bbox" in response.json()["error"]["fields"]


def test_it_answers_404_in_the_error_shape(world, api_client):
    for url in [f"{URL}999999/", f"{URL}abc/", "/api/v1/actors/nobody/", "/api/v1/locations/nowhere/events/"]:
        response = api_client.get(url)
        assert response.status_code == 404, url
        assert response.json()["error"]["status"] == 404


def test_it_refuses_a_cursor_of_another_ordering(world, api_client):
    first = api_client.get(URL, {"page_size": 2}).json()
    assert first["next"]
    cursor = first["next"].split("cursor=")[1].split("&")[0]
    response = api_client.get(URL, {"cursor": cursor, "ordering": "-killed", "page_size": 2})
    assert response.status_code == 400
    assert "cursor" in response.json()["error"]["fields"]
