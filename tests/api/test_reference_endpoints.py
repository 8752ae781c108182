"""/actors/, /locations/, /crossings/ and their per-item event lists."""

from __future__ import annotations

import pytest

from tests.api.conftest import ids

pytestmark = pytest.mark.django_db


def slugs(response) -> set[str]:
    assert response.status_code == 200, response.content[:300]
    return {item["slug"] for item in response.json()["results"]}


def test_it_searches_actors_by_any_alias(world, api_client):
    for spelling in ["NDF", "الدفاع الوطني", "National Defense Forces", "national-defence-forces"]:
        assert "national-defence-forces" in slugs(api_client.get("/api/v1/actors/", {"q": spelling})), spelling
    assert slugs(api_client.get("/api/v1/actors/", {"q": "داعش"})) == {"islamic-state"}


def test_it_filters_actors_by_kind_backer_parent_and_within(world, api_client):
    assert slugs(api_client.get("/api/v1/actors/", {"kind": "jihadist_group"})) == {"islamic-state"}
    assert slugs(api_client.get("/api/v1/actors/", {"backed_by": "iran"})) == {
        "irgc",
        "quds-force",
        "fatemiyoun",
        "hezbollah",
    }
    assert slugs(api_client.get("/api/v1/actors/", {"parent": "sdf"})) == {"deir-ez-zor-military-council"}
    assert slugs(api_client.get("/api/v1/actors/", {"within": "iran"})) == {"iran", "irgc", "quds-force"}
    assert api_client.get("/api/v1/actors/", {"backed_by": "nobody"}).status_code == 400


def test_it_shows_an_actor_with_aliases_family_backers_and_counts(world, api_client):
    body = api_client.get("/api/v1/actors/fatemiyoun/").json()
    assert body["name_ar"] == "لواء فاطميون" and body["inter"] == 3
    assert [b["backer"]["slug"] for b in body["backers"]] == ["iran"]
    assert {a["name"] for a in body["aliases"]} == {"فاطميون"}
    assert body["event_counts"] == {"total": 1, "by_role": {"side_b": 1}, "with_subgroups": 1}
    iran = api_client.get(f"/api/v1/actors/{world.iran.pk}/").json()
    assert [c["slug"] for c in iran["children"]] == ["irgc"]
    assert {b["actor"]["slug"] for b in iran["backs"]} == {"fatemiyoun", "hezbollah"}
    assert iran["event_counts"]["total"] == 0 and iran["event_counts"]["with_subgroups"] == 1


def test_it_lists_an_actors_events_with_subgroups_and_role(world, api_client):
    url = "/api/v1/actors/syrian-government-forces/events/"
    assert ids(api_client.get(url)) == {world.e_undated.pk}
    assert ids(api_client.get(url, {"include_subgroups": "true"})) == {world.e_undated.pk, world.e_div4.pk}
    assert ids(api_client.get("/api/v1/actors/islamic-state/events/", {"role": "side_a"})) == set()
    assert ids(api_client.get("/api/v1/actors/islamic-state/events/", {"date_after": "2021-01-01"})) == {
        world.e_raqqa.pk
    }
    assert api_client.get(url, {"actor": "sdf"}).status_code == 400


def test_it_lists_and_searches_places(world, api_client):
    assert slugs(api_client.get("/api/v1/locations/", {"q": "Abu Kamal"})) >= {"al-bukamal", "abu-kamal-district"}
    assert "al-bukamal" in slugs(api_client.get("/api/v1/locations/", {"q": "البو كمال"}))
    assert slugs(api_client.get("/api/v1/locations/", {"kind": "governorate"})) == {
        "deir-ez-zor-governorate",
        "raqqa-governorate",
    }
    assert slugs(api_client.get("/api/v1/locations/", {"parent": "deir-ez-zor-governorate"})) == {
        "abu-kamal-district",
        "al-mayadin-district",
    }
    assert slugs(api_client.get("/api/v1/locations/", {"pcode": "sy0903"})) == {"abu-kamal-district"}
    assert "al-bukamal" in slugs(api_client.get("/api/v1/locations/", {"within": "abu-kamal-district"}))


def test_it_shows_a_place_with_its_admin_chain(world, api_client):
    body = api_client.get("/api/v1/locations/al-bukamal/").json()
    assert body["admin1"] == "Deir ez-Zor" and body["admin2"] == "Abu Kamal"
    assert [p["slug"] for p in body["admin_chain"]][-1] == "abu-kamal-subdistrict"
    assert "البو كمال" in {a["name"] for a in body["aliases"]}
    assert api_client.get(f"/api/v1/locations/{world.bukamal.pk}/").json()["slug"] == "al-bukamal"


def test_it_lists_a_places_events_including_those_below_it(world, api_client):
    assert ids(api_client.get("/api/v1/locations/abu-kamal-district/events/")) == {
        world.e_strike.pk,
        world.e_div4.pk,
        world.e_hez_old.pk,
        world.e_hez_new.pk,
    }
    filtered = api_client.get("/api/v1/locations/abu-kamal-district/events/", {"backed_by": "iran"})
    assert ids(filtered) == {world.e_strike.pk, world.e_hez_old.pk}


def test_it_lists_crossings_with_control_history(world, api_client):
    body = api_client.get("/api/v1/crossings/", {"kind": "river"}).json()
    hamdan = next(c for c in body["results"] if c["slug"] == "hamdan-crossing")
    assert [p["actor"]["slug"] for p in hamdan["control_history"]] == ["sdf"]
    assert hamdan["controlled_by"]["slug"] == "sdf"
    assert slugs(api_client.get("/api/v1/crossings/", {"q": "معبر الحمدان"})) == {"hamdan-crossing"}
    assert slugs(api_client.get("/api/v1/crossings/", {"location": "deir-ez-zor-governorate"})) == {
        "hamdan-crossing",
        "shaafa-ferry",
    }
    detail = api_client.get("/api/v1/crossings/hamdan-crossing/").json()
    assert detail["crosses"] == "Euphrates" and detail["aliases"][0]["name"] == "معبر الحمدان"
    assert ids(api_client.get("/api/v1/crossings/hamdan-crossing/events/")) == {world.e_strike.pk}
