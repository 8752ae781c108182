"""CSV (ACLED columns) and GeoJSON outputs, parsed back and checked; format negotiation."""

from __future__ import annotations

import csv
import io
import json

import pytest

from events.api.renderers import ACLED_COLUMNS
from tests.api.conftest import ids

URL = "/api/v1/events/"
pytestmark = pytest.mark.django_db


def body(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return raw.decode("utf-8")


def test_it_exports_csv_with_the_acled_columns_first(world, api_client):
    response = api_client.get(URL, {"format": "csv"})
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body(response))))
    header = list(rows[0].keys())
    assert header[: len(ACLED_COLUMNS)] == ACLED_COLUMNS
    assert {int(r["id"]) for r in rows} == {e.pk for e in world.approved}
    clash = next(r for r in rows if r["event_id_cnty"] == f"SYR{world.e_clash.pk}")
    assert clash["event_date"] == "2020-06-16" and clash["year"] == "2020"
    assert clash["time_precision"] == "1"
    assert clash["disorder_type"] == "Political violence"
    assert clash["actor1"] == "National Defence Forces" and clash["inter1"] == "3"
    assert clash["actor2"] == "Islamic State" and clash["inter2"] == "2"
    assert clash["interaction"] == "23"
    assert (clash["admin1"], clash["admin2"], clash["location"]) == ("Deir ez-Zor", "Al-Mayadin", "Al-Asharah")
    assert float(clash["latitude"]) == pytest.approx(34.9213) and float(clash["longitude"]) == pytest.approx(40.5601)
    assert clash["geo_precision"] == "1"
    assert clash["fatalities"] == "3" and clash["wounded"] == "9" and clash["captured"] == "4"
    assert clash["notes"].startswith("اشتباكات بين عناصر الدفاع الوطني")
    assert clash["location_ar"] == "العشارة"
    assert clash["country"] == "Syria" and clash["iso"] == "760"
    assert int(clash["timestamp"]) > 0
    # Unreported tolls: ACLED's fatalities is 0, our killed column stays empty.
    raqqa = next(r for r in rows if r["id"] == str(world.e_raqqa.pk))
    assert raqqa["fatalities"] == "0" and raqqa["killed"] == ""
    irgc = next(r for r in rows if r["id"] == str(world.e_irgc.pk))
    assert irgc["interaction"] == "80" and irgc["assoc_actor_1"] == "National Defence Forces"
    assert irgc["time_precision"] == "3" and irgc["geo_precision"] == "2"


def test_it_names_the_country_of_each_events_place(world, api_client):
    from events.models import Location
    from tests.api.factories import SIDE_A, make_event, make_location

    iraq = make_location("iraq", "Iraq", kind="country", name_ar="العراق", lat=33.2, lon=43.7)
    qaim = make_location("al-qaim", "Al-Qaim", parent=iraq, name_ar="القائم", lat=34.37, lon=41.09)
    Location.objects.filter(pk__in=[iraq.pk, qaim.pk]).update(country_code="IQ")
    qaim.refresh_from_db()
    strike = make_event(
        location=qaim,
        actors=[(world.us_forces, SIDE_A)],
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
    )
    unplaced = make_event(location=None, actors=[(world.sdf, SIDE_A)])
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(body(api_client.get(URL, {"format": "csv"}))))}
    assert (rows[str(strike.pk)]["country"], rows[str(strike.pk)]["iso"]) == ("Iraq", "368")
    assert rows[str(strike.pk)]["region"] == "Middle East"
    assert (rows[str(world.e_clash.pk)]["country"], rows[str(world.e_clash.pk)]["iso"]) == ("Syria", "760")
    assert rows[str(unplaced.pk)]["country"] == "Syria"  # the country covered, when the place is unknown
    listed = {e["id"]: e for e in api_client.get(URL).json()["results"]}
    assert listed[strike.pk]["location"]["country_code"] == "IQ"
    assert api_client.get(f"{URL}{strike.pk}/").json()["location"]["country_code"] == "IQ"


def test_it_exports_csv_of_the_filtered_set_by_accept_header(world, api_client):
    response = api_client.get(URL, {"actor": "islamic-state"}, HTTP_ACCEPT="text/csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body(response))))
    assert {int(r["id"]) for r in rows} == {world.e_clash.pk, world.e_raqqa.pk, world.e_hez_old.pk}
    # Ordered as asked: newest first.
    assert [r["event_date"] for r in rows] == sorted((r["event_date"] for r in rows), reverse=True)


def test_it_exports_geojson_points(world, api_client):
    response = api_client.get(URL, {"format": "geojson", "location": "deir-ez-zor-governorate"})
    assert response["Content-Type"].startswith("application/geo+json")
    collection = json.loads(body(response))
    assert collection["type"] == "FeatureCollection"
    features = {f["id"]: f for f in collection["features"]}
    assert set(features) == ids(api_client.get(URL, {"location": "deir-ez-zor-governorate"}))
    strike = features[world.e_strike.pk]
    assert strike["type"] == "Feature"
    assert strike["geometry"] == {"type": "Point", "coordinates": [40.9369, 34.4536]}
    assert strike["properties"]["event_type"] == "Explosions/Remote violence"
    assert strike["properties"]["crossing"]["slug"] == "hamdan-crossing"


def test_it_gives_a_null_geometry_to_an_unplaced_event(world, api_client):
    response = api_client.get(URL, {"actor": "syrian-government-forces"}, HTTP_ACCEPT="application/geo+json")
    collection = json.loads(body(response))
    assert [f["geometry"] for f in collection["features"]] == [None]


def test_it_renders_one_event_as_csv_and_geojson(world, api_client):
    response = api_client.get(f"{URL}{world.e_clash.pk}/", {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(body(response))))
    assert len(rows) == 1 and rows[0]["event_id_cnty"] == f"SYR{world.e_clash.pk}"
    feature = json.loads(body(api_client.get(f"{URL}{world.e_clash.pk}/", {"format": "geojson"})))
    assert feature["type"] == "Feature" and feature["geometry"]["coordinates"] == [40.5601, 34.9213]


def test_it_gives_every_list_item_the_declared_event_shape(world, api_client):
    from events.api.serializers import EventDetailSerializer, EventSerializer

    item = api_client.get(URL).json()["results"][0]
    assert set(item) == set(EventSerializer().fields)
    assert set(item["location"]) == set(EventSerializer().fields["location"].fields)
    assert set(item["actors"][0]) == set(EventSerializer().fields["actors"].child.fields)
    assert set(item["fatalities"]) == {"killed", "wounded", "captured", "killed_low", "killed_high"}
    detail = api_client.get(f"{URL}{world.e_strike.pk}/").json()
    assert set(detail) == set(EventDetailSerializer().fields)
    assert set(detail["crossing"]) == set(EventDetailSerializer().fields["crossing"].fields)
    assert set(detail["sources"][0]) == {"article", "source", "url", "title", "published", "evidence"}


def test_it_exports_statistics_as_csv(world, api_client):
    response = api_client.get("/api/v1/stats/events/", {"group_by": "event_type", "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(body(response))))
    assert {r["key"]: int(r["events"]) for r in rows}["Battles"] == 5


def test_it_builds_list_items_exactly_like_the_event_serializer(world, api_client):
    # Lists use a fast path over flat rows; it must say what EventSerializer says.
    from events.api.serializers import EventSerializer
    from events.models import Event
    from events.selectors import with_event_relations

    listed = {item["id"]: item for item in api_client.get(URL, {"page_size": 500}).json()["results"]}
    events = with_event_relations(Event.objects.filter(pk__in=listed))
    for event in events:
        assert EventSerializer(event).data == listed[event.pk], event.pk


def test_it_accepts_a_format_suffix(world, api_client):
    response = api_client.get("/api/v1/events.csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert api_client.get("/api/v1/locations/al-bukamal.json").json()["slug"] == "al-bukamal"
