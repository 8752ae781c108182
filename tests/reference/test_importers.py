"""The GeoNames dump and OCHA P-code importers, on small files in the real formats."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from conflict.errors import ApplicationError
from events.extraction.normalize import normalize_name
from events.models import Location, LocationAlias
from events.services.importers import geonames_dump_import, geonames_dump_read, pcodes_import
from events.services.reference import reference_data_load

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "reference"
DUMP = FIXTURES / "geonames_SY_sample.txt"


@pytest.fixture
def reference():
    # The project's own places only: the imports are then the only source of GeoNames rows.
    reference_data_load(include_geonames=False)


def test_it_reads_only_the_existing_populated_places_of_the_country():
    towns = geonames_dump_read(path=DUMP, country="SY")
    assert [t["geonameid"] for t in towns] == [9900001, 9900002, 9900006, 9900007, 9900008]
    assert towns[0]["alternatenames"] == ["Al Kharita", "Kharitah", "الخريطة", "خريطة"]


def test_it_imports_new_towns_from_a_geonames_dump(reference):
    counts = geonames_dump_import(path=DUMP)
    assert counts["locations_created"] == 3
    assert counts["geonames_towns_skipped"] == 2  # Hajin, and Al-Busayrah found by its Arabic name
    kharitah = Location.objects.get(geonames_id=9900001)
    assert (kharitah.name_en, kharitah.name_ar, kharitah.kind) == ("Al Kharitah", "الخريطة", "town")
    assert kharitah.parent.slug == "deir-ez-zor-governorate"
    assert kharitah in Location.objects.within(Location.objects.get(slug="deir-ez-zor-governorate"))
    assert {"al kharita", "kharitah", "الخريطه"} <= set(kharitah.aliases.values_list("normalized", flat=True))
    suluk = Location.objects.get(geonames_id=9900008)
    assert suluk.parent.slug == "suluk-subdistrict"  # the main town of its sub-district
    assert suluk.name_ar == "سلوك"
    assert Location.objects.get(geonames_id=9900006).population == 1200
    assert not Location.objects.filter(geonames_id__in=[9900002, 9900003, 9900004, 9900005, 9900007]).exists()


def test_it_does_not_duplicate_anything_on_a_second_geonames_import(reference):
    geonames_dump_import(path=DUMP)
    places, aliases = Location.objects.count(), LocationAlias.objects.count()
    counts = geonames_dump_import(path=DUMP)
    assert (counts["locations_created"], counts["locations_updated"], counts["location_aliases_created"]) == (0, 0, 0)
    assert counts["geonames_towns_skipped"] == 5
    assert (Location.objects.count(), LocationAlias.objects.count()) == (places, aliases)


def test_it_survives_a_reference_reload_after_an_import(reference):
    geonames_dump_import(path=DUMP)
    places = Location.objects.count()
    reference_data_load(include_geonames=False)
    assert Location.objects.count() == places


def test_it_refuses_a_file_that_is_not_a_geonames_dump(reference):
    with pytest.raises(ApplicationError, match="expected 19 tab-separated columns"):
        geonames_dump_import(path=FIXTURES / "geonames_not_a_dump.txt")


def test_it_asks_for_the_governorates_before_importing_towns():
    with pytest.raises(ApplicationError, match="load the reference data"):
        geonames_dump_import(path=DUMP)


def test_it_imports_pcode_tables_level_by_level_with_either_header_style(reference):
    first = pcodes_import(path=FIXTURES / "pcodes_admin1_hdx.csv", level=1)
    assert first["locations_created"] == 0  # both governorates exist already
    second = pcodes_import(path=FIXTURES / "pcodes_admin2_ocha.csv", level=2)
    assert second["locations_created"] == 2
    third = pcodes_import(path=FIXTURES / "pcodes_admin3_hdx.csv", level=3)
    assert third["locations_created"] == 2

    al_bab = Location.objects.get(pcode="SY0201")
    assert (al_bab.name_en, al_bab.name_ar, al_bab.kind, al_bab.parent.pcode) == ("Al Bab", "الباب", "district", "SY02")
    assert (al_bab.latitude, al_bab.longitude) == (36.37, 37.52)
    tadef = Location.objects.get(pcode="SY020101")
    assert (tadef.kind, tadef.parent_id, tadef.admin2_id, tadef.admin1.pcode) == (
        "subdistrict",
        al_bab.pk,
        al_bab.pk,
        "SY02",
    )
    # Existing units keep the project's names; the table's spellings become aliases.
    abu_kamal = Location.objects.get(pcode="SY0902")
    assert abu_kamal.name_en == "Al-Bukamal District"
    assert LocationAlias.objects.filter(location=abu_kamal, normalized=normalize_name("البوكمال")).exists()
    assert Location.objects.filter(pcode="SY090201").count() == 1


def test_it_changes_nothing_when_the_same_pcode_table_is_imported_again(reference):
    pcodes_import(path=FIXTURES / "pcodes_admin2_ocha.csv", level=2)
    again = pcodes_import(path=FIXTURES / "pcodes_admin2_ocha.csv", level=2)
    assert (again["locations_created"], again["locations_updated"], again["location_aliases_created"]) == (0, 0, 0)


def test_it_refuses_sub_districts_whose_district_is_unknown(reference):
    with pytest.raises(ApplicationError, match="Parent P-codes not found: SY9999"):
        pcodes_import(path=FIXTURES / "pcodes_admin3_orphan.csv", level=3)


def test_it_refuses_a_table_without_a_pcode_column(reference):
    with pytest.raises(ApplicationError, match="no pcode column"):
        pcodes_import(path=FIXTURES / "geonames_not_a_dump.txt", level=2)


def test_it_runs_the_importers_as_management_commands(reference):
    out = io.StringIO()
    call_command("import_pcodes", str(FIXTURES / "pcodes_admin2_ocha.csv"), "--level", "2", stdout=out)
    assert "Imported: 2 new places." in out.getvalue()
    call_command("import_geonames", str(DUMP), stdout=out)
    assert "Imported: 3 new places." in out.getvalue()
    with pytest.raises(CommandError, match="Parent P-codes not found"):
        call_command("import_pcodes", str(FIXTURES / "pcodes_admin3_orphan.csv"), "--level", "3", stdout=out)
