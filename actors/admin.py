"""The actors dictionary in the admin: names in English and Arabic, aliases, backers.

Editors search an actor by any spelling (English, Arabic, an alias or its normalised form),
add aliases and backers inline, and re-queue the articles that mention a new alias.
"""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from actors.models import Actor, ActorAlias, ActorBacking
from events.admin.common import (
    AliasAdmin,
    ArabicFieldsMixin,
    NormalizedSearchMixin,
    arabic,
    reprocess_named_action,
)


class ActorAliasInline(ArabicFieldsMixin, admin.TabularInline):
    model = ActorAlias
    extra = 1
    fields = ("name", "language", "kind", "valid_from", "valid_to", "normalized")
    readonly_fields = ("normalized",)
    auto_dir_fields = ("name",)


class ActorBackingInline(admin.TabularInline):
    model = ActorBacking
    fk_name = "actor"
    extra = 1
    fields = ("backer", "start", "end", "note")
    autocomplete_fields = ("backer",)
    verbose_name = "backer"
    verbose_name_plural = "backers (who supports this actor, and when)"


@admin.register(Actor)
class ActorAdmin(NormalizedSearchMixin, ArabicFieldsMixin, SimpleHistoryAdmin):
    list_display = ("name_en", "arabic_name", "slug", "kind", "parent", "active")
    list_filter = ("kind", "active")
    list_select_related = ("parent",)
    # Aliases are searched both as typed and in their normalised form, so "قوات الاسد" finds
    # "قوات الأسد"; the search term itself is normalised too (see get_search_results).
    search_fields = ("name_en", "name_ar", "slug", "aliases__name", "aliases__normalized")
    autocomplete_fields = ("parent",)
    prepopulated_fields = {"slug": ("name_en",)}
    inlines = (ActorAliasInline, ActorBackingInline)
    actions = (reprocess_named_action,)
    rtl_fields = ("name_ar",)
    fields = ("name_en", "name_ar", "slug", "kind", "parent", "country", "description", "active")

    @admin.display(description="Arabic name", ordering="name_ar")
    def arabic_name(self, obj: Actor):
        return arabic(obj.name_ar)


@admin.register(ActorAlias)
class ActorAliasAdmin(AliasAdmin):
    owner = "actor"
    list_display = ("alias_name", "actor", "language", "kind", "normalized", "valid_from", "valid_to")
    list_filter = ("language", "kind")


@admin.register(ActorBacking)
class ActorBackingAdmin(SimpleHistoryAdmin):
    list_display = ("actor", "backer", "start", "end", "note")
    list_select_related = ("actor", "backer")
    list_filter = (("backer", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("actor__name_en", "actor__name_ar", "backer__name_en", "backer__name_ar")
    autocomplete_fields = ("actor", "backer")
