"""What the fetcher did, for editors: its runs, and each page it kept, openable as it arrived."""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import urlsplit

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html, format_html_join

from ..models import FetchedPage, FetchRun
from ..parsing import TranscriptError
from ..parsing.decoding import decode_bytes

# A kept page is the source's HTML, scripts and all: it is shown as text, never as a page.
# Even a browser that sniffed it as HTML would find it sandboxed, with nothing allowed to load.
ORIGINAL_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def original_link(page_id: int | None) -> str:
    """Links to a kept page: as text to read, and its bytes to download."""
    if page_id is None:
        return "—"
    url = reverse("admin:briefings_fetchedpage_original", args=[page_id])
    return format_html(
        '<a href="{}" target="_blank" rel="noopener">original page</a> '
        '(<a href="{}?download=1">bytes</a>)',
        url,
        url,
    )


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows only the fetcher writes: editors read them, nobody edits them here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(FetchRun)
class FetchRunAdmin(ReadOnlyAdmin):
    list_display = [
        "started_at",
        "finished_at",
        "sources",
        "status",
        "new",
        "revised",
        "unchanged",
        "skipped",
        "failed",
    ]
    list_filter = ["status", "sources"]
    date_hierarchy = "started_at"
    fields = [
        "started_at",
        "finished_at",
        "sources",
        "options",
        "status",
        ("new", "revised", "unchanged", "skipped", "failed"),
        "report_lines",
    ]
    readonly_fields = [
        "started_at",
        "finished_at",
        "sources",
        "options",
        "status",
        "new",
        "revised",
        "unchanged",
        "skipped",
        "failed",
        "report_lines",
    ]

    @admin.display(description="report")
    def report_lines(self, run: FetchRun) -> str:
        return format_html_join("", "<div>{}</div>", ((line,) for line in run.report.splitlines()))


# A kept page's description; its bytes open through "original" (never in a form).
PAGE_FIELDS = (
    "url",
    "fetch_source",
    "fetched_at",
    "status",
    "content_type",
    "etag",
    "last_modified",
    "size",
    "sha256",
    "original",
    "imported_as",
)


@admin.register(FetchedPage)
class FetchedPageAdmin(ReadOnlyAdmin):
    list_display = ["url", "fetch_source", "fetched_at", "status", "size", "original"]
    list_filter = ["fetch_source", "status"]
    search_fields = ["url", "sha256"]
    date_hierarchy = "fetched_at"
    fields = readonly_fields = PAGE_FIELDS

    def get_queryset(self, request: HttpRequest) -> QuerySet[FetchedPage]:
        return super().get_queryset(request).defer("content")

    @admin.display(description="original")
    def original(self, page: FetchedPage) -> str:
        return original_link(page.pk)

    @admin.display(description="revisions made from it")
    def imported_as(self, page: FetchedPage) -> str:
        revisions = page.revisions.select_related("briefing__source")
        links = [
            (reverse("admin:briefings_transcriptrevision_change", args=[r.pk]), str(r))
            for r in revisions
        ]
        return format_html_join(", ", '<a href="{}">{}</a>', links) or "—"

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view(self.original_view)
        return [
            path("<int:pk>/original/", view, name="briefings_fetchedpage_original"),
            *super().get_urls(),
        ]

    def original_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The page as it arrived: its text (never run as a page), or its exact bytes."""
        page = get_object_or_404(FetchedPage, pk=pk)
        if not self.has_view_permission(request, page):
            raise PermissionDenied
        content = bytes(page.content)
        name = PurePosixPath(urlsplit(page.url).path).name or "page"
        if request.GET.get("download") == "1":
            response = HttpResponse(content, content_type="application/octet-stream")
            response["Content-Disposition"] = f'attachment; filename="{_safe(name)}"'
        else:
            try:
                text = decode_bytes(content)
            except TranscriptError:
                text = content.decode("utf-8", errors="replace")
            response = HttpResponse(text, content_type="text/plain; charset=utf-8")
            response["Content-Disposition"] = f'inline; filename="{_safe(name)}.txt"'
        for header, value in ORIGINAL_HEADERS.items():
            response[header] = value
        return response


def _safe(name: str) -> str:
    """A file name fit for a Content-Disposition header."""
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in name)[:100] or "page"
