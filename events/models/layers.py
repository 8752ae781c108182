"""Map layers: boundaries, rivers and country outlines the editors' map draws without tiles."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class MapLayerKind(models.TextChoices):
    BOUNDARY = "boundary", "Administrative boundaries"
    RIVER = "river", "Rivers and lakes"
    OUTLINE = "outline", "Country outlines"


class MapLayer(models.Model):
    """One GeoJSON FeatureCollection imported from a public file (``import_gazetteer``), served
    by ``/api/v1/map-layers/``. ``name`` is the file's stem, so re-importing a file replaces
    its layer instead of adding another; ``source`` is the attribution shown with it."""

    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=16, choices=MapLayerKind.choices)
    # For boundaries: 1 governorates, 2 districts, 3 sub-districts; null otherwise.
    admin_level = models.PositiveSmallIntegerField(null=True, blank=True)
    source = models.CharField(max_length=200, help_text="Attribution: the source and its licence.")
    feature_count = models.PositiveIntegerField(default=0)
    geojson = models.JSONField(help_text="A GeoJSON FeatureCollection (WGS 84 longitude, latitude).")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name"], name="map_layer_name_unique"),
            models.CheckConstraint(name="map_layer_kind_valid", condition=Q(kind__in=MapLayerKind.values)),
        ]

    def __str__(self) -> str:
        return self.name
