"""Consumers see approved events only; editors may ask for others; tombstones; auth; throttling."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from conflict.api.throttling import AnonRateThrottle, UserRateThrottle
from events.choices import ReviewStatus
from events.models import AuditAction, Event, EventAuditEntry
from tests.api.conftest import ids

URL = "/api/v1/events/"
pytestmark = pytest.mark.django_db


def test_it_hides_pending_rejected_and_merged_events_from_consumers(world, api_client, reader):
    hidden = {world.e_pending.pk, world.e_rejected.pk, world.e_merged.pk}
    assert not ids(api_client.get(URL)) & hidden
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {reader.token}")
    assert not ids(api_client.get(URL)) & hidden
    for event in (world.e_pending, world.e_rejected, world.e_merged):
        assert api_client.get(f"{URL}{event.pk}/").status_code == 404
    # Nor in the per-place lists, the exports or the statistics.
    assert not ids(api_client.get("/api/v1/locations/al-asharah/events/")) & hidden
    csv_body = b"".join(api_client.get(URL, {"format": "csv"}).streaming_content).decode()
    assert f"SYR{world.e_pending.pk}," not in csv_body
    stats = api_client.get("/api/v1/stats/events/", {"group_by": "event_type"}).json()["results"]
    assert sum(row["events"] for row in stats) == len(world.approved)


def test_it_refuses_review_status_to_consumers(world, api_client, reader):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {reader.token}")
    response = api_client.get(URL, {"review_status": "approved"})
    assert response.status_code == 403
    assert "review status" in response.json()["error"]["message"]


def test_it_lets_editors_filter_by_review_status(world, api_client, editor):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {editor.token}")
    assert ids(api_client.get(URL, {"review_status": "pending"})) == {world.e_pending.pk}
    both = api_client.get(f"{URL}?review_status=rejected&review_status=merged")
    assert ids(both) == {world.e_rejected.pk, world.e_merged.pk}
    # Without the filter, editors see what consumers see.
    assert ids(api_client.get(URL)) == {e.pk for e in world.approved}
    # And may open a pending event, with the editors' names in its history.
    detail = api_client.get(f"{URL}{world.e_pending.pk}/")
    assert detail.status_code == 200
    assert all("by" in entry for entry in detail.json()["review_history"])


def test_it_shows_the_detail_with_chain_backers_controller_and_history(world, api_client):
    body = api_client.get(f"{URL}{world.e_strike.pk}/").json()
    assert [p["slug"] for p in body["location"]["admin_chain"]] == [
        "syria",
        "deir-ez-zor-governorate",
        "abu-kamal-district",
        "abu-kamal-subdistrict",
    ]
    fatemiyoun = next(a for a in body["actors"] if a["slug"] == "fatemiyoun")
    assert [b["slug"] for b in fatemiyoun["backers"]] == ["iran"]
    assert fatemiyoun["role"] == "side_b" and fatemiyoun["inter"] == 3
    assert body["crossing"]["slug"] == "hamdan-crossing"
    assert body["crossing"]["controlled_by"]["slug"] == "sdf"
    assert [h["action"] for h in body["review_history"]] == ["created", "approved"]
    assert "by" not in body["review_history"][0]  # editors' names are for editors
    assert body["sources"][0]["evidence"][0]["text"].startswith("طيران مجهول")


def test_it_shows_backers_as_of_the_event_date(world, api_client):
    old = api_client.get(f"{URL}{world.e_hez_old.pk}/").json()
    new = api_client.get(f"{URL}{world.e_hez_new.pk}/").json()
    assert [b["slug"] for b in old["actors"][0]["backers"]] == ["iran"]
    assert new["actors"][0]["backers"] == []


def published_once(*events: Event) -> None:
    """Tombstones are for events consumers could have seen: approved once, then taken back."""
    for event in events:
        EventAuditEntry.objects.create(event=event, action=AuditAction.APPROVED)


def test_it_lists_tombstones_of_rejected_merged_and_reopened_events(world, api_client):
    published_once(world.e_rejected, world.e_merged)
    body = api_client.get(f"{URL}deleted/").json()
    assert {(t["id"], t["review_status"], t["merged_into"]) for t in body["results"]} == {
        (world.e_rejected.pk, "rejected", None),
        (world.e_merged.pk, "merged", world.e_clash.pk),
    }
    # An approved event returned to review disappears from /events/ and appears here.
    Event.objects.filter(pk=world.e_raqqa.pk).update(review_status=ReviewStatus.PENDING)
    EventAuditEntry.objects.create(event=world.e_raqqa, action=AuditAction.REOPENED)
    body = api_client.get(f"{URL}deleted/").json()
    assert world.e_raqqa.pk in {t["id"] for t in body["results"]}
    # A pending event that was never approved is not announced.
    assert world.e_pending.pk not in {t["id"] for t in body["results"]}


def test_it_limits_tombstones_to_updated_since(world, api_client):
    published_once(world.e_rejected, world.e_merged)
    now = timezone.now()
    Event.objects.filter(pk=world.e_rejected.pk).update(updated_at=now - datetime.timedelta(days=3))
    Event.objects.filter(pk=world.e_merged.pk).update(updated_at=now)
    since = (now - datetime.timedelta(days=1)).isoformat()
    body = api_client.get(f"{URL}deleted/", {"updated_since": since}).json()
    assert [t["id"] for t in body["results"]] == [world.e_merged.pk]
    assert api_client.get(f"{URL}deleted/", {"updated_since": "soon"}).status_code == 400


def test_it_pages_tombstones_in_update_order(world, api_client):
    published_once(world.e_rejected, world.e_merged)
    now = timezone.now()
    Event.objects.filter(pk=world.e_rejected.pk).update(updated_at=now - datetime.timedelta(days=3))
    Event.objects.filter(pk=world.e_merged.pk).update(updated_at=now)
    first = api_client.get(f"{URL}deleted/", {"page_size": 1}).json()
    assert [t["id"] for t in first["results"]] == [world.e_rejected.pk]
    second = api_client.get(first["next"]).json()
    assert [t["id"] for t in second["results"]] == [world.e_merged.pk]
    assert second["next"] is None


@override_settings(API_ANONYMOUS_READ=False)
def test_it_requires_a_token_when_anonymous_read_is_off(world, api_client, reader):
    response = api_client.get(URL)
    assert response.status_code in (401, 403)
    assert response.json()["error"]["status"] == response.status_code
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {reader.token}")
    assert api_client.get(URL).status_code == 200


def test_it_refuses_writes_to_consumers(world, api_client, reader):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {reader.token}")
    assert api_client.post(URL, {}, format="json").status_code in (403, 405)
    assert api_client.delete(f"{URL}{world.e_clash.pk}/").status_code in (403, 405)


def test_it_throttles_per_token(world, api_client, reader, editor, monkeypatch):
    # The rates are settings (THROTTLE_USER / THROTTLE_ANON); make them tiny for the test.
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "3/minute", "anon": "1000/minute"})
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"user": "3/minute", "anon": "1000/minute"})
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {reader.token}")
    codes = [api_client.get(URL, {"page_size": 1}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    assert api_client.get(URL).json()["error"]["status"] == 429
    # Another token has its own budget.
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {editor.token}")
    assert api_client.get(URL, {"page_size": 1}).status_code == 200


def test_it_throttles_anonymous_clients_by_the_anonymous_rate_alone(world, api_client, reader, monkeypatch):
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "2/minute", "anon": "3/minute"})
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"user": "2/minute", "anon": "3/minute"})
    codes = [api_client.get(URL, {"page_size": 1}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]  # the anonymous budget (3), not the users' (2)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {reader.token}")
    assert api_client.get(URL, {"page_size": 1}).status_code == 200  # a token has its own budget


def test_it_points_an_old_id_of_a_merged_event_to_the_survivor(world, api_client):
    response = api_client.get(f"{URL}{world.e_merged.pk}/")
    assert response.status_code == 404
    assert response.json()["error"]["message"] == f"Event {world.e_merged.pk} was merged into event {world.e_clash.pk}."
