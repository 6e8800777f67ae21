"""The public URLs. They are permalinks: once a URL has answered, it keeps answering."""

from django.urls import path

from .feeds import urlpatterns as feed_urls
from .views import akoma_ntoso, archive, bilingual, exports, search, subjects

app_name = "briefings"

urlpatterns = [
    path("", archive.home, name="home"),
    path("briefings/", archive.briefing_list, name="briefing_list"),
    path("briefings/<int:year>/", archive.year_archive, name="year"),
    path("briefings/<int:year>/<str:month>/", archive.month_archive, name="month"),
    path("briefings/<int:year>/<str:month>/<str:day>/", archive.day_archive, name="day"),
    path(
        "briefings/<int:year>/<str:month>/<str:day>/<slug:slug>/",
        archive.briefing_detail,
        name="briefing",
    ),
    path(
        "briefings/<int:year>/<str:month>/<str:day>/<slug:slug>/compare/",
        bilingual.compare,
        name="compare",
    ),
    path(
        "briefings/<int:year>/<str:month>/<str:day>/<slug:slug>/<int:number>/",
        archive.exchange_detail,
        name="exchange",
    ),
    path("topics/", subjects.topic_list, name="topic_list"),
    path("topics/<slug:slug>/", subjects.topic_detail, name="topic"),
    path("entities/", subjects.entity_list, name="entity_list"),
    path("entities/<slug:slug>/", subjects.entity_detail, name="entity"),
    path("spokespersons/", subjects.spokesperson_list, name="spokesperson_list"),
    path("spokespersons/<slug:slug>/", subjects.spokesperson_detail, name="spokesperson"),
    path("outlets/", subjects.outlet_list, name="outlet_list"),
    path("outlets/<slug:slug>/", subjects.outlet_detail, name="outlet"),
    path("search/", search.search, name="search"),
    path("search/export.csv", exports.export, {"format": "csv"}, name="export_csv"),
    path("search/export.jsonl", exports.export, {"format": "jsonl"}, name="export_jsonl"),
    path(
        "briefings/<int:year>/<str:month>/<str:day>/<slug:slug>/akn.xml",
        akoma_ntoso.briefing_akn,
        name="akn",
    ),
    # Atom at …/feed/, RSS 2.0 at …/feed/rss/ (feeds.py).
    *feed_urls,
]
