"""Review-queue filters: status (pending by default), governorate, actor, outlet, confidence."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Q

from actors.models import Actor
from events.choices import LocationKind, ReviewStatus
from events.models import Article, EventActor, EventSource, Location

ALL = "all"


class ReviewStatusFilter(admin.SimpleListFilter):
    """The queue opens on pending events; "All" shows every status."""

    title = "review status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [(ALL, "All"), *ReviewStatus.choices]

    def value(self):
        return super().value() or ReviewStatus.PENDING

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value()
        if value == ALL:
            return queryset
        if value in ReviewStatus.values:
            return queryset.filter(review_status=value)
        return queryset.none()


class GovernorateFilter(admin.SimpleListFilter):
    title = "governorate"
    parameter_name = "governorate"

    def lookups(self, request, model_admin):
        rows = Location.objects.filter(kind=LocationKind.GOVERNORATE).order_by("name_en")
        return [(str(row.pk), f"{row.name_en} · {row.name_ar}" if row.name_ar else row.name_en) for row in rows]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        # admin1 is kept on every place by Location.save(), so this is one indexed join.
        return queryset.filter(Q(location__admin1_id=self.value()) | Q(location_id=self.value()))


class ActorFilter(admin.SimpleListFilter):
    """An actor and every subgroup below it (choosing "IRGC" also shows Quds Force events)."""

    title = "actor (with subgroups)"
    parameter_name = "actor"

    def lookups(self, request, model_admin):
        used = EventActor.objects.values("actor_id").distinct()
        rows = Actor.objects.filter(pk__in=used).order_by("name_en")
        return [(str(row.pk), f"{row.name_en} · {row.name_ar}" if row.name_ar else row.name_en) for row in rows]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        actor = Actor.objects.filter(pk=self.value()).first()
        if actor is None:
            return queryset.none()
        ids = actor.descendant_ids()
        return queryset.filter(pk__in=EventActor.objects.filter(actor_id__in=ids).values("event_id"))


class SourceOutletFilter(admin.SimpleListFilter):
    title = "source outlet"
    parameter_name = "outlet"

    def lookups(self, request, model_admin):
        outlets = Article.objects.filter(event_sources__isnull=False).values_list("source", flat=True).distinct()
        return [(name, name) for name in sorted(set(outlets))]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        return queryset.filter(pk__in=EventSource.objects.filter(article__source=self.value()).values("event_id"))


CONFIDENCE_BANDS = {
    "low": ("Low (< 0.5)", Q(confidence__lt=0.5)),
    "medium": ("Medium (0.5 – 0.8)", Q(confidence__gte=0.5, confidence__lt=0.8)),
    "high": ("High (≥ 0.8)", Q(confidence__gte=0.8)),
}


class ConfidenceBandFilter(admin.SimpleListFilter):
    title = "confidence"
    parameter_name = "confidence"

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _) in CONFIDENCE_BANDS.items()]

    def queryset(self, request, queryset):
        band = CONFIDENCE_BANDS.get(self.value() or "")
        return queryset.filter(band[1]) if band else queryset
