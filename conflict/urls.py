"""Top-level routes: the admin, the versioned API, the OpenAPI schema and its UI, health."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from conflict.api.exceptions import json_error_view
from conflict.outage import health

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("conflict.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/", include("conflict.api.root_urls")),
    path("health/", health, name="health"),
]

handler404 = json_error_view(404, "not_found", "Not found.")
handler500 = json_error_view(500, "server_error", "An internal error occurred; it has been logged.")
