from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from briefings.sitemaps import SITEMAPS
from briefings.views.archive import favicon

admin.site.site_header = "Briefing Archive — editors"
admin.site.site_title = "Briefing Archive"

urlpatterns = [
    # Browsers and crawlers that ask for /favicon.ico get the icon base.html links to.
    path("favicon.ico", favicon),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("api/v1/", include("briefings.api.urls")),
    path("", include("briefings.urls")),
]

handler404 = "briefings.views.archive.page_not_found"
