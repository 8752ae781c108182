"""A small, real world of places, actors, crossings and events for the API tests."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest

from events.choices import ReviewStatus
from tests.api.factories import (
    ASSOCIATED,
    SIDE_A,
    SIDE_B,
    make_actor,
    make_backing,
    make_crossing,
    make_event,
    make_location,
    make_user,
)

D = datetime.date


@pytest.fixture
def world(db):
    w = SimpleNamespace()
    # Places: country > governorate > district > sub-district > town.
    w.syria = make_location("syria", "Syria", kind="country", name_ar="سوريا", lat=35.0, lon=38.5)
    w.dez_gov = make_location(
        "deir-ez-zor-governorate",
        "Deir ez-Zor",
        kind="governorate",
        parent=w.syria,
        name_ar="دير الزور",
        lat=35.33,
        lon=40.14,
        pcode="SY09",
        aliases=["Deir Ezzor", "دير الزور", "Deir al-Zour"],
    )
    w.bukamal_dist = make_location(
        "abu-kamal-district",
        "Abu Kamal",
        kind="district",
        parent=w.dez_gov,
        name_ar="البوكمال",
        pcode="SY0903",
        lat=34.45,
        lon=40.93,
    )
    w.mayadin_dist = make_location(
        "al-mayadin-district",
        "Al-Mayadin",
        kind="district",
        parent=w.dez_gov,
        name_ar="الميادين",
        pcode="SY0902",
        lat=35.02,
        lon=40.45,
    )
    w.bukamal_sub = make_location(
        "abu-kamal-subdistrict",
        "Abu Kamal",
        kind="subdistrict",
        parent=w.bukamal_dist,
        pcode="SY090300",
        lat=34.45,
        lon=40.93,
    )
    w.bukamal = make_location(
        "al-bukamal",
        "Al-Bukamal",
        parent=w.bukamal_sub,
        name_ar="البوكمال",
        lat=34.4536,
        lon=40.9369,
        aliases=["Abu Kamal", "Albukamal", "Al-Bukamal", "البو كمال", "البوكمال"],
    )
    w.asharah = make_location(
        "al-asharah",
        "Al-Asharah",
        parent=w.mayadin_dist,
        name_ar="العشارة",
        lat=34.9213,
        lon=40.5601,
        aliases=["Ashara", "العشارة"],
    )
    w.raqqa_gov = make_location(
        "raqqa-governorate",
        "Ar-Raqqa",
        kind="governorate",
        parent=w.syria,
        name_ar="الرقة",
        pcode="SY11",
        lat=35.95,
        lon=39.0,
    )
    w.raqqa = make_location("raqqa", "Raqqa", parent=w.raqqa_gov, name_ar="الرقة", lat=35.9528, lon=39.0079)
    # Actors.
    w.iran = make_actor("iran", "Iran", kind="foreign_state_force", name_ar="إيران")
    w.irgc = make_actor("irgc", "IRGC", kind="foreign_state_force", parent=w.iran, aliases=["الحرس الثوري"])
    w.quds = make_actor("quds-force", "Quds Force", kind="foreign_state_force", parent=w.irgc)
    w.fatemiyoun = make_actor(
        "fatemiyoun", "Liwa Fatemiyoun", kind="foreign_backed_militia", name_ar="لواء فاطميون", aliases=["فاطميون"]
    )
    w.hezbollah = make_actor("hezbollah", "Hezbollah", kind="foreign_backed_militia", name_ar="حزب الله")
    w.sgf = make_actor(
        "syrian-government-forces",
        "Syrian government forces",
        kind="state_force",
        name_ar="قوات النظام",
        aliases=["قوات الأسد", "Regime forces"],
    )
    w.div4 = make_actor("4th-division", "4th Division", kind="state_force", parent=w.sgf, name_ar="الفرقة الرابعة")
    w.ndf = make_actor(
        "national-defence-forces",
        "National Defence Forces",
        kind="pro_government_militia",
        name_ar="الدفاع الوطني",
        aliases=["NDF", "الدفاع الوطني", "National Defense Forces"],
    )
    w.isis = make_actor(
        "islamic-state", "Islamic State", kind="jihadist_group", name_ar="تنظيم الدولة", aliases=["ISIS", "داعش"]
    )
    w.us = make_actor("united-states", "United States", kind="foreign_state_force")
    w.us_forces = make_actor("us-forces", "US forces", kind="foreign_state_force", parent=w.us)
    w.sdf = make_actor("sdf", "Syrian Democratic Forces", kind="kurdish_led_force", name_ar="قسد", aliases=["SDF"])
    w.dmc = make_actor(
        "deir-ez-zor-military-council", "Deir ez-Zor Military Council", kind="kurdish_led_force", parent=w.sdf
    )
    w.civilians = make_actor("civilians", "Civilians", kind="civilians", name_ar="مدنيون")
    make_backing(w.fatemiyoun, w.iran)
    make_backing(w.hezbollah, w.iran, start=D(2013, 1, 1), end=D(2016, 12, 31))
    make_backing(w.sdf, w.us)
    # Crossings.
    w.hamdan = make_crossing(
        "hamdan-crossing",
        "Hamdan crossing",
        location=w.bukamal,
        name_ar="معبر الحمدان",
        aliases=["معبر الحمدان"],
        controllers=[(w.sdf, D(2019, 1, 1), None)],
    )
    w.shaafa = make_crossing("shaafa-ferry", "Al-Shaafa ferry", location=w.asharah, kind="river")
    # Events.
    w.e_clash = make_event(
        date=D(2020, 6, 16),
        location=w.asharah,
        actors=[(w.ndf, SIDE_A), (w.isis, SIDE_B)],
        killed=3,
        wounded=9,
        captured=4,
        summary="اشتباكات بين عناصر الدفاع الوطني وخلايا تنظيم الدولة في بادية العشارة",
        evidence=["دارت اشتباكات عنيفة بين ميليشيا الدفاع الوطني وخلايا لتنظيم الدولة في بادية العشارة"],
    )
    w.e_strike = make_event(
        date=D(2021, 3, 1),
        location=w.bukamal,
        actors=[(w.us_forces, SIDE_A), (w.fatemiyoun, SIDE_B)],
        killed=7,
        event_type="Explosions/Remote violence",
        sub_event_type="Air/drone strike",
        crossing=w.hamdan,
        summary="Air strike on a Fatemiyoun position near the Hamdan crossing in Al-Bukamal",
        evidence=["طيران مجهول استهدف مواقع لميليشيا فاطميون قرب معبر الحمدان"],
        source="Euphrates Post",
    )
    w.e_raqqa = make_event(
        date=D(2022, 1, 10),
        location=w.raqqa,
        actors=[(w.sdf, SIDE_A), (w.isis, SIDE_B)],
        killed=None,
        summary="SDF raid on an ISIS cell in Raqqa",
        confidence=0.4,
    )
    w.e_div4 = make_event(
        date=D(2019, 5, 5),
        location=w.bukamal_dist,
        actors=[(w.div4, SIDE_A), (w.dmc, SIDE_B)],
        killed=0,
        summary="Exchange of fire across the Euphrates",
        date_precision="week",
    )
    w.e_hez_old = make_event(
        date=D(2015, 4, 2),
        location=w.bukamal,
        actors=[(w.hezbollah, SIDE_A), (w.isis, SIDE_B)],
        killed=12,
        summary="Hezbollah and ISIS clash",
    )
    w.e_hez_new = make_event(
        date=D(2018, 4, 2),
        location=w.bukamal,
        actors=[(w.hezbollah, SIDE_A), (w.civilians, SIDE_B)],
        killed=1,
        event_type="Violence against civilians",
        sub_event_type="Attack",
        summary="A civilian killed",
    )
    w.e_irgc = make_event(
        date=D(2023, 8, 20),
        location=w.mayadin_dist,
        actors=[(w.irgc, SIDE_A), (w.ndf, ASSOCIATED)],
        event_type="Strategic developments",
        sub_event_type="Headquarters or base established",
        summary="The IRGC set up a base in Al-Mayadin",
        date_precision="month",
        geo_precision="district",
    )
    w.e_undated = make_event(date=None, location=None, actors=[(w.sgf, SIDE_A)], summary="Undated report")
    w.e_pending = make_event(
        date=D(2024, 2, 2),
        location=w.asharah,
        actors=[(w.ndf, SIDE_A)],
        review_status=ReviewStatus.PENDING,
        summary="Pending clash",
        killed=50,
    )
    w.e_rejected = make_event(
        date=D(2024, 2, 3),
        location=w.asharah,
        actors=[(w.ndf, SIDE_A)],
        review_status=ReviewStatus.REJECTED,
        summary="Rejected clash",
        killed=60,
    )
    w.e_merged = make_event(
        date=D(2020, 6, 16),
        location=w.asharah,
        actors=[(w.ndf, SIDE_A)],
        review_status=ReviewStatus.MERGED,
        merged_into=w.e_clash,
        summary="Duplicate clash",
        killed=3,
    )
    w.approved = [w.e_clash, w.e_strike, w.e_raqqa, w.e_div4, w.e_hez_old, w.e_hez_new, w.e_irgc, w.e_undated]
    return w


@pytest.fixture
def editor(db):
    user, token = make_user("editor", editor=True)
    return SimpleNamespace(user=user, token=token)


@pytest.fixture
def reader(db):
    user, token = make_user("reader")
    return SimpleNamespace(user=user, token=token)


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content[:500]
    return {item["id"] for item in response.json()["results"]}
