"""CSV (ACLED columns plus ours) and GeoJSON renderings of events.

Both work from the public event dict (``events.api.serializers.event_data``), so every format
says the same thing. Large exports do not go through ``render``: the event list streams rows
with ``stream_csv``/``stream_geojson`` (see ``events.api.events``); ``render`` serves single
events and small non-event tables (statistics).
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Iterable, Iterator

import orjson
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

from events.choices import ACLED_GEO_PRECISION, ACLED_TIME_PRECISION, DISORDER_TYPE

_FALLBACK = JSONEncoder()


class ORJSONRenderer(JSONRenderer):
    """``application/json`` through orjson: the same JSON as DRF's renderer (UTF-8, compact, no
    escaped Arabic), several times faster on a page of 50 events (~75 kB). Types orjson does not
    know (Decimal, lazy translations) go through DRF's encoder."""

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None:
            return b""
        option = orjson.OPT_NON_STR_KEYS
        if self.get_indent(accepted_media_type or "", renderer_context or {}):
            option |= orjson.OPT_INDENT_2
        return orjson.dumps(data, default=_FALLBACK.default, option=option)


# ACLED's export columns, in ACLED's order.
ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "timestamp",
]
# Our own columns, after ACLED's.
OWN_COLUMNS = [
    "id",
    "date_precision",
    "location_slug",
    "location_ar",
    "geo_precision_label",
    "actor1_slug",
    "actor1_ar",
    "actor2_slug",
    "actor2_ar",
    "actors_json",
    "killed",
    "wounded",
    "captured",
    "killed_low",
    "killed_high",
    "crossing",
    "crossing_slug",
    "crossing_kind",
    "confidence",
    "review_status",
    "source_count",
    "source_urls",
    "updated_at",
    "unresolved_places",
]
CSV_COLUMNS = ACLED_COLUMNS + OWN_COLUMNS

# ISO 3166-1 alpha-2 of a place -> ACLED's country name and numeric ISO code. All in ACLED's
# "Middle East" region. An event without a place is counted in Syria, the country covered.
COUNTRIES = {
    "SY": ("Syria", 760),
    "IQ": ("Iraq", 368),
    "TR": ("Turkey", 792),
    "JO": ("Jordan", 400),
    "LB": ("Lebanon", 422),
    "IL": ("Israel", 376),
}
REGION = "Middle East"
DEFAULT_COUNTRY = "SY"


def _interaction(inter1: int | None, inter2: int | None) -> int | str:
    """ACLED's interaction code: the two inter codes, lower first; one actor alone gives N0."""
    if inter1 is None:
        return ""
    if inter2 is None:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def _timestamp(value: str | None) -> int | str:
    if not value:
        return ""
    return int(datetime.datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp())


def event_csv_row(event: dict) -> dict:
    """One event dict as a CSV row (ACLED columns then ours)."""
    side_a = [a for a in event["actors"] if a["role"] == "side_a"]
    side_b = [a for a in event["actors"] if a["role"] == "side_b"]
    associated = [a for a in event["actors"] if a["role"] == "associated"]
    actor1 = side_a[0] if side_a else None
    actor2 = side_b[0] if side_b else None
    location = event["location"] or {}
    country = COUNTRIES.get(location.get("country_code") or DEFAULT_COUNTRY, ("", ""))
    crossing = event["crossing"] or {}
    date = event["date"]
    fatalities = event["fatalities"]
    return {
        "event_id_cnty": event["event_id_cnty"],
        "event_date": date or "",
        "year": date[:4] if date else "",
        "time_precision": ACLED_TIME_PRECISION.get(event["date_precision"], 3),
        "disorder_type": DISORDER_TYPE.get(event["event_type"], ""),
        "event_type": event["event_type"],
        "sub_event_type": event["sub_event_type"],
        "actor1": actor1["name"] if actor1 else "",
        "assoc_actor_1": "; ".join(a["name"] for a in side_a[1:] + associated),
        "inter1": actor1["inter"] if actor1 else "",
        "actor2": actor2["name"] if actor2 else "",
        "assoc_actor_2": "; ".join(a["name"] for a in side_b[1:]),
        "inter2": actor2["inter"] if actor2 else "",
        "interaction": _interaction(actor1["inter"] if actor1 else None, actor2["inter"] if actor2 else None),
        "iso": country[1],
        "region": REGION if country[0] else "",
        "country": country[0],
        "admin1": location.get("admin1") or "",
        "admin2": location.get("admin2") or "",
        "admin3": location.get("admin3") or "",
        "location": location.get("name") or "",
        "latitude": "" if location.get("latitude") is None else location["latitude"],
        "longitude": "" if location.get("longitude") is None else location["longitude"],
        "geo_precision": ACLED_GEO_PRECISION.get(location.get("geo_precision"), 3) if location else "",
        "source": "; ".join(dict.fromkeys(s["source"] for s in event["sources"])),
        "source_scale": "",
        "notes": event["summary"],
        # ACLED writes 0 when no toll is reported; our `killed` column keeps the difference.
        "fatalities": fatalities["killed"] or 0,
        "timestamp": _timestamp(event["updated_at"]),
        "id": event["id"],
        "date_precision": event["date_precision"],
        "location_slug": location.get("slug") or "",
        "location_ar": location.get("name_ar") or "",
        "geo_precision_label": location.get("geo_precision") or "",
        "actor1_slug": actor1["slug"] if actor1 else "",
        "actor1_ar": actor1["name_ar"] if actor1 else "",
        "actor2_slug": actor2["slug"] if actor2 else "",
        "actor2_ar": actor2["name_ar"] if actor2 else "",
        "actors_json": json.dumps(
            [{"slug": a["slug"], "role": a["role"]} for a in event["actors"]], ensure_ascii=False
        ),
        "killed": "" if fatalities["killed"] is None else fatalities["killed"],
        "wounded": "" if fatalities["wounded"] is None else fatalities["wounded"],
        "captured": "" if fatalities["captured"] is None else fatalities["captured"],
        "killed_low": "" if fatalities["killed_low"] is None else fatalities["killed_low"],
        "killed_high": "" if fatalities["killed_high"] is None else fatalities["killed_high"],
        "crossing": crossing.get("name") or "",
        "crossing_slug": crossing.get("slug") or "",
        "crossing_kind": crossing.get("kind") or "",
        "confidence": event["confidence"],
        "review_status": event["review_status"],
        "source_count": event["source_count"],
        "source_urls": " ".join(s["url"] for s in event["sources"] if s.get("url")),
        "updated_at": event["updated_at"] or "",
        "unresolved_places": "; ".join(event.get("unresolved_places") or ()),
    }


class _Buffer:
    """A write target whose last write csv.writer hands back (for streaming)."""

    def write(self, value: str) -> str:
        return value


# A spreadsheet runs a cell that starts with one of these as a formula (``=HYPERLINK(...)`` in an
# outlet's name would send the sheet's data to another site when clicked). OWASP's rule: such a
# text cell gets a leading apostrophe, which spreadsheets show as text and do not display.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """``value`` as a CSV cell that no spreadsheet evaluates (numbers and None unchanged)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeDictWriter(csv.DictWriter):
    """``csv.DictWriter`` whose text cells never start a formula; every CSV answer uses it."""

    def writerow(self, rowdict):
        return super().writerow({key: csv_safe(value) for key, value in rowdict.items()})


def stream_csv(events: Iterable[dict]) -> Iterator[str]:
    writer = SafeDictWriter(_Buffer(), fieldnames=CSV_COLUMNS)
    yield writer.writeheader()
    for event in events:
        yield writer.writerow(event_csv_row(event))


def event_feature(event: dict) -> dict:
    location = event["location"] or {}
    lat, lon = location.get("latitude"), location.get("longitude")
    geometry = {"type": "Point", "coordinates": [lon, lat]} if lat is not None and lon is not None else None
    return {"type": "Feature", "id": event["id"], "geometry": geometry, "properties": event}


def stream_geojson(events: Iterable[dict]) -> Iterator[str]:
    yield '{"type": "FeatureCollection", "features": ['
    first = True
    for event in events:
        yield ("" if first else ",\n") + json.dumps(event_feature(event), ensure_ascii=False)
        first = False
    yield "]}\n"


def _rows(data) -> list:
    if isinstance(data, dict) and "results" in data:
        return list(data["results"])
    if isinstance(data, list):
        return data
    return [data]


def _is_event(row) -> bool:
    return isinstance(row, dict) and "event_id_cnty" in row and "actors" in row


class CSVRenderer(BaseRenderer):
    """Events with the ACLED columns; other tables (statistics) with their own keys."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows = _rows(data)
        if rows and all(_is_event(r) for r in rows):
            return "".join(stream_csv(rows)).encode("utf-8")
        out = io.StringIO()
        fieldnames = list(rows[0].keys()) if rows and isinstance(rows[0], dict) else ["value"]
        writer = SafeDictWriter(out, fieldnames=fieldnames, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {k: json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list)) else v for k, v in row.items()}
                if isinstance(row, dict)
                else {"value": row}
            )
        return out.getvalue().encode("utf-8")


class GeoJSONRenderer(BaseRenderer):
    """Events as a FeatureCollection of points (null geometry when the place is unknown)."""

    media_type = "application/geo+json"
    format = "geojson"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows = [r for r in _rows(data) if _is_event(r)]
        if isinstance(data, dict) and _is_event(data):
            return json.dumps(event_feature(data), ensure_ascii=False).encode("utf-8")
        return "".join(stream_geojson(rows)).encode("utf-8")
