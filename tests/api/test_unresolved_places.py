"""The unresolved place names of an event in the API: list and detail JSON, and the CSV."""

from __future__ import annotations

import csv
import io

import pytest

URL = "/api/v1/events/"
pytestmark = pytest.mark.django_db


def body(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode("utf-8")


@pytest.fixture
def named(world):
    world.e_clash.unresolved_places = ["الكشكية", "Al-Heri"]
    world.e_clash.save(update_fields=["unresolved_places"])
    return world


def test_the_list_and_the_detail_give_the_unresolved_names(named, api_client):
    listed = {e["id"]: e for e in api_client.get(URL).json()["results"]}
    detail = api_client.get(f"{URL}{named.e_clash.pk}/").json()

    assert listed[named.e_clash.pk]["unresolved_places"] == ["الكشكية", "Al-Heri"]
    assert detail["unresolved_places"] == ["الكشكية", "Al-Heri"]
    assert all(e["unresolved_places"] == [] for pk, e in listed.items() if pk != named.e_clash.pk)


def test_the_csv_has_an_unresolved_places_column(named, api_client):
    rows = list(csv.DictReader(io.StringIO(body(api_client.get(URL, {"format": "csv"})))))

    by_id = {int(r["id"]): r for r in rows}
    assert by_id[named.e_clash.pk]["unresolved_places"] == "الكشكية; Al-Heri"
    assert {r["unresolved_places"] for pk, r in by_id.items() if pk != named.e_clash.pk} == {""}
