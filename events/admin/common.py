"""Pieces shared by every admin page: Arabic display, normalised search, alias reprocessing."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from events.extraction.normalize import normalize_name


def arabic(value: str, *, direction: str = "rtl"):
    """Show a (possibly Arabic) name in a list with the right direction; escaped."""
    if not value:
        return "—"
    if direction == "rtl":
        return format_html('<span dir="rtl" lang="ar">{}</span>', value)
    return format_html('<span dir="{}">{}</span>', direction, value)


class ArabicFieldsMixin:
    """Form widgets of Arabic fields read right-to-left; mixed-language fields pick their own
    direction from their first strong character (``dir="auto"``)."""

    rtl_fields: tuple[str, ...] = ()
    auto_dir_fields: tuple[str, ...] = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name in self.rtl_fields:
            field.widget.attrs.update({"dir": "rtl", "lang": "ar"})
        elif field is not None and db_field.name in self.auto_dir_fields:
            field.widget.attrs.update({"dir": "auto"})
        return field


class NormalizedSearchMixin:
    """Search by the term as typed and by its normalised form, so an editor typing "الاسد" finds
    an alias stored as "الأسد" (the alias' ``normalized`` column is in ``search_fields``)."""

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        normalized = normalize_name(search_term)
        if normalized and normalized != search_term.strip().lower():
            more, more_duplicates = super().get_search_results(request, queryset, normalized)
            results = results | more
            may_have_duplicates = may_have_duplicates or more_duplicates
        return results, may_have_duplicates


@admin.action(description="Reprocess the articles that mention the selected aliases", permissions=["change"])
def reprocess_aliases_action(modeladmin, request, queryset):
    from events.services.review import articles_reprocess_mentioning

    names = list(queryset.values_list("name", flat=True))
    result = articles_reprocess_mentioning(names=names, user=request.user)
    if not result.article_ids:
        modeladmin.message_user(request, "No article mentions these aliases.", messages.INFO)
        return
    modeladmin.message_user(
        request, f"{len(result.article_ids)} article(s) mention these aliases and were queued again.", messages.SUCCESS
    )


@admin.action(
    description="Reprocess the articles that mention any name or alias of the selected rows", permissions=["change"]
)
def reprocess_named_action(modeladmin, request, queryset):
    """For actors, places and crossings: every name and alias of the selected rows."""
    from events.services.review import articles_reprocess_mentioning

    names: set[str] = set()
    for row in queryset.prefetch_related("aliases"):
        names.update(filter(None, (row.name_en, row.name_ar, *(alias.name for alias in row.aliases.all()))))
    result = articles_reprocess_mentioning(names=sorted(names), user=request.user)
    modeladmin.message_user(
        request,
        f"{len(result.article_ids)} article(s) mention these names and were queued again.",
        messages.SUCCESS if result.article_ids else messages.INFO,
    )


class AliasAdmin(NormalizedSearchMixin, ArabicFieldsMixin, SimpleHistoryAdmin):
    """The list of one dictionary's aliases (actors, places, crossings). Subclasses set
    ``owner`` (the field naming what the alias belongs to) and add to the displays."""

    owner: str
    readonly_fields = ("normalized",)
    auto_dir_fields = ("name",)
    actions = (reprocess_aliases_action,)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        owner = cls.owner
        cls.list_select_related = (owner,)
        cls.autocomplete_fields = (owner,)
        cls.search_fields = ("name", "normalized", f"{owner}__name_en", f"{owner}__name_ar", f"{owner}__slug")

    @admin.display(description="alias", ordering="name")
    def alias_name(self, obj):
        return arabic(obj.name, direction="auto")
