"""The tombstone feed (/api/v1/events/deleted/) announces only events consumers could have seen."""

from __future__ import annotations

import pytest

from events.choices import ReviewStatus
from events.services.review import event_approve, event_reject, events_merge
from tests.review.conftest import make_article, make_event

pytestmark = pytest.mark.django_db

DELETED = "/api/v1/events/deleted/"


def tombstone_ids(api_client) -> set[int]:
    answer = api_client.get(DELETED)
    assert answer.status_code == 200
    return {row["id"] for row in answer.json()["results"]}


def test_it_announces_nothing_when_a_never_published_event_is_rejected(api_client, editor):
    event = make_event(articles=[(make_article(), 3)])

    event_reject(event=event, user=editor, reason="Not an incident: a commemoration.")

    event.refresh_from_db()
    assert event.review_status == ReviewStatus.REJECTED
    assert tombstone_ids(api_client) == set()


def test_it_announces_nothing_when_a_never_published_event_is_merged(api_client, editor):
    target = make_event(articles=[(make_article(), 3)])
    duplicate = make_event(articles=[(make_article(), 4)])

    events_merge(target=target, others=[duplicate], user=editor, reason="Same clash.")

    duplicate.refresh_from_db()
    assert duplicate.review_status == ReviewStatus.MERGED
    assert tombstone_ids(api_client) == set()


def test_it_announces_a_published_event_that_is_rejected_afterwards(api_client, editor):
    event = make_event(articles=[(make_article(), 3)])
    event_approve(event=event, user=editor)
    assert tombstone_ids(api_client) == set()

    event_reject(event=event, user=editor, reason="The outlet withdrew the report.")

    assert tombstone_ids(api_client) == {event.pk}


def test_it_announces_a_published_event_merged_into_another_with_its_target(api_client, editor):
    target = make_event(articles=[(make_article(), 3)])
    duplicate = make_event(articles=[(make_article(), 4)])
    event_approve(event=duplicate, user=editor)

    events_merge(target=target, others=[duplicate], user=editor, reason="Same clash.")

    rows = api_client.get(DELETED).json()["results"]
    assert [(row["id"], row["review_status"], row["merged_into"]) for row in rows] == [
        (duplicate.pk, "merged", target.pk)
    ]


def test_it_keeps_a_rejected_event_quiet_after_an_editor_approves_and_rejects_a_neighbour(api_client, editor):
    # Only the event that was published is announced; its never-published neighbour stays hidden.
    published = make_event(articles=[(make_article(), 3)])
    never = make_event(articles=[(make_article(), 3)])
    event_approve(event=published, user=editor)
    event_reject(event=published, user=editor, reason="Duplicate report.")
    event_reject(event=never, user=editor, reason="Not an incident.")

    assert tombstone_ids(api_client) == {published.pk}
