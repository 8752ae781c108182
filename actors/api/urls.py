from rest_framework.routers import DefaultRouter

from actors.api.views import ActorViewSet

router = DefaultRouter()
router.register("actors", ActorViewSet, basename="actor")

urlpatterns = router.urls
