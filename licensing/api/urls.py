from django.urls import path
from rest_framework.routers import SimpleRouter

from licensing.api import views

app_name = "api"

router = SimpleRouter(use_regex_path=False)
router.register("requests", views.ShipmentRequestViewSet, basename="request")
router.register("licences", views.LicenceViewSet, basename="licence")

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="token"),
    path("criteria/", views.CriteriaView.as_view(), name="criteria"),
    *router.urls,
]
