from django.urls import path

from conflict.api.routers import Router
from events.api.articles import ArticleViewSet
from events.api.events import EventViewSet
from events.api.layers import MapLayerDetailView, MapLayerListView
from events.api.places import CrossingViewSet, LocationViewSet
from events.api.review import urlpatterns as review_urlpatterns
from events.api.stats import EventStatsView

router = Router()
router.register("articles", ArticleViewSet, basename="article")
# The consumers' read API (events, places, crossings); review actions are separate views.
router.register("events", EventViewSet, basename="event")
router.register("locations", LocationViewSet, basename="location")
router.register("crossings", CrossingViewSet, basename="crossing")

# The editors' review actions come first so they resolve before the router's event routes.
urlpatterns = [
    *review_urlpatterns,
    path("stats/events/", EventStatsView.as_view(), name="event-stats"),
    path("map-layers/", MapLayerListView.as_view(), name="map-layer-list"),
    path("map-layers/<str:name>/", MapLayerDetailView.as_view(), name="map-layer-detail"),
    *router.urls,
]
