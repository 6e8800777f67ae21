from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path

from briefings import sitemaps as archive_sitemaps
from briefings.sitemaps import SITEMAPS, robots_txt
from briefings.views.archive import favicon

admin.site.site_header = "Briefing Archive — editors"
admin.site.site_title = "Briefing Archive"

urlpatterns = [
    # Browsers and crawlers that ask for /favicon.ico get the icon base.html links to.
    path("favicon.ico", favicon),
    # ADMIN_URL moves the admin away from the address every scanner tries first.
    path(settings.ADMIN_URL, admin.site.urls),
    path("api/v1/", include("briefings.api.urls")),
    # An index over sections (briefings.sitemaps), each paged by ?p= at 50,000 addresses.
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<slug:section>.xml", archive_sitemaps.section, name="sitemap_section"),
    path("robots.txt", robots_txt, name="robots"),
    path("", include("briefings.urls")),
]

handler404 = "briefings.views.archive.page_not_found"
# A lost database answers 503 (with Retry-After), not 500.
handler500 = "archive_site.health.server_error"
