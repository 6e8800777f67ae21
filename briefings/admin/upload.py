"""Uploading transcripts: the upload page, its preview and the confirmation that imports."""

from __future__ import annotations

import secrets
from typing import cast

from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html

from ..importer import ImportRejected, ImportResult, ImportRun, import_data
from ..models import Briefing
from ..parsing import Hints
from .forms import TranscriptUploadForm

# The upload parses every file and imports it as a dry run for the preview; the files'
# decoded text waits in the session under a random token until the editor confirms.
UPLOAD_SESSION_PREFIX = "transcript-upload:"
UPLOAD_ORDER = "transcript-uploads"  # pending tokens, oldest first
UPLOADS_KEPT = 3  # pending previews per session; older ones are dropped
PREVIEW_TURNS = 20  # turns shown before the rest fold away


class TranscriptUploadAdminMixin(admin.ModelAdmin):
    """The Briefing admin's "Upload transcripts" page, its preview and its confirmation."""

    upload_permission = "briefings.add_transcriptrevision"

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("upload/", wrap(self.upload_view), name="briefings_briefing_upload"),
            path(
                "upload/confirm/",
                wrap(self.upload_confirm_view),
                name="briefings_briefing_upload_confirm",
            ),
            *super().get_urls(),
        ]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict | None = None
    ) -> HttpResponse:
        extra_context = {**(extra_context or {}), "can_upload": self.can_upload(request)}
        return super().changelist_view(request, extra_context)

    def can_upload(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.has_perm(self.upload_permission)

    def upload_context(self, request: HttpRequest, **context: object) -> dict[str, object]:
        return {
            **self.admin_site.each_context(request),
            "opts": Briefing._meta,
            "title": "Upload transcripts",
            **context,
        }

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        """The upload form; on submit, the preview of every file."""
        if not self.can_upload(request):
            raise PermissionDenied("You may not upload transcripts.")
        editor = cast(User, request.user)  # can_upload: a signed-in account
        posted = request.method == "POST"
        form = (
            TranscriptUploadForm(request.POST, request.FILES) if posted else TranscriptUploadForm()
        )
        if not posted or not form.is_valid():
            return TemplateResponse(
                request,
                "admin/briefings/briefing/upload.html",
                self.upload_context(request, form=form),
                status=400 if form.is_bound else 200,
            )
        hints = form.hints()
        previews = []
        accepted = []
        run = ImportRun()
        for upload in form.cleaned_data["files"]:
            data = upload.read()
            try:
                result = import_data(upload.name, data, hints, user=editor, dry_run=True, run=run)
            except ImportRejected as error:
                previews.append({"name": upload.name, "error": str(error)})
                continue
            previews.append(self.describe(upload.name, result))
            if result.status != "unchanged":
                accepted.append({"name": upload.name, "text": result.raw_text})
        token = ""
        if accepted:
            token = secrets.token_urlsafe(16)
            self.remember_upload(request, token, hints, accepted)
        return TemplateResponse(
            request,
            "admin/briefings/briefing/upload_preview.html",
            self.upload_context(
                request,
                title="Check the transcripts before importing them",
                previews=previews,
                token=token,
                accepted=len(accepted),
                rejected=sum(1 for preview in previews if "error" in preview),
                preview_turns=PREVIEW_TURNS,
            ),
        )

    def describe(self, name: str, result: ImportResult) -> dict[str, object]:
        """What the preview shows of one file that can be imported."""
        parsed = result.parsed
        briefing = result.briefing
        turns = list(parsed.turns) if parsed else []
        return {
            "name": name,
            "status": result.status,
            "parsed": parsed,
            "briefing": briefing,
            "revision": result.revision,
            "spokespersons": list(parsed.spokespersons) if parsed else [],
            "exchanges": result.exchanges,
            "warnings": list(result.warnings),
            "turns": turns[:PREVIEW_TURNS],
            "more_turns": turns[PREVIEW_TURNS:],
            "admin_url": (
                reverse("admin:briefings_briefing_change", args=[briefing.pk])
                if result.status != "imported"
                else ""
            ),
        }

    def remember_upload(
        self, request: HttpRequest, token: str, hints: Hints, files: list[dict]
    ) -> None:
        order = [t for t in request.session.get(UPLOAD_ORDER, []) if t != token]
        for old in order[: max(0, len(order) - UPLOADS_KEPT + 1)]:
            request.session.pop(UPLOAD_SESSION_PREFIX + old, None)
        request.session[UPLOAD_ORDER] = [*order[-(UPLOADS_KEPT - 1) :], token]
        request.session[UPLOAD_SESSION_PREFIX + token] = {"hints": hints.to_json(), "files": files}

    def upload_confirm_view(self, request: HttpRequest) -> HttpResponse:
        """Import the previewed files for real, one transaction each, and say what happened."""
        if not self.can_upload(request):
            raise PermissionDenied("You may not upload transcripts.")
        editor = cast(User, request.user)  # can_upload: a signed-in account
        changelist = reverse("admin:briefings_briefing_changelist")
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:briefings_briefing_upload"))
        pending = request.session.pop(UPLOAD_SESSION_PREFIX + request.POST.get("token", ""), None)
        if pending is None:
            messages.error(
                request,
                "This upload was already imported or has expired; nothing was stored. "
                "Upload the files again.",
            )
            return HttpResponseRedirect(reverse("admin:briefings_briefing_upload"))
        hints = Hints.from_json(pending["hints"])
        run = ImportRun()
        for item in pending["files"]:
            try:
                result = import_data(item["name"], item["text"], hints, user=editor, run=run)
            except ImportRejected as error:
                messages.error(request, f"{item['name']}: not imported: {error}")
                continue
            briefing = result.briefing
            done = {
                "imported": "imported as a new briefing",
                "revised": f"imported as revision {result.revision.number}",
                "unchanged": "unchanged (the archive already holds this transcript)",
            }[result.status]
            messages.success(
                request,
                format_html(
                    '{}: {} — {} (<a href="{}">edit in the admin</a>, '
                    '<a href="{}">read on the site</a>)',
                    item["name"],
                    done,
                    str(briefing),
                    reverse("admin:briefings_briefing_change", args=[briefing.pk]),
                    briefing.get_absolute_url(),
                ),
            )
        return HttpResponseRedirect(changelist)
