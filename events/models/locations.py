"""Places: the administrative hierarchy of Syria (and its neighbours) down to towns and sites."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from events.choices import LocationKind
from events.extraction.normalize import normalize_name
from events.models.geo import coordinate_constraints, latitude_field, longitude_field

ADMIN_LEVEL = {LocationKind.GOVERNORATE: 1, LocationKind.DISTRICT: 2, LocationKind.SUBDISTRICT: 3}


class LocationQuerySet(models.QuerySet):
    def within(self, ancestor: Location) -> LocationQuerySet:
        """``ancestor`` and every place below it in the hierarchy (one indexed prefix scan)."""
        return self.filter(path__startswith=ancestor.path)


class Location(models.Model):
    """A named place: country, governorate, district, sub-district, town, neighbourhood or site.

    ``parent`` is the administrative hierarchy. ``path`` ("/12/40/311/") materialises the chain
    of ids from the root, so "everything in this governorate" is a prefix match, and
    ``admin1``/``admin2``/``admin3`` point straight at the governorate, district and
    sub-district (for ACLED columns), all kept by ``save()``.
    """

    slug = models.SlugField(max_length=120, unique=True)
    name_en = models.CharField("English name", max_length=200)
    name_ar = models.CharField("Arabic name", max_length=200, blank=True)
    kind = models.CharField(max_length=16, choices=LocationKind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    path = models.CharField(max_length=255, editable=False, default="", db_index=False)
    depth = models.PositiveSmallIntegerField(editable=False, default=0)
    admin1 = models.ForeignKey(
        "self", null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    admin2 = models.ForeignKey(
        "self", null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    admin3 = models.ForeignKey(
        "self", null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    country_code = models.CharField(max_length=2, default="SY", help_text="ISO 3166-1 alpha-2.")
    latitude = latitude_field()
    longitude = longitude_field()
    pcode = models.CharField("OCHA P-code", max_length=20, null=True, blank=True, unique=True)
    geonames_id = models.PositiveIntegerField("GeoNames id", null=True, blank=True, unique=True)
    wof_id = models.PositiveBigIntegerField("Who's On First id", null=True, blank=True)
    # Who created the row: "" for the project's reference data and editors, otherwise the
    # gazetteer source that added it (events.services.gazetteer). Such rows are only ever
    # completed by later imports, never overwritten.
    source = models.CharField(max_length=40, blank=True, default="", editable=False)
    # Every gazetteer source that contributed a name or an id to the row, for attribution.
    sources = models.JSONField(default=list, blank=True, editable=False)
    population = models.PositiveIntegerField(null=True, blank=True)
    bank = models.CharField(
        max_length=8,
        blank=True,
        choices=[("north", "North/east bank"), ("south", "South/west bank")],
        help_text="For places on the Euphrates: which bank (the river is the usual front line).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = LocationQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["path"]
        constraints = [
            *coordinate_constraints("location"),
            models.CheckConstraint(name="location_kind_valid", condition=Q(kind__in=LocationKind.values)),
            models.UniqueConstraint(fields=["wof_id"], name="location_wof_id_unique"),
        ]
        indexes = [
            # Serves region filters: Location.path LIKE '/1/7/%' (descendants of a place).
            models.Index(fields=["path"], name="location_path_idx", opclasses=["varchar_pattern_ops"]),
            # Serves the editors' and API's search and kind listing.
            models.Index(fields=["kind", "name_en"], name="location_kind_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name_en

    def clean(self) -> None:
        node = self.parent
        while node is not None:
            if self.pk is not None and node.pk == self.pk:
                raise ValidationError({"parent": "A place cannot be inside itself."})
            node = node.parent

    def _compute_hierarchy(self) -> None:
        chain: list[Location] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        chain.reverse()
        self.depth = len(chain)
        self.admin1 = self.admin2 = self.admin3 = None
        for ancestor in [*chain, self]:
            level = ADMIN_LEVEL.get(ancestor.kind)
            if level and ancestor.pk is not None:
                setattr(self, f"admin{level}_id", ancestor.pk)
        parent_path = self.parent.path if self.parent_id else "/"
        self.path = f"{parent_path}{self.pk}/" if self.pk is not None else ""

    def save(self, *args, **kwargs) -> None:
        old_path = self.path
        self._compute_hierarchy()
        if self.pk is None:
            super().save(*args, **kwargs)
            self._compute_hierarchy()
            super().save(update_fields=["path", "depth", "admin1", "admin2", "admin3"])
            return
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            # Moving a place moves everything below it.
            for child in self.children.all():
                child.save()

    def ancestors(self) -> list[Location]:
        """From the root down to the parent, in one query."""
        ids = [int(part) for part in self.path.strip("/").split("/")[:-1] if part]
        by_id = {loc.pk: loc for loc in Location.objects.filter(pk__in=ids)}
        return [by_id[i] for i in ids if i in by_id]


class LocationAlias(models.Model):
    """Another spelling of a place name (Abu Kamal, البو كمال, Albukamal...)."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    normalized = models.CharField(max_length=200, editable=False)
    language = models.CharField(max_length=8, choices=[("ar", "Arabic"), ("en", "English"), ("other", "Other")])
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "location aliases"
        ordering = ["location", "name"]
        constraints = [
            models.UniqueConstraint(fields=["location", "normalized"], name="location_alias_unique_per_location"),
        ]
        indexes = [
            # Serves place look-ups by name: WHERE normalized = ...
            models.Index(fields=["normalized"], name="location_alias_normalized_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.normalized = normalize_name(self.name)
        super().save(*args, **kwargs)
