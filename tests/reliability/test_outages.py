"""A database or broker outage answers 503 with Retry-After, and /health/ says which one is down.

The database outage is simulated without touching the shared PostgreSQL server: this process's
connection is closed and its settings pointed at a port nothing listens on, so the next query
has to reconnect and is refused, exactly as when the server is down. The broker outage points
this process's Celery app at a closed port, or at a server that accepts and never answers.
"""

from __future__ import annotations

import contextlib
import time

import pytest
from django.db import connection

from tests.conftest import require_service
from tests.ingestion.conftest import ARABIC_REPORT, make_user, publish_to, token_client
from tests.reliability.test_timeouts import HungServer, closed_port


@contextlib.contextmanager
def database_down(port: int | None = None):
    """Until the block ends, every query of this process finds the database unreachable: the
    connection goes to ``port`` (by default one nothing listens on)."""
    saved = {key: connection.settings_dict[key] for key in ("HOST", "PORT")}
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=str(port or closed_port()))
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(saved)


@pytest.fixture
def postgres(transactional_db):
    if connection.vendor != "postgresql":
        require_service("PostgreSQL", "the outage is simulated on a PostgreSQL connection")


@pytest.fixture
def submitter_client(postgres):
    return token_client(make_user("outage-submitter", "submitter"))


@pytest.fixture
def broker_at():
    from conflict.celery import app

    previous = (app.conf.broker_write_url, app.conf.task_always_eager)
    yield lambda url, eager=False: publish_to(url, eager=eager)
    publish_to(previous[0], eager=previous[1])


def assert_unavailable(response, code: str) -> dict:
    assert response.status_code == 503, response.content
    assert int(response["Retry-After"]) > 0
    body = response.json()
    assert set(body["error"]) == {"status", "code", "message", "fields"}
    assert body["error"]["status"] == 503 and body["error"]["code"] == code
    return body


def test_it_answers_503_to_event_reads_while_the_database_is_down(postgres, client):
    with database_down():
        response = client.get("/api/v1/events/")

    body = assert_unavailable(response, "database_unavailable")
    assert "database" in body["error"]["message"]
    assert client.get("/api/v1/events/").status_code == 200  # and recovers with the database


def test_it_answers_503_within_the_connect_timeout_when_the_database_host_hangs(postgres, client, settings):
    # A host that accepts the connection and never answers, as a database server frozen or
    # behind a half-broken network: the attempt is bounded by DB_CONNECT_TIMEOUT.
    server = HungServer()
    try:
        with database_down(server.port):
            started = time.monotonic()
            response = client.get("/api/v1/events/")
            seconds = time.monotonic() - started
    finally:
        server.close()

    print(f"GET /api/v1/events/ with a hung database host: {response.status_code} in {seconds:.1f} s")
    assert_unavailable(response, "database_unavailable")
    assert seconds < settings.DB_CONNECT_TIMEOUT + 3


def test_it_answers_503_to_a_submission_while_the_database_is_down(submitter_client):
    with database_down():
        response = submitter_client.post(
            "/api/v1/articles/", {"text": ARABIC_REPORT, "source": "Deir ez-Zor 24"}, format="json"
        )

    assert_unavailable(response, "database_unavailable")


def test_it_answers_503_from_the_admin_while_the_database_is_down(postgres, client):
    client.force_login(make_user("outage-editor", "editor"))
    with database_down():
        response = client.get("/admin/")  # reads the session and the user: outside the API

    assert_unavailable(response, "database_unavailable")


def test_it_reports_health_ok_when_the_database_and_the_broker_answer(postgres, client, broker_at):
    from tests.ingestion.test_integration import redis_url

    broker_at(redis_url())
    response = client.get("/health/")

    assert response.status_code == 200, response.content
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_it_reports_the_broker_as_embedded_when_tasks_run_in_process(postgres, client, broker_at):
    broker_at("memory://", eager=True)
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "embedded"}


def test_it_reports_the_database_as_down_in_the_health_check(postgres, client, broker_at):
    broker_at("memory://", eager=True)
    with database_down():
        response = client.get("/health/")

    body = assert_unavailable(response, "unavailable")
    assert (body["status"], body["database"], body["broker"]) == ("unavailable", "unavailable", "embedded")
    assert set(body["error"]["fields"]) == {"database"}


def test_it_reports_a_broker_refusing_connections_in_the_health_check(postgres, client, broker_at):
    broker_at(f"redis://127.0.0.1:{closed_port()}/0")
    response = client.get("/health/")

    body = assert_unavailable(response, "unavailable")
    assert (body["database"], body["broker"]) == ("ok", "unavailable")
    assert set(body["error"]["fields"]) == {"broker"}


def test_it_reports_a_hung_broker_in_the_health_check_within_two_seconds(postgres, client, broker_at):
    server = HungServer()
    try:
        broker_at(server.url())
        started = time.monotonic()
        response = client.get("/health/")
        seconds = time.monotonic() - started
    finally:
        server.close()

    print(f"/health/ with a hung broker answered {response.status_code} in {seconds:.2f} s")
    body = assert_unavailable(response, "unavailable")
    assert body["broker"] == "unavailable"
    assert seconds < 2.0


def test_it_reports_both_when_both_are_down(postgres, client, broker_at):
    broker_at(f"redis://127.0.0.1:{closed_port()}/0")
    with database_down():
        response = client.get("/health/")

    body = assert_unavailable(response, "unavailable")
    assert set(body["error"]["fields"]) == {"database", "broker"}
    assert body["error"]["message"] == "Unavailable: broker and database."


def test_it_keeps_the_web_servers_own_health_ok_while_the_broker_is_down(postgres, client, broker_at):
    """The Docker health check asks ?check=database: the web server still takes articles (the
    sweep sends them later), so a broker outage must not take it out of service."""
    broker_at("redis://127.0.0.1:1/0")
    response = client.get("/health/?check=database")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert client.get("/health/").status_code == 503
