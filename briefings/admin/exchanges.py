"""Registrations of exchanges, answers and statements: where editors read and tag."""

from __future__ import annotations

from typing import cast

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from simple_history.admin import SimpleHistoryAdmin

from .. import topics as tagging
from ..models import Answer, ExchangeTopic, Mention, Question, QuestionQuerySet, Statement
from ..search.query import search_questions
from .forms import ChooseTopicsForm, ExchangeTagsForm
from .list_filters import MentionedFilter, OutletFilter, SpokespersonFilter, TopicFilter


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
        return cast(QuestionQuerySet, super().get_queryset(request)).with_topics()

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
        return cast(QuestionQuerySet, super().get_queryset(request)).with_topics()

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
