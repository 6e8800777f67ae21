"""Registrations of sources, briefings and their permalink history."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from .. import topics as tagging
from ..models import Briefing, BriefingPermalink, ExchangePermalink, Question, Source
from .exchanges import QuestionInline, StatementInline
from .revisions import RevisionInline
from .upload import TranscriptUploadAdminMixin

# Official URLs are https: a bare address typed by an editor becomes an https one.
HTTPS_URLS: Mapping[type[models.Field], Mapping[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}
}


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["name", "slug", "main_language", "is_demo"]
    list_filter = ["main_language", "is_demo"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Briefing)
class BriefingAdmin(TranscriptUploadAdminMixin, SimpleHistoryAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["date", "slug", "title", "source", "language", "is_published"]
    list_filter = ["source", "language", "is_published", "spokespersons"]
    search_fields = ["title", "official_url", "spokespersons__name"]
    date_hierarchy = "date"
    autocomplete_fields = ["spokespersons", "counterpart"]
    readonly_fields = ["slug", "created_at", "updated_at"]
    inlines = [RevisionInline, StatementInline, QuestionInline]

    def save_formset(
        self, request: HttpRequest, form: forms.Form, formset: object, change: bool
    ) -> None:
        if formset.model is not Question:  # type: ignore[attr-defined]
            super().save_formset(request, form, formset, change)
            return
        # The exchanges' own fields are read-only here: only their topics are saved.
        changed = [f for f in formset.forms if f.instance.pk and f.has_changed()]  # type: ignore[attr-defined]
        wanted = {f.instance.pk: {topic.pk for topic in f.cleaned_data["tags"]} for f in changed}
        # What the admin's change message and log entry report.
        formset.new_objects, formset.deleted_objects = [], []  # type: ignore[attr-defined]
        formset.changed_objects = [(f.instance, ["topics"]) for f in changed]  # type: ignore[attr-defined]
        if wanted:
            added, removed = tagging.set_exchange_topics(wanted, request.user)
            self.message_user(
                request, f"Topics: {added} added, {removed} removed on {len(wanted)} exchanges."
            )


@admin.register(ExchangePermalink)
class ExchangePermalinkAdmin(admin.ModelAdmin):
    list_display = ["briefing", "number", "question", "removed_in"]
    raw_id_fields = ["briefing", "question", "removed_in"]
    list_select_related = ["briefing", "question"]


@admin.register(BriefingPermalink)
class BriefingPermalinkAdmin(admin.ModelAdmin):
    list_display = ["date", "slug", "briefing"]
    raw_id_fields = ["briefing"]
    date_hierarchy = "date"
