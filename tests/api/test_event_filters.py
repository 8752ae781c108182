"""Every /events/ filter, alone and combined, against a small real world (tests/api/conftest.py)."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from events.models import Event
from tests.api.conftest import ids

URL = "/api/v1/events/"
pytestmark = pytest.mark.django_db


def get(client, **params):
    return client.get(URL, params)


def test_it_lists_only_approved_events_by_default(world, api_client):
    assert ids(get(api_client)) == {e.pk for e in world.approved}


def test_it_filters_by_actor_slug_and_id(world, api_client):
    expected = {world.e_clash.pk, world.e_irgc.pk}
    assert ids(get(api_client, actor="national-defence-forces")) == expected
    assert ids(get(api_client, actor=str(world.ndf.pk))) == expected


def test_it_treats_repeated_actors_as_any_of(world, api_client):
    response = api_client.get(f"{URL}?actor=sdf&actor=fatemiyoun")
    assert ids(response) == {world.e_raqqa.pk, world.e_strike.pk}
    assert ids(get(api_client, actor="sdf,fatemiyoun")) == {world.e_raqqa.pk, world.e_strike.pk}


def test_it_expands_subgroups_only_when_asked(world, api_client):
    assert ids(get(api_client, actor="syrian-government-forces")) == {world.e_undated.pk}
    assert ids(get(api_client, actor="syrian-government-forces", include_subgroups="true")) == {
        world.e_undated.pk,
        world.e_div4.pk,
    }
    # Two levels down: iran > irgc > quds-force; the IRGC event is under iran.
    assert ids(get(api_client, actor="iran", include_subgroups="true")) == {world.e_irgc.pk}


def test_it_filters_by_role(world, api_client):
    assert ids(get(api_client, actor="islamic-state", role="side_b")) == {
        world.e_clash.pk,
        world.e_raqqa.pk,
        world.e_hez_old.pk,
    }
    assert ids(get(api_client, actor="islamic-state", role="side_a")) == set()
    assert ids(get(api_client, actor="national-defence-forces", role="associated")) == {world.e_irgc.pk}


def test_it_matches_actor_names_in_arabic_and_english_aliases(world, api_client):
    expected = {world.e_clash.pk, world.e_irgc.pk}
    for spelling in [
        "NDF",
        "ndf",
        "الدفاع الوطني",
        "الدفاع الوطنيّ",
        "National Defense Forces",
        "national-defence forces",
    ]:
        assert ids(get(api_client, actor_q=spelling)) == expected, spelling
    assert ids(get(api_client, actor_q="داعش")) == {world.e_clash.pk, world.e_raqqa.pk, world.e_hez_old.pk}


def test_it_expands_backers_to_backed_actors_and_own_forces(world, api_client):
    # fatemiyoun (backed without dates), irgc (Iran's own force), hezbollah only while backed (2013-2016).
    assert ids(get(api_client, backed_by="iran")) == {world.e_strike.pk, world.e_irgc.pk, world.e_hez_old.pk}
    # The United States: its own forces (us-forces) and the SDF it backs, with the SDF's subgroup (DMC).
    assert ids(get(api_client, backed_by="united-states")) == {
        world.e_strike.pk,
        world.e_raqqa.pk,
        world.e_div4.pk,
    }


def test_it_combines_backer_and_role(world, api_client):
    assert ids(get(api_client, backed_by="united-states", role="side_b")) == {world.e_div4.pk}
    assert ids(get(api_client, backed_by="iran", role="side_b")) == {world.e_strike.pk}


def test_it_includes_every_place_below_a_location(world, api_client):
    deir = {
        world.e_clash.pk,
        world.e_strike.pk,
        world.e_div4.pk,
        world.e_hez_old.pk,
        world.e_hez_new.pk,
        world.e_irgc.pk,
    }
    assert ids(get(api_client, location="deir-ez-zor-governorate")) == deir
    assert ids(get(api_client, location=str(world.dez_gov.pk))) == deir
    assert ids(get(api_client, location="abu-kamal-district")) == {
        world.e_strike.pk,
        world.e_div4.pk,
        world.e_hez_old.pk,
        world.e_hez_new.pk,
    }
    assert ids(get(api_client, location="al-bukamal")) == {world.e_strike.pk, world.e_hez_old.pk, world.e_hez_new.pk}


def test_it_matches_place_spelling_variants(world, api_client):
    town = {world.e_strike.pk, world.e_hez_old.pk, world.e_hez_new.pk}
    for spelling in ["Al-Bukamal", "albukamal", "AL BUKAMAL", "البو كمال", "البوكمال"]:
        assert ids(get(api_client, location_q=spelling)) >= town, spelling
    # Aliases of the town only: just the town's events.
    assert ids(get(api_client, location_q="Al-Bukamal")) == town
    assert ids(get(api_client, location_q="البو كمال")) == town
    # "Abu Kamal" is also the district's name: the district and everything in it.
    assert ids(get(api_client, location_q="Abu Kamal")) == town | {world.e_div4.pk}


def test_it_filters_by_admin_areas_by_name_and_pcode(world, api_client):
    deir = ids(get(api_client, location="deir-ez-zor-governorate"))
    assert ids(get(api_client, admin1="Deir ez-Zor")) == deir
    assert ids(get(api_client, admin1="SY09")) == deir
    assert ids(get(api_client, admin1="دير الزور")) == deir
    assert ids(get(api_client, admin2="SY0902")) == {world.e_clash.pk, world.e_irgc.pk}
    assert ids(get(api_client, admin2="Al-Mayadin")) == {world.e_clash.pk, world.e_irgc.pk}
    assert ids(get(api_client, admin3="SY090300")) == {world.e_strike.pk, world.e_hez_old.pk, world.e_hez_new.pk}
    assert ids(get(api_client, admin1="Ar-Raqqa")) == {world.e_raqqa.pk}


def test_it_filters_by_bbox(world, api_client):
    # A box around Al-Bukamal and its district.
    assert ids(get(api_client, bbox="40.8,34.3,41.0,34.5")) == {
        world.e_strike.pk,
        world.e_div4.pk,
        world.e_hez_old.pk,
        world.e_hez_new.pk,
    }
    assert ids(get(api_client, bbox="38.9,35.9,39.1,36.0")) == {world.e_raqqa.pk}


def test_it_filters_near_a_point_by_exact_distance(world, api_client):
    # Al-Asharah to Al-Bukamal is about 65 km; Al-Mayadin district centre to Al-Asharah about 15 km.
    assert ids(get(api_client, near="34.9213,40.5601", radius_km="5")) == {world.e_clash.pk}
    assert ids(get(api_client, near="34.9213,40.5601", radius_km="20")) == {world.e_clash.pk, world.e_irgc.pk}
    within_80 = ids(get(api_client, near="34.9213,40.5601", radius_km="80"))
    assert world.e_strike.pk in within_80 and world.e_raqqa.pk not in within_80


def test_it_filters_by_date_range(world, api_client):
    assert ids(get(api_client, date_after="2020-01-01", date_before="2021-12-31")) == {
        world.e_clash.pk,
        world.e_strike.pk,
    }
    assert ids(get(api_client, date_after="2023-01-01")) == {world.e_irgc.pk}
    assert ids(get(api_client, date_before="2015-12-31")) == {world.e_hez_old.pk}


def test_it_filters_by_updated_since(world, api_client):
    cutoff = timezone.now()
    Event.objects.filter(pk=world.e_raqqa.pk).update(updated_at=cutoff + datetime.timedelta(seconds=5))
    Event.objects.exclude(pk=world.e_raqqa.pk).update(updated_at=cutoff - datetime.timedelta(days=1))
    assert ids(get(api_client, updated_since=cutoff.isoformat())) == {world.e_raqqa.pk}
    assert ids(get(api_client, updated_since=(cutoff - datetime.timedelta(days=2)).date().isoformat())) == {
        e.pk for e in world.approved
    }


def test_it_filters_by_precision(world, api_client):
    assert ids(get(api_client, date_precision="week")) == {world.e_div4.pk}
    assert ids(api_client.get(f"{URL}?date_precision=week&date_precision=month")) == {world.e_div4.pk, world.e_irgc.pk}
    assert ids(get(api_client, geo_precision="district")) == {world.e_div4.pk, world.e_irgc.pk}


def test_it_filters_by_event_and_sub_event_type(world, api_client):
    assert ids(get(api_client, event_type="Explosions/Remote violence")) == {world.e_strike.pk}
    assert ids(get(api_client, sub_event_type="Attack")) == {world.e_hez_new.pk}
    both = api_client.get(f"{URL}?event_type=Violence against civilians&event_type=Strategic developments")
    assert ids(both) == {world.e_hez_new.pk, world.e_irgc.pk}


def test_it_filters_by_min_killed(world, api_client):
    assert ids(get(api_client, min_killed="7")) == {world.e_strike.pk, world.e_hez_old.pk}
    # Zero reported counts, unreported (null) does not.
    zero = ids(get(api_client, min_killed="0"))
    assert world.e_div4.pk in zero and world.e_raqqa.pk not in zero


def test_it_filters_by_crossing(world, api_client):
    assert ids(get(api_client, crossing="hamdan-crossing")) == {world.e_strike.pk}
    assert ids(get(api_client, crossing=str(world.hamdan.pk))) == {world.e_strike.pk}
    assert ids(get(api_client, has_crossing="true")) == {world.e_strike.pk}
    assert world.e_strike.pk not in ids(get(api_client, has_crossing="false"))


def test_it_filters_by_min_confidence_and_sources(world, api_client):
    assert world.e_raqqa.pk not in ids(get(api_client, min_confidence="0.5"))
    assert world.e_raqqa.pk in ids(get(api_client, min_confidence="0.4"))
    assert ids(get(api_client, min_sources="2")) == set()
    assert ids(get(api_client, min_sources="1")) == {e.pk for e in world.approved}


def test_it_filters_by_event_id(world, api_client):
    response = api_client.get(f"{URL}?id={world.e_clash.pk}&id={world.e_raqqa.pk}&id={world.e_pending.pk}")
    assert ids(response) == {world.e_clash.pk, world.e_raqqa.pk}


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Arabic folding is done by the PostgreSQL full-text path; SQLite falls back to a substring match.",
)
def test_it_searches_summaries_and_evidence_in_folded_arabic(world, api_client):
    # The summary has "العشارة" (teh marbuta); a query with heh, or with a hamza variant, finds it.
    assert ids(get(api_client, q="العشاره")) == {world.e_clash.pk}
    assert ids(get(api_client, q="اشتباكات العشارة")) == {world.e_clash.pk}
    # Only in the evidence quote ("عنيفة"), not in the summary.
    assert ids(get(api_client, q="عنيفة")) == {world.e_clash.pk}
    assert ids(get(api_client, q="Hamdan")) == {world.e_strike.pk}
    assert ids(get(api_client, q="fatemiyoun OR raid")) == {world.e_strike.pk, world.e_raqqa.pk}
    assert ids(get(api_client, q="nonexistentword")) == set()
    # A pending event's summary is never found by consumers.
    assert ids(get(api_client, q="Pending")) == set()


def test_it_combines_filters_with_and(world, api_client):
    response = get(api_client, backed_by="iran", location="al-bukamal", date_after="2020-01-01", min_killed="1")
    assert ids(response) == {world.e_strike.pk}
    response = get(api_client, actor="islamic-state", admin1="Deir ez-Zor", event_type="Battles", q="clash")
    assert ids(response) == {world.e_hez_old.pk}
    response = get(api_client, actor_q="قسد", bbox="38,35,40,37", role="side_a")
    assert ids(response) == {world.e_raqqa.pk}


@pytest.mark.parametrize(
    "ordering, expected",
    [
        ("-date", ["e_irgc", "e_raqqa", "e_strike", "e_clash", "e_div4", "e_hez_new", "e_hez_old", "e_undated"]),
        ("date", ["e_undated", "e_hez_old", "e_hez_new", "e_div4", "e_clash", "e_strike", "e_raqqa", "e_irgc"]),
    ],
)
def test_it_orders_by_date_with_undated_events_lowest(world, api_client, ordering, expected):
    response = get(api_client, ordering=ordering)
    assert [e["id"] for e in response.json()["results"]] == [getattr(world, name).pk for name in expected]


def test_it_orders_by_killed_with_unreported_lowest(world, api_client):
    killed = [e["fatalities"]["killed"] for e in get(api_client, ordering="-killed").json()["results"]]
    assert killed == [12, 7, 3, 1, 0, None, None, None]
    killed = [e["fatalities"]["killed"] for e in get(api_client, ordering="killed").json()["results"]]
    assert killed == [None, None, None, 0, 1, 3, 7, 12]


def test_it_orders_by_updated(world, api_client):
    base = timezone.now()
    for offset, event in enumerate(world.approved):
        Event.objects.filter(pk=event.pk).update(updated_at=base - datetime.timedelta(minutes=offset))
    response = get(api_client, ordering="updated")
    assert [e["id"] for e in response.json()["results"]] == [e.pk for e in reversed(world.approved)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="The stored search column exists on PostgreSQL only.")
def test_it_finds_evidence_added_later_once_the_search_column_is_refreshed(world, api_client):
    from events.models import EventSource, Evidence
    from events.services.search import event_search_refresh

    source = EventSource.objects.filter(event=world.e_raqqa).first()
    Evidence.objects.create(source=source, start=500, end=520, text="مداهمة في حي الرشيد")
    assert world.e_raqqa.pk not in ids(get(api_client, q="الرشيد"))
    assert event_search_refresh(event_ids=[world.e_raqqa.pk]) == 1
    assert ids(get(api_client, q="الرشيد")) == {world.e_raqqa.pk}
    # Folded like the query: "مداهمه" (teh marbuta written as heh) finds the quote; the summary
    # is still searched.
    assert ids(get(api_client, q="مداهمه")) == {world.e_raqqa.pk}
    assert ids(get(api_client, q="SDF raid")) == {world.e_raqqa.pk}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="The stored search column exists on PostgreSQL only.")
def test_it_refills_every_search_column_after_a_bulk_load(world, api_client):
    from events.services.search import event_search_refresh_all

    Event.objects.update(search_vector=None)
    assert ids(get(api_client, q="العشاره")) == set()
    assert event_search_refresh_all() == Event.objects.count()
    assert ids(get(api_client, q="العشاره")) == {world.e_clash.pk}
