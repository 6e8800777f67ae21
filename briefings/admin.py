"""The editors' side of the archive: every model, with lists that can be searched and filtered.

Tagging is built for speed: a briefing's page lists its exchanges with a topic field
each (one submit tags the whole briefing), and the exchange list tags a whole
selection at once. The writes themselves live in `topics.py` and `entities.py`.
Transcripts are uploaded from the briefing list, with a preview before anything is
stored; the import itself lives in `importer/`.
"""

from __future__ import annotations

import datetime
import difflib
import secrets
from collections.abc import Sequence

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from . import topics as tagging
from .entities import merge_entities
from .forms import TranscriptUploadForm
from .importer import ImportRejected, ImportResult, ImportRun, import_data
from .models import (
    Answer,
    Briefing,
    BriefingPermalink,
    Entity,
    EntityAlias,
    EntitySlugRedirect,
    ExchangePermalink,
    ExchangeTopic,
    Mention,
    Question,
    SlugRedirect,
    Source,
    Statement,
    Topic,
    TopicSlugRedirect,
    TranscriptRevision,
    unique_slug,
)
from .search import search_questions

# Official URLs are https: a bare address typed by an editor becomes an https one.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["name", "slug", "main_language", "is_demo"]
    list_filter = ["main_language", "is_demo"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class EntityAliasInline(admin.TabularInline):
    model = EntityAlias
    extra = 1
    fields = ["name", "language"]


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(
        queryset=Entity.objects.none(),
        widget=forms.RadioSelect,
        label="Keep",
        help_text="The others are merged into it and deleted; their pages redirect to it.",
    )

    def __init__(self, *args: object, entities: QuerySet[Entity], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = entities


class AddressForm(forms.ModelForm):
    """A form for a topic or an entity, whose slug is its address: it may be left empty (made
    from the name on save), and one that is another's former address is refused, so that
    address keeps leading where it did."""

    redirects: type[SlugRedirect]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = (
            "Its address in the archive's URLs. Leave empty to make it from the name. "
            "When you change it, the old address redirects to the new one."
        )

    def clean_slug(self) -> str:
        slug = self.cleaned_data.get("slug") or ""
        target = self.redirects.target
        taken = self.redirects.objects.filter(old_slug=slug).exclude(
            **{f"{target}_id": self.instance.pk}
        )
        if slug and taken.exists():
            owner = getattr(taken.select_related(target).get(), target)
            raise forms.ValidationError(
                f"“{slug}” was the address of “{owner.name}” and still leads there; "
                "choose another slug."
            )
        return slug


class TopicForm(AddressForm):
    redirects = TopicSlugRedirect

    class Meta:
        model = Topic
        fields = ["name", "slug", "parent", "description", "keywords"]


class EntityForm(AddressForm):
    redirects = EntitySlugRedirect

    class Meta:
        model = Entity
        fields = ["kind", "name", "slug", "description", "wikidata_id"]


class AddressAdmin(SimpleHistoryAdmin):
    """The admin of a topic or an entity: a slug left empty is made from the name, and a
    changed one keeps the old address redirecting."""

    form: type[AddressForm]

    def save_model(
        self, request: HttpRequest, obj: Topic | Entity, form: forms.ModelForm, change: bool
    ) -> None:
        if not obj.slug:
            obj.slug = unique_slug(type(obj), obj.name)
        super().save_model(request, obj, form, change)
        if change and "slug" in form.changed_data:
            self.form.redirects.keep(obj, form.initial.get("slug") or "")


@admin.register(Entity)
class EntityAdmin(AddressAdmin):
    form = EntityForm
    list_display = ["name", "kind", "slug", "wikidata_id"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "aliases__name", "wikidata_id"]
    # Made on save when left empty, as for topics (see TopicAdmin).
    inlines = [EntityAliasInline]
    actions = ["merge"]

    @admin.action(description="Merge selected entities…", permissions=["delete"])
    def merge(self, request: HttpRequest, queryset: QuerySet[Entity]) -> HttpResponse | None:
        """Choose the entity to keep, then fold the others into it."""
        entities = queryset.order_by("name")
        if len(entities) < 2:
            self.message_user(request, "Select at least two entities to merge.", messages.ERROR)
            return None
        form = MergeForm(request.POST if "apply" in request.POST else None, entities=entities)
        if form.is_bound and form.is_valid():
            keep = form.cleaned_data["keep"]
            report = merge_entities(keep, [e for e in entities if e.pk != keep.pk])
            self.message_user(request, f"Merged into {keep.name}: {report}.", messages.SUCCESS)
            return None
        return TemplateResponse(
            request,
            "admin/briefings/entity/merge.html",
            {
                **self.admin_site.each_context(request),
                "title": "Merge entities",
                "opts": self.model._meta,
                "form": form,
                "entities": entities,
                "action": "merge",
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            },
        )


@admin.register(EntityAlias)
class EntityAliasAdmin(SimpleHistoryAdmin):
    list_display = ["name", "entity", "language"]
    list_filter = ["language", "entity__kind"]
    search_fields = ["name", "entity__name"]
    autocomplete_fields = ["entity"]


@admin.register(EntitySlugRedirect)
class EntitySlugRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "entity"]
    search_fields = ["old_slug", "entity__name"]
    autocomplete_fields = ["entity"]


@admin.register(TopicSlugRedirect)
class TopicSlugRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "topic"]
    search_fields = ["old_slug", "topic__name"]
    autocomplete_fields = ["topic"]


@admin.register(Topic)
class TopicAdmin(AddressAdmin):
    form = TopicForm
    list_display = ["name", "slug", "parent", "tagged", "waiting"]
    list_filter = ["parent"]
    search_fields = ["name", "slug", "description", "keywords"]
    # No prepopulated slug: the admin's script glues words across an en dash or a slash
    # ("taiwanus"); an empty slug is made on save by `unique_slug`, which does not.
    autocomplete_fields = ["parent"]
    fields = ["name", "slug", "parent", "description", "keywords"]
    actions = ["run_rules"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Topic]:
        links = "exchange_links"
        return (
            super()
            .get_queryset(request)
            .select_related("parent")
            .annotate(
                tagged_count=Count(
                    links, filter=Q(exchange_links__status__in=ExchangeTopic.TAGGED)
                ),
                waiting_count=Count(
                    links, filter=Q(exchange_links__status=ExchangeTopic.Status.SUGGESTED)
                ),
            )
            .order_by("name")  # a grouped query drops Meta.ordering; autocomplete pages need one
        )

    @admin.display(description="exchanges", ordering="tagged_count")
    def tagged(self, topic: Topic) -> str:
        url = reverse("admin:briefings_question_changelist")
        return format_html('<a href="{}?topic={}">{}</a>', url, topic.slug, topic.tagged_count)

    @admin.display(description="suggestions to review", ordering="waiting_count")
    def waiting(self, topic: Topic) -> str:
        url = reverse("admin:briefings_exchangetopic_changelist")
        return format_html(
            '<a href="{}?status__exact=suggested&topic__id__exact={}">{}</a>',
            url,
            topic.pk,
            topic.waiting_count,
        )

    @admin.action(description="Suggest exchanges from the keyword rules", permissions=["change"])
    def run_rules(self, request: HttpRequest, queryset: QuerySet[Topic]) -> None:
        report = tagging.suggest_topics(topics=list(queryset))
        self.message_user(request, f"Keyword rules ran over {report}.", messages.SUCCESS)


class TopicsWidget(AutocompleteSelectMultiple):
    """Topic autocomplete that labels the chosen topics from what the page already loaded."""

    known: dict[str, str]

    def __init__(self) -> None:
        super().__init__(Question._meta.get_field("topics"), admin.site)
        self.known = {}

    def optgroups(self, name: str, value: list[str], attr: object = None) -> list[object]:
        chosen = [str(v) for v in value if v not in ("", None)]
        if not all(v in self.known for v in chosen):
            return super().optgroups(name, value, attr)
        options = [
            self.create_option(name, v, self.known[v], True, index)
            for index, v in enumerate(chosen)
        ]
        return [(None, options, 0)]


class TopicsField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(
            queryset=Topic.objects.all(), required=False, widget=TopicsWidget(), **kwargs
        )


class ExchangeTagsForm(forms.ModelForm):
    """One exchange on its briefing's page: its topics, set by the editor."""

    tags = TopicsField(label="Topics")

    class Meta:
        model = Question
        fields: list[str] = []

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            tagged = self.instance.tagged_topics
            self.initial["tags"] = [topic.pk for topic in tagged]
            self.fields["tags"].widget.known = {str(t.pk): t.name for t in tagged}


class QuestionInline(admin.TabularInline):
    """The briefing's exchanges, to tag where the editor reads them."""

    model = Question
    form = ExchangeTagsForm
    extra = 0
    fields = ["number", "asker_label", "question_text", "tags"]
    readonly_fields = ["number", "asker_label", "question_text"]
    show_change_link = True
    can_delete = False
    verbose_name = "exchange"
    verbose_name_plural = "exchanges and their topics"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Question]:
        return super().get_queryset(request).with_topics()

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # exchanges come from transcripts, not from this page

    @admin.display(description="question")
    def question_text(self, question: Question) -> str:
        text = question.text
        return text if len(text) <= 400 else text[:400].rsplit(" ", 1)[0] + " …"


class StatementInline(admin.StackedInline):
    model = Statement
    extra = 0
    fields = ["position", "kind", "speaker_label", "speaker", "question", "text"]
    autocomplete_fields = ["speaker"]
    raw_id_fields = ["question"]


class RevisionInline(admin.TabularInline):
    model = TranscriptRevision
    extra = 0
    fields = ["number", "created_at", "created_by", "filename", "format", "content_hash", "changes"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False

    @admin.display(description="changes")
    def changes(self, revision: TranscriptRevision) -> str:
        return revision_diff_link(revision)


# --- Uploading transcripts and comparing revisions ---------------------------------
# The upload parses every file and imports it as a dry run for the preview; the files'
# decoded text waits in the session under a random token until the editor confirms.

UPLOAD_SESSION_PREFIX = "transcript-upload:"
UPLOAD_ORDER = "transcript-uploads"  # pending tokens, oldest first
UPLOADS_KEPT = 3  # pending previews per session; older ones are dropped
PREVIEW_TURNS = 20  # turns shown before the rest fold away


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


class TranscriptUploadAdminMixin:
    """The Briefing admin's "Upload transcripts" page, its preview and its confirmation."""

    upload_permission = "briefings.add_transcriptrevision"

    def get_urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view  # type: ignore[attr-defined]
        return [
            path("upload/", wrap(self.upload_view), name="briefings_briefing_upload"),
            path(
                "upload/confirm/",
                wrap(self.upload_confirm_view),
                name="briefings_briefing_upload_confirm",
            ),
            *super().get_urls(),  # type: ignore[misc]
        ]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict | None = None
    ) -> HttpResponse:
        extra_context = {**(extra_context or {}), "can_upload": self.can_upload(request)}
        return super().changelist_view(request, extra_context)  # type: ignore[misc]

    def can_upload(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.has_perm(self.upload_permission)

    def upload_context(self, request: HttpRequest, **context: object) -> dict[str, object]:
        return {
            **self.admin_site.each_context(request),  # type: ignore[attr-defined]
            "opts": Briefing._meta,
            "title": "Upload transcripts",
            **context,
        }

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        """The upload form; on submit, the preview of every file."""
        if not self.can_upload(request):
            raise PermissionDenied("You may not upload transcripts.")
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
                result = import_data(
                    upload.name, data, user=request.user, dry_run=True, run=run, **hints
                )
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
        self, request: HttpRequest, token: str, hints: dict[str, object], files: list[dict]
    ) -> None:
        order = [t for t in request.session.get(UPLOAD_ORDER, []) if t != token]
        for old in order[: max(0, len(order) - UPLOADS_KEPT + 1)]:
            request.session.pop(UPLOAD_SESSION_PREFIX + old, None)
        request.session[UPLOAD_ORDER] = [*order[-(UPLOADS_KEPT - 1) :], token]
        date = hints.get("date")
        request.session[UPLOAD_SESSION_PREFIX + token] = {
            "hints": {**hints, "date": date.isoformat() if date else None},  # type: ignore[union-attr]
            "files": files,
        }

    def upload_confirm_view(self, request: HttpRequest) -> HttpResponse:
        """Import the previewed files for real, one transaction each, and say what happened."""
        if not self.can_upload(request):
            raise PermissionDenied("You may not upload transcripts.")
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
        hints = dict(pending["hints"])
        hints["date"] = datetime.date.fromisoformat(hints["date"]) if hints["date"] else None
        run = ImportRun()
        for item in pending["files"]:
            try:
                result = import_data(
                    item["name"], item["text"], user=request.user, run=run, **hints
                )
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


class AnswerInline(admin.StackedInline):
    model = Answer
    extra = 0
    fields = ["position", "speaker_label", "speaker", "text"]
    autocomplete_fields = ["speaker"]


class ExchangeTopicInline(admin.TabularInline):
    model = ExchangeTopic
    extra = 0
    fields = ["topic", "status", "created_by", "created_at"]
    readonly_fields = ["created_by", "created_at"]
    autocomplete_fields = ["topic"]


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 0
    fields = ["entity", "origin", "count"]
    autocomplete_fields = ["entity"]


class EntityFilter(admin.SimpleListFilter):
    """Exchanges by an entity in one role; the choices are the entities in that role."""

    role: str  # the lookup from Question to the entity

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        entities = Entity.objects.filter(**self.entity_filter()).distinct().order_by("name")
        return list(entities.values_list("slug", "name"))

    def entity_filter(self) -> dict[str, object]:
        raise NotImplementedError

    def queryset(self, request: HttpRequest, queryset: QuerySet[Question]) -> QuerySet[Question]:
        if self.value():
            return queryset.filter(**{f"{self.role}__slug": self.value()}).distinct()
        return queryset


class SpokespersonFilter(EntityFilter):
    title = "spokesperson"
    parameter_name = "spokesperson"
    role = "briefing__spokespersons"

    def entity_filter(self) -> dict[str, object]:
        return {"briefings__isnull": False}


class OutletFilter(EntityFilter):
    title = "outlet"
    parameter_name = "outlet"
    role = "asker"

    def entity_filter(self) -> dict[str, object]:
        return {"questions_asked__isnull": False}


class MentionedFilter(EntityFilter):
    title = "entity mentioned"
    parameter_name = "entity"
    role = "mentions__entity"

    def entity_filter(self) -> dict[str, object]:
        return {"mentions__isnull": False}

    def queryset(self, request: HttpRequest, queryset: QuerySet[Question]) -> QuerySet[Question]:
        if self.value():
            mentioned = Mention.objects.exclude(origin=Mention.Origin.REJECTED).filter(
                entity__slug=self.value()
            )
            return queryset.filter(pk__in=mentioned.values("question_id"))
        return queryset


class TopicFilter(admin.SimpleListFilter):
    """Exchanges tagged with a topic (suggestions do not count), or with none."""

    title = "topic"
    parameter_name = "topic"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        return [("-", "No topic yet"), *Topic.objects.values_list("slug", "name")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Question]) -> QuerySet[Question]:
        tagged = ExchangeTopic.objects.filter(status__in=ExchangeTopic.TAGGED)
        if self.value() == "-":
            return queryset.exclude(pk__in=tagged.values("question_id"))
        if self.value():
            return queryset.filter(
                pk__in=tagged.filter(topic__slug=self.value()).values("question_id")
            )
        return queryset


class ChooseTopicsForm(forms.Form):
    topics = TopicsField(label="Topics")

    def clean_topics(self) -> Sequence[Topic]:
        topics = self.cleaned_data["topics"]
        if not topics:
            raise forms.ValidationError("Choose at least one topic.")
        return topics


@admin.register(Question)
class QuestionAdmin(SimpleHistoryAdmin):
    """The exchange list: find a subject's exchanges, then tag them all in one action."""

    list_display = ["briefing_date", "briefing", "number", "asker_label", "short_text", "topics"]
    list_display_links = ["short_text"]
    list_filter = [
        ("briefing__date", admin.DateFieldListFilter),
        SpokespersonFilter,
        OutletFilter,
        TopicFilter,
        MentionedFilter,
        "briefing__source",
        "briefing__language",
    ]
    list_select_related = ["briefing", "briefing__source"]
    list_per_page = 100
    list_max_show_all = 1000
    search_fields = ["text"]
    search_help_text = (
        'Words in the exchange, e.g. Taiwan "One China" -Japan (question and answers).'
    )
    date_hierarchy = "briefing__date"
    autocomplete_fields = ["asker"]
    raw_id_fields = ["briefing", "follows"]
    inlines = [AnswerInline, ExchangeTopicInline, MentionInline]
    actions = ["add_topics", "remove_topics"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Question]:
        return super().get_queryset(request).with_topics()

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Question], search_term: str
    ) -> tuple[QuerySet[Question], bool]:
        # The full-text index: the answers are searched too, and quotes and -words work.
        if not search_term.strip():
            return queryset, False
        return search_questions(search_term, queryset), False

    @admin.display(description="date", ordering="briefing__date")
    def briefing_date(self, question: Question) -> object:
        return question.briefing.date

    @admin.display(description="question")
    def short_text(self, question: Question) -> str:
        return question.text[:100]

    @admin.display(description="topics")
    def topics(self, question: Question) -> str:
        return ", ".join(topic.name for topic in question.tagged_topics)

    def choose_topics(
        self, request: HttpRequest, queryset: QuerySet[Question], adding: bool
    ) -> HttpResponse | None:
        """The intermediate page of both tagging actions, then the change itself."""
        form = ChooseTopicsForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            topics = list(form.cleaned_data["topics"])
            ids = list(queryset.values_list("pk", flat=True))
            names = ", ".join(topic.name for topic in topics)
            pairs = len(ids) * len(topics)
            if adding:
                changed = tagging.add_topics(ids, topics, request.user)
                message = (
                    f"Added {names} to {len(ids)} selected exchanges: {changed} tags added, "
                    f"{pairs - changed} already there."
                )
            else:
                changed = tagging.remove_topics(ids, topics, request.user)
                message = (
                    f"Removed {names} from {len(ids)} selected exchanges: {changed} tags "
                    f"removed, {pairs - changed} were not there."
                )
            self.message_user(request, message, messages.SUCCESS)
            return None
        return TemplateResponse(
            request,
            "admin/briefings/question/choose_topics.html",
            {
                **self.admin_site.each_context(request),
                "title": "Add topics" if adding else "Remove topics",
                "adding": adding,
                "opts": self.model._meta,
                "form": form,
                "media": self.media + form.media,
                "count": queryset.count(),
                "selected": request.POST.getlist(ACTION_CHECKBOX_NAME),
                "select_across": request.POST.get("select_across", "0"),
                "action": "add_topics" if adding else "remove_topics",
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description="Add topics to the selected exchanges…", permissions=["change"])
    def add_topics(self, request: HttpRequest, queryset: QuerySet[Question]) -> object:
        return self.choose_topics(request, queryset, adding=True)

    @admin.action(description="Remove topics from the selected exchanges…", permissions=["change"])
    def remove_topics(self, request: HttpRequest, queryset: QuerySet[Question]) -> object:
        return self.choose_topics(request, queryset, adding=False)


@admin.register(Answer)
class AnswerAdmin(SimpleHistoryAdmin):
    list_display = ["question", "speaker_label", "position"]
    search_fields = ["text", "speaker_label"]
    list_select_related = ["question__briefing"]
    raw_id_fields = ["question"]
    autocomplete_fields = ["speaker"]


@admin.register(Statement)
class StatementAdmin(SimpleHistoryAdmin):
    list_display = ["briefing", "kind", "position", "speaker_label"]
    list_filter = ["kind"]
    search_fields = ["text"]
    list_select_related = ["briefing"]
    raw_id_fields = ["briefing", "question"]


@admin.register(TranscriptRevision)
class TranscriptRevisionAdmin(admin.ModelAdmin):
    list_display = ["briefing", "number", "created_at", "created_by", "filename", "changes"]
    list_select_related = ["briefing", "created_by"]
    search_fields = ["filename", "briefing__title"]
    date_hierarchy = "created_at"
    raw_id_fields = ["briefing"]
    readonly_fields = [*(f.name for f in TranscriptRevision._meta.fields), "changes"]

    def has_add_permission(self, request) -> bool:  # noqa: ANN001
        return False  # revisions come only from imports

    def has_change_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False  # a revision is the transcript as imported: never edited

    @admin.display(description="changes")
    def changes(self, revision: TranscriptRevision) -> str:
        return revision_diff_link(revision)

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
                "table": mark_safe(table),  # noqa: S308 - escaped by HtmlDiff
                "identical": identical,
            },
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


@admin.register(ExchangeTopic)
class ExchangeTopicAdmin(SimpleHistoryAdmin):
    """Topics on exchanges; filtered to 'Suggested', the queue of suggestions to review."""

    list_display = ["topic", "exchange", "question_text", "status", "created_by", "created_at"]
    list_filter = ["status", "topic"]
    list_select_related = ["topic", "question__briefing", "created_by"]
    search_fields = ["question__text", "topic__name"]
    raw_id_fields = ["question"]
    autocomplete_fields = ["topic"]
    readonly_fields = ["created_by", "created_at"]
    actions = ["accept", "reject"]
    list_per_page = 100

    @admin.display(description="exchange", ordering="question__briefing__date")
    def exchange(self, link: ExchangeTopic) -> str:
        question = link.question
        return format_html(
            '<a href="{}">{} #{}</a>',
            question.get_absolute_url(),
            question.briefing.date,
            question.number,
        )

    @admin.display(description="question")
    def question_text(self, link: ExchangeTopic) -> str:
        return link.question.text[:200]

    def save_model(
        self, request: HttpRequest, obj: ExchangeTopic, form: forms.Form, change: bool
    ) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="Accept the selected suggestions", permissions=["change"])
    def accept(self, request: HttpRequest, queryset: QuerySet[ExchangeTopic]) -> None:
        count = tagging.review_suggestions(queryset, accept=True, user=request.user)
        self.message_user(request, f"Accepted {count} suggestions.", messages.SUCCESS)

    @admin.action(description="Reject the selected suggestions", permissions=["change"])
    def reject(self, request: HttpRequest, queryset: QuerySet[ExchangeTopic]) -> None:
        count = tagging.review_suggestions(queryset, accept=False, user=request.user)
        self.message_user(
            request,
            f"Rejected {count} suggestions; the keyword rules will not suggest them again.",
            messages.SUCCESS,
        )


@admin.register(Mention)
class MentionAdmin(SimpleHistoryAdmin):
    list_display = ["entity", "question", "origin", "count"]
    list_filter = ["origin", "entity__kind"]
    raw_id_fields = ["question"]
    autocomplete_fields = ["entity"]
