"""Great-circle distance, once: in Python and as a database expression, with one Earth radius.

The extractor (place agreement), ingestion (merging an incident told twice), the reference data
checks and the API's ``near``/``radius_km`` filter all measure distance here. The module imports
nothing from Django at load time, so the pure-Python extractor may use it; the ORM expression
imports what it needs when it is called.
"""

from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0088  # the mean Earth radius (IUGG)


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in kilometres between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def great_circle_km_expression(lat: float, lon: float, *, latitude: str = "latitude", longitude: str = "longitude"):
    """The same distance as an ORM expression, from (lat, lon) to the row's coordinate fields."""
    from django.db.models import F
    from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt

    dlat = Radians(F(latitude) - lat)
    dlon = Radians(F(longitude) - lon)
    h = Power(Sin(dlat / 2), 2) + math.cos(math.radians(lat)) * Cos(Radians(F(latitude))) * Power(Sin(dlon / 2), 2)
    return 2 * EARTH_RADIUS_KM * ASin(Sqrt(h))
