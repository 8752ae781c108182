"""A submitter sees nothing of another submitter's article, through any endpoint; editors see all.

The leak this guards against: submitter A's article and submitter B's article were merged into
one pending event, and ``GET /articles/<A's>/`` listed that event with all its sources, B's
title, URL, outlet and evidence quotes among them.
"""

from __future__ import annotations

import pytest

from events.choices import ReviewStatus
from events.models import EventSource, Evidence
from tests.api.factories import make_actor, make_event, make_location
from tests.ingestion.conftest import make_user, token_client

pytestmark = pytest.mark.django_db

SECRET_OUTLET = "Secret Outlet of B"
SECRET_TITLE = "B's unpublished scoop"
SECRET_URL = "https://b.example/scoop-7"
SECRET_QUOTE = "اقتباس سري من مقال الناشر الثاني"


@pytest.fixture
def shared_event(db):
    from conflict.api.permissions import EDITOR_GROUP, SUBMITTER_GROUP

    a = make_user("submitter-a", SUBMITTER_GROUP)
    b = make_user("submitter-b", SUBMITTER_GROUP)
    editor = make_user("editor-privacy", EDITOR_GROUP)
    reader = make_user("reader-privacy")
    place = make_location("privacy-town", "Privacy Town", lat=35.0, lon=40.0)
    actor = make_actor("privacy-actor", "Privacy Actor", kind="other")
    event = make_event(
        location=place,
        actors=[(actor, "side_a")],
        killed=2,
        review_status=ReviewStatus.PENDING,
        evidence=["اشتباك في البلدة"],
        source="A's outlet",
    )
    a_source = event.sources.get()
    a_source.article.submitted_by = a
    a_source.article.save(update_fields=["submitted_by"])
    # B's article reported the same incident and was merged into the same event.
    from tests.api.factories import make_article

    b_article = make_article(source=SECRET_OUTLET, title=SECRET_TITLE, url=SECRET_URL, text=SECRET_QUOTE)
    b_article.submitted_by = b
    b_article.save(update_fields=["submitted_by"])
    b_source = EventSource.objects.create(event=event, article=b_article, killed=3)
    Evidence.objects.create(source=b_source, start=0, end=len(SECRET_QUOTE), text=SECRET_QUOTE)
    return {
        "event": event,
        "a_article": a_source.article,
        "b_article": b_article,
        "a": token_client(a),
        "b": token_client(b),
        "editor": token_client(editor),
        "reader": token_client(reader),
    }


def secrets_in(response) -> list[str]:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    text = raw.decode("utf-8")
    return [secret for secret in (SECRET_OUTLET, SECRET_TITLE, SECRET_URL, SECRET_QUOTE) if secret in text]


def test_it_shows_a_submitter_only_their_own_source_of_a_shared_event(shared_event):
    response = shared_event["a"].get(f"/api/v1/articles/{shared_event['a_article'].pk}/")
    assert response.status_code == 200
    events = response.json()["events"]
    assert [e["id"] for e in events] == [shared_event["event"].pk]
    assert [s["source"] for s in events[0]["sources"]] == ["A's outlet"]
    assert secrets_in(response) == []


def test_it_shows_editors_every_source_of_the_shared_event(shared_event):
    response = shared_event["editor"].get(f"/api/v1/articles/{shared_event['a_article'].pk}/")
    assert response.status_code == 200
    sources = response.json()["events"][0]["sources"]
    assert {s["source"] for s in sources} == {"A's outlet", SECRET_OUTLET}
    assert set(secrets_in(response)) == {SECRET_OUTLET, SECRET_TITLE, SECRET_URL, SECRET_QUOTE}


@pytest.mark.parametrize("who", ["a", "reader"])
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/articles/",
        "/api/v1/articles/{b_article}/",
        "/api/v1/articles/{a_article}/",
        "/api/v1/events/",
        "/api/v1/events/{event}/",
        "/api/v1/events/?format=csv",
        "/api/v1/events/?format=geojson",
        "/api/v1/events/?q=%D8%B3%D8%B1%D9%8A",
        "/api/v1/actors/privacy-actor/events/",
        "/api/v1/locations/privacy-town/events/",
        "/api/v1/stats/events/?group_by=actor",
        "/api/v1/events/deleted/",
    ],
)
def test_it_leaks_nothing_of_b_to_other_non_editors(shared_event, who, path):
    url = path.format(
        b_article=shared_event["b_article"].pk, a_article=shared_event["a_article"].pk, event=shared_event["event"].pk
    )
    response = shared_event[who].get(url)
    assert response.status_code in (200, 400, 403, 404), response.content[:300]
    assert secrets_in(response) == []


def test_it_lets_b_read_their_own_article(shared_event):
    response = shared_event["b"].get(f"/api/v1/articles/{shared_event['b_article'].pk}/")
    assert response.status_code == 200
    assert [s["source"] for s in response.json()["events"][0]["sources"]] == [SECRET_OUTLET]
