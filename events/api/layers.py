"""Map layers for the editors' map: boundaries, rivers and outlines imported by import_gazetteer."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView

from events.models import MapLayer


class MapLayerSerializer(serializers.ModelSerializer):
    # A plain string in the schema: an enum here would collide with the other "kind" enums.
    kind = serializers.CharField(read_only=True, help_text="boundary, river or outline")

    class Meta:
        model = MapLayer
        fields = ("name", "kind", "admin_level", "source", "feature_count", "updated_at")


class MapLayerDetailSerializer(serializers.ModelSerializer):
    class Meta:
        model = MapLayer
        fields = (*MapLayerSerializer.Meta.fields, "geojson")


@extend_schema(summary="Map layers (without their GeoJSON), with their attribution")
class MapLayerListView(ListAPIView):
    """The layers available: a handful of rows, so no pagination; ``geojson`` is left out of the
    list and read one layer at a time."""

    serializer_class = MapLayerSerializer
    pagination_class = None

    def get_queryset(self):
        return MapLayer.objects.defer("geojson").order_by("kind", "name")


@extend_schema(summary="One map layer with its GeoJSON FeatureCollection")
class MapLayerDetailView(RetrieveAPIView):
    serializer_class = MapLayerDetailSerializer
    queryset = MapLayer.objects.all()
    lookup_field = "name"
