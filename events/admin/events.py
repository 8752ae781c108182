"""The review desk: the queue of events, the event page, and the decisions editors take there.

The admin is a thin interface: every decision (approve, reject, edit, merge, split) calls a
service of ``events.services.review``, which checks the rules and writes the audit entry.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from conflict.errors import ApplicationError
from events.admin.audit import AuditReader
from events.admin.common import arabic
from events.admin.evidence import highlight
from events.admin.filters import (
    ActorFilter,
    ConfidenceBandFilter,
    GovernorateFilter,
    ReviewStatusFilter,
    SourceOutletFilter,
)
from events.admin.forms import EventForm, MergeForm, ReasonForm, SplitForm
from events.choices import ActorRole, ReviewStatus
from events.models import Event, EventActor, EventAuditEntry, EventSource, Evidence
from events.services.review import (
    EDITABLE_FIELDS,
    event_actor_rows,
    event_actors_record_change,
    event_approve,
    event_record_created,
    event_reject,
    event_split,
    event_update,
    events_bulk_approve,
    events_bulk_reject,
    events_merge,
)

# In the queue: the first three actors of an event, then "+N more" (an event may have a dozen).
ACTORS_SHOWN = 3
ROLE_SHORT = {ActorRole.SIDE_A: "A", ActorRole.SIDE_B: "B", ActorRole.ASSOCIATED: "assoc."}

REVIEW_FIELDS = ("review_status", "reviewed_by", "reviewed_at", "review_note", "merged_into", "source_count")


class EventActorInline(admin.TabularInline):
    """Actors with their roles; the actor box searches names and aliases in both languages."""

    model = EventActor
    extra = 1
    fields = ("actor", "role")
    autocomplete_fields = ("actor",)
    verbose_name = "actor"
    verbose_name_plural = "actors and their roles"

    def _open(self, request, obj) -> bool:
        return obj is None or obj.review_status != ReviewStatus.MERGED

    def has_add_permission(self, request, obj=None) -> bool:
        return self._open(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._open(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._open(request, obj) and super().has_delete_permission(request, obj)


def pending_neighbour(event: Event, *, forward: bool = True) -> Event | None:
    """The pending event after ``event`` in the queue's order (newest arrival first), or the
    one before it. Served by the (review_status, created_at) part of the queue's queries."""
    pending = Event.objects.filter(review_status=ReviewStatus.PENDING).exclude(pk=event.pk)
    if forward:
        older = Q(created_at__lt=event.created_at) | Q(created_at=event.created_at, pk__lt=event.pk)
        return pending.filter(older).order_by("-created_at", "-id").first()
    newer = Q(created_at__gt=event.created_at) | Q(created_at=event.created_at, pk__gt=event.pk)
    return pending.filter(newer).order_by("created_at", "id").first()


def _after_decision(event: Event) -> str:
    """Where the desk goes once an event is decided: the next pending event in the queue (from
    the top when this was the last one), or the queue itself when nothing is left."""
    following = pending_neighbour(event) or (
        Event.objects.filter(review_status=ReviewStatus.PENDING)
        .exclude(pk=event.pk)
        .order_by("-created_at", "-id")
        .first()
    )
    if following is None:
        return reverse("admin:events_event_changelist")
    return reverse("admin:events_event_change", args=[following.pk])


def _keys_context(event: Event, panels: list[dict]) -> dict:
    """The targets of the event page's keyboard shortcuts (events/static/events/admin/review.js)."""
    following, previous = pending_neighbour(event), pending_neighbour(event, forward=False)
    first = panels[0] if panels else None
    return {
        "next": reverse("admin:events_event_change", args=[following.pk]) if following else "",
        "previous": reverse("admin:events_event_change", args=[previous.pk]) if previous else "",
        "source": (first["article"].url or first["admin_url"]) if first else "",
    }


def _report(modeladmin, request, result, verb: str) -> None:
    if result.done:
        modeladmin.message_user(request, f"{len(result.done)} event(s) {verb}.", messages.SUCCESS)
    for event_id, problem in result.failed.items():
        modeladmin.message_user(request, f"Event {event_id} not {verb}: {problem}", messages.WARNING)


@admin.action(description="Approve the selected events", permissions=["change"])
def approve_selected(modeladmin, request, queryset):
    ids = list(queryset.values_list("pk", flat=True))
    _report(modeladmin, request, events_bulk_approve(event_ids=ids, user=request.user), "approved")


@admin.action(description="Reject the selected events…", permissions=["change"])
def reject_selected(modeladmin, request, queryset):
    form = ReasonForm(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        ids = list(queryset.values_list("pk", flat=True))
        result = events_bulk_reject(event_ids=ids, user=request.user, reason=form.cleaned_data["reason"])
        _report(modeladmin, request, result, "rejected")
        return None
    return modeladmin.action_page(
        request,
        queryset,
        form=form,
        action="reject_selected",
        title="Reject events",
        intro="The reason is written to the audit trail of every event rejected.",
        submit="Reject",
    )


@admin.action(description="Merge the selected events (duplicates)…", permissions=["change"])
def merge_selected(modeladmin, request, queryset):
    events = queryset.select_related("location").order_by("pk")
    if events.count() < 2:
        modeladmin.message_user(request, "Select at least two events to merge.", messages.WARNING)
        return None
    form = MergeForm(request.POST if "apply" in request.POST else None, events=events)
    if form.is_bound and form.is_valid():
        target = form.cleaned_data["target"]
        others = [event for event in events if event.pk != target.pk]
        try:
            events_merge(target=target, others=others, user=request.user, reason=form.cleaned_data["reason"])
        except ApplicationError as exc:
            modeladmin.message_user(request, exc.message, messages.ERROR)
            return None
        modeladmin.message_user(request, f"Merged {len(others)} event(s) into event {target.pk}.", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:events_event_change", args=[target.pk]))
    return modeladmin.action_page(
        request,
        events,
        form=form,
        action="merge_selected",
        title="Merge events",
        intro="Sources, evidence and actors of the others move onto the target; figures are reconciled.",
        submit="Merge",
    )


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    """The review queue (pending events by default) and the event page."""

    form = EventForm
    # One line per event where it can be: 1,400 px hold every column (tests/browser).
    list_display = (
        "date_display",
        "type_display",
        "place_display",
        "outlet_display",
        "snippet_display",
        "actors_display",
        "killed",
        "confidence_display",
        "sources_display",
        "status_display",
        "received_display",
    )
    list_display_links = ("date_display", "type_display")
    # The queue's order, newest arrival first. Declared here (not in get_ordering) because the
    # changelist draws its sort arrows from this attribute: the "received" column shows the
    # arrow of the order the rows are really in.
    ordering = ("-created_at", "-id")
    list_filter = (
        ReviewStatusFilter,
        "event_type",
        GovernorateFilter,
        ActorFilter,
        SourceOutletFilter,
        ConfidenceBandFilter,
        "date",
    )
    search_fields = (
        "summary",
        "location__name_en",
        "location__name_ar",
        "participants__actor__name_en",
        "participants__actor__name_ar",
        "sources__article__title",
    )
    list_select_related = ("location", "location__admin1")
    list_per_page = 50
    show_full_result_count = False
    actions = (approve_selected, reject_selected, merge_selected)
    inlines = (EventActorInline,)
    autocomplete_fields = ("location", "crossing")
    readonly_fields = (*REVIEW_FIELDS, "created_at", "updated_at", "unresolved_places_display")
    fieldsets = (
        ("What and when", {"fields": ("event_type", "sub_event_type", "date", "date_precision", "summary")}),
        (
            "Where",
            {
                "fields": (
                    "location",
                    "geo_precision",
                    ("latitude", "longitude"),
                    "crossing",
                    "unresolved_places_display",
                )
            },
        ),
        (
            "Toll and confidence",
            {"fields": (("killed", "killed_low", "killed_high"), ("wounded", "captured"), "confidence")},
        ),
        ("Review", {"fields": (*REVIEW_FIELDS, ("created_at", "updated_at"))}),
    )

    class Media:
        css = {"all": ("events/vendor/leaflet/leaflet.css", "events/admin/review.css")}
        js = ("events/vendor/leaflet/leaflet.js", "events/admin/review.js")

    # --- the queue ---------------------------------------------------------------------------

    def get_queryset(self, request):
        participants = EventActor.objects.select_related("actor").order_by("role", "id")
        sources = EventSource.objects.select_related("article").only("id", "event_id", "article__source").order_by("id")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("participants", queryset=participants), Prefetch("sources", queryset=sources))
        )

    @admin.display(description="unresolved places")
    def unresolved_places_display(self, obj: Event):
        # Names from articles: escaped by format_html_join. Resolved in "Unresolved places".
        names = obj.unresolved_places or []
        return format_html_join(", ", '<span dir="auto">{}</span>', ((n,) for n in names)) if names else "—"

    @admin.display(description="date", ordering="date")
    def date_display(self, obj: Event):
        return obj.date.isoformat() if obj.date else "—"

    @admin.display(description="type", ordering="event_type")
    def type_display(self, obj: Event):
        return format_html('<span title="{}">{}</span>', obj.event_type, obj.sub_event_type)

    @admin.display(description="place", ordering="location__name_en")
    def place_display(self, obj: Event):
        if obj.location is None:
            return "—"
        governorate = obj.location.admin1.name_en if obj.location.admin1 else ""
        return format_html(
            '<span title="{} · {} · {}">{}</span>',
            obj.location.name_en,
            obj.location.name_ar,
            governorate,
            obj.location.name_en,
        )

    @admin.display(description="outlet")
    def outlet_display(self, obj: Event):
        outlets = list(dict.fromkeys(source.article.source for source in obj.sources.all() if source.article.source))
        if not outlets:
            return "—"
        more = f" +{len(outlets) - 1}" if len(outlets) > 1 else ""
        return format_html('<span title="{}">{}</span>{}', ", ".join(outlets), outlets[0], more)

    @admin.display(description="summary")
    def snippet_display(self, obj: Event):
        text = " ".join((obj.summary or "").split())
        return format_html('<span class="snippet" dir="auto" title="{}">{}</span>', text, text or "—")

    @admin.display(description="actors")
    def actors_display(self, obj: Event):
        participants = list(obj.participants.all())
        if not participants:
            return "—"
        shown = format_html_join(
            ", ",
            '<span title="{}">{}</span> <small>({})</small>',
            ((p.actor.name_ar, p.actor.name_en, ROLE_SHORT.get(p.role, p.role)) for p in participants[:ACTORS_SHOWN]),
        )
        hidden = participants[ACTORS_SHOWN:]
        if not hidden:
            return shown
        names = ", ".join(p.actor.name_en for p in hidden)
        return format_html('{} <span class="more-actors" title="{}">+{} more</span>', shown, names, len(hidden))

    @admin.display(description="conf.", ordering="confidence")
    def confidence_display(self, obj: Event):
        band = "low" if obj.confidence < 0.5 else "medium" if obj.confidence < 0.8 else "high"
        return format_html('<span class="confidence confidence-{}">{}</span>', band, f"{obj.confidence:.2f}")

    @admin.display(description="src", ordering="source_count")
    def sources_display(self, obj: Event):
        return obj.source_count

    @admin.display(description="status", ordering="review_status")
    def status_display(self, obj: Event):
        return format_html(
            '<span class="status status-{}">{}</span>', obj.review_status, obj.get_review_status_display()
        )

    @admin.display(description="received", ordering="created_at")
    def received_display(self, obj: Event):
        return format_html(
            '<span title="{}">{}</span>',
            obj.created_at.isoformat(),
            timezone.localtime(obj.created_at).strftime("%m-%d %H:%M"),
        )

    def changelist_view(self, request, extra_context=None):
        counts = dict(Event.objects.values_list("review_status").annotate(n=Count("id")).order_by())
        status_counts = [
            {"value": value, "label": label, "count": counts.get(value, 0)} for value, label in ReviewStatus.choices
        ]
        columns = list(self.get_list_display(request))
        if self.get_actions(request):
            columns.insert(0, "action_checkbox")  # as the changelist does
        order_links = []
        for label, column, descending in (
            ("Newest first", "received_display", True),
            ("Least confident first", "confidence_display", False),
        ):
            params = request.GET.copy()
            index = columns.index(column)  # the admin's "o" parameter is a column index
            params["o"] = f"{'-' if descending else ''}{index}"
            order_links.append({"label": label, "query": params.urlencode()})
        context = {"status_counts": status_counts, "order_links": order_links, **(extra_context or {})}
        return super().changelist_view(request, extra_context=context)

    def action_page(self, request, queryset, *, form, action: str, title: str, intro: str, submit: str):
        """The intermediate page of an action that needs more input (a reason, a target)."""
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "intro": intro,
            "submit": submit,
            "form": form,
            "action": action,
            "events": queryset,
            "opts": self.model._meta,
            "selected_ids": [str(pk) for pk in queryset.values_list("pk", flat=True)],
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/events/event/action_form.html", context)

    # --- the event page ----------------------------------------------------------------------

    def get_urls(self):
        own = [
            path(
                "<int:object_id>/approve/", self.admin_site.admin_view(self.approve_view), name="events_event_approve"
            ),
            path("<int:object_id>/reject/", self.admin_site.admin_view(self.reject_view), name="events_event_reject"),
            path("<int:object_id>/split/", self.admin_site.admin_view(self.split_view), name="events_event_split"),
        ]
        return own + super().get_urls()

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.review_status == ReviewStatus.MERGED:
            # A merged event is a pointer to its target: edit the target instead.
            return [*(f.name for f in Event._meta.fields), "unresolved_places_display"]
        return super().get_readonly_fields(request, obj)

    def revert_disabled(self, request, obj=None) -> bool:
        # Reverting through django-simple-history would bypass the review services and audit.
        return True

    def change_view(self, request, object_id, form_url="", extra_context=None):
        event = self.get_object(request, object_id)
        context = dict(extra_context or {})
        if event is not None:
            context.update(self._review_context(request, event))
        return super().change_view(request, object_id, form_url, extra_context=context)

    def _review_context(self, request, event: Event) -> dict:
        sources = (
            EventSource.objects.filter(event=event)
            .select_related("article")
            .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("start")))
            .order_by("pk")
        )
        panels = []
        for source in sources:
            article = source.article
            spans = [(ev.start, ev.end, ev.text) for ev in source.evidence.all()]
            marked = highlight(article.text, spans, id_prefix=f"evidence-{source.pk}")
            panels.append(
                {
                    "source": source,
                    "article": article,
                    "direction": "rtl" if article.language == "ar" else "auto",
                    "html": marked.html,
                    "marked": marked.marked,
                    "unplaced": marked.unplaced,
                    "admin_url": reverse("admin:events_article_change", args=[article.pk]),
                }
            )
        audit = EventAuditEntry.objects.filter(event=event).select_related("user", "related_event", "article")
        reader = AuditReader()
        history = event.history.select_related("history_user").order_by("-history_date", "-history_id")[:20]
        actor_history = (
            EventActor.history.filter(event_id=event.pk)
            .select_related("history_user", "actor")
            .order_by("-history_date", "-history_id")[:20]
        )
        latitude = event.latitude if event.latitude is not None else getattr(event.location, "latitude", None)
        longitude = event.longitude if event.longitude is not None else getattr(event.location, "longitude", None)
        return {
            "review_panels": panels,
            "audit_rows": [
                {"entry": entry, "changes": reader.change_rows(entry.changes)} for entry in audit.order_by("-at", "-pk")
            ],
            "history_rows": reader.history_rows(list(history)),
            "actor_history": list(actor_history),
            "map": {
                "latitude": latitude,
                "longitude": longitude,
                "label": str(event.location or ""),
                "tiles": settings.MAP_TILE_URL or "",
                "attribution": settings.MAP_TILE_ATTRIBUTION or "",
            },
            "participants": list(EventActor.objects.filter(event=event).select_related("actor").order_by("role", "pk")),
            "can_review": self.has_change_permission(request, event) and event.review_status != ReviewStatus.MERGED,
            "event": event,
            "keys": _keys_context(event, panels),
        }

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            event_record_created(event=obj, user=request.user)
            return
        data = {name: form.cleaned_data[name] for name in form.changed_data if name in EDITABLE_FIELDS}
        try:
            event_update(event=obj, user=request.user, data=data, reason=request.POST.get("_edit_reason", ""))
        except ApplicationError as exc:
            # The form validated, so this is a rule the model form does not know; say it plainly.
            raise PermissionDenied(exc.message) from exc

    def save_related(self, request, form, formsets, change):
        before = event_actor_rows(event=form.instance) if change else None
        super().save_related(request, form, formsets, change)
        if change:
            event_actors_record_change(
                event=form.instance, user=request.user, before=before, reason=request.POST.get("_edit_reason", "")
            )

    def response_change(self, request, obj):
        if "_approve" in request.POST:
            try:
                event_approve(event=obj, user=request.user)
            except ApplicationError as exc:
                self.message_user(request, f"Saved, but not approved: {exc.message}", messages.ERROR)
                return HttpResponseRedirect(request.path)
            self.message_user(request, f"Event {obj.pk} saved and approved.", messages.SUCCESS)
            return HttpResponseRedirect(_after_decision(obj))
        return super().response_change(request, obj)

    def _decision_target(self, request, object_id) -> Event:
        event = get_object_or_404(Event, pk=object_id)
        if not self.has_change_permission(request, event):
            raise PermissionDenied
        return event

    def approve_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        event = self._decision_target(request, object_id)
        try:
            event_approve(event=event, user=request.user, note=request.POST.get("note", ""))
        except ApplicationError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return HttpResponseRedirect(reverse("admin:events_event_change", args=[event.pk]))
        self.message_user(request, f"Event {event.pk} approved.", messages.SUCCESS)
        return HttpResponseRedirect(_after_decision(event))

    def reject_view(self, request, object_id):
        event = self._decision_target(request, object_id)
        form = ReasonForm(request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            try:
                event_reject(event=event, user=request.user, reason=form.cleaned_data["reason"])
            except ApplicationError as exc:
                self.message_user(request, exc.message, messages.ERROR)
                return HttpResponseRedirect(reverse("admin:events_event_change", args=[event.pk]))
            self.message_user(request, f"Event {event.pk} rejected.", messages.SUCCESS)
            return HttpResponseRedirect(_after_decision(event))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Reject event {event.pk}",
            "intro": "The reason is written to the audit trail and kept with the event.",
            "submit": "Reject",
            "form": form,
            "events": [event],
            "opts": self.model._meta,
            "original": event,
        }
        return TemplateResponse(request, "admin/events/event/action_form.html", context)

    def split_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        event = self._decision_target(request, object_id)
        choices = [(pk, pk) for pk in EventSource.objects.filter(event=event).values_list("article_id", flat=True)]
        form = SplitForm(request.POST, article_choices=choices)
        change_url = reverse("admin:events_event_change", args=[event.pk])
        if not form.is_valid():
            self.message_user(request, "Choose at least one of this event's sources to split off.", messages.ERROR)
            return HttpResponseRedirect(change_url)
        try:
            new = event_split(
                event=event,
                article_ids=form.cleaned_data["article_ids"],
                user=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as exc:
            self.message_user(request, exc.message, messages.ERROR)
            return HttpResponseRedirect(change_url)
        self.message_user(request, f"Split off into the new event {new.pk}.", messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:events_event_change", args=[new.pk]))


@admin.register(EventActor)
class EventActorAdmin(SimpleHistoryAdmin):
    list_display = ("event", "actor", "role")
    list_filter = ("role",)
    list_select_related = ("event", "event__location", "actor")
    search_fields = ("actor__name_en", "actor__name_ar", "actor__aliases__name", "event__summary")
    autocomplete_fields = ("actor",)
    raw_id_fields = ("event",)


@admin.register(EventSource)
class EventSourceAdmin(admin.ModelAdmin):
    list_display = ("event", "article_title", "outlet", "killed", "wounded", "captured", "created_at")
    list_select_related = ("event", "event__location", "article")
    search_fields = ("article__title", "article__source", "article__url")
    raw_id_fields = ("event", "article")

    @admin.display(description="article", ordering="article__title")
    def article_title(self, obj: EventSource):
        return arabic(obj.article.title or f"Article {obj.article_id}", direction="auto")

    @admin.display(description="outlet", ordering="article__source")
    def outlet(self, obj: EventSource) -> str:
        return obj.article.source


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ("id", "event_link", "start", "end", "quote")
    list_select_related = ("source",)
    search_fields = ("text",)
    raw_id_fields = ("source",)

    @admin.display(description="event")
    def event_link(self, obj: Evidence):
        return format_html(
            '<a href="{}">event {}</a>',
            reverse("admin:events_event_change", args=[obj.source.event_id]),
            obj.source.event_id,
        )

    @admin.display(description="quote", ordering="text")
    def quote(self, obj: Evidence):
        return arabic(obj.text[:200], direction="auto")


@admin.register(EventAuditEntry)
class EventAuditEntryAdmin(admin.ModelAdmin):
    """The audit trail, read-only for everybody: entries are written only by the services."""

    list_display = ("at", "event", "action", "user", "reason", "related_event", "what_changed")
    list_filter = ("action", "at")
    list_select_related = ("event", "event__location", "user", "related_event", "related_event__location")
    search_fields = ("reason", "user__username", "=event__id")
    date_hierarchy = "at"
    readonly_fields = ("at", "event", "action", "user", "reason", "related_event", "article", "what_changed")
    exclude = ("changes",)

    @admin.display(description="changes")
    def what_changed(self, obj: EventAuditEntry):
        # One reader per page would share its cache; per row it is still a few cached lookups.
        rows = AuditReader().change_rows(obj.changes)
        return (
            format_html_join(
                "",
                '<div><b>{}</b>: <span dir="auto">{}</span>{}</div>',
                ((name, before, f" → {after}" if after is not None else "") for name, before, after in rows),
            )
            or "–"
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
