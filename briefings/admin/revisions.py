"""Transcript revisions: read-only, each comparable with an earlier one."""

from __future__ import annotations

import difflib

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..models import TranscriptRevision
from .fetching import original_link


def revision_diff_link(revision: TranscriptRevision) -> str:
    """A link to what changed since the previous revision, for revisions after the first."""
    if revision.pk is None or revision.number <= 1:
        return "—"
    url = reverse("admin:briefings_transcriptrevision_diff", args=[revision.pk])
    return format_html('<a href="{}">compare with revision {}</a>', url, revision.number - 1)


def transcript_lines(revision: TranscriptRevision) -> list[str]:
    """A revision's turns as readers see them, one paragraph a line, for comparing."""
    lines: list[str] = []
    for turn in (revision.parsed or {}).get("turns", []):
        label = f"[{turn.get('kind')}] {turn.get('speaker') or ''}".rstrip()
        paragraphs = str(turn.get("text", "")).split("\n\n")
        lines.append(f"{label}: {paragraphs[0]}")
        lines.extend(f"    {paragraph}" for paragraph in paragraphs[1:])
    return lines


# A revision's columns in the admin, all read-only: a revision is the transcript as imported.
REVISION_COLUMNS = (
    "number",
    "created_at",
    "created_by",
    "filename",
    "format",
    "content_hash",
    "changes",
    "original",
)


class RevisionInline(admin.TabularInline):
    model = TranscriptRevision
    extra = 0
    fields = readonly_fields = REVISION_COLUMNS
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    @admin.display(description="changes")
    def changes(self, revision: TranscriptRevision) -> str:
        return revision_diff_link(revision)

    @admin.display(description="fetched page")
    def original(self, revision: TranscriptRevision) -> str:
        return original_link(revision.fetched_page_id)


@admin.register(TranscriptRevision)
class TranscriptRevisionAdmin(admin.ModelAdmin):
    list_display = [
        "briefing",
        "number",
        "created_at",
        "created_by",
        "filename",
        "changes",
        "original",
    ]
    list_select_related = ["briefing", "created_by"]
    search_fields = ["filename", "briefing__title"]
    date_hierarchy = "created_at"
    raw_id_fields = ["briefing"]
    readonly_fields = [*(f.name for f in TranscriptRevision._meta.fields), "changes", "original"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # revisions come only from imports

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False  # a revision is the transcript as imported: never edited

    @admin.display(description="changes")
    def changes(self, revision: TranscriptRevision) -> str:
        return revision_diff_link(revision)

    @admin.display(description="fetched page")
    def original(self, revision: TranscriptRevision) -> str:
        return original_link(revision.fetched_page_id)

    def get_urls(self) -> list[URLPattern]:
        diff = self.admin_site.admin_view(self.diff_view)
        return [
            path("<int:pk>/diff/", diff, name="briefings_transcriptrevision_diff"),
            *super().get_urls(),
        ]

    def diff_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """What changed between a revision and an earlier one (the previous by default)."""
        revision = get_object_or_404(TranscriptRevision.objects.select_related("briefing"), pk=pk)
        if not self.has_view_permission(request, revision):
            raise PermissionDenied
        others = revision.briefing.revisions.exclude(pk=revision.pk).order_by("-number")
        against_number = request.GET.get("against", "")
        earlier = (
            others.filter(number=int(against_number)).first()
            if against_number.isdigit()
            else others.filter(number__lt=revision.number).first()
        )
        raw = request.GET.get("raw") == "1"
        table, identical = "", False
        if earlier is not None:
            old = earlier.raw_text.splitlines() if raw else transcript_lines(earlier)
            new = revision.raw_text.splitlines() if raw else transcript_lines(revision)
            identical = old == new
            # HtmlDiff escapes the texts it is given; the table it builds is safe to show.
            table = difflib.HtmlDiff(wrapcolumn=70).make_table(
                old,
                new,
                fromdesc=f"Revision {earlier.number}",
                todesc=f"Revision {revision.number}",
                context=True,
                numlines=2,
            )
        return TemplateResponse(
            request,
            "admin/briefings/transcriptrevision/diff.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": f"Changes in revision {revision.number} of {revision.briefing}",
                "revision": revision,
                "earlier": earlier,
                "others": others,
                "raw": raw,
                "table": mark_safe(table),  # safe: HtmlDiff escapes the texts
                "identical": identical,
            },
        )
