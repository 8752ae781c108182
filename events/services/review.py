"""Editorial review: approve, reject, edit, merge, split; roles; re-queueing articles.

Every decision is a service here, called alike by the admin and the API, and every one writes
an ``EventAuditEntry`` (who, when, why, before/after). Permission checks belong to the callers.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from actors.models import Actor
from conflict.api.permissions import EDITOR_GROUP, READER_GROUP, SUBMITTER_GROUP
from conflict.errors import ApplicationError
from events.choices import ActorRole, ReviewStatus
from events.extraction.normalize import folded_variants, normalize_name
from events.models import Article, AuditAction, Event, EventActor, EventAuditEntry, EventSource, Evidence
from events.services.articles import article_reprocess
from events.services.ingestion import credible_highest, event_source_detach
from events.services.search import event_search_refresh
from events.services.unresolved import event_unresolved_places

# --- Roles ----------------------------------------------------------------------------------

ROLE_NAMES = (EDITOR_GROUP, SUBMITTER_GROUP, READER_GROUP)

_VIEW = ("view",)
_EDIT = ("add", "change", "view")
_EDIT_ROWS = ("add", "change", "delete", "view")  # child rows an editor may remove (a wrong alias)

EDITOR_PERMISSIONS: dict[str, tuple[str, ...]] = {
    "actors.actor": _EDIT,
    "actors.actoralias": _EDIT_ROWS,
    "actors.actorbacking": _EDIT_ROWS,
    "events.location": _EDIT,
    "events.locationalias": _EDIT_ROWS,
    "events.crossing": _EDIT,
    "events.crossingalias": _EDIT_ROWS,
    "events.crossingcontrol": _EDIT_ROWS,
    "events.event": _EDIT,
    "events.eventactor": _EDIT_ROWS,
    "events.eventsource": _VIEW,
    "events.evidence": _VIEW,
    "events.article": _VIEW,
    # The audit trail is read-only for everybody: no add, change or delete.
    "events.eventauditentry": _VIEW,
}
SUBMITTER_PERMISSIONS: dict[str, tuple[str, ...]] = {"events.article": ("add", "view")}
READER_PERMISSIONS: dict[str, tuple[str, ...]] = {
    label: _VIEW
    for label in (
        "actors.actor",
        "actors.actoralias",
        "actors.actorbacking",
        "events.location",
        "events.locationalias",
        "events.crossing",
        "events.crossingalias",
        "events.crossingcontrol",
        "events.event",
        "events.eventactor",
        "events.eventsource",
        "events.evidence",
    )
}


def _historical_labels(registry) -> list[str]:
    """The django-simple-history tables of our apps (editors read them, nobody deletes)."""
    return [
        f"{model._meta.app_label}.{model._meta.model_name}"
        for app_label in ("actors", "events")
        for model in registry.get_app_config(app_label).get_models()
        if model.__name__.startswith("Historical")
    ]


def _permissions_for(spec: dict[str, tuple[str, ...]], permission_model=Permission) -> list[Permission]:
    wanted: set[tuple[str, str]] = set()
    for label, actions in spec.items():
        app_label, model_name = label.split(".")
        wanted.update((app_label, f"{action}_{model_name}") for action in actions)
    found = list(
        permission_model.objects.filter(content_type__app_label__in={app for app, _ in wanted}).select_related(
            "content_type"
        )
    )
    chosen = [perm for perm in found if (perm.content_type.app_label, perm.codename) in wanted]
    missing = wanted - {(perm.content_type.app_label, perm.codename) for perm in chosen}
    if missing:
        raise ApplicationError(f"Permissions missing (run migrate first): {sorted(missing)}")
    return chosen


@transaction.atomic
def roles_ensure(*, registry=None) -> dict[str, int]:
    """Create the three groups and set exactly their permissions. Safe to run any number of
    times; a permission granted by hand to a group (say, delete on the audit) is taken away.

    ``registry`` is the app registry to work in: the live one (the ``ensure_roles`` command), or
    the historical one of a migration (``events/migrations/0005_roles.py``), where the models'
    permissions do not exist yet when the data migration runs, so they are created first."""
    registry = registry or apps
    in_migration = registry is not apps
    for app_config in registry.get_app_configs():
        if not in_migration:
            create_permissions(app_config, verbosity=0, apps=registry)
            continue
        # create_permissions skips an app without a models module; a migration's app configs
        # are stubs that have none, though their models are all there.
        previous = getattr(app_config, "models_module", None)
        app_config.models_module = True
        try:
            create_permissions(app_config, verbosity=0, apps=registry)
        finally:
            app_config.models_module = previous
    group_model = registry.get_model("auth", "Group")
    permission_model = registry.get_model("auth", "Permission")
    history_view = {label: _VIEW for label in _historical_labels(registry)}
    specs = {
        EDITOR_GROUP: {**EDITOR_PERMISSIONS, **history_view},
        SUBMITTER_GROUP: SUBMITTER_PERMISSIONS,
        READER_GROUP: READER_PERMISSIONS,
    }
    summary = {}
    for name, spec in specs.items():
        group, _ = group_model.objects.get_or_create(name=name)
        permissions = _permissions_for(spec, permission_model)
        group.permissions.set(permissions)
        summary[name] = len(permissions)
    return summary


@transaction.atomic
def user_role_grant(*, username: str, role: str) -> None:
    """Put an existing user in a role's group; editors also get into the admin (``is_staff``)."""
    if role not in ROLE_NAMES:
        raise ApplicationError(f"Unknown role {role!r}; the roles are {', '.join(ROLE_NAMES)}.")
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise ApplicationError(f"There is no user called {username!r}.")
    group, _ = Group.objects.get_or_create(name=role)
    user.groups.add(group)
    if role == EDITOR_GROUP and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


@transaction.atomic
def user_create(*, username: str, role: str, email: str = "", password: str | None = None):
    """Create a user in one role (an editor also gets into the admin). With no password the
    account has an unusable one: it works through its API token only."""
    if role not in ROLE_NAMES:
        raise ApplicationError(f"Unknown role {role!r}; the roles are {', '.join(ROLE_NAMES)}.")
    user_model = get_user_model()
    if user_model.objects.filter(username=username).exists():
        raise ApplicationError(
            f"A user called {username!r} already exists; nothing was changed "
            f"(`manage.py ensure_roles --{role} {username}` puts an existing user in a role)."
        )
    user = user_model(username=username, email=email)
    user.full_clean(exclude=["password"])
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    user_role_grant(username=username, role=role)
    return user


# --- Audit helpers --------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    """A before/after value as JSON: dates as ISO strings, model rows as ``{"id", "name"}``."""
    if isinstance(value, models.Model):
        return {"id": value.pk, "name": str(value)}
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    return value


def _audit(
    *,
    event: Event,
    action: str,
    user: Any | None,
    reason: str = "",
    changes: dict | None = None,
    related_event: Event | None = None,
    article: Article | None = None,
) -> EventAuditEntry:
    return EventAuditEntry.objects.create(
        event=event,
        action=action,
        user=user if user is not None and user.is_authenticated else None,
        reason=reason,
        changes=_jsonable(changes or {}),
        related_event=related_event,
        article=article,
    )


def _by(instance: models.Model, user: Any | None) -> models.Model:
    """Name the user on the django-simple-history row this save writes (API requests carry
    their user on DRF's request, which the history middleware does not see)."""
    instance._history_user = user if user is not None and user.is_authenticated else None
    return instance


def _add_actor(event: Event, actor_id: int, role: str, user: Any | None) -> None:
    if not EventActor.objects.filter(event=event, actor_id=actor_id, role=role).exists():
        _by(EventActor(event=event, actor_id=actor_id, role=role), user).save()


def _locked(event_id: int) -> Event:
    """The event row, locked until the transaction ends: two editors deciding on the same event
    at once are serialised, and the second sees the first one's status."""
    try:
        return Event.objects.select_for_update().get(pk=event_id)
    except Event.DoesNotExist:
        raise ApplicationError(f"Event {event_id} does not exist.", code="not_found") from None


def _actor_rows(event: Event) -> list[list]:
    return sorted(
        [slug, role] for slug, role in EventActor.objects.filter(event=event).values_list("actor__slug", "role")
    )


def _validated(event: Event) -> None:
    try:
        event.full_clean(exclude=["reviewed_by", "merged_into", "location", "crossing"])
    except ValidationError as exc:
        fields = {key: [str(message) for message in messages] for key, messages in exc.message_dict.items()}
        raise ApplicationError("The event is not valid: " + "; ".join(exc.messages), fields=fields) from None


# --- Decisions on one event -----------------------------------------------------------------


@transaction.atomic
def event_approve(*, event: Event, user: Any, note: str = "") -> Event:
    """Publish an event to consumers. Pending and rejected events can be approved; an event
    merged into another cannot (approve the target instead)."""
    event = _locked(event.pk)
    if event.review_status == ReviewStatus.MERGED:
        raise ApplicationError(
            f"Event {event.pk} was merged into event {event.merged_into_id}; review that one.", code="merged"
        )
    if event.review_status == ReviewStatus.APPROVED:
        raise ApplicationError(f"Event {event.pk} is already approved.", code="already_approved")
    _validated(event)
    before = event.review_status
    event.review_status = ReviewStatus.APPROVED
    event.reviewed_by = user
    event.reviewed_at = timezone.now()
    event.review_note = note.strip()
    _by(event, user).save(update_fields=["review_status", "reviewed_by", "reviewed_at", "review_note", "updated_at"])
    _audit(
        event=event,
        action=AuditAction.APPROVED,
        user=user,
        reason=event.review_note,
        changes={"review_status": [before, event.review_status]},
    )
    return event


@transaction.atomic
def event_reject(*, event: Event, user: Any, reason: str) -> Event:
    """Keep an event from consumers, with the reason written down (required)."""
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            "A reason is required to reject an event.", fields={"reason": ["This field is required."]}
        )
    event = _locked(event.pk)
    if event.review_status == ReviewStatus.MERGED:
        raise ApplicationError(
            f"Event {event.pk} was merged into event {event.merged_into_id}; review that one.", code="merged"
        )
    if event.review_status == ReviewStatus.REJECTED:
        raise ApplicationError(f"Event {event.pk} is already rejected.", code="already_rejected")
    before = event.review_status
    event.review_status = ReviewStatus.REJECTED
    event.reviewed_by = user
    event.reviewed_at = timezone.now()
    event.review_note = reason
    _by(event, user).save(update_fields=["review_status", "reviewed_by", "reviewed_at", "review_note", "updated_at"])
    _audit(
        event=event,
        action=AuditAction.REJECTED,
        user=user,
        reason=reason,
        changes={"review_status": [before, event.review_status]},
    )
    return event


# Fields an editor may change through ``event_update`` (the review fields have their services).
EDITABLE_FIELDS = (
    "event_type",
    "sub_event_type",
    "date",
    "date_precision",
    "location",
    "geo_precision",
    "latitude",
    "longitude",
    "crossing",
    "killed",
    "wounded",
    "captured",
    "killed_low",
    "killed_high",
    "confidence",
    "summary",
)


@transaction.atomic
def event_update(
    *,
    event: Event,
    user: Any,
    data: dict[str, Any] | None = None,
    actors: list[tuple[Actor, str]] | None = None,
    reason: str = "",
) -> Event:
    """Edit an event's fields and (when ``actors`` is given) replace its participants with
    ``[(actor, role), ...]``. Writes one "edited" audit entry with every before/after pair;
    does nothing (and records nothing) when nothing changes. "Edit and approve" is this
    followed by ``event_approve``."""
    data = dict(data or {})
    unknown = sorted(set(data) - set(EDITABLE_FIELDS))
    if unknown:
        raise ApplicationError(
            f"These fields cannot be edited here: {', '.join(unknown)}.",
            fields={name: ["Not an editable field."] for name in unknown},
        )
    locked = _locked(event.pk)
    if locked.review_status == ReviewStatus.MERGED:
        raise ApplicationError(f"Event {locked.pk} was merged into event {locked.merged_into_id}.", code="merged")
    changes: dict[str, list] = {}
    for name, value in data.items():
        before = getattr(locked, name)
        if before != value:
            changes[name] = [before, value]
            setattr(locked, name, value)
    if "location" in changes and locked.location is not None and "latitude" not in data:
        # The map coordinates follow the place unless the editor set them explicitly.
        for axis in ("latitude", "longitude"):
            new = getattr(locked.location, axis)
            if getattr(locked, axis) != new:
                changes[axis] = [getattr(locked, axis), new]
                setattr(locked, axis, new)
    if changes:
        if {"killed", "killed_low", "killed_high"} & set(changes):
            # An editor's figure stays inside the recorded range of the sources.
            if locked.killed is not None:
                if locked.killed_low is not None and locked.killed < locked.killed_low:
                    changes.setdefault("killed_low", [locked.killed_low, locked.killed])
                    locked.killed_low = locked.killed
                if locked.killed_high is not None and locked.killed > locked.killed_high:
                    changes.setdefault("killed_high", [locked.killed_high, locked.killed])
                    locked.killed_high = locked.killed
        _validated(locked)
        _by(locked, user).save()
    if actors is not None:
        before_actors = _actor_rows(locked)
        wanted = {(actor.pk, role) for actor, role in actors}
        invalid_roles = sorted({role for _, role in wanted} - set(ActorRole.values))
        if invalid_roles:
            raise ApplicationError(
                f"Unknown actor role(s): {', '.join(invalid_roles)}.", fields={"actors": ["Bad role."]}
            )
        current = {(row.actor_id, row.role): row for row in EventActor.objects.filter(event=locked)}
        for key, row in current.items():
            if key not in wanted:
                _by(row, user).delete()
        for actor_id, role in wanted - set(current):
            _add_actor(locked, actor_id, role, user)
        after_actors = _actor_rows(locked)
        if after_actors != before_actors:
            changes["actors"] = [before_actors, after_actors]
    if changes:
        _audit(event=locked, action=AuditAction.EDITED, user=user, reason=reason.strip(), changes=changes)
    # The caller's instance reflects the saved row.
    for name in (*EDITABLE_FIELDS, "updated_at"):
        setattr(event, name, getattr(locked, name))
    event_search_refresh(event_ids=[locked.pk])  # the summary may have changed
    return locked


def event_actors_record_change(*, event: Event, user: Any, before: list[list], reason: str = "") -> None:
    """Audit a change of participants made outside ``event_update`` (the admin's inline rows,
    which save themselves): compares ``before`` with the rows now in the database."""
    after = _actor_rows(event)
    if after != before:
        _audit(event=event, action=AuditAction.EDITED, user=user, reason=reason, changes={"actors": [before, after]})


def event_record_created(*, event: Event, user: Any) -> None:
    """Audit an event an editor entered by hand (not found by the extractor); index its summary."""
    _audit(event=event, action=AuditAction.CREATED, user=user, reason="Entered by an editor.")
    event_search_refresh(event_ids=[event.pk])


def event_actor_rows(*, event: Event) -> list[list]:
    """``[[actor slug, role], ...]``, sorted: the form audit entries record participants in."""
    return _actor_rows(event)


# --- Merge and split ------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    killed: int | None
    killed_low: int | None
    killed_high: int | None
    wounded: int | None
    captured: int | None

    def as_dict(self) -> dict[str, int | None]:
        return {name: getattr(self, name) for name in FIGURE_FIELDS}


FIGURE_FIELDS = ("killed", "killed_low", "killed_high", "wounded", "captured")


def figures_reconcile(*, reports: list[dict[str, int | None]], fallback: list[dict[str, int | None]] = ()) -> Figures:
    """Reconcile the figures the sources of one event give.

    ``reports`` are the per-source figures ``{"killed", "wounded", "captured"}``; ``None`` means
    "not reported" and is ignored, zero is a report of none. ``killed`` is the highest credible
    count, as for automatic merges (``events.services.ingestion.credible_highest``: with three
    or more reports, a count above twice the median is an outlier); ``killed_low`` and
    ``killed_high`` keep the full spread so the disagreement stays visible; wounded and captured
    are the highest reported. A figure no source gives is taken from ``fallback`` (the events'
    own figures, which an editor may have set by hand), so a merge never loses one.
    """

    def values(name: str) -> list[int]:
        found = [r[name] for r in reports if r.get(name) is not None]
        return found or [r[name] for r in fallback if r.get(name) is not None]

    killed = values("killed")
    lows = killed or [r["killed_low"] for r in fallback if r.get("killed_low") is not None]
    highs = killed or [r["killed_high"] for r in fallback if r.get("killed_high") is not None]
    wounded, captured = values("wounded"), values("captured")
    return Figures(
        killed=credible_highest(killed),
        killed_low=min(lows) if lows else None,
        killed_high=max(highs) if highs else None,
        wounded=max(wounded) if wounded else None,
        captured=max(captured) if captured else None,
    )


def _source_reports(event: Event) -> list[dict[str, int | None]]:
    return list(EventSource.objects.filter(event=event).values("killed", "wounded", "captured"))


def _event_report(event: Event) -> dict[str, int | None]:
    return {name: getattr(event, name) for name in FIGURE_FIELDS}


def _apply_figures(event: Event, figures: Figures) -> dict[str, list]:
    changes = {}
    for name, value in figures.as_dict().items():
        before = getattr(event, name)
        if before != value:
            changes[name] = [before, value]
            setattr(event, name, value)
    return changes


@transaction.atomic
def events_merge(*, target: Event, others: list[Event], user: Any, reason: str = "") -> Event:
    """Merge ``others`` into ``target``: they report the same incident.

    Their sources (with evidence and per-source figures) move to the target; figures are
    reconciled over every report (see ``figures_reconcile``); actors are united; each other
    event keeps its row with ``review_status=merged`` and ``merged_into=target`` so the merge
    stays visible to consumers syncing by ``updated_since`` and can be undone with
    ``event_split``. Both sides get an audit entry.
    """
    other_ids = sorted({event.pk for event in others} - {None})
    if not other_ids:
        raise ApplicationError("Choose at least one other event to merge.", fields={"others": ["Required."]})
    if target.pk in other_ids:
        raise ApplicationError("An event cannot be merged into itself.", fields={"others": ["Contains the target."]})
    # Lock in id order so two concurrent merges over the same events cannot deadlock.
    locked = {
        event.pk: event
        for event in Event.objects.select_for_update().filter(pk__in=[target.pk, *other_ids]).order_by("pk")
    }
    missing = sorted(set(other_ids) - set(locked))
    if target.pk not in locked or missing:
        raise ApplicationError(f"Event(s) {missing or [target.pk]} do not exist.", code="not_found")
    target = locked[target.pk]
    others = [locked[pk] for pk in other_ids]
    if target.review_status in (ReviewStatus.MERGED, ReviewStatus.REJECTED):
        raise ApplicationError(
            f"The target event {target.pk} is {target.review_status}; merge into a pending or approved event.",
            fields={"target": [f"Event is {target.review_status}."]},
        )
    unmergeable = [event.pk for event in others if event.review_status == ReviewStatus.MERGED]
    if unmergeable:
        raise ApplicationError(
            f"Event(s) {unmergeable} were already merged into another event.",
            fields={"others": ["Already merged."]},
        )

    before_reports = [_event_report(target), *(_event_report(event) for event in others)]
    before_actors = _actor_rows(target)
    target_articles = {row.article_id: row for row in EventSource.objects.filter(event=target)}
    moved: dict[int, list[int]] = {}
    for other in others:
        moved[other.pk] = []
        for source in EventSource.objects.filter(event=other).order_by("pk"):
            moved[other.pk].append(source.article_id)
            existing = target_articles.get(source.article_id)
            if existing is None:
                source.event = target
                source.save(update_fields=["event"])
                target_articles[source.article_id] = source
                continue
            # The same article already supports the target: keep one source row, with the
            # union of the evidence and the larger figures.
            spans = set(Evidence.objects.filter(source=existing).values_list("start", "end"))
            for evidence in Evidence.objects.filter(source=source):
                if (evidence.start, evidence.end) not in spans:
                    evidence.source = existing
                    evidence.save(update_fields=["source"])
            for name in ("killed", "wounded", "captured"):
                values = [v for v in (getattr(existing, name), getattr(source, name)) if v is not None]
                setattr(existing, name, max(values) if values else None)
            existing.save(update_fields=["killed", "wounded", "captured"])
            source.delete()
        for participant in EventActor.objects.filter(event=other):
            _add_actor(target, participant.actor_id, participant.role, user)

    figures = figures_reconcile(reports=_source_reports(target), fallback=before_reports)
    changes = _apply_figures(target, figures)
    if target.location_id is None:
        donor = next((event for event in others if event.location_id is not None), None)
        if donor is not None:
            changes["location"] = [None, donor.location]
            for name in ("location", "geo_precision", "latitude", "longitude"):
                setattr(target, name, getattr(donor, name))
    confidence = max([target.confidence, *(event.confidence for event in others)])
    if confidence != target.confidence:
        changes["confidence"] = [target.confidence, confidence]
        target.confidence = confidence
    source_count = EventSource.objects.filter(event=target).count()
    changes["source_count"] = [target.source_count, source_count]
    target.source_count = source_count
    target.unresolved_places = event_unresolved_places(event=target)
    after_actors = _actor_rows(target)
    if after_actors != before_actors:
        changes["actors"] = [before_actors, after_actors]
    _by(target, user).save()

    now = timezone.now()
    for other in others:
        before_status = other.review_status
        other.review_status = ReviewStatus.MERGED
        other.merged_into = target
        other.reviewed_by = user
        other.reviewed_at = now
        other.review_note = reason.strip()
        other.source_count = 0
        _by(other, user).save()
        # Events merged earlier into this one now point at the final target: no chains.
        Event.objects.filter(merged_into=other).update(merged_into=target, updated_at=now)
        _audit(
            event=other,
            action=AuditAction.MERGED,
            user=user,
            reason=reason.strip(),
            related_event=target,
            changes={
                "review_status": [before_status, ReviewStatus.MERGED],
                "merged_into": [None, target.pk],
                "sources_moved": moved[other.pk],
            },
        )
    _audit(
        event=target,
        action=AuditAction.ABSORBED,
        user=user,
        reason=reason.strip(),
        related_event=others[0] if len(others) == 1 else None,
        changes={**changes, "absorbed": other_ids, "sources_added": sorted({a for ids in moved.values() for a in ids})},
    )
    event_search_refresh(event_ids=[target.pk, *other_ids])  # evidence moved between them
    return target


def _split_template(event: Event, article_ids: set[int]) -> Event:
    """The event the moved sources came from, if a merge brought them in (so a split restores
    its type, place and actors); otherwise the event being split."""
    entries = EventAuditEntry.objects.filter(
        action=AuditAction.MERGED, event__merged_into=event, event__review_status=ReviewStatus.MERGED
    ).select_related("event")
    for entry in entries.order_by("-at", "-pk"):
        moved = set(entry.changes.get("sources_moved") or [])
        if moved and article_ids <= moved:
            return entry.event
    return event


@transaction.atomic
def event_split(*, event: Event, article_ids: list[int], user: Any | None, reason: str = "") -> Event:
    """Move the sources from ``article_ids`` out of ``event`` into a new pending event: the undo
    of a wrong merge, by an editor or by the system (``user=None``).

    When those sources came in through an editor's merge, the new event takes the merged
    event's type, date, place and actors. One source that came in through an automatic merge is
    split off by ``events.services.ingestion.event_source_detach``, which rebuilds the event from
    that source's own reading. Otherwise the new event copies the event being split. Figures on
    both sides are reconciled again from their own sources. Both events get an audit entry.
    """
    wanted = set(article_ids or [])
    if not wanted:
        raise ApplicationError("Choose the sources to move out.", fields={"article_ids": ["Required."]})
    event = _locked(event.pk)
    if event.review_status == ReviewStatus.MERGED:
        raise ApplicationError(f"Event {event.pk} was merged into event {event.merged_into_id}.", code="merged")
    sources = list(EventSource.objects.filter(event=event).order_by("pk"))
    present = {source.article_id for source in sources}
    unknown = sorted(wanted - present)
    if unknown:
        raise ApplicationError(
            f"Article(s) {unknown} are not sources of event {event.pk}.", fields={"article_ids": ["Not a source."]}
        )
    if wanted == present:
        raise ApplicationError(
            "Leave at least one source on the event; to drop the whole event, reject it.",
            fields={"article_ids": ["Cannot move every source."]},
        )
    template = _split_template(event, wanted)
    if template.pk == event.pk and len(wanted) == 1:
        return _split_one_source(event=event, article_id=next(iter(wanted)), user=user, reason=reason)
    moving = [source for source in sources if source.article_id in wanted]
    copied = (
        "event_type",
        "sub_event_type",
        "date",
        "date_precision",
        "location",
        "geo_precision",
        "latitude",
        "longitude",
        "crossing",
        "confidence",
        "summary",
    )
    new = Event(**{name: getattr(template, name) for name in copied}, review_status=ReviewStatus.PENDING)
    _by(new, user).save()
    for source in moving:
        source.event = new
        source.save(update_fields=["event"])
    for actor_id, role in EventActor.objects.filter(event=template).values_list("actor_id", "role"):
        _add_actor(new, actor_id, role, user)

    new_reports = _source_reports(new)
    _apply_figures(new, figures_reconcile(reports=new_reports))
    new.source_count = len(moving)
    _by(new, user).save()

    remaining = _source_reports(event)
    changes: dict[str, Any] = {}
    if any(value is not None for report in remaining for value in report.values()):
        changes = _apply_figures(event, figures_reconcile(reports=remaining))
    changes["source_count"] = [event.source_count, len(sources) - len(moving)]
    event.source_count = len(sources) - len(moving)
    _by(event, user).save()

    moved_ids = sorted(wanted)
    single = Article.objects.filter(pk=moved_ids[0]).first() if len(moved_ids) == 1 else None
    _audit(
        event=event,
        action=AuditAction.SPLIT,
        user=user,
        reason=reason.strip(),
        related_event=new,
        article=single,
        changes={**changes, "sources_moved": moved_ids, "new_event": new.pk},
    )
    _audit(
        event=new,
        action=AuditAction.SPLIT,
        user=user,
        reason=reason.strip(),
        related_event=event,
        article=single,
        changes={"split_from": event.pk, "sources": moved_ids, **_figures_as_changes(new)},
    )
    event_search_refresh(event_ids=[event.pk, new.pk])  # evidence moved between them
    return new


def _split_one_source(*, event: Event, article_id: int, user: Any | None, reason: str) -> Event:
    article = Article.objects.get(pk=article_id)
    new = event_source_detach(event=event, article=article, user=user if user and user.is_authenticated else None)
    if reason.strip():
        # The detach writes its own explanation; the editor's reason goes in front of it.
        for entry in EventAuditEntry.objects.filter(
            Q(event=event, related_event=new) | Q(event=new, related_event=event), article=article
        ):
            entry.reason = f"{reason.strip()} — {entry.reason}"
            entry.save(update_fields=["reason"])
    return new


def _figures_as_changes(event: Event) -> dict[str, list]:
    return {name: [None, getattr(event, name)] for name in FIGURE_FIELDS if getattr(event, name) is not None}


# --- Bulk decisions -------------------------------------------------------------------------


@dataclass
class BulkResult:
    done: list[int] = field(default_factory=list)
    failed: dict[int, str] = field(default_factory=dict)


def _bulk(event_ids: list[int], decide) -> BulkResult:
    result = BulkResult()
    for event_id in sorted(set(event_ids)):
        try:
            # One transaction per event: one invalid event does not undo the others.
            decide(Event(pk=event_id))
        except ApplicationError as exc:
            result.failed[event_id] = exc.message
        else:
            result.done.append(event_id)
    return result


def events_bulk_approve(*, event_ids: list[int], user: Any, note: str = "") -> BulkResult:
    """Approve each event that can be; report the others with the reason."""
    return _bulk(event_ids, lambda event: event_approve(event=event, user=user, note=note))


def events_bulk_reject(*, event_ids: list[int], user: Any, reason: str) -> BulkResult:
    """Reject each event with the same reason (required before anything is touched)."""
    if not (reason or "").strip():
        raise ApplicationError("A reason is required to reject events.", fields={"reason": ["This field is required."]})
    return _bulk(event_ids, lambda event: event_reject(event=event, user=user, reason=reason))


# --- Re-queueing articles after a dictionary change -----------------------------------------

# Letters the normaliser folds together: a normalised alias matches any of their spellings.
_FOLDED_VARIANTS = folded_variants()  # from the one folding table (events.extraction.normalize)
# Harakat and tatweel may sit after any letter in the article.
_MARKS = "[\u064b-\u065f\u0670\u0640]*"


def alias_text_pattern(normalized: str) -> str:
    """A case-insensitive regular expression (valid for PostgreSQL and Python) that finds a
    normalised name in raw article text: folded letters match every variant, harakat and
    tatweel may appear between letters, and any run of punctuation or space separates words.
    Built only from the characters of a normalised name (letters, digits, spaces)."""
    parts = []
    for char in normalized:
        if char == " ":
            parts.append("(\\W|_)+")
        elif char in _FOLDED_VARIANTS:
            parts.append(f"[{_FOLDED_VARIANTS[char]}]{_MARKS}")
        elif char.isalnum():
            parts.append(f"{char}{_MARKS}")
        else:
            parts.append(f"\\{char}")
    return "".join(parts)


def articles_mentioning(*, names: list[str]) -> models.QuerySet[Article]:
    """Articles whose text contains any of ``names`` in their normalised form."""
    condition = models.Q()
    for name in names:
        normalized = normalize_name(name)
        if normalized:
            condition |= models.Q(text__iregex=alias_text_pattern(normalized))
    if not condition:
        return Article.objects.none()
    return Article.objects.filter(condition).order_by("pk")


@dataclass(frozen=True)
class ReprocessResult:
    article_ids: list[int]
    method: str


def articles_reprocess(*, article_ids: list[int], user: Any | None = None) -> ReprocessResult:
    """Queue articles for extraction again (the dictionary changed since they were read)."""
    ids = sorted(set(article_ids))
    if not ids:
        return ReprocessResult(article_ids=[], method="nothing to do")
    return _requeue(ids, user)


def articles_reprocess_mentioning(*, names: list[str], user: Any | None = None) -> ReprocessResult:
    """Queue again every article that mentions one of ``names`` (an alias an editor added)."""
    ids = list(articles_mentioning(names=names).values_list("pk", flat=True))
    return articles_reprocess(article_ids=ids, user=user)


def _requeue(ids: list[int], user: Any | None) -> ReprocessResult:
    queued = []
    for article in Article.objects.filter(pk__in=ids).order_by("pk"):
        try:
            # Resets the article to queued and sends it to a worker once committed.
            article_reprocess(article=article, user=user)
        except ApplicationError:
            # A worker is reading it right now; its claim protects it. Reprocess it later.
            continue
        queued.append(article.pk)
    return ReprocessResult(article_ids=queued, method="queued for extraction")
