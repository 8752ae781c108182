"""Articles in the admin: searchable in both languages, text always shown escaped."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.html import format_html

from events.admin.common import arabic
from events.models import Article


@admin.action(description="Queue the selected articles for extraction again", permissions=["change"])
def reprocess_articles_action(modeladmin, request, queryset):
    from events.services.review import articles_reprocess

    result = articles_reprocess(article_ids=list(queryset.values_list("pk", flat=True)), user=request.user)
    modeladmin.message_user(
        request, f"{len(result.article_ids)} article(s) queued again ({result.method}).", messages.SUCCESS
    )


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("id", "article_title", "source", "language", "published", "status", "event_total", "created_at")
    list_filter = ("status", "language", "source")
    search_fields = ("title", "source", "url", "text")
    date_hierarchy = "published"
    actions = (reprocess_articles_action,)
    readonly_fields = (
        "text_display",
        "content_hash",
        "status",
        "error",
        "attempts",
        "extractor_version",
        "submitted_by",
        "claimed_at",
        "claimed_by",
        "processed_at",
        "processing_ms",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("source", "url", "title", "language", "published", "text_display")}),
        ("Raw input", {"classes": ("collapse",), "fields": ("text", "raw_html")}),
        (
            "Processing",
            {
                "fields": (
                    "status",
                    "error",
                    "attempts",
                    "extractor_version",
                    "submitted_by",
                    "claimed_at",
                    "claimed_by",
                    "processed_at",
                    "processing_ms",
                    "content_hash",
                    "created_at",
                    "updated_at",
                )
            },
        ),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(event_count=Count("event_sources", distinct=True))

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name in ("text", "title", "raw_html"):
            field.widget.attrs["dir"] = "auto"
        return field

    @admin.display(description="title", ordering="title")
    def article_title(self, obj: Article):
        return arabic(obj.title or f"Article {obj.pk}", direction="auto")

    @admin.display(description="events", ordering="event_count")
    def event_total(self, obj: Article) -> int:
        return obj.event_count

    @admin.display(description="text")
    def text_display(self, obj: Article):
        # Untrusted: escaped by format_html, never marked safe.
        return format_html('<div dir="auto" class="article-text">{}</div>', obj.text or "")
