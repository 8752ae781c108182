"""``/stats/events/``: counts and killed totals per period, actor, area or type, for charts.

Takes the same filters as ``/events/`` (and the same visibility), plus ``group_by``.
"""

from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, renderers
from rest_framework.exceptions import ValidationError

from conflict.api.pagination import PageNumberPagination
from events.api.cache import page_cached
from events.api.events import ERROR_RESPONSES, EVENT_PARAMS, JSONFirstErrorsMixin, check_params
from events.api.renderers import CSVRenderer, ORJSONRenderer
from events.api.serializers import StatsRowSerializer
from events.filters import EventFilter
from events.models import Event
from events.selectors import STATS_GROUPS, event_list, event_stats


class StatsPagination(PageNumberPagination):
    """A chart wants every point: large pages (five years of weeks fit in one)."""

    page_size = 1000
    max_page_size = 5000


class EventStatsView(JSONFirstErrorsMixin, generics.GenericAPIView):
    queryset = Event.objects.none()
    serializer_class = StatsRowSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = EventFilter
    pagination_class = StatsPagination
    renderer_classes = [ORJSONRenderer, renderers.BrowsableAPIRenderer, CSVRenderer]

    @extend_schema(
        summary="Event counts and killed totals grouped by week, month, actor, admin1, admin2 or type",
        parameters=[
            OpenApiParameter(
                "group_by",
                OpenApiTypes.STR,
                enum=list(STATS_GROUPS),
                description="The grouping (default month). Periods start on the 1st (month) or Monday (week); "
                "undated events are left out of periods. Per-actor totals are not additive.",
            ),
            OpenApiParameter("page", {"type": "integer", "minimum": 1}, description="Page number."),
            OpenApiParameter(
                "page_size",
                {"type": "integer", "minimum": 1, "maximum": StatsPagination.max_page_size},
                description=f"Rows per page (default {StatsPagination.page_size}, "
                f"max {StatsPagination.max_page_size}).",
            ),
        ],
        responses={200: StatsRowSerializer(many=True), **ERROR_RESPONSES},
    )
    @page_cached
    def get(self, request, *args, **kwargs):
        check_params(request, (EVENT_PARAMS - {"cursor"}) | {"group_by", "page"})
        group_by = request.query_params.get("group_by") or "month"
        if group_by not in STATS_GROUPS:
            raise ValidationError({"group_by": [f"One of {', '.join(STATS_GROUPS)}."]})
        rows = event_stats(events=event_list(filters=request.query_params, user=request.user), group_by=group_by)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(StatsRowSerializer(page, many=True).data)
