"""Unresolved place names in the admin: the editors' worklist of names the extractor could not
place, most named first, each resolved (an alias of a known place, or a new place) or ignored.

The page only reads the form and calls ``events.services.unresolved``; only users who may add
places and their spellings (editors) see it.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import Count
from django.utils.html import format_html, format_html_join

from conflict.errors import ApplicationError
from events.admin.common import NormalizedSearchMixin, arabic
from events.choices import LocationKind
from events.models import Location, UnresolvedPlace, UnresolvedStatus
from events.services.unresolved import (
    unresolved_place_resolve_as_alias,
    unresolved_place_resolve_as_new_place,
    unresolved_places_ignore,
)

ALIAS, NEW_PLACE, IGNORE = "alias", "new", "ignore"
EDITOR_PERMISSIONS = ("events.add_location", "events.add_locationalias")


def may_resolve(request) -> bool:
    """Editors (and superusers): those who may add places and spellings."""
    return request.user.is_active and request.user.has_perms(EDITOR_PERMISSIONS)


class UnresolvedPlaceForm(forms.ModelForm):
    """What to do with the name: an alias of ``location``, a new place, or not a place."""

    decision = forms.ChoiceField(
        choices=[
            ("", "— decide later —"),
            (ALIAS, "Add the name as a spelling of the chosen place"),
            (NEW_PLACE, "Create a new place with this name"),
            (IGNORE, "Ignore: not a place"),
        ],
        required=False,
    )
    kind = forms.ChoiceField(choices=LocationKind.choices, initial=LocationKind.TOWN, required=False)
    latitude = forms.FloatField(min_value=-90, max_value=90, required=False)
    longitude = forms.FloatField(min_value=-180, max_value=180, required=False)
    parent = forms.ModelChoiceField(
        queryset=Location.objects.all(),
        required=False,
        widget=AutocompleteSelect(UnresolvedPlace._meta.get_field("location"), admin.site),
        help_text="The sub-district or community the new place belongs to.",
    )
    name_en = forms.CharField(max_length=200, required=False, label="English name of the new place")
    name_ar = forms.CharField(
        max_length=200, required=False, label="Arabic name of the new place", widget=forms.TextInput({"dir": "rtl"})
    )

    class Meta:
        model = UnresolvedPlace
        fields = ("location",)

    def clean(self):
        data = super().clean()
        decision = data.get("decision")
        if decision and self.instance.status == UnresolvedStatus.RESOLVED:
            raise forms.ValidationError("This name is already resolved.")
        if decision == ALIAS and not data.get("location"):
            self.add_error("location", "Choose the place the name is a spelling of.")
        if decision == NEW_PLACE:
            for name in ("latitude", "longitude"):
                if data.get(name) is None:
                    self.add_error(name, "A new place needs coordinates.")
            if self.instance.language == "ar" and not data.get("name_en"):
                self.add_error("name_en", "A new place needs an English name (the Arabic one is the name read).")
        return data


@admin.action(description="Ignore the selected names (not places)")
def ignore_selected(modeladmin, request, queryset):
    changed = unresolved_places_ignore(place_ids=list(queryset.values_list("pk", flat=True)), user=request.user)
    modeladmin.message_user(request, f"{changed} name(s) ignored.", messages.SUCCESS)


@admin.register(UnresolvedPlace)
class UnresolvedPlaceAdmin(NormalizedSearchMixin, admin.ModelAdmin):
    form = UnresolvedPlaceForm
    list_display = ("name_display", "language", "article_total", "status", "location", "examples_preview")
    list_filter = ("status", "language")
    search_fields = ("name", "key")
    list_select_related = ("location",)
    autocomplete_fields = ("location",)
    actions = (ignore_selected,)
    readonly_fields = (
        "name",
        "key",
        "language",
        "status",
        "article_total",
        "examples_display",
        "resolved_by",
        "resolved_at",
        "created_at",
    )
    fieldsets = (
        (None, {"fields": ("name", "key", "language", "status", "article_total", "examples_display")}),
        ("Decision", {"fields": ("decision", "location")}),
        ("New place", {"fields": ("name_en", "name_ar", "kind", ("latitude", "longitude"), "parent")}),
        ("Record", {"fields": ("resolved_by", "resolved_at", "created_at")}),
    )

    def get_queryset(self, request):
        # Annotated before the ordering applies (ModelAdmin.get_queryset orders by get_ordering).
        queryset = self.model._default_manager.get_queryset().annotate(article_count=Count("mentions", distinct=True))
        return queryset.order_by(*self.get_ordering(request))

    def get_ordering(self, request):
        return ("-article_count", "key")  # most named first

    # Only editors; rows come from ingestion, never typed in, and are kept.
    def has_module_permission(self, request) -> bool:
        return may_resolve(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return may_resolve(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return may_resolve(request)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        """Call the service the decision names; the form's own fields are not saved as such."""
        place = UnresolvedPlace.objects.get(pk=obj.pk)
        decision = form.cleaned_data.get("decision")
        data = form.cleaned_data
        try:
            if decision == ALIAS:
                result = unresolved_place_resolve_as_alias(place=place, location=data["location"], user=request.user)
            elif decision == NEW_PLACE:
                result = unresolved_place_resolve_as_new_place(
                    place=place,
                    user=request.user,
                    latitude=data["latitude"],
                    longitude=data["longitude"],
                    kind=data.get("kind") or LocationKind.TOWN,
                    parent=data.get("parent"),
                    name_en=data.get("name_en") or "",
                    name_ar=data.get("name_ar") or "",
                )
            elif decision == IGNORE:
                unresolved_places_ignore(place_ids=[place.pk], user=request.user)
                return
            else:
                return
        except ApplicationError as error:
            self.message_user(request, error.message, messages.ERROR)
            return
        self.message_user(
            request,
            f"“{place.name}” resolved to {result.location}; "
            f"{len(result.requeued_article_ids)} article(s) queued for extraction again.",
            messages.SUCCESS,
        )

    @admin.display(description="name", ordering="key")
    def name_display(self, obj: UnresolvedPlace):
        return arabic(obj.name, direction="auto")

    @admin.display(description="articles", ordering="article_count")
    def article_total(self, obj: UnresolvedPlace) -> int:
        return getattr(obj, "article_count", None) or obj.mentions.count()

    @admin.display(description="examples")
    def examples_preview(self, obj: UnresolvedPlace):
        return self._examples(obj.examples[:2])

    @admin.display(description="example sentences")
    def examples_display(self, obj: UnresolvedPlace):
        return self._examples(obj.examples)

    @staticmethod
    def _examples(examples: list[dict]):
        # Sentences from articles: escaped by format_html_join, never marked safe.
        if not examples:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li dir="auto">{} <small>(article {})</small></li>',
                ((e.get("sentence", ""), e.get("article", "")) for e in examples),
            ),
        )
