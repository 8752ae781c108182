from rest_framework.routers import DefaultRouter


class Router(DefaultRouter):
    """A router with format suffixes but without its own root view: `/api/v1/` lists every app's
    endpoints in one place (conflict/api/urls.py)."""

    include_root_view = False
