"""Tables and helpers that live in one place: the great-circle distance and its Earth radius, the
ACLED codebook and the geo precision of each kind of place."""

import math

import pytest

from events.extraction import codebook
from events.extraction.assemble import distance_km
from events.extraction.dictionary import LOCATION, Entity
from events.extraction.triggers import TYPES
from events.geo import EARTH_RADIUS_KM, great_circle_km


def test_it_measures_a_quarter_meridian_with_the_mean_earth_radius():
    assert great_circle_km(0, 0, 90, 0) == pytest.approx(math.pi / 2 * EARTH_RADIUS_KM)
    assert EARTH_RADIUS_KM == 6371.0088


def test_it_measures_places_in_the_extractor_with_the_same_distance():
    def town(slug, lat, lon):
        return Entity(LOCATION, slug, slug, meta={"latitude": lat, "longitude": lon})

    mayadin, ashara = town("al-mayadin", 35.0208, 40.4536), town("al-asharah", 34.9213, 40.5601)
    assert distance_km(mayadin, ashara) == great_circle_km(35.0208, 40.4536, 34.9213, 40.5601)
    assert 14 < distance_km(mayadin, ashara) < 15
    assert distance_km(mayadin, town("nowhere", None, None)) == math.inf


def test_it_uses_the_same_distance_for_merging_and_for_reference_checks():
    from events.services import ingestion, reference

    assert ingestion.haversine_km is great_circle_km
    assert reference.distance_km is great_circle_km


def test_it_types_every_trigger_with_a_type_and_sub_type_of_the_codebook():
    for trigger_type in TYPES.values():
        assert trigger_type.sub_event_type in codebook.SUB_EVENT_TYPES[trigger_type.event_type], trigger_type


def test_it_builds_the_model_enumerations_from_the_codebook():
    from events.choices import GEO_PRECISION_FOR_KIND, SUB_EVENT_TYPES, EventType

    assert set(EventType.values) == set(codebook.SUB_EVENT_TYPES)
    assert SUB_EVENT_TYPES == codebook.SUB_EVENT_TYPES
    assert {str(k): str(v) for k, v in GEO_PRECISION_FOR_KIND.items()} == codebook.GEO_PRECISION_BY_KIND
