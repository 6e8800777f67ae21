"""Registrations of entities, topics, their slug redirects, topic links and mentions."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from .. import topics as tagging
from ..entities import merge_entities
from ..models import (
    Entity,
    EntityAlias,
    EntitySlugRedirect,
    ExchangeTopic,
    Mention,
    Topic,
    TopicSlugRedirect,
    unique_slug,
)
from .forms import AddressForm, EntityForm, MergeForm, TopicForm


class EntityAliasInline(admin.TabularInline):
    model = EntityAlias
    extra = 1
    fields = ["name", "language"]


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
        count = topic.tagged_count  # type: ignore[attr-defined]  # get_queryset annotates it
        return format_html('<a href="{}?topic={}">{}</a>', url, topic.slug, count)

    @admin.display(description="suggestions to review", ordering="waiting_count")
    def waiting(self, topic: Topic) -> str:
        url = reverse("admin:briefings_exchangetopic_changelist")
        return format_html(
            '<a href="{}?status__exact=suggested&topic__id__exact={}">{}</a>',
            url,
            topic.pk,
            topic.waiting_count,  # type: ignore[attr-defined]  # get_queryset annotates it
        )

    @admin.action(description="Suggest exchanges from the keyword rules", permissions=["change"])
    def run_rules(self, request: HttpRequest, queryset: QuerySet[Topic]) -> None:
        report = tagging.suggest_topics(topics=list(queryset))
        self.message_user(request, f"Keyword rules ran over {report}.", messages.SUCCESS)


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
            obj.created_by = cast(User, request.user)  # the admin serves signed-in staff only
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
