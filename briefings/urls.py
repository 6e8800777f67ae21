"""The public URLs. They are permalinks: once a URL has answered, it keeps answering."""

from django.urls import path

from . import views
from .feeds import LatestBriefingsFeed

app_name = "briefings"

urlpatterns = [
    path("", views.home, name="home"),
    path("briefings/", views.briefing_list, name="briefing_list"),
    path("briefings/feed/", LatestBriefingsFeed(), name="feed"),
    path("briefings/<int:year>/", views.year_archive, name="year"),
    path("briefings/<int:year>/<str:month>/", views.month_archive, name="month"),
    path("briefings/<int:year>/<str:month>/<str:day>/", views.day_archive, name="day"),
    path(
        "briefings/<int:year>/<str:month>/<str:day>/<slug:slug>/",
        views.briefing_detail,
        name="briefing",
    ),
    path(
        "briefings/<int:year>/<str:month>/<str:day>/<slug:slug>/<int:number>/",
        views.exchange_detail,
        name="exchange",
    ),
    path("topics/", views.topic_list, name="topic_list"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic"),
    path("entities/", views.entity_list, name="entity_list"),
    path("entities/<slug:slug>/", views.entity_detail, name="entity"),
    path("spokespersons/", views.spokesperson_list, name="spokesperson_list"),
    path("spokespersons/<slug:slug>/", views.spokesperson_detail, name="spokesperson"),
    path("outlets/", views.outlet_list, name="outlet_list"),
    path("outlets/<slug:slug>/", views.outlet_detail, name="outlet"),
    path("search/", views.search, name="search"),
]
