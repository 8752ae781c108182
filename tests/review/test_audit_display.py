"""The audit trail reads as sentences: names instead of ids, one row per field, no Python dicts."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from events.choices import ActorRole
from events.models import AuditAction, EventAuditEntry
from events.services.review import event_approve, event_update
from tests.review.conftest import make_actor, make_article, make_event, make_places

pytestmark = pytest.mark.django_db


@pytest.fixture
def audited(editor):
    _, town = make_places()
    ndf = make_actor("national-defence-forces", "National Defence Forces", "الدفاع الوطني", "pro_government_militia")
    abbas = make_actor(
        "liwa-abu-al-fadl-al-abbas", "Liwa Abu al-Fadl al-Abbas", "لواء أبو الفضل العباس", "foreign_backed_militia"
    )
    article = make_article()
    event = make_event(location=town, articles=[(article, 3)], actors=[(ndf, ActorRole.SIDE_A)])
    # What ingestion writes when an article creates an event: the source's own report.
    EventAuditEntry.objects.create(
        event=event,
        action=AuditAction.CREATED,
        article=article,
        changes={
            "source": {
                "event_type": "Battles",
                "location_id": town.pk,
                "actors": [[ndf.pk, "side_a"], [abbas.pk, "side_b"]],
                "killed": 3,
                "wounded": None,
                "confidence": 0.62,
            }
        },
    )
    event_update(event=event, user=editor, actors=[(ndf, ActorRole.SIDE_A), (abbas, ActorRole.SIDE_B)], reason="Both.")
    event_approve(event=event, user=editor)
    return event


def audit_section(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page.split('id="audit-trail"', 1)[1]))


def test_it_shows_the_extracted_report_field_by_field_with_actor_names_and_roles(client, editor, audited):
    client.force_login(editor)
    page = client.get(reverse("admin:events_event_change", args=[audited.pk])).content.decode()
    text = " ".join(audit_section(page).split())

    assert "{'" not in text and "[[" not in text
    assert "reported actors : National Defence Forces (Side A); Liwa Abu al-Fadl al-Abbas (Side B)" in text
    assert "reported location : Al-Asharah" in text
    assert "reported killed : 3" in text
    # The edit, before and after, by name and role.
    assert (
        "actors : National Defence Forces (Side A) → "
        "Liwa Abu al-Fadl al-Abbas (Side B); National Defence Forces (Side A)" in text
    )
    assert "review status : Pending → Approved" in text


def test_it_names_the_reviewer_in_the_field_history(client, editor, audited):
    client.force_login(editor)
    page = client.get(reverse("admin:events_event_change", args=[audited.pk])).content.decode()
    text = " ".join(audit_section(page).split())

    assert f"reviewed by : – → {editor.username}" in text
    assert f"– → {editor.pk} " not in text


def test_it_shows_readable_changes_in_the_audit_list(client, editor, audited):
    client.force_login(editor)
    page = client.get(reverse("admin:events_eventauditentry_changelist")).content.decode()
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())

    assert "reported actors : National Defence Forces (Side A); Liwa Abu al-Fadl al-Abbas (Side B)" in text
    assert "{'" not in text
