"""Review services against the real database: every decision changes the event and is audited."""

from __future__ import annotations

import datetime

import pytest

from conflict.errors import ApplicationError
from events.choices import ActorRole, ArticleStatus, ReviewStatus
from events.models import Article, AuditAction, Event, EventAuditEntry, EventSource, Evidence
from events.services.review import (
    articles_mentioning,
    articles_reprocess_mentioning,
    event_approve,
    event_reject,
    event_split,
    event_update,
    events_bulk_approve,
    events_bulk_reject,
    events_merge,
    figures_reconcile,
)
from tests.review.conftest import make_actor, make_article, make_event

pytestmark = pytest.mark.django_db


def test_it_approves_a_pending_event_and_records_who_and_when(world, editor):
    event = event_approve(event=world["event"], user=editor, note="checked against two outlets")

    event.refresh_from_db()
    assert event.review_status == ReviewStatus.APPROVED
    assert event.reviewed_by == editor
    assert event.reviewed_at is not None
    entry = EventAuditEntry.objects.get(event=event)
    assert entry.action == AuditAction.APPROVED
    assert entry.user == editor
    assert entry.reason == "checked against two outlets"
    assert entry.changes == {"review_status": ["pending", "approved"]}


def test_it_refuses_to_approve_twice(world, editor):
    event_approve(event=world["event"], user=editor)
    with pytest.raises(ApplicationError, match="already approved"):
        event_approve(event=world["event"], user=editor)
    assert EventAuditEntry.objects.filter(event=world["event"]).count() == 1


def test_it_refuses_to_approve_an_event_dated_after_its_source(world, editor):
    Event.objects.filter(pk=world["event"].pk).update(date=datetime.date(2021, 1, 1))
    with pytest.raises(ApplicationError) as caught:
        event_approve(event=world["event"], user=editor)
    assert "date" in caught.value.fields
    world["event"].refresh_from_db()
    assert world["event"].review_status == ReviewStatus.PENDING


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_it_requires_a_reason_to_reject(world, editor, reason):
    with pytest.raises(ApplicationError) as caught:
        event_reject(event=world["event"], user=editor, reason=reason)
    assert "reason" in caught.value.fields
    world["event"].refresh_from_db()
    assert world["event"].review_status == ReviewStatus.PENDING
    assert not EventAuditEntry.objects.exists()


def test_it_rejects_with_the_reason_in_the_note_and_the_audit(world, editor):
    event_reject(event=world["event"], user=editor, reason="Duplicate of a report from 2019")
    event = Event.objects.get(pk=world["event"].pk)
    assert event.review_status == ReviewStatus.REJECTED
    assert event.review_note == "Duplicate of a report from 2019"
    entry = EventAuditEntry.objects.get(event=event)
    assert (entry.action, entry.reason, entry.user) == (AuditAction.REJECTED, "Duplicate of a report from 2019", editor)


def test_it_edits_then_approves_with_before_and_after_in_the_audit(world, editor):
    hezbollah = make_actor("hezbollah", "Hezbollah", "حزب الله")
    event = world["event"]
    event_update(
        event=event,
        user=editor,
        data={"killed": 4, "wounded": 9, "summary": "Corrected toll"},
        actors=[(world["ndf"], ActorRole.SIDE_A), (hezbollah, ActorRole.SIDE_B)],
        reason="The article gives four dead",
    )
    event_approve(event=event, user=editor)

    event.refresh_from_db()
    assert (event.killed, event.wounded, event.summary) == (4, 9, "Corrected toll")
    assert event.killed_high == 4  # the editor's figure stays inside the recorded range
    assert event.review_status == ReviewStatus.APPROVED
    assert sorted(event.participants.values_list("actor__slug", "role")) == [
        ("hezbollah", "side_b"),
        ("national-defence-forces", "side_a"),
    ]
    edited, approved = EventAuditEntry.objects.filter(event=event).order_by("at", "pk")
    assert edited.action == AuditAction.EDITED
    assert edited.reason == "The article gives four dead"
    assert edited.changes["killed"] == [3, 4]
    assert edited.changes["wounded"] == [None, 9]
    assert edited.changes["actors"] == [
        [["liwa-abu-al-fadl-al-abbas", "side_b"], ["national-defence-forces", "side_a"]],
        [["hezbollah", "side_b"], ["national-defence-forces", "side_a"]],
    ]
    assert approved.action == AuditAction.APPROVED


def test_it_records_nothing_when_an_edit_changes_nothing(world, editor):
    event_update(event=world["event"], user=editor, data={"killed": 3})
    assert not EventAuditEntry.objects.exists()


def test_it_refuses_an_invalid_sub_type_and_leaves_the_event_alone(world, editor):
    with pytest.raises(ApplicationError) as caught:
        event_update(event=world["event"], user=editor, data={"sub_event_type": "Peaceful protest"})
    assert "sub_event_type" in caught.value.fields
    assert Event.objects.get(pk=world["event"].pk).sub_event_type == "Armed clash"


def test_it_refuses_to_edit_review_fields_directly(world, editor):
    with pytest.raises(ApplicationError):
        event_update(event=world["event"], user=editor, data={"review_status": "approved"})


def test_it_reconciles_figures_as_the_highest_with_the_range():
    figures = figures_reconcile(
        reports=[
            {"killed": 3, "wounded": None, "captured": 4},
            {"killed": 5, "wounded": 9, "captured": None},
            {"killed": None, "wounded": 2, "captured": None},
        ]
    )
    assert (figures.killed, figures.killed_low, figures.killed_high) == (5, 3, 5)
    assert (figures.wounded, figures.captured) == (9, 4)
    assert figures_reconcile(reports=[{"killed": None}]).killed is None
    assert figures_reconcile(reports=[{"killed": 0}, {"killed": None}]).killed == 0


def _merge_setup(world):
    hezbollah = make_actor("hezbollah", "Hezbollah", "حزب الله")
    second = make_article(source="Sham Network")
    third = make_article(source="SOHR")
    duplicate = make_event(
        location=world["town"],
        articles=[(second, 5), (third, 2)],
        actors=[(world["ndf"], ActorRole.SIDE_A), (hezbollah, ActorRole.ASSOCIATED)],
        confidence=0.9,
    )
    Event.objects.filter(pk=duplicate.pk).update(wounded=7)
    duplicate.refresh_from_db()
    return duplicate, second, third


def test_it_merges_sources_evidence_figures_and_actors_onto_the_target(world, editor):
    target = world["event"]
    duplicate, second, third = _merge_setup(world)

    events_merge(target=target, others=[duplicate], user=editor, reason="Same clash, three outlets")

    target.refresh_from_db()
    duplicate.refresh_from_db()
    assert set(target.sources.values_list("article__source", flat=True)) == {"Deir ez-Zor 24", "Sham Network", "SOHR"}
    assert target.source_count == 3
    assert Evidence.objects.filter(source__event=target).count() == 3
    assert (target.killed, target.killed_low, target.killed_high, target.wounded) == (5, 2, 5, 7)
    assert target.confidence == 0.9
    assert sorted(target.participants.values_list("actor__slug", "role")) == [
        ("hezbollah", "associated"),
        ("liwa-abu-al-fadl-al-abbas", "side_b"),
        ("national-defence-forces", "side_a"),
    ]
    assert duplicate.review_status == ReviewStatus.MERGED
    assert duplicate.merged_into == target
    assert duplicate.sources.count() == 0

    absorbed = EventAuditEntry.objects.get(event=target)
    assert absorbed.action == AuditAction.ABSORBED
    assert absorbed.changes["absorbed"] == [duplicate.pk]
    assert absorbed.changes["killed"] == [3, 5]
    assert absorbed.changes["killed_low"] == [3, 2]
    assert sorted(absorbed.changes["sources_added"]) == sorted([second.pk, third.pk])
    assert absorbed.reason == "Same clash, three outlets"
    merged = EventAuditEntry.objects.get(event=duplicate)
    assert merged.action == AuditAction.MERGED
    assert merged.related_event == target
    assert merged.user == editor
    assert merged.changes["merged_into"] == [None, target.pk]


def test_it_keeps_one_source_when_both_events_cite_the_same_article(world, editor):
    target = world["event"]
    same_article = make_event(location=world["town"], articles=[(world["article"], 6)], evidence=None)
    Evidence.objects.create(
        source=EventSource.objects.get(event=same_article), start=0, end=9, text=world["article"].text[:9]
    )
    events_merge(target=target, others=[same_article], user=editor)

    sources = list(EventSource.objects.filter(article=world["article"]))
    assert len(sources) == 1 and sources[0].event_id == target.pk
    assert sources[0].killed == 6
    assert sources[0].evidence.count() == 2


@pytest.mark.parametrize("problem", ["self", "empty", "already-merged", "rejected-target"])
def test_it_refuses_a_bad_merge_without_touching_anything(world, editor, problem):
    target = world["event"]
    duplicate, _, _ = _merge_setup(world)
    others = [duplicate]
    if problem == "self":
        others = [target]
    elif problem == "empty":
        others = []
    elif problem == "already-merged":
        third = make_event(location=world["town"])
        events_merge(target=third, others=[duplicate], user=editor)
    elif problem == "rejected-target":
        event_reject(event=target, user=editor, reason="not an event")
    audit_before = EventAuditEntry.objects.count()
    with pytest.raises(ApplicationError):
        events_merge(target=target, others=others, user=editor)
    assert EventAuditEntry.objects.count() == audit_before
    assert EventSource.objects.filter(event=target).count() == 1


def test_it_splits_a_merged_event_back_out(world, editor):
    target = world["event"]
    duplicate, second, third = _merge_setup(world)
    events_merge(target=target, others=[duplicate], user=editor)

    new = event_split(event=target, article_ids=[second.pk, third.pk], user=editor, reason="Different day")

    target.refresh_from_db()
    assert list(target.sources.values_list("article_id", flat=True)) == [world["article"].pk]
    assert (target.killed, target.killed_low, target.killed_high, target.source_count) == (3, 3, 3, 1)
    assert new.review_status == ReviewStatus.PENDING
    assert set(new.sources.values_list("article_id", flat=True)) == {second.pk, third.pk}
    assert (new.killed, new.killed_low, new.killed_high, new.source_count) == (5, 2, 5, 2)
    assert Evidence.objects.filter(source__event=new).count() == 2
    # The actors come back from the event the merge had absorbed.
    assert sorted(new.participants.values_list("actor__slug", "role")) == [
        ("hezbollah", "associated"),
        ("national-defence-forces", "side_a"),
    ]
    split_entries = EventAuditEntry.objects.filter(action=AuditAction.SPLIT)
    assert {(e.event_id, e.related_event_id) for e in split_entries} == {(target.pk, new.pk), (new.pk, target.pk)}
    assert all(e.user == editor and e.reason == "Different day" for e in split_entries)


def test_it_refuses_to_split_off_every_source_or_a_foreign_article(world, editor):
    target = world["event"]
    other_article = make_article()
    with pytest.raises(ApplicationError, match="at least one source"):
        event_split(event=target, article_ids=[world["article"].pk], user=editor)
    with pytest.raises(ApplicationError, match="not sources"):
        event_split(event=target, article_ids=[other_article.pk], user=editor)
    with pytest.raises(ApplicationError):
        event_split(event=target, article_ids=[], user=editor)


def test_it_bulk_approves_what_it_can_and_reports_the_rest(world, editor):
    second = make_event(location=world["town"], articles=[(make_article(), 1)])
    already = make_event(location=world["town"])
    event_approve(event=already, user=editor)

    result = events_bulk_approve(event_ids=[world["event"].pk, second.pk, already.pk], user=editor)

    assert result.done == sorted([world["event"].pk, second.pk])
    assert list(result.failed) == [already.pk]
    assert Event.objects.filter(review_status=ReviewStatus.APPROVED).count() == 3
    assert EventAuditEntry.objects.filter(action=AuditAction.APPROVED).count() == 3


def test_it_bulk_rejects_only_with_a_reason(world, editor):
    second = make_event(location=world["town"])
    with pytest.raises(ApplicationError):
        events_bulk_reject(event_ids=[world["event"].pk, second.pk], user=editor, reason=" ")
    assert not Event.objects.filter(review_status=ReviewStatus.REJECTED).exists()

    result = events_bulk_reject(event_ids=[world["event"].pk, second.pk], user=editor, reason="Old news")
    assert len(result.done) == 2
    assert set(EventAuditEntry.objects.values_list("action", "reason")) == {(AuditAction.REJECTED, "Old news")}


def test_it_finds_articles_mentioning_an_alias_in_any_spelling(db):
    with_hamza = make_article("اشتباكات مع قوات الأسد في الميادين")
    with_marks = make_article("قصفت قُوّاتُ الاسـد بلدة")
    unrelated = make_article("اشتباكات مع قوات سوريا الديمقراطية")
    english = make_article("Clashes with Assad's forces near Al-Mayadin", language="en")

    found = set(articles_mentioning(names=["قوات الاسد"]).values_list("pk", flat=True))
    assert found == {with_hamza.pk, with_marks.pk}
    assert unrelated.pk not in found
    assert set(articles_mentioning(names=["al mayadin"]).values_list("pk", flat=True)) == {english.pk}


def test_it_requeues_the_articles_that_mention_an_alias(db):
    article = make_article("اشتباكات مع قوات الأسد في الميادين")
    other = make_article("لا شيء هنا")

    result = articles_reprocess_mentioning(names=["قوات الاسد"])

    assert result.article_ids == [article.pk]
    assert Article.objects.get(pk=article.pk).status == ArticleStatus.QUEUED
    assert Article.objects.get(pk=other.pk).status == ArticleStatus.PROCESSED


def test_it_splits_one_automatically_attached_source_with_the_ingestion_service(world, editor):
    # Two sources on one event with no editor's merge behind them: the automatic-merge case.
    second = make_article(source="SOHR")
    EventSource.objects.create(event=world["event"], article=second, killed=8)

    new = event_split(event=world["event"], article_ids=[second.pk], user=editor, reason="Different village")

    assert list(new.sources.values_list("article_id", flat=True)) == [second.pk]
    assert new.killed == 8 and new.review_status == ReviewStatus.PENDING
    detached = EventAuditEntry.objects.get(event=world["event"], action=AuditAction.SOURCE_DETACHED)
    assert detached.user == editor and detached.related_event == new
    assert detached.reason.startswith("Different village — ")
    assert EventAuditEntry.objects.get(event=new, action=AuditAction.SPLIT).reason.startswith("Different village")


def test_it_names_the_editor_on_the_change_history(world, editor):
    event_approve(event=world["event"], user=editor)
    assert world["event"].history.latest().history_user == editor


def test_ensure_roles_is_idempotent_and_never_grants_deleting_the_audit(db):
    from django.contrib.auth.models import Group, Permission
    from django.core.management import call_command

    call_command("ensure_roles", verbosity=0)
    editor_group = Group.objects.get(name="editor")
    # Someone grants delete on the audit by hand; running the command again takes it back.
    editor_group.permissions.add(Permission.objects.get(codename="delete_eventauditentry"))
    first = {g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()}
    call_command("ensure_roles", verbosity=0)
    call_command("ensure_roles", verbosity=0)
    second = {g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()}

    assert set(second) == {"editor", "submitter", "reader"}
    assert "delete_eventauditentry" in first["editor"] and "delete_eventauditentry" not in second["editor"]
    editor_perms = second["editor"]
    assert {"change_event", "add_actoralias", "change_crossingcontrol", "view_article"} <= editor_perms
    assert not {p for p in editor_perms if p.startswith("delete_") and ("audit" in p or "historical" in p)}
    assert "view_historicalevent" in editor_perms
    assert not {p for p in editor_perms if p in ("delete_event", "delete_actor", "delete_location")}
    assert second["submitter"] == {"add_article", "view_article"}
    assert all(p.startswith("view_") for p in second["reader"])
    assert "change_event" not in second["reader"]


def test_ensure_roles_can_make_a_user_an_editor(db):
    from django.contrib.auth import get_user_model
    from django.core.management import CommandError, call_command

    user = get_user_model().objects.create_user(username="nour", password="x")
    call_command("ensure_roles", "--editor", "nour", verbosity=0)
    user.refresh_from_db()
    assert user.is_staff and user.groups.filter(name="editor").exists()
    with pytest.raises(CommandError):
        call_command("ensure_roles", "--editor", "nobody", verbosity=0)
