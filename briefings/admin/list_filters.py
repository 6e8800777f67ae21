"""List filters of the exchange list: by spokesperson, outlet, topic or entity mentioned."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from ..models import Entity, ExchangeTopic, Mention, Question, Topic


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
