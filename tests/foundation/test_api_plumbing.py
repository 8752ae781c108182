"""The API's root, its error shape for unknown routes, and the health check."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_it_lists_every_endpoint_of_version_one_at_its_root(client):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    listing = response.json()
    assert set(listing) == {"events", "events_deleted", "stats_events", "actors", "locations", "crossings", "articles"}
    for url in listing.values():
        assert url.startswith("http://testserver/api/v1/")


def test_it_answers_an_unknown_api_route_with_the_error_shape(client):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"error": {"status": 404, "code": "not_found", "message": "Not found.", "fields": {}}}


def test_it_reports_health_with_the_database_reachable(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["status"] == response.json()["database"] == "ok"


def test_it_says_in_the_log_when_the_server_runs_embedded(settings, caplog):
    from conflict.startup import announce_mode

    settings.EMBEDDED_DATABASE = True
    settings.EMBEDDED_TASKS = True
    with caplog.at_level("WARNING", logger="conflict"):
        announce_mode()
    assert "no DATABASE_URL, using SQLite" in caplog.text
    assert "Celery tasks run in-process" in caplog.text
