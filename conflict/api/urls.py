"""The versioned API: each app contributes its routes; one root lists them all."""

from django.urls import include, path, reverse
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

# (name in the listing, URL name)
ENDPOINTS = [
    ("events", "event-list"),
    ("events_deleted", "event-deleted"),
    ("stats_events", "event-stats"),
    ("actors", "actor-list"),
    ("locations", "location-list"),
    ("crossings", "crossing-list"),
    ("articles", "article-list"),
]


@extend_schema(exclude=True)
@api_view(["GET"])
@permission_classes([AllowAny])
def v1_root(request):
    """The endpoints of version 1."""
    return Response({name: request.build_absolute_uri(reverse(url_name)) for name, url_name in ENDPOINTS})


urlpatterns = [
    path("", v1_root, name="api-v1-root"),
    path("", include("actors.api.urls")),
    path("", include("events.api.urls")),
]
