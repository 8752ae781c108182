"""Hostile input gets a 4xx in the error shape naming the problem, never a server error.

Every case here answered 500 before (issue 11, point 2): NUL bytes reaching PostgreSQL, Unicode
digits reaching ``int()``, time-zone offsets PostgreSQL refuses, JSON nested deep enough to
exhaust the parser's recursion, and an oversized body.
"""

from __future__ import annotations

import json

import pytest
from django.test import override_settings

from tests.ingestion.conftest import make_user

pytestmark = pytest.mark.django_db


def assert_error(response, status: int, field: str | None = None) -> dict:
    assert response.status_code == status, response.content[:500]
    body = response.json()["error"]
    assert body["status"] == status
    assert body["message"]
    if field is not None:
        assert field in body["fields"] or field in body["message"], body
    return body


@pytest.mark.parametrize(
    "url, field",
    [
        ("/api/v1/events/?actor=a%00b", "actor"),
        ("/api/v1/events/?location=%00", "location"),
        ("/api/v1/events/?q=war%00crimes", "q"),
        ("/api/v1/actors/?backed_by=%00", "backed_by"),
        ("/api/v1/stats/events/?crossing=%00", "crossing"),
        ("/api/v1/locations/?within=%00", "within"),
        ("/api/v1/crossings/?q=%01", "q"),
        ("/api/v1/events/?actor=" + "a" * 5000, "actor"),
    ],
)
def test_it_refuses_control_characters_and_huge_values_in_any_parameter(api_client, url, field):
    assert_error(api_client.get(url), 400, field)


@pytest.mark.parametrize(
    "url, field",
    [
        ("/api/v1/events/?actor=%C2%B2", "actor"),
        ("/api/v1/events/?location=%C2%B3", "location"),
        ("/api/v1/locations/?parent=%C2%B9", "parent"),
        ("/api/v1/events/?id=%D9%A3", "id"),  # Arabic-Indic three
        ("/api/v1/events/?actor=99999999999999999999999", "actor"),  # beyond bigint
        ("/api/v1/events/?page_size=%C2%B2", "page_size"),
    ],
)
def test_it_refuses_unicode_digits_and_oversized_ids(api_client, url, field):
    assert_error(api_client.get(url), 400, field)


@pytest.mark.parametrize(
    "path",
    ["/api/v1/events/%C2%B2/", "/api/v1/events/99999999999999999999999/", "/api/v1/actors/a%00b/"],
)
def test_it_answers_404_for_ids_in_the_path_that_are_not_ids(api_client, path):
    assert_error(api_client.get(path), 404)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/events/?updated_since=2020-01-01T00:00:00%2B16:00",
        "/api/v1/events/?updated_since=2020-01-01T00:00:00%2B23:59",
        "/api/v1/events/deleted/?updated_since=2020-01-01T00:00:00-20:00",
    ],
)
def test_it_takes_time_zone_offsets_postgresql_cannot_store_as_utc(api_client, url):
    assert api_client.get(url).status_code == 200


def test_it_refuses_an_instant_that_leaves_the_calendar_in_utc(api_client):
    response = api_client.get("/api/v1/events/?updated_since=0001-01-01T00:00:00%2B01:00")
    assert_error(response, 400, "updated_since")


@pytest.fixture
def submitter_client(api_client):
    from rest_framework.authtoken.models import Token

    from conflict.api.permissions import SUBMITTER_GROUP

    user = make_user("submitter-bad-input", SUBMITTER_GROUP)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return api_client


def test_it_stores_a_publication_time_with_a_large_offset_in_utc(submitter_client):
    body = {"text": "نص تجريبي عن اشتباكات في دير الزور.", "source": "Test", "published": "2024-01-02T05:00:00+20:00"}
    response = submitter_client.post("/api/v1/articles/", body, format="json")
    assert response.status_code == 202, response.content
    from events.models import Article

    assert Article.objects.get(pk=response.json()["id"]).published.isoformat() == "2024-01-01T09:00:00+00:00"


def test_it_takes_the_same_offset_in_the_articles_list(submitter_client):
    url = "/api/v1/articles/?published_after=2024-01-01T00:00:00%2B20:00"
    assert submitter_client.get(url).status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        "[" * 100_000,
        '{"text": ' + "[" * 100_000 + "]" * 100_000 + "}",
        '{"articles": [' + '{"a": ' * 50_000 + "1" + "}" * 50_000 + "]}",
        '{"text": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["deep"]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}',
    ],
    ids=["brackets", "in-text", "objects-in-a-batch", "just-past-the-limit"],
)
def test_it_refuses_deeply_nested_json(submitter_client, body):
    for url in ("/api/v1/articles/", "/api/v1/articles/batch/"):
        response = submitter_client.post(url, body, content_type="application/json")
        assert "nested" in assert_error(response, 400)["message"]


@pytest.mark.parametrize(
    "body, where",
    [
        ({"text": "a\u0000b", "source": "x"}, "text"),
        ({"text": "valid text here", "source": "x\ud800"}, "source"),
        ({"text": "valid text here", "source": "x", "\u0000": 1}, "body"),
    ],
)
def test_it_refuses_strings_postgresql_cannot_store(submitter_client, body, where):
    raw = json.dumps(body)  # escapes the NUL and the surrogate as \\u sequences, as a client would
    response = submitter_client.post("/api/v1/articles/", raw, content_type="application/json")
    assert_error(response, 400, where)


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1_000_000, ARTICLE_MAX_REQUEST_BYTES=2_000_000)
def test_it_answers_413_for_a_body_over_every_limit(submitter_client):
    items = [{"text": "x" * 100_000, "source": "Test"} for _ in range(40)]
    response = submitter_client.post("/api/v1/articles/batch/", {"articles": items}, format="json")
    assert_error(response, 413)


# --- the smaller cases of issue 11, point 10 -------------------------------------------------


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_it_answers_405_with_allow_for_methods_an_endpoint_does_not_have(world, api_client, editor, method):
    for token in (None, editor.token):
        api_client.credentials(**({"HTTP_AUTHORIZATION": f"Token {token}"} if token else {}))
        response = getattr(api_client, method)(f"/api/v1/events/{world.e_clash.pk}/")
        assert_error(response, 405)
        assert "GET" in response["Allow"]


def test_it_answers_406_naming_the_formats_for_an_unknown_format(world, api_client):
    body = assert_error(api_client.get("/api/v1/events/?format=xml"), 406)
    assert "csv" in body["message"] and "geojson" in body["message"]


@pytest.mark.parametrize(
    "source, expected",
    [("Outlet\u0000Name", "NUL"), ("x" * 300, "the limit is 200"), ("Outlet\u0007", "control characters")],
)
def test_it_names_the_real_problem_with_the_outlet(submitter_client, source, expected):
    body = {"text": "نص تجريبي عن اشتباكات في دير الزور.", "source": source}
    response = submitter_client.post("/api/v1/articles/batch/", {"articles": [body]}, format="json")
    assert response.status_code == 200, response.content
    [result] = response.json()["results"]
    assert expected in " ".join(result["error"]["fields"]["source"])


@pytest.mark.parametrize(
    "url",
    [
        'https://example.org/news?id=1"><svg/onload=alert(1)>',
        "https://example.org/a b",
        "https://example.org/{x}",
    ],
)
def test_it_refuses_urls_with_characters_rfc_3986_forbids(submitter_client, url):
    response = submitter_client.post("/api/v1/articles/", {"url": url}, format="json")
    assert "percent-encoded" in assert_error(response, 400, "url")["message"]


def test_it_percent_encodes_a_url_with_an_arabic_path(submitter_client):
    url = "https://www.enabbaladi.net/archives/دير-الزور"
    response = submitter_client.post("/api/v1/articles/", {"url": url}, format="json")
    assert response.status_code == 202, response.content
    from events.models import Article

    stored = Article.objects.get(pk=response.json()["id"]).url
    assert stored == "https://www.enabbaladi.net/archives/%D8%AF%D9%8A%D8%B1-%D8%A7%D9%84%D8%B2%D9%88%D8%B1"


def test_gunicorn_answers_an_over_long_request_line_in_the_error_shape(tmp_path):
    """The server's own refusals (before Django) are JSON too: run gunicorn as deployed."""
    import socket
    import subprocess
    import sys
    import time
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "-c", "python:conflict.gunicorn", "conflict.wsgi:application"),
            *("--bind", f"127.0.0.1:{port}", "--workers", "1"),
        ],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                connection = socket.create_connection(("127.0.0.1", port), timeout=5)
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        with connection:
            connection.sendall(b"GET /api/v1/events/?q=" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
            answer = b""
            while chunk := connection.recv(65536):
                answer += chunk
    finally:
        server.terminate()
        server.wait(timeout=30)
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 414"), head
    assert b"Content-Type: application/json" in head
    error = json.loads(body)["error"]
    assert error["status"] == 414 and error["code"] == "uri_too_long" and "too large" in error["message"]


def test_it_throttles_anonymous_clients_by_their_address_whatever_x_forwarded_for_says(api_client, settings):
    """With no trusted proxy, a client cannot escape the anonymous limit by sending a new
    X-Forwarded-For with each request."""
    from rest_framework.settings import api_settings

    from conflict.api.throttling import AnonRateThrottle

    assert api_settings.NUM_PROXIES == 0
    throttle = AnonRateThrottle()
    idents = set()
    for n in range(3):
        request = api_client.get("/health/").wsgi_request
        request.META["HTTP_X_FORWARDED_FOR"] = f"10.0.0.{n}"
        idents.add(throttle.get_ident(request))
    assert idents == {"127.0.0.1"}
