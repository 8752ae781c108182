"""Articles: the news reports events are extracted from."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q

from events.choices import ArticleStatus


def content_hash(text: str) -> str:
    """SHA-256 of the text with white space folded: the same report pasted twice hashes alike."""
    folded = " ".join((text or "").split())
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


class Article(models.Model):
    """A news report submitted for extraction, and the state of its processing.

    A worker claims an article by moving it from ``queued`` to ``processing`` with a
    conditional UPDATE that also sets ``claimed_at``; a claim older than the timeout may be
    taken over (the worker died). ``content_hash`` makes the same text unique.
    """

    source = models.CharField("source outlet", max_length=200)
    url = models.URLField(max_length=2000, null=True, blank=True)
    title = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True)
    raw_html = models.TextField(blank=True)
    language = models.CharField(max_length=8, blank=True)
    published = models.DateTimeField(null=True, blank=True)
    content_hash = models.CharField(max_length=64, null=True, blank=True, editable=False)
    idempotency_key = models.CharField(max_length=200, null=True, blank=True, editable=False)
    status = models.CharField(max_length=16, choices=ArticleStatus.choices, default=ArticleStatus.QUEUED)
    error = models.TextField("error message", blank=True)
    attempts = models.PositiveIntegerField(default=0)
    extractor_version = models.CharField(max_length=40, blank=True)
    # The version of the confidence model that scored the article's events (its file
    # confidence-<version>.json), so decisions can be traced to the model that made them.
    confidence_model = models.CharField(max_length=40, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=200, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    processing_ms = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["content_hash"], name="article_content_hash_unique"),
            models.UniqueConstraint(fields=["url"], condition=Q(url__isnull=False), name="article_url_unique"),
            models.UniqueConstraint(
                fields=["submitted_by", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="article_idempotency_key_unique",
            ),
            models.CheckConstraint(name="article_status_valid", condition=Q(status__in=ArticleStatus.values)),
            models.CheckConstraint(
                name="article_has_content",
                condition=~Q(text="") | Q(url__isnull=False) | ~Q(raw_html=""),
                violation_error_message="An article needs text, HTML or a URL.",
            ),
        ]
        indexes = [
            # Serves the sweep: WHERE status IN ('queued','processing') AND updated_at < cutoff.
            models.Index(fields=["status", "updated_at"], name="article_status_updated_idx"),
            # Serves the article list filtered by source and published range.
            models.Index(fields=["source", "published"], name="article_source_published_idx"),
        ]

    def __str__(self) -> str:
        return self.title or f"Article {self.pk}"

    @property
    def published_date(self):
        return self.published.date() if self.published else None
