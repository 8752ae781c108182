"""Crossings: river ferries and bridges on the Euphrates, border and smuggling crossings."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from events.choices import CrossingKind
from events.extraction.normalize import normalize_name
from events.models.geo import coordinate_constraints, latitude_field, longitude_field


class Crossing(models.Model):
    """A point where people and goods cross a river or a border, and whose control matters.

    ``side_a``/``side_b`` describe the two banks or countries it connects, e.g. "north bank
    (SDF-held)" and "south bank (government-held)".
    """

    slug = models.SlugField(max_length=120, unique=True)
    name_en = models.CharField("English name", max_length=200)
    name_ar = models.CharField("Arabic name", max_length=200, blank=True)
    kind = models.CharField(max_length=16, choices=CrossingKind.choices)
    location = models.ForeignKey(
        "events.Location",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="crossings",
        help_text="The town the crossing belongs to.",
    )
    latitude = latitude_field()
    longitude = longitude_field()
    crosses = models.CharField(max_length=120, help_text="The river or border it crosses, e.g. 'Euphrates'.")
    side_a = models.CharField(max_length=200, blank=True)
    side_b = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name_en"]
        constraints = [
            *coordinate_constraints("crossing"),
            models.CheckConstraint(name="crossing_kind_valid", condition=Q(kind__in=CrossingKind.values)),
        ]

    def __str__(self) -> str:
        return self.name_en

    def controller_on(self, day: date):
        """The control period in force on ``day`` (with its actor), or None."""
        return self.control_periods.valid_on(day).select_related("actor").order_by("-start").first()


class CrossingAlias(models.Model):
    """Another name of a crossing ("معبر الحمدان", "Hamdan ferry")."""

    crossing = models.ForeignKey(Crossing, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    normalized = models.CharField(max_length=200, editable=False)
    language = models.CharField(max_length=8, choices=[("ar", "Arabic"), ("en", "English"), ("other", "Other")])

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "crossing aliases"
        constraints = [
            models.UniqueConstraint(fields=["crossing", "normalized"], name="crossing_alias_unique_per_crossing"),
        ]
        indexes = [models.Index(fields=["normalized"], name="crossing_alias_normalized_idx")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.normalized = normalize_name(self.name)
        super().save(*args, **kwargs)


class CrossingControlQuerySet(models.QuerySet):
    def valid_on(self, day: date) -> CrossingControlQuerySet:
        return self.filter(Q(start__isnull=True) | Q(start__lte=day), Q(end__isnull=True) | Q(end__gte=day))


class CrossingControl(models.Model):
    """``actor`` controlled ``crossing`` from ``start`` until ``end`` (open-ended when null)."""

    crossing = models.ForeignKey(Crossing, on_delete=models.CASCADE, related_name="control_periods")
    actor = models.ForeignKey("actors.Actor", on_delete=models.PROTECT, related_name="crossing_control_periods")
    start = models.DateField(null=True, blank=True)
    end = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CrossingControlQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["crossing", "start"]
        constraints = [
            models.CheckConstraint(
                name="crossing_control_dates_ordered",
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=F("start")),
                violation_error_message="A control period cannot end before it starts.",
            ),
        ]
        indexes = [
            # Serves "who controlled crossing C on day D": WHERE crossing_id = C AND start <= D.
            models.Index(fields=["crossing", "start"], name="crossing_control_lookup_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.actor} controls {self.crossing} from {self.start or '?'}"

    def clean(self) -> None:
        if self.crossing_id is None:
            return
        overlapping = CrossingControl.objects.filter(crossing_id=self.crossing_id).exclude(pk=self.pk)
        if self.end is not None:
            overlapping = overlapping.filter(Q(start__isnull=True) | Q(start__lte=self.end))
        if self.start is not None:
            overlapping = overlapping.filter(Q(end__isnull=True) | Q(end__gte=self.start))
        if overlapping.exists():
            raise ValidationError("This control period overlaps another period of the same crossing.")
