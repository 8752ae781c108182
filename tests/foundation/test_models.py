"""Behaviour of the domain models: hierarchy, subgroups, backers, crossing control."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from actors.choices import ActorKind
from actors.models import Actor, ActorAlias, ActorBacking
from events.models import Crossing, CrossingControl, Location

pytestmark = pytest.mark.django_db


def build_hierarchy() -> dict[str, Location]:
    syria = Location.objects.create(slug="syria", name_en="Syria", kind="country")
    dez = Location.objects.create(slug="dez-gov", name_en="Deir ez-Zor", kind="governorate", parent=syria, pcode="SY09")
    abu_kamal = Location.objects.create(slug="ak-district", name_en="Abu Kamal", kind="district", parent=dez)
    hajin = Location.objects.create(slug="hajin-sub", name_en="Hajin", kind="subdistrict", parent=abu_kamal)
    susah = Location.objects.create(
        slug="susah", name_en="Al-Susah", kind="town", parent=hajin, latitude=34.53, longitude=40.96
    )
    raqqa = Location.objects.create(slug="raqqa-gov", name_en="Raqqa", kind="governorate", parent=syria)
    return {"syria": syria, "dez": dez, "district": abu_kamal, "sub": hajin, "susah": susah, "raqqa": raqqa}


def test_it_keeps_each_place_path_and_admin_levels():
    places = build_hierarchy()
    susah = Location.objects.get(slug="susah")
    assert susah.depth == 4
    assert (
        susah.path == f"/{places['syria'].pk}/{places['dez'].pk}/{places['district'].pk}/{places['sub'].pk}/{susah.pk}/"
    )
    assert (susah.admin1_id, susah.admin2_id, susah.admin3_id) == (
        places["dez"].pk,
        places["district"].pk,
        places["sub"].pk,
    )
    assert [p.slug for p in susah.ancestors()] == ["syria", "dez-gov", "ak-district", "hajin-sub"]


def test_it_finds_every_place_within_a_governorate():
    places = build_hierarchy()
    inside = set(Location.objects.within(places["dez"]).values_list("slug", flat=True))
    assert inside == {"dez-gov", "ak-district", "hajin-sub", "susah"}


def test_it_moves_descendants_when_a_place_moves():
    places = build_hierarchy()
    district = places["district"]
    district.parent = places["raqqa"]
    district.save()
    susah = Location.objects.get(slug="susah")
    assert susah.path.startswith(places["raqqa"].path)
    assert susah.admin1_id == places["raqqa"].pk


def test_it_refuses_a_place_inside_itself():
    places = build_hierarchy()
    dez = places["dez"]
    dez.parent = Location.objects.get(slug="susah")
    with pytest.raises(ValidationError):
        dez.clean()


def test_it_expands_an_actor_to_its_subgroups():
    sdf = Actor.objects.create(slug="sdf", name_en="SDF", kind=ActorKind.KURDISH_LED_FORCE)
    dmc = Actor.objects.create(
        slug="dmc", name_en="Deir ez-Zor Military Council", kind=ActorKind.KURDISH_LED_FORCE, parent=sdf
    )
    unit = Actor.objects.create(slug="unit", name_en="A DMC battalion", kind=ActorKind.KURDISH_LED_FORCE, parent=dmc)
    Actor.objects.create(slug="other", name_en="Other", kind=ActorKind.OTHER)
    assert sdf.descendant_ids() == {sdf.pk, dmc.pk, unit.pk}


def test_it_refuses_a_cycle_of_parent_groups():
    a = Actor.objects.create(slug="a", name_en="A", kind=ActorKind.OTHER)
    b = Actor.objects.create(slug="b", name_en="B", kind=ActorKind.OTHER, parent=a)
    a.parent = b
    with pytest.raises(ValidationError):
        a.clean()


def test_it_lists_actors_backed_by_a_state_on_a_date():
    iran = Actor.objects.create(slug="iran", name_en="Iran", kind=ActorKind.FOREIGN_STATE_FORCE)
    quds = Actor.objects.create(slug="liwa-al-quds", name_en="Liwa al-Quds", kind=ActorKind.PRO_GOVERNMENT_MILITIA)
    fatemiyoun = Actor.objects.create(slug="fatemiyoun", name_en="Fatemiyoun", kind=ActorKind.FOREIGN_BACKED_MILITIA)
    ActorBacking.objects.create(actor=fatemiyoun, backer=iran, start=date(2014, 1, 1))
    ActorBacking.objects.create(actor=quds, backer=iran, start=date(2013, 1, 1), end=date(2017, 12, 31))
    assert set(Actor.objects.backed_by(iran)) == {quds, fatemiyoun}
    assert set(Actor.objects.backed_by(iran, on=date(2019, 3, 1))) == {fatemiyoun}


def test_it_stores_the_normalised_form_of_an_alias():
    ndf = Actor.objects.create(slug="ndf", name_en="National Defence Forces", kind=ActorKind.PRO_GOVERNMENT_MILITIA)
    alias = ActorAlias.objects.create(actor=ndf, name="قُوَّات الدِّفاع الوطنيّ", language="ar")
    assert alias.normalized == "قوات الدفاع الوطني"
    assert ActorAlias.objects.create(actor=ndf, name="N.D.F.", language="en").normalized == "n d f"


def test_it_tells_who_controlled_a_crossing_on_a_date():
    crossing = Crossing.objects.create(
        slug="qaim", name_en="Al-Qaim crossing", kind="border", crosses="Syria–Iraq border"
    )
    isis = Actor.objects.create(slug="is", name_en="Islamic State", kind=ActorKind.JIHADIST_GROUP)
    government = Actor.objects.create(slug="gov", name_en="Syrian government forces", kind=ActorKind.STATE_FORCE)
    CrossingControl.objects.create(crossing=crossing, actor=isis, start=date(2014, 6, 1), end=date(2017, 11, 8))
    CrossingControl.objects.create(crossing=crossing, actor=government, start=date(2017, 11, 9))
    assert crossing.controller_on(date(2016, 1, 1)).actor == isis
    assert crossing.controller_on(date(2020, 1, 1)).actor == government
    assert crossing.controller_on(date(2010, 1, 1)) is None


def test_it_refuses_overlapping_control_periods():
    crossing = Crossing.objects.create(slug="ashara", name_en="Al-Asharah ferry", kind="river", crosses="Euphrates")
    a = Actor.objects.create(slug="a", name_en="A", kind=ActorKind.OTHER)
    b = Actor.objects.create(slug="b", name_en="B", kind=ActorKind.OTHER)
    CrossingControl.objects.create(crossing=crossing, actor=a, start=date(2019, 1, 1), end=date(2020, 1, 1))
    overlapping = CrossingControl(crossing=crossing, actor=b, start=date(2019, 6, 1))
    with pytest.raises(ValidationError):
        overlapping.clean()


def test_it_bumps_the_dictionary_version_once_the_alias_is_committed(django_capture_on_commit_callbacks):
    from events.services.dictionary import current_dictionary_version

    before = current_dictionary_version()
    with django_capture_on_commit_callbacks(execute=True):
        ndf = Actor.objects.create(slug="ndf", name_en="National Defence Forces", kind=ActorKind.PRO_GOVERNMENT_MILITIA)
        ActorAlias.objects.create(actor=ndf, name="NDF", language="en")
        # Not before commit: a worker must not rebuild from a dictionary missing the new alias.
        assert current_dictionary_version() == before
    assert current_dictionary_version() > before
