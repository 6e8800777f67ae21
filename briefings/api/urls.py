"""/api/v1/: one route per kind of thing, the schema and its documentation page."""

from django.urls import path
from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"

router = DefaultRouter()
router.register("briefings", views.BriefingViewSet, basename="briefing")
router.register("exchanges", views.ExchangeViewSet, basename="exchange")
router.register("topics", views.TopicViewSet, basename="topic")
router.register("entities", views.EntityViewSet, basename="entity")
router.register("spokespersons", views.SpokespersonViewSet, basename="spokesperson")
router.register("outlets", views.OutletViewSet, basename="outlet")

urlpatterns = [
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.DocsView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
]
