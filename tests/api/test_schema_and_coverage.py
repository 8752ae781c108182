"""The OpenAPI schema validates and documents every filter; every filterable field has a filter."""

from __future__ import annotations

import pytest
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from events.filters import EventFilter
from events.models import Event

# Which filters cover which Event field. A new field must be added here or to EXEMPT.
FIELD_FILTERS = {
    "id": ["id"],
    "search_vector": ["q"],
    "event_type": ["event_type"],
    "sub_event_type": ["sub_event_type"],
    "date": ["date_after", "date_before"],
    "date_precision": ["date_precision"],
    "location": ["location", "location_q", "admin1", "admin2", "admin3"],
    "geo_precision": ["geo_precision"],
    "latitude": ["bbox", "near", "radius_km"],
    "longitude": ["bbox", "near", "radius_km"],
    "crossing": ["crossing", "has_crossing"],
    "killed": ["min_killed"],
    "confidence": ["min_confidence"],
    "summary": ["q"],
    "review_status": ["review_status"],
    "source_count": ["min_sources"],
    "updated_at": ["updated_since"],
}
# Fields deliberately without a filter, and why.
EXEMPT = {
    "wounded": "rarely reported; min_killed covers the toll filter analysts use",
    "captured": "rarely reported",
    "unresolved_places": "a hint for editors, who work through the names in the admin",
    "killed_low": "a merge bookkeeping figure, shown but not filtered",
    "killed_high": "a merge bookkeeping figure, shown but not filtered",
    "reviewed_by": "editors' internal data, not published",
    "reviewed_at": "editors' internal data; updated_since covers sync",
    "review_note": "editors' internal data, not published",
    "merged_into": "published through the /events/deleted/ tombstone feed",
    "created_at": "updated_since covers incremental sync",
}


def test_it_has_a_filter_for_every_filterable_event_field():
    fields = {f.name for f in Event._meta.concrete_fields}
    missing = fields - set(FIELD_FILTERS) - set(EXEMPT)
    assert not missing, f"Event fields without a filter (add one, or exempt them with a reason): {missing}"
    unknown = {name for names in FIELD_FILTERS.values() for name in names} - set(EventFilter.base_filters)
    assert not unknown, f"Declared filters that do not exist: {unknown}"
    # Actor relations are filtered too.
    assert {"actor", "actor_q", "backed_by", "role", "include_subgroups"} <= set(EventFilter.base_filters)


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_it_generates_a_valid_openapi_schema(schema):
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/events/",
        "/api/v1/stats/events/",
        "/api/v1/actors/{slug}/events/",
        "/api/v1/locations/{slug}/events/",
        "/api/v1/crossings/{slug}/events/",
    ],
)
def test_it_documents_every_event_filter(schema, path):
    parameters = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
    for name in EventFilter.base_filters:
        assert name in parameters, f"{path} does not document {name}"
        assert parameters[name].get("description"), f"{path}: {name} has no description"
    assert parameters["actor"]["schema"]["type"] == "array" and parameters["actor"]["explode"] is True


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/events/",
        "/api/v1/events/{id}/",
        "/api/v1/stats/events/",
        "/api/v1/actors/",
        "/api/v1/actors/{slug}/events/",
        "/api/v1/locations/{slug}/",
        "/api/v1/crossings/",
    ],
)
def test_it_documents_the_conditional_headers_of_cached_answers(schema, path):
    operation = schema["paths"][path]["get"]
    assert "If-None-Match" in {p["name"] for p in operation["parameters"] if p["in"] == "header"}
    assert {"ETag", "X-Page-Cache"} <= set(operation["responses"]["200"]["headers"])


def test_it_documents_no_conditional_headers_where_nothing_is_cached(schema):
    for path in ("/api/v1/events/deleted/", "/api/v1/articles/"):
        operation = schema["paths"][path]["get"]
        assert "If-None-Match" not in {p["name"] for p in operation.get("parameters", [])}
        assert "ETag" not in operation["responses"]["200"].get("headers", {})


def test_it_serves_the_schema_and_the_docs(api_client, db):
    assert api_client.get("/api/schema/").status_code == 200
    assert api_client.get("/api/docs/").status_code == 200


def test_it_keeps_the_search_fold_in_sync_with_the_migration():
    import importlib

    from events.selectors import SEARCH_FOLD_FROM, SEARCH_FOLD_TO

    migration = importlib.import_module("events.migrations.0002_api_indexes")
    assert (migration.FOLD_FROM, migration.FOLD_TO) == (SEARCH_FOLD_FROM, SEARCH_FOLD_TO)


def test_it_fills_the_search_column_in_the_migration_as_the_service_does():
    import importlib

    from events.services.search import REFRESH_ALL_SQL

    migration = importlib.import_module("events.migrations.0003_event_search_vector")
    assert migration.FILL == REFRESH_ALL_SQL
