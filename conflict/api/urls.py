"""The versioned API: each app contributes its routes."""

from django.urls import include, path

urlpatterns = [
    path("", include("actors.api.urls")),
    path("", include("events.api.urls")),
]
