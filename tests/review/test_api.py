"""The editors' POST actions on the API: approve, reject, merge; errors in the one shape."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token

from events.choices import ReviewStatus
from events.models import AuditAction, Event, EventAuditEntry
from tests.review.conftest import make_article, make_event

pytestmark = pytest.mark.django_db


def as_user(api_client, user):
    token, _ = Token.objects.get_or_create(user=user)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api_client


def test_it_approves_through_the_api_for_an_editor(api_client, world, editor):
    response = as_user(api_client, editor).post(f"/api/v1/events/{world['event'].pk}/approve/", {"note": "ok"})

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["id"], body["review_status"]) == (world["event"].pk, "approved")
    assert body["event"]["review_status"] == "approved"
    assert body["event"]["review_history"][-1]["by"] == "editor"
    assert EventAuditEntry.objects.get(event=world["event"]).action == AuditAction.APPROVED


def test_it_requires_a_reason_to_reject_through_the_api(api_client, world, editor):
    client = as_user(api_client, editor)
    response = client.post(f"/api/v1/events/{world['event'].pk}/reject/", {})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == 400 and "reason" in error["fields"]

    response = client.post(f"/api/v1/events/{world['event'].pk}/reject/", {"reason": "Recycled video"})
    assert response.status_code == 200
    assert Event.objects.get(pk=world["event"].pk).review_status == ReviewStatus.REJECTED


def test_it_merges_through_the_api(api_client, world, editor):
    duplicate = make_event(location=world["town"], articles=[(make_article(source="SOHR"), 6)])
    response = as_user(api_client, editor).post(
        f"/api/v1/events/{world['event'].pk}/merge/", {"others": [duplicate.pk], "reason": "same"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json()["merged"] == [duplicate.pk]
    assert response.json()["event"]["fatalities"]["killed"] == 6
    assert response.json()["event"]["source_count"] == 2
    assert Event.objects.get(pk=duplicate.pk).merged_into_id == world["event"].pk


def test_it_answers_rule_violations_and_unknown_ids_in_the_error_shape(api_client, world, editor):
    client = as_user(api_client, editor)
    client.post(f"/api/v1/events/{world['event'].pk}/approve/")
    again = client.post(f"/api/v1/events/{world['event'].pk}/approve/")
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_approved"
    assert "already approved" in again.json()["error"]["message"]

    missing = client.post("/api/v1/events/999999/approve/")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"

    bad_merge = client.post(f"/api/v1/events/{world['event'].pk}/merge/", {"others": [999999]}, format="json")
    assert bad_merge.status_code == 400 and "others" in bad_merge.json()["error"]["fields"]
    self_merge = client.post(
        f"/api/v1/events/{world['event'].pk}/merge/", {"others": [world["event"].pk]}, format="json"
    )
    assert self_merge.status_code == 400 and self_merge.json()["error"]["fields"]


@pytest.mark.parametrize("who", ["reader", "submitter"])
@pytest.mark.parametrize("action", ["approve", "reject", "merge"])
def test_readers_and_submitters_get_403(api_client, world, request, who, action):
    user = request.getfixturevalue(who)
    other = make_event(location=world["town"])
    body = {"reason": "x", "others": [other.pk]}
    response = as_user(api_client, user).post(f"/api/v1/events/{world['event'].pk}/{action}/", body, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["status"] == 403
    assert Event.objects.filter(review_status=ReviewStatus.PENDING).count() == 2
    assert not EventAuditEntry.objects.exists()


def test_anonymous_users_cannot_approve(api_client, world):
    response = api_client.post(f"/api/v1/events/{world['event'].pk}/approve/")
    assert response.status_code in (401, 403)
    assert "error" in response.json()
    assert Event.objects.get(pk=world["event"].pk).review_status == ReviewStatus.PENDING


def test_get_is_not_allowed_on_actions(api_client, world, editor):
    response = as_user(api_client, editor).get(f"/api/v1/events/{world['event'].pk}/approve/")
    assert response.status_code == 405 and response.json()["error"]["status"] == 405
