from actors.api.views import ActorViewSet
from conflict.api.routers import Router

router = Router()
router.register("actors", ActorViewSet, basename="actor")

urlpatterns = router.urls
