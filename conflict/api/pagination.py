"""Pagination used by every list endpoint.

A page size is an integer from 1 to the paginator's maximum; anything else is a 400 naming
``page_size`` (DRF's own paginators silently fall back to the default). An empty value means
the default, as for every optional parameter.
"""

from rest_framework import pagination
from rest_framework.exceptions import ValidationError


def requested_page_size(request, paginator) -> int:
    raw = request.query_params.get(paginator.page_size_query_param)
    if raw is None or raw == "":
        return paginator.page_size
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw) <= paginator.max_page_size:
        raise ValidationError({paginator.page_size_query_param: [f"An integer from 1 to {paginator.max_page_size}."]})
    return int(raw)


def _bounded(parameters: list[dict], paginator) -> list[dict]:
    for parameter in parameters:
        if parameter["name"] == paginator.page_size_query_param:
            parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": paginator.max_page_size}
        elif parameter["name"] == getattr(paginator, "page_query_param", None):
            parameter["schema"] = {"type": "integer", "minimum": 1}
    return parameters


class PageNumberPagination(pagination.PageNumberPagination):
    """Small reference lists (actors, places, articles): page numbers, bounded page size."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request) -> int:
        return requested_page_size(request, self)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return _bounded(super().get_schema_operation_parameters(view), self)


class CursorPagination(pagination.CursorPagination):
    """Large, growing lists (events): a cursor over a stable order, no COUNT(*)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = ("-date", "-id")

    def get_page_size(self, request) -> int:
        return requested_page_size(request, self)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return _bounded(super().get_schema_operation_parameters(view), self)
