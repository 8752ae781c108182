"""The examples of docs/api.md answer: every `GET /api/v1/...` written out in full, and every
example of the event list's parameter table, against the reference data with one approved event
in Al-Asharah (sub-district Al-Asharah, district Al-Mayadin, Deir ez-Zor)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command

from events.choices import ActorRole, ReviewStatus
from events.models import Location
from tests.review.conftest import make_article, make_event, make_user

pytestmark = pytest.mark.django_db

API_DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def doc_requests() -> list[str]:
    """Concrete requests: `GET /api/v1/...` with no `{placeholder}`, in code blocks or text."""
    found = re.findall(r"GET (/api/v1/[^\s`{}]*)", API_DOC.read_text(encoding="utf-8"))
    return sorted(set(found))


def parameter_examples() -> list[str]:
    """The example column of the `/events/` parameter table: each `a=b[&c=d]` in backticks."""
    text = API_DOC.read_text(encoding="utf-8")
    table = text.split("### `GET /api/v1/events/`", 1)[1].split("\n\n**", 1)[0]
    examples = []
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0].startswith("`"):
            examples += [code for code in re.findall(r"`([^`]+)`", cells[2]) if "=" in code]
    return examples


def as_query(example: str) -> str:
    pairs = (pair.split("=", 1) for pair in example.split("&"))
    return "&".join(f"{name}={quote(value, safe=',')}" for name, value in pairs)


@pytest.fixture
def reference_world(db):
    call_command("load_reference_data", verbosity=0)
    call_command("ensure_roles", verbosity=0)
    town = Location.objects.get(slug="al-asharah")
    from actors.models import Actor

    ndf = Actor.objects.get(slug="national-defence-forces")
    return make_event(
        location=town,
        articles=[(make_article(), 3)],
        actors=[(ndf, ActorRole.SIDE_A)],
        review_status=ReviewStatus.APPROVED,
    )


def test_it_finds_the_examples_it_checks():
    assert "/api/v1/events/?backed_by=iran&admin1=Deir%20ez-Zor&date_after=2024-01-01&event_type=Battles" in (
        doc_requests()
    )
    assert "admin2=الميادين" in parameter_examples()
    assert len(parameter_examples()) >= 30


def test_it_answers_every_request_written_in_the_api_doc(api_client, reference_world):
    api_client.force_authenticate(make_user("editor", "editor", staff=True))
    failures = {url: api_client.get(url) for url in doc_requests()}
    failures = {url: (r.status_code, r.content[:200]) for url, r in failures.items() if r.status_code != 200}
    assert not failures


def test_it_answers_every_example_of_the_event_parameters(api_client, reference_world):
    # An editor: the table's review_status example is for editors only.
    api_client.force_authenticate(make_user("editor", "editor", staff=True))
    failures = {}
    for example in parameter_examples():
        answer = api_client.get(f"/api/v1/events/?{as_query(example)}")
        if answer.status_code != 200:
            failures[example] = (answer.status_code, answer.content[:200])
    assert not failures


@pytest.mark.parametrize(
    "level, value",
    [
        ("admin2", "الميادين"),
        ("admin2", "Al-Mayadin"),
        ("admin2", "al mayadin"),
        ("admin2", "Al-Mayadin District"),
        ("admin2", "منطقة الميادين"),
        ("admin2", "SY0903"),
        ("admin2", "Mayadin District"),
        ("admin3", "Al-Asharah"),
        ("admin3", "Al-Asharah Subdistrict"),
        ("admin3", "Al-Asharah Sub-district"),
        ("admin3", "العشارة"),
        ("admin3", "ناحية العشارة"),
        ("admin3", "SY090302"),
        ("admin1", "Deir ez-Zor Governorate"),
        ("admin1", "محافظة دير الزور"),
    ],
)
def test_it_finds_an_area_by_the_names_people_write(api_client, reference_world, level, value):
    answer = api_client.get("/api/v1/events/", {level: value})
    assert answer.status_code == 200, answer.content
    assert [event["id"] for event in answer.json()["results"]] == [reference_world.pk]


def test_it_finds_a_sub_district_named_after_its_seat_without_the_word_centre(api_client, reference_world):
    seat = Location.objects.get(pcode="SY090300")
    answer = api_client.get("/api/v1/events/", {"admin3": "ناحية الميادين"})
    assert answer.status_code == 200, answer.content
    assert api_client.get("/api/v1/events/", {"admin3": "Al-Mayadin Subdistrict"}).status_code == 200
    assert seat.name_en == "Al-Mayadin (centre)"


def test_it_refuses_a_name_that_names_no_area_of_that_level(api_client, reference_world):
    for level, value in (("admin2", "Atlantis"), ("admin2", "Al-Asharah"), ("admin3", "Al-Mayadin District x")):
        answer = api_client.get("/api/v1/events/", {level: value})
        assert answer.status_code == 400, (level, value)
        assert answer.json()["error"]["code"] == "unknown"
        assert level in answer.json()["error"]["fields"]


def test_it_shows_the_short_name_and_the_pcode_of_each_area(api_client, reference_world):
    listed = api_client.get("/api/v1/events/").json()["results"][0]["location"]
    detail = api_client.get(f"/api/v1/events/{reference_world.pk}/").json()["location"]
    for location in (listed, detail):
        assert (location["admin1"], location["admin1_pcode"]) == ("Deir ez-Zor", "SY09")
        assert (location["admin2"], location["admin2_pcode"]) == ("Al-Mayadin", "SY0903")
        assert (location["admin3"], location["admin3_pcode"]) == ("Al-Asharah", "SY090302")
    place = api_client.get("/api/v1/locations/al-asharah/").json()
    assert (place["admin2"], place["admin2_pcode"]) == ("Al-Mayadin", "SY0903")
