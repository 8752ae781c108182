"""Coordinate fields and constraints shared by places, crossings and events."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


def coordinate_constraints(prefix: str) -> list[models.CheckConstraint]:
    """Named checks that keep latitude in [-90, 90] and longitude in [-180, 180]."""
    return [
        models.CheckConstraint(
            name=f"{prefix}_latitude_range",
            condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
            violation_error_message="Latitude must be between -90 and 90.",
        ),
        models.CheckConstraint(
            name=f"{prefix}_longitude_range",
            condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
            violation_error_message="Longitude must be between -180 and 180.",
        ),
    ]


def latitude_field(**kwargs) -> models.FloatField:
    return models.FloatField(null=True, blank=True, **kwargs)


def longitude_field(**kwargs) -> models.FloatField:
    return models.FloatField(null=True, blank=True, **kwargs)
