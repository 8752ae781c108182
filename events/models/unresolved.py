"""Place names the extractor read after a place cue but could not match: the editors' worklist."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

MAX_EXAMPLES = 5


class UnresolvedStatus(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved (a known place)"
    IGNORED = "ignored", "Ignored (not a place)"


class UnresolvedPlace(models.Model):
    """One unknown place name ("قرية الكشكية", "the village of Al-Heri"), by its folded key.

    The articles that named it are rows of ``UnresolvedPlaceArticle`` (one per article, so
    reading an article again never counts it twice); how many is an annotation, never a stored
    counter. ``examples`` keeps up to ``MAX_EXAMPLES`` sentences as ``{"article": id,
    "sentence": text}``. An editor resolves it to a place (an alias of an existing one or a new
    one: ``location``) or ignores it (``events.services.unresolved``); ``resolved_by`` and
    ``resolved_at`` record the decision, the alias or place it wrote keeps its own history.
    """

    key = models.CharField(max_length=200, unique=True, help_text="The folded name (normalize_name).")
    name = models.CharField(max_length=200, help_text="The name as first written in an article.")
    language = models.CharField(max_length=8, choices=[("ar", "Arabic"), ("en", "English")])
    articles = models.ManyToManyField(
        "events.Article", through="UnresolvedPlaceArticle", related_name="unresolved_places", blank=True
    )
    examples = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=8, choices=UnresolvedStatus.choices, default=UnresolvedStatus.OPEN)
    location = models.ForeignKey(
        "events.Location",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The place the name was resolved to.",
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]
        constraints = [
            models.CheckConstraint(
                name="unresolved_place_status_valid", condition=Q(status__in=UnresolvedStatus.values)
            ),
            models.CheckConstraint(
                name="unresolved_place_resolved_has_location",
                condition=~Q(status=UnresolvedStatus.RESOLVED) | Q(location__isnull=False),
                violation_error_message="A resolved name must name its place.",
            ),
        ]
        indexes = [
            # Serves the editors' list filtered by status.
            models.Index(fields=["status", "key"], name="unresolved_status_key_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class UnresolvedPlaceArticle(models.Model):
    """An article that named an unresolved place (once, however often)."""

    place = models.ForeignKey(UnresolvedPlace, on_delete=models.CASCADE, related_name="mentions")
    article = models.ForeignKey("events.Article", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["place", "article"], name="unresolved_place_article_unique"),
        ]
        indexes = [
            # Serves re-ingestion: an article's links are replaced (WHERE article_id = ...).
            models.Index(fields=["article"], name="unresolved_article_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.place} in article {self.article_id}"
