"""The audit trail of editorial and automatic decisions on events."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class AuditAction(models.TextChoices):
    CREATED = "created", "Created by extraction"
    SOURCE_ATTACHED = "source_attached", "Another source attached (automatic merge)"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    EDITED = "edited", "Edited"
    MERGED = "merged", "Merged into another event"
    ABSORBED = "absorbed", "Absorbed other events"
    SPLIT = "split", "Split"
    SOURCE_DETACHED = "source_detached", "Source detached (merge undone)"
    REOPENED = "reopened", "Returned to pending"


class EventAuditEntry(models.Model):
    """One decision or change on an event: who (null for the system), when, what, why.

    ``changes`` holds ``{"field": [before, after], ...}`` for edits and the reconciled
    figures for merges. Entries are append-only: editors can read them but not delete them.
    """

    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="audit_entries")
    action = models.CharField(max_length=24, choices=AuditAction.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)
    changes = models.JSONField(default=dict, blank=True)
    related_event = models.ForeignKey(
        "events.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The other event of a merge or split.",
    )
    article = models.ForeignKey("events.Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name_plural = "event audit entries"
        ordering = ["event", "at", "id"]
        constraints = [
            models.CheckConstraint(name="audit_action_valid", condition=Q(action__in=AuditAction.values)),
        ]
        indexes = [
            # Serves the history panel of one event, oldest first.
            models.Index(fields=["event", "at"], name="audit_event_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} on event {self.event_id} at {self.at:%Y-%m-%d %H:%M}"
