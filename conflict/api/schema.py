"""The project's OpenAPI generator: drf-spectacular's, plus the headers of the page cache.

Handlers decorated with ``events.api.cache.page_cached`` answer conditional requests; their
operations document ``If-None-Match`` and the ``ETag`` and ``X-Page-Cache`` response headers.
"""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from conflict.api.middleware import CONTROL_CHARACTERS, MAX_VALUE_LENGTH
from conflict.api.permissions import ReadAccess

PAGE_CACHE_HEADERS = [
    OpenApiParameter(
        "If-None-Match",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description="An ETag from an earlier answer: 304 Not Modified (no body) while the data it showed is unchanged.",
    ),
    OpenApiParameter(
        "ETag",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200, 304],
        description="Names this answer; changes when anything it shows changes.",
    ),
    OpenApiParameter(
        "X-Page-Cache",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=[200],
        enum=["hit", "miss", "bypass"],
        description="Whether the answer came from the page cache (hit), was computed and kept (miss), "
        "or was computed without it (bypass).",
    ),
]


class AutoSchema(SpectacularAutoSchema):
    def _handler(self):
        action = getattr(self.view, "action", None)
        return getattr(self.view, action or self.method.lower(), None)

    def get_auth(self):
        """Operations that anonymous clients may call (reads under ``ReadAccess`` while
        ``API_ANONYMOUS_READ`` is on) say so: an empty requirement beside the token and session."""
        auth = super().get_auth()
        if (
            self.method == "GET"
            and settings.API_ANONYMOUS_READ
            and all(isinstance(permission, ReadAccess) for permission in self.view.get_permissions())
            and {} not in auth
        ):
            auth.append({})
        return auth

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self.method == "GET" and getattr(self._handler(), "page_cached", False):
            parameters = [*parameters, *PAGE_CACHE_HEADERS]
        return parameters


# --- What every operation can answer ------------------------------------------------------------
# drf-spectacular documents the answers a view declares. The answers that come from the shared
# plumbing (authentication, permissions, content negotiation, the query-string guard, parsers,
# throttles, the database-outage handler) can come from any operation; this hook adds them to
# every operation, with the one error shape, so that the schema lists every status code a client
# can receive (a schemathesis run in tests/reliability checks it).

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "code", "message", "fields"],
            "properties": {
                "status": {"type": "integer", "description": "The HTTP status, repeated."},
                "code": {"type": "string", "description": "A stable machine-readable code, e.g. `invalid`."},
                "message": {"type": "string", "description": "A sentence for people."},
                "fields": {
                    "type": "object",
                    "additionalProperties": True,
                    "description": "What is wrong with each parameter or body field, by name (may be empty).",
                },
            },
        }
    },
}
NO_CONTROL_CHARACTERS = f"^[^{CONTROL_CHARACTERS}]*$"
ERROR_REF = {"$ref": "#/components/schemas/Error"}
RETRY_AFTER = {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait before trying again."}}
COMMON_ERRORS = {
    "400": "A parameter or the body is invalid (each is named in `fields`), or names something that does not "
    "exist (an unknown actor, place or crossing).",
    "401": "The token is invalid, or the operation needs one.",
    "403": "The account's role may not do this.",
    "404": "No such resource (or page), or it is not visible to this account.",
    "406": "None of the formats in the Accept header or `format` is available.",
    "429": "Too many requests; see Retry-After.",
    "503": "The database is unavailable; see Retry-After.",
}
BODY_ERRORS = {
    "413": "The request body is over the size limit.",
    "415": "The body is not `application/json`.",
}


def _bound_text(schema: dict) -> None:
    """What ``conflict.api.middleware.QueryStringGuard`` refuses in every query value, stated."""
    if schema.get("type") == "string" and "enum" not in schema and "format" not in schema:
        schema.setdefault("maxLength", MAX_VALUE_LENGTH)
        schema.setdefault("pattern", NO_CONTROL_CHARACTERS)


def _error_response(description: str, status: str) -> dict:
    response = {
        "description": description,
        "content": {"application/json": {"schema": ERROR_REF}},
    }
    if status in ("429", "503"):
        response["headers"] = RETRY_AFTER
    return response


CSV_SCHEMA = {
    "type": "string",
    "description": "CSV (UTF-8) with a header row: events in ACLED's columns, other tables with their own keys. "
    "Text cells that would start a spreadsheet formula begin with an apostrophe.",
}
_GEOMETRY = {
    "type": "object",
    "nullable": True,
    "description": "A Point in WGS84 (longitude, latitude); null when the place is unknown.",
    "properties": {
        "type": {"type": "string", "enum": ["Point"]},
        "coordinates": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
    },
}


def _feature(properties: dict) -> dict:
    return {
        "type": "object",
        "required": ["type", "id", "geometry", "properties"],
        "properties": {
            "type": {"type": "string", "enum": ["Feature"]},
            "id": {"type": "integer"},
            "geometry": _GEOMETRY,
            "properties": properties,
        },
    }


def _geojson(json_schema: dict) -> dict:
    """The GeoJSON answer of an operation whose JSON answer is ``json_schema``: a Feature for one
    event, a FeatureCollection (the whole filtered set, not a page) for a list."""
    results = json_schema.get("properties", {}).get("results")
    if results is None and json_schema.get("type") != "array":
        return _feature(json_schema)
    item = (results or json_schema).get("items", {})
    return {
        "type": "object",
        "required": ["type", "features"],
        "properties": {
            "type": {"type": "string", "enum": ["FeatureCollection"]},
            "features": {"type": "array", "items": _feature(item)},
        },
    }


def _resolve(schema: dict, components: dict) -> dict:
    ref = schema.get("$ref", "")
    return components.get(ref.rsplit("/", 1)[-1], schema) if ref.startswith("#/components/schemas/") else schema


def _describe_formats(operation: dict, components: dict) -> None:
    for status, response in operation.get("responses", {}).items():
        content = response.get("content", {}) if status.startswith("2") else {}
        json_schema = _resolve(content.get("application/json", {}).get("schema", {}), components)
        if "text/csv" in content:
            content["text/csv"] = {"schema": CSV_SCHEMA}
        if "application/geo+json" in content:
            content["application/geo+json"] = {"schema": _geojson(json_schema)}


def document_common_answers(result: dict, generator, request, public) -> dict:
    """A drf-spectacular postprocessing hook: see the comment above."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for methods in result.get("paths", {}).values():
        for method, operation in methods.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            _describe_formats(operation, result["components"]["schemas"])
            responses = operation.setdefault("responses", {})
            errors = dict(COMMON_ERRORS)
            if "requestBody" in operation:
                errors.update(BODY_ERRORS)
                # A body with required fields is itself required.
                media = operation["requestBody"].get("content", {}).get("application/json", {})
                if {"required", "allOf", "anyOf"} & set(media.get("schema", {})):
                    operation["requestBody"]["required"] = True
            for status, description in errors.items():
                responses[status] = _error_response(description, status)
            for parameter in operation.get("parameters", []):
                if parameter.get("in") != "query":
                    continue
                # An empty optional query parameter (``?date_after=``, as HTML forms send) means
                # the same as leaving it out.
                if not parameter.get("required"):
                    parameter["allowEmptyValue"] = True
                schema = parameter.get("schema", {})
                _bound_text(schema.get("items", schema) if schema.get("type") == "array" else schema)
    return result
