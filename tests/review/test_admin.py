"""The review desk in the admin, through Django's test client against the real database."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actors.models import ActorAlias
from events.choices import ActorRole, ReviewStatus
from events.models import Article, AuditAction, Event, EventAuditEntry, EventSource
from tests.review.conftest import ARABIC_EVIDENCE, make_actor, make_article, make_event, make_user

pytestmark = pytest.mark.django_db

XSS_TEXT = (
    'خبر عاجل <script>alert("owned")</script> ثم <img src=x onerror="alert(1)"> '
    "قالت مصادر إن اشتباكات عنيفة وقعت في بلدة العشارة بين الطرفين."
)
XSS_EVIDENCE = "اشتباكات عنيفة وقعت في بلدة العشارة"


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def change_url(event: Event) -> str:
    return reverse("admin:events_event_change", args=[event.pk])


def linked(html: str, event: Event) -> bool:
    """The queue links to the event (the admin appends the active filters to the link)."""
    return re.search(f'href="{re.escape(change_url(event))}[?"]', html) is not None


def test_it_lists_pending_events_in_the_queue_with_counts_per_status(editor_client, world, editor):
    approved = make_event(location=world["town"], summary="already approved")
    approved.review_status = ReviewStatus.APPROVED
    approved.save()

    response = editor_client.get(reverse("admin:events_event_changelist"))

    assert response.status_code == 200
    html = response.content.decode()
    assert linked(html, world["event"])
    assert not linked(html, approved)  # the queue shows pending events only
    counts = dict(re.findall(r'class="status-(\w+)"><a [^>]*>[^<]*<strong>(\d+)</strong>', html))
    assert counts == {"pending": "1", "approved": "1", "rejected": "0", "merged": "0"}
    assert "Least confident first" in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"confidence": "low"}, {"low"}),
        ({"confidence": "high"}, {"high"}),
        ({"outlet": "SOHR"}, {"high"}),
        ({"event_type": "Explosions/Remote violence"}, {"low"}),
        ({"status": "all"}, {"low", "high", "world"}),
    ],
)
def test_it_filters_the_queue(editor_client, world, params, expected):
    governorate_events = {
        "low": make_event(
            location=world["town"],
            confidence=0.3,
            event_type="Explosions/Remote violence",
            sub_event_type="Air/drone strike",
        ),
        "high": make_event(location=world["town"], confidence=0.95, articles=[(make_article(source="SOHR"), 1)]),
        "world": world["event"],
    }
    response = editor_client.get(reverse("admin:events_event_changelist"), params)
    html = response.content.decode()
    shown = {name for name, event in governorate_events.items() if linked(html, event)}
    if params != {"status": "all"}:
        shown.discard("world")
    assert shown == expected


def test_it_filters_the_queue_by_governorate_and_by_actor_with_subgroups(editor_client, world):
    from events.models import Location

    elsewhere = Location.objects.create(slug="raqqa-governorate", name_en="Raqqa", name_ar="الرقة", kind="governorate")
    parent = make_actor("irgc", "IRGC", "الحرس الثوري")
    child = make_actor("quds-force", "Quds Force", "فيلق القدس")
    child.parent = parent
    child.save()
    raqqa_event = make_event(location=elsewhere, actors=[(child, ActorRole.SIDE_A)])
    url = reverse("admin:events_event_changelist")

    by_governorate = editor_client.get(url, {"governorate": world["governorate"].pk}).content.decode()
    assert linked(by_governorate, world["event"]) and not linked(by_governorate, raqqa_event)
    by_actor = editor_client.get(url, {"actor": parent.pk}).content.decode()
    assert linked(by_actor, raqqa_event) and not linked(by_actor, world["event"])


def test_it_keeps_the_queue_query_count_flat(editor_client, world):
    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert editor_client.get(reverse("admin:events_event_changelist")).status_code == 200
        return len(queries)

    few = count_queries()
    for n in range(15):
        actor = make_actor(f"actor-{n}", f"Actor {n}", f"فصيل {n}")
        make_event(
            location=world["town"], articles=[(make_article(source=f"Outlet {n}"), n)], actors=[(actor, "side_a")]
        )
    assert count_queries() <= few + 1  # the outlet and actor filter lists grow, not the rows


def test_it_shows_the_evidence_highlighted_inside_the_arabic_article(editor_client, world):
    response = editor_client.get(change_url(world["event"]))

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<mark id="evidence-{EventSource.objects.get(event=world["event"]).pk}-1">{ARABIC_EVIDENCE}</mark>' in html
    assert 'class="article-text" dir="rtl" lang="ar"' in html
    assert reverse("admin:events_article_change", args=[world["article"].pk]) in html
    assert 'id="event-map"' in html and 'data-lat="34.92"' in html
    assert "events/vendor/leaflet/leaflet.js" in html
    assert 'data-tiles=""' in html  # no tile server unless MAP_TILE_URL is set


def test_it_escapes_script_and_event_handlers_in_article_text(editor_client, world):
    article = Article.objects.create(source="Unknown blog", title="<b>bold</b> title", text=XSS_TEXT, language="ar")
    event = make_event(location=world["town"], articles=[(article, None)], evidence=XSS_EVIDENCE)

    html = editor_client.get(change_url(event)).content.decode()

    assert '<script>alert("owned")</script>' not in html
    assert "<img src=x" not in html and 'onerror="alert(1)"' not in html
    assert "&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold&lt;/b&gt; title" in html
    assert f">{XSS_EVIDENCE}</mark>" in html


def test_it_approves_from_the_event_page_and_audits_it(editor_client, world, editor):
    response = editor_client.post(reverse("admin:events_event_approve", args=[world["event"].pk]))

    assert response.status_code == 302
    event = Event.objects.get(pk=world["event"].pk)
    assert event.review_status == ReviewStatus.APPROVED and event.reviewed_by == editor
    assert EventAuditEntry.objects.get(event=event).action == AuditAction.APPROVED
    page = editor_client.get(change_url(event)).content.decode()
    assert 'class="audit-approved"' in page


def test_it_asks_for_a_reason_before_rejecting(editor_client, world):
    url = reverse("admin:events_event_reject", args=[world["event"].pk])
    assert editor_client.get(url).status_code == 200
    assert editor_client.post(url, {"reason": ""}).status_code == 200  # the form again, with the error
    assert Event.objects.get(pk=world["event"].pk).review_status == ReviewStatus.PENDING

    editor_client.post(url, {"reason": "Old report recycled"})
    event = Event.objects.get(pk=world["event"].pk)
    assert (event.review_status, event.review_note) == (ReviewStatus.REJECTED, "Old report recycled")


def test_it_edits_and_approves_with_one_button(editor_client, world, editor):
    event = world["event"]
    participants = list(event.participants.order_by("pk"))
    data = {
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "date": "2020-06-16",
        "date_precision": "day",
        "summary": "Edited summary",
        "location": world["town"].pk,
        "geo_precision": "town",
        "latitude": "34.92",
        "longitude": "40.56",
        "crossing": "",
        "killed": "4",
        "killed_low": "3",
        "killed_high": "4",
        "wounded": "",
        "captured": "",
        "confidence": "0.7",
        "participants-TOTAL_FORMS": "3",
        "participants-INITIAL_FORMS": "2",
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "1000",
        "participants-0-id": participants[0].pk,
        "participants-0-event": event.pk,
        "participants-0-actor": participants[0].actor_id,
        "participants-0-role": participants[0].role,
        "participants-1-id": participants[1].pk,
        "participants-1-event": event.pk,
        "participants-1-actor": participants[1].actor_id,
        "participants-1-role": participants[1].role,
        "participants-1-DELETE": "on",
        "participants-2-event": event.pk,
        "participants-2-actor": make_actor("hezbollah", "Hezbollah", "حزب الله").pk,
        "participants-2-role": "side_b",
        "_edit_reason": "Four dead per the article",
        "_approve": "Save and approve",
    }
    response = editor_client.post(change_url(event), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    event.refresh_from_db()
    assert (event.killed, event.summary, event.review_status) == (4, "Edited summary", ReviewStatus.APPROVED)
    actions = list(EventAuditEntry.objects.filter(event=event).order_by("at", "pk").values_list("action", flat=True))
    assert actions == [AuditAction.EDITED, AuditAction.EDITED, AuditAction.APPROVED]
    fields_entry, actors_entry = EventAuditEntry.objects.filter(event=event, action=AuditAction.EDITED).order_by("pk")
    assert fields_entry.changes["killed"] == [3, 4] and fields_entry.reason == "Four dead per the article"
    assert ["hezbollah", "side_b"] in actors_entry.changes["actors"][1]


def test_it_merges_selected_events_on_an_intermediate_page(editor_client, world, editor):
    duplicate = make_event(location=world["town"], articles=[(make_article(source="SOHR"), 5)])
    url = reverse("admin:events_event_changelist")
    selection = {"action": "merge_selected", "_selected_action": [world["event"].pk, duplicate.pk]}

    page = editor_client.post(url, selection)
    assert page.status_code == 200 and b'name="target"' in page.content

    response = editor_client.post(url, {**selection, "apply": "1", "target": world["event"].pk, "reason": "dup"})
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.review_status == ReviewStatus.MERGED and duplicate.merged_into_id == world["event"].pk
    assert Event.objects.get(pk=world["event"].pk).killed == 5


def test_it_splits_chosen_sources_off_from_the_event_page(editor_client, world, editor):
    second = make_article(source="SOHR")
    EventSource.objects.create(event=world["event"], article=second, killed=9)

    response = editor_client.post(
        reverse("admin:events_event_split", args=[world["event"].pk]),
        {"article_ids": [second.pk], "reason": "other day"},
    )

    assert response.status_code == 302
    new = EventSource.objects.get(article=second).event
    assert new.pk != world["event"].pk and new.review_status == ReviewStatus.PENDING
    assert "other day" in EventAuditEntry.objects.filter(event=new).get().reason


def test_it_bulk_rejects_with_a_reason_from_the_list(editor_client, world):
    second = make_event(location=world["town"])
    url = reverse("admin:events_event_changelist")
    selection = {"action": "reject_selected", "_selected_action": [world["event"].pk, second.pk]}
    assert b'name="reason"' in editor_client.post(url, selection).content
    editor_client.post(url, {**selection, "apply": "1", "reason": "Not in Syria"})
    assert set(Event.objects.values_list("review_status", flat=True)) == {ReviewStatus.REJECTED}


def test_it_bulk_approves_from_the_list(editor_client, world):
    second = make_event(location=world["town"])
    url = reverse("admin:events_event_changelist")
    editor_client.post(url, {"action": "approve_selected", "_selected_action": [world["event"].pk, second.pk]})
    assert set(Event.objects.values_list("review_status", flat=True)) == {ReviewStatus.APPROVED}


def test_an_editor_cannot_delete_audit_entries(client, world, editor):
    from events.services.review import event_approve

    event_approve(event=world["event"], user=editor)
    entry = EventAuditEntry.objects.get()
    client.force_login(editor)

    assert not editor.has_perm("events.delete_eventauditentry")
    assert not editor.has_perm("events.change_eventauditentry")
    assert editor.has_perm("events.view_eventauditentry")
    assert client.get(reverse("admin:events_eventauditentry_changelist")).status_code == 200
    response = client.post(reverse("admin:events_eventauditentry_delete", args=[entry.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert EventAuditEntry.objects.filter(pk=entry.pk).exists()
    # Not even a superuser can delete through the admin.
    root = make_user("root", staff=True)
    root.is_superuser = True
    root.save()
    client.force_login(root)
    client.post(reverse("admin:events_eventauditentry_delete", args=[entry.pk]), {"post": "yes"})
    assert EventAuditEntry.objects.filter(pk=entry.pk).exists()


def test_a_reader_cannot_use_the_review_desk(client, world, reader):
    reader.is_staff = True  # even with admin access, a reader has no change permission
    reader.save()
    client.force_login(reader)
    response = client.post(reverse("admin:events_event_approve", args=[world["event"].pk]))
    assert response.status_code == 403
    assert Event.objects.get(pk=world["event"].pk).review_status == ReviewStatus.PENDING


@pytest.mark.parametrize(
    ("url_name", "term"),
    [
        ("admin:actors_actor_changelist", "قوات الاسد"),
        ("admin:actors_actor_changelist", "Assad forces"),
        ("admin:actors_actoralias_changelist", "قوات الأسد"),
    ],
)
def test_it_finds_actors_by_any_spelling_of_an_alias(editor_client, url_name, term):
    regime = make_actor("syrian-government-forces", "Syrian government forces", "قوات النظام")
    ActorAlias.objects.create(actor=regime, name="قوات الأسد", language="ar")
    ActorAlias.objects.create(actor=regime, name="Assad forces", language="en")
    response = editor_client.get(reverse(url_name), {"q": term})
    assert response.status_code == 200
    assert "Syrian government forces" in response.content.decode()


def test_it_autocompletes_actors_by_alias_for_the_event_page(editor_client, world):
    ActorAlias.objects.create(actor=world["ndf"], name="الدفاع الوطني السوري", language="ar")
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"term": "الدفاع الوطني السوري", "app_label": "events", "model_name": "eventactor", "field_name": "actor"},
    )
    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == ["National Defence Forces"]


def test_it_requeues_articles_mentioning_a_new_alias_from_the_alias_list(editor_client, world):
    alias = ActorAlias.objects.create(actor=world["ndf"], name="قوات الدفاع الوطني", language="ar")
    Article.objects.filter(pk=world["article"].pk).update(status="processed")
    response = editor_client.post(
        reverse("admin:actors_actoralias_changelist"),
        {"action": "reprocess_aliases_action", "_selected_action": [alias.pk]},
        follow=True,
    )
    assert "1 article(s) mention these aliases" in response.content.decode()
    assert Article.objects.get(pk=world["article"].pk).status == "queued"


@pytest.mark.parametrize(
    "name",
    [
        "actors_actor",
        "actors_actoralias",
        "actors_actorbacking",
        "events_location",
        "events_locationalias",
        "events_crossing",
        "events_crossingalias",
        "events_crossingcontrol",
        "events_article",
        "events_event",
        "events_eventactor",
        "events_eventsource",
        "events_evidence",
        "events_eventauditentry",
    ],
)
def test_every_model_has_a_searchable_admin_list(editor_client, world, name):
    response = editor_client.get(reverse(f"admin:{name}_changelist"), {"q": "العشارة"})
    assert response.status_code == 200


def test_the_event_page_query_count_does_not_grow_with_sources(editor_client, world):
    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert editor_client.get(change_url(world["event"])).status_code == 200
        return len(queries)

    one_source = count_queries()
    for n in range(6):
        EventSource.objects.create(event=world["event"], article=make_article(source=f"Outlet {n}"), killed=n)
    assert count_queries() == one_source


def test_the_dictionary_and_article_pages_open_for_an_editor(editor_client, world):
    from events.models import Crossing, CrossingControl, LocationAlias

    alias = ActorAlias.objects.create(actor=world["ndf"], name="الدفاع الوطني", language="ar")
    crossing = Crossing.objects.create(
        slug="al-asharah-ferry", name_en="Al-Asharah ferry", name_ar="معبر العشارة", kind="river", crosses="Euphrates"
    )
    CrossingControl.objects.create(crossing=crossing, actor=world["ndf"])
    place_alias = LocationAlias.objects.create(location=world["town"], name="Ashara", language="en")
    pages = [
        reverse("admin:actors_actor_change", args=[world["ndf"].pk]),
        reverse("admin:actors_actoralias_change", args=[alias.pk]),
        reverse("admin:events_location_change", args=[world["town"].pk]),
        reverse("admin:events_locationalias_change", args=[place_alias.pk]),
        reverse("admin:events_crossing_change", args=[crossing.pk]),
        reverse("admin:events_article_change", args=[world["article"].pk]),
        reverse("admin:events_event_history", args=[world["event"].pk]),
        reverse("admin:actors_actor_add"),
        reverse("admin:events_crossing_changelist"),
    ]
    for url in pages:
        response = editor_client.get(url)
        assert response.status_code == 200, url
    actor_page = editor_client.get(pages[0]).content.decode()
    assert 'name="name_ar"' in actor_page and 'dir="rtl"' in actor_page
    assert "backers (who supports this actor, and when)" in actor_page.lower()
    article_page = editor_client.get(pages[5]).content.decode()
    assert 'class="article-text"' in article_page
