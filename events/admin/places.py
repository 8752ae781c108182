"""Places and crossings in the admin: names, aliases, hierarchy, and who controls a crossing."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Prefetch
from simple_history.admin import SimpleHistoryAdmin

from events.admin.common import (
    AliasAdmin,
    ArabicFieldsMixin,
    NormalizedSearchMixin,
    arabic,
    reprocess_named_action,
)
from events.models import Crossing, CrossingAlias, CrossingControl, Location, LocationAlias


class LocationAliasInline(ArabicFieldsMixin, admin.TabularInline):
    model = LocationAlias
    extra = 1
    fields = ("name", "language", "normalized")
    readonly_fields = ("normalized",)
    auto_dir_fields = ("name",)


@admin.register(Location)
class LocationAdmin(NormalizedSearchMixin, ArabicFieldsMixin, SimpleHistoryAdmin):
    list_display = ("name_en", "arabic_name", "kind", "parent", "admin1", "pcode", "latitude", "longitude")
    list_filter = ("kind", "country_code", "bank")
    list_select_related = ("parent", "admin1")
    search_fields = ("name_en", "name_ar", "slug", "pcode", "aliases__name", "aliases__normalized")
    autocomplete_fields = ("parent",)
    prepopulated_fields = {"slug": ("name_en",)}
    readonly_fields = ("path", "admin1", "admin2", "admin3")
    inlines = (LocationAliasInline,)
    actions = (reprocess_named_action,)
    rtl_fields = ("name_ar",)

    @admin.display(description="Arabic name", ordering="name_ar")
    def arabic_name(self, obj: Location):
        return arabic(obj.name_ar)


@admin.register(LocationAlias)
class LocationAliasAdmin(AliasAdmin):
    owner = "location"
    list_display = ("alias_name", "location", "language", "normalized")
    list_filter = ("language",)


class CrossingAliasInline(ArabicFieldsMixin, admin.TabularInline):
    model = CrossingAlias
    extra = 1
    fields = ("name", "language", "normalized")
    readonly_fields = ("normalized",)
    auto_dir_fields = ("name",)


class CrossingControlInline(admin.TabularInline):
    model = CrossingControl
    extra = 1
    fields = ("actor", "start", "end", "note")
    autocomplete_fields = ("actor",)
    verbose_name = "control period"
    verbose_name_plural = "control periods (who held the crossing, from when to when)"


@admin.register(Crossing)
class CrossingAdmin(NormalizedSearchMixin, ArabicFieldsMixin, SimpleHistoryAdmin):
    list_display = ("name_en", "arabic_name", "kind", "location", "crosses", "controlled_by", "active")
    list_filter = ("kind", "active", "crosses")
    list_select_related = ("location",)
    search_fields = ("name_en", "name_ar", "slug", "aliases__name", "aliases__normalized", "location__name_en")
    autocomplete_fields = ("location",)
    prepopulated_fields = {"slug": ("name_en",)}
    inlines = (CrossingAliasInline, CrossingControlInline)
    actions = (reprocess_named_action,)
    rtl_fields = ("name_ar",)

    def get_queryset(self, request):
        # The "controlled by" column reads the latest period of each crossing: one prefetch.
        periods = CrossingControl.objects.select_related("actor").order_by("-start")
        return super().get_queryset(request).prefetch_related(Prefetch("control_periods", queryset=periods))

    @admin.display(description="Arabic name", ordering="name_ar")
    def arabic_name(self, obj: Crossing):
        return arabic(obj.name_ar)

    @admin.display(description="latest controller")
    def controlled_by(self, obj: Crossing):
        periods = list(obj.control_periods.all())
        return periods[0].actor if periods else "—"


@admin.register(CrossingAlias)
class CrossingAliasAdmin(AliasAdmin):
    owner = "crossing"
    list_display = ("alias_name", "crossing", "language", "normalized")
    list_filter = ("language",)


@admin.register(CrossingControl)
class CrossingControlAdmin(SimpleHistoryAdmin):
    list_display = ("crossing", "actor", "start", "end", "note")
    list_select_related = ("crossing", "actor")
    list_filter = (("actor", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("crossing__name_en", "crossing__name_ar", "actor__name_en", "actor__name_ar")
    autocomplete_fields = ("crossing", "actor")
