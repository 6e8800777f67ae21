"""The editors' side of the archive: every model, with lists that can be searched and filtered."""

from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

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
    Source,
    Statement,
    Topic,
    TranscriptRevision,
)

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


@admin.register(Entity)
class EntityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "slug", "wikidata_id"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "aliases__name", "wikidata_id"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [EntityAliasInline]


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


@admin.register(Topic)
class TopicAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "parent"]
    list_filter = ["parent"]
    search_fields = ["name", "slug", "description", "keywords"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    fields = ["number", "position", "asker_label", "asker", "follows", "text"]
    autocomplete_fields = ["asker"]
    raw_id_fields = ["follows"]
    show_change_link = True


class StatementInline(admin.StackedInline):
    model = Statement
    extra = 0
    fields = ["position", "kind", "speaker_label", "speaker", "question", "text"]
    autocomplete_fields = ["speaker"]
    raw_id_fields = ["question"]


class RevisionInline(admin.TabularInline):
    model = TranscriptRevision
    extra = 0
    fields = ["number", "created_at", "created_by", "filename", "format", "content_hash"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False


@admin.register(Briefing)
class BriefingAdmin(SimpleHistoryAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["date", "slug", "title", "source", "language", "is_published"]
    list_filter = ["source", "language", "is_published", "spokespersons"]
    search_fields = ["title", "official_url", "spokespersons__name"]
    date_hierarchy = "date"
    autocomplete_fields = ["spokespersons", "counterpart"]
    readonly_fields = ["slug", "created_at", "updated_at"]
    inlines = [RevisionInline, StatementInline, QuestionInline]


class AnswerInline(admin.StackedInline):
    model = Answer
    extra = 0
    fields = ["position", "speaker_label", "speaker", "text"]
    autocomplete_fields = ["speaker"]


class ExchangeTopicInline(admin.TabularInline):
    model = ExchangeTopic
    extra = 1
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
    list_display = ["briefing", "number", "asker_label", "short_text"]
    list_filter = ["briefing__source", "briefing__language", "topics"]
    list_select_related = ["briefing", "briefing__source"]
    search_fields = ["text", "asker_label", "asker__name"]
    date_hierarchy = "briefing__date"
    autocomplete_fields = ["asker"]
    raw_id_fields = ["briefing", "follows"]
    inlines = [AnswerInline, ExchangeTopicInline, MentionInline]

    @admin.display(description="question")
    def short_text(self, obj: Question) -> str:
        return obj.text[:100]


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
    list_display = ["briefing", "number", "created_at", "created_by", "filename"]
    list_select_related = ["briefing", "created_by"]
    search_fields = ["filename", "briefing__title"]
    date_hierarchy = "created_at"
    raw_id_fields = ["briefing"]
    readonly_fields = [f.name for f in TranscriptRevision._meta.fields]

    def has_add_permission(self, request) -> bool:  # noqa: ANN001
        return False


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
    list_display = ["topic", "question", "status", "created_by", "created_at"]
    list_filter = ["status", "topic"]
    raw_id_fields = ["question"]
    autocomplete_fields = ["topic"]


@admin.register(Mention)
class MentionAdmin(SimpleHistoryAdmin):
    list_display = ["entity", "question", "origin", "count"]
    list_filter = ["origin", "entity__kind"]
    raw_id_fields = ["question"]
    autocomplete_fields = ["entity"]
