"""Events: who did what to whom, where, when, with what toll, and the evidence for it."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from events.choices import (
    SUB_EVENT_TYPES,
    ActorRole,
    DatePrecision,
    EventType,
    GeoPrecision,
    ReviewStatus,
)
from events.models.geo import coordinate_constraints, latitude_field, longitude_field

_VALID_TYPE_PAIRS = reduce(
    or_,
    (Q(event_type=str(t), sub_event_type__in=[str(s) for s in subs]) for t, subs in SUB_EVENT_TYPES.items()),
)


class Event(models.Model):
    """One incident or development, as coded by the extractor and checked by an editor.

    Figures are nullable: null means "not reported", zero means "reported as none". An event
    reported by several outlets is one row with several ``sources``; an event merged into
    another keeps its row with ``review_status = merged`` and ``merged_into`` set, so a merge
    can be undone and consumers syncing by ``updated_since`` learn of it.
    """

    event_type = models.CharField(max_length=40, choices=EventType.choices)
    sub_event_type = models.CharField(max_length=48)
    date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY)
    location = models.ForeignKey(
        "events.Location", null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    geo_precision = models.CharField(max_length=16, choices=GeoPrecision.choices, default=GeoPrecision.TOWN)
    # Copied from the location when the event is placed, so map queries need no join.
    latitude = latitude_field()
    longitude = longitude_field()
    crossing = models.ForeignKey(
        "events.Crossing", null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    actors = models.ManyToManyField("actors.Actor", through="EventActor", related_name="events", blank=True)
    killed = models.PositiveIntegerField(null=True, blank=True)
    wounded = models.PositiveIntegerField(null=True, blank=True)
    captured = models.PositiveIntegerField(null=True, blank=True)
    # The spread of killed counts across sources, after merging (low <= killed <= high).
    killed_low = models.PositiveIntegerField(null=True, blank=True)
    killed_high = models.PositiveIntegerField(null=True, blank=True)
    confidence = models.FloatField(default=0.5)
    summary = models.TextField(blank=True)
    review_status = models.CharField(max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="reviewed_events"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_events"
    )
    source_count = models.PositiveIntegerField(default=0)
    # Place names after a place cue that matched no known place, as written, over all sources
    # (each source keeps its own; events.services.ingestion recomputes the union).
    unresolved_places = models.JSONField(default=list, blank=True)
    articles = models.ManyToManyField("events.Article", through="EventSource", related_name="events", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Full-text search of `q` (PostgreSQL): the Arabic-folded summary and evidence quotes as a
    # tsvector, written by `events.services.search.event_search_refresh` wherever events or
    # their evidence are written; GIN-indexed (migration 0003). Null until first refreshed;
    # unused on SQLite. Not a fact about the event, so not kept in its history.
    search_vector = SearchVectorField(null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["search_vector"])

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(
                name="event_type_valid",
                condition=Q(event_type__in=EventType.values),
                violation_error_message="Unknown event type.",
            ),
            models.CheckConstraint(
                name="event_sub_type_matches_type",
                condition=_VALID_TYPE_PAIRS,
                violation_error_message="The sub-event type does not belong to the event type.",
            ),
            models.CheckConstraint(
                name="event_date_precision_valid", condition=Q(date_precision__in=DatePrecision.values)
            ),
            models.CheckConstraint(
                name="event_geo_precision_valid", condition=Q(geo_precision__in=GeoPrecision.values)
            ),
            models.CheckConstraint(
                name="event_review_status_valid", condition=Q(review_status__in=ReviewStatus.values)
            ),
            models.CheckConstraint(
                name="event_figures_not_negative",
                condition=(Q(killed__isnull=True) | Q(killed__gte=0))
                & (Q(wounded__isnull=True) | Q(wounded__gte=0))
                & (Q(captured__isnull=True) | Q(captured__gte=0)),
                violation_error_message="Killed, wounded and captured cannot be negative.",
            ),
            models.CheckConstraint(
                name="event_killed_range_ordered",
                condition=Q(killed_low__isnull=True)
                | Q(killed_high__isnull=True)
                | Q(killed_high__gte=F("killed_low")),
            ),
            models.CheckConstraint(
                name="event_confidence_range",
                condition=Q(confidence__gte=0, confidence__lte=1),
                violation_error_message="Confidence must be between 0 and 1.",
            ),
            models.CheckConstraint(
                name="event_merged_has_target",
                condition=~Q(review_status=ReviewStatus.MERGED) | Q(merged_into__isnull=False),
                violation_error_message="A merged event must name the event it was merged into.",
            ),
            *coordinate_constraints("event"),
        ]
        indexes = [
            # Serves the consumers' default list: approved events, newest first (cursor order).
            models.Index(fields=["review_status", "-date", "-id"], name="event_status_date_idx"),
            # Serves incremental sync: WHERE updated_at > since ORDER BY updated_at.
            models.Index(fields=["updated_at"], name="event_updated_idx"),
            # Serves type filters with a date range.
            models.Index(fields=["event_type", "date"], name="event_type_date_idx"),
            # Serves bbox/near filters on copied coordinates.
            models.Index(fields=["latitude", "longitude"], name="event_coordinates_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.sub_event_type} on {self.date or 'unknown date'} at {self.location or 'unknown place'}"

    @property
    def event_id_cnty(self) -> str:
        return f"SYR{self.pk}"

    def clean(self) -> None:
        errors: dict[str, list[str]] = {}
        allowed = SUB_EVENT_TYPES.get(self.event_type)
        if allowed is None:
            errors["event_type"] = [f"Unknown event type {self.event_type!r}."]
        elif self.sub_event_type not in allowed:
            errors["sub_event_type"] = [f"{self.sub_event_type!r} is not a sub-type of {self.event_type!r}."]
        if self.pk and self.date:
            latest_allowed = (
                EventSource.objects.filter(event=self, article__published__isnull=False)
                .order_by("article__published")
                .values_list("article__published", flat=True)
                .first()
            )
            if latest_allowed is not None and self.date > latest_allowed.date():
                first = latest_allowed.date()
                errors["date"] = [f"The event date {self.date} is after the publication of its first source ({first})."]
        if errors:
            raise ValidationError(errors)


class EventActor(models.Model):
    """An actor's part in an event: side A (initiator), side B (target) or associated."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    actor = models.ForeignKey("actors.Actor", on_delete=models.PROTECT, related_name="participations")
    role = models.CharField(max_length=16, choices=ActorRole.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "actor", "role"], name="event_actor_unique_role"),
            models.CheckConstraint(name="event_actor_role_valid", condition=Q(role__in=ActorRole.values)),
        ]
        indexes = [
            # Serves the actor filter: events WHERE actor_id IN (...) [AND role = ...].
            models.Index(fields=["actor", "role", "event"], name="event_actor_lookup_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.actor} ({self.get_role_display()})"


class EventSource(models.Model):
    """An article that reports an event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sources")
    article = models.ForeignKey("events.Article", on_delete=models.CASCADE, related_name="event_sources")
    # The figures this source gave, kept so merges can be reconciled and undone.
    killed = models.PositiveIntegerField(null=True, blank=True)
    wounded = models.PositiveIntegerField(null=True, blank=True)
    captured = models.PositiveIntegerField(null=True, blank=True)
    # What the extractor knew about the event when it read this source (the features of
    # events.extraction.stages.scoring) and the confidence its model gave them: editors' decisions
    # on the event become training examples for the next model (manage.py train_extractor).
    features = models.JSONField(default=dict, blank=True)
    confidence = models.FloatField(null=True, blank=True)
    # The unresolved place names this source gave (events.extraction.stages.toponyms).
    unresolved_places = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "article"], name="event_source_unique"),
        ]
        indexes = [models.Index(fields=["article"], name="event_source_article_idx")]

    def __str__(self) -> str:
        return f"{self.article} → event {self.event_id}"

    def clean(self) -> None:
        event_date = self.event.date if self.event_id else None
        published = self.article.published if self.article_id else None
        if event_date and published and event_date > published.date():
            raise ValidationError(
                {"event": f"The event date {event_date} is after the article's publication date {published.date()}."}
            )


class Evidence(models.Model):
    """A span of an article's text that supports an event: character offsets and the quote."""

    source = models.ForeignKey(EventSource, on_delete=models.CASCADE, related_name="evidence")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()

    class Meta:
        verbose_name_plural = "evidence"
        ordering = ["source", "start"]
        constraints = [
            models.CheckConstraint(
                name="evidence_span_ordered",
                condition=Q(end__gt=F("start")),
                violation_error_message="An evidence span must end after it starts.",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]
