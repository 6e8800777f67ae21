from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Briefing Archive — editors"
admin.site.site_title = "Briefing Archive"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("briefings.urls")),
]

handler404 = "briefings.views.page_not_found"
