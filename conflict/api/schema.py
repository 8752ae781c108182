"""The project's OpenAPI generator: drf-spectacular's, plus the headers of the page cache.

Handlers decorated with ``events.api.cache.page_cached`` answer conditional requests; their
operations document ``If-None-Match`` and the ``ETag`` and ``X-Page-Cache`` response headers.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

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

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self.method == "GET" and getattr(self._handler(), "page_cached", False):
            parameters = [*parameters, *PAGE_CACHE_HEADERS]
        return parameters
