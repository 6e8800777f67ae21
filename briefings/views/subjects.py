"""Pages about who and what the exchanges concern: topics, entities, spokespersons and outlets."""

from __future__ import annotations

from collections.abc import Callable

from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from ..entities import mentioned_with, mentioning_questions
from ..models import Entity, EntitySlugRedirect, ExchangeTopic, Question, QuestionQuerySet, Topic
from ..search.chart import Bar, chart_bars
from ..topics import (
    find_topic,
    monthly_counts,
    related_topics,
    tagged_questions,
    top_outlets,
    top_spokespersons,
)
from .archive import PER_PAGE


def topic_list(request: HttpRequest) -> HttpResponse:
    """Every topic with how many exchanges carry it, subtopics under their parent."""
    tagged = Q(
        exchange_links__status__in=ExchangeTopic.TAGGED,
        exchange_links__question__briefing__is_published=True,
    )
    # An annotated (grouped) query drops the model's ordering: order by name here.
    every = list(
        Topic.objects.annotate(exchanges=Count("exchange_links", filter=tagged)).order_by("name")
    )
    children: dict[int, list[Topic]] = {}
    for topic in every:
        children.setdefault(topic.parent_id or 0, []).append(topic)
    for topic in every:
        topic.subtopics = children.get(topic.pk, [])
    return render(request, "briefings/topic_list.html", {"topics": children.get(0, [])})


def month_chart(questions: QuerySet[Question]) -> list[Bar]:
    """Bars of how many of these exchanges fall in each month, gaps included."""
    return chart_bars(monthly_counts(questions), "month", None)


def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A topic: its exchanges newest first, when it came up, and what goes with it."""
    topic = find_topic(slug)
    if topic.slug != slug:
        return redirect(topic, permanent=True)
    questions = tagged_questions(topic)
    page = Paginator(questions.for_listing().newest_first(), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "topic": topic,
        "page": page,
        "bars": month_chart(questions),
        "related": related_topics(topic, questions),
        "spokespersons": top_spokespersons(questions),
        "outlets": top_outlets(questions),
        "subtopics": topic.children.all(),
    }
    return render(request, "briefings/topic_detail.html", context)


def spokesperson_list(request: HttpRequest) -> HttpResponse:
    """Everyone who spoke at a published briefing: how many briefings, from when to when."""
    people = Entity.objects.spokespersons()
    return render(request, "briefings/spokesperson_list.html", {"people": people})


def outlet_list(request: HttpRequest) -> HttpResponse:
    """Every outlet that asked a question, with how many exchanges it opened."""
    return render(request, "briefings/outlet_list.html", {"outlets": Entity.objects.outlets()})


def entity_list(request: HttpRequest) -> HttpResponse:
    """Everyone and everything the exchanges name, by kind, with how many exchanges."""
    return render(request, "briefings/entity_list.html", {"entities": Entity.objects.named()})


def entity_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An entity: what it is, when it was named, the exchanges naming it, who it comes with."""
    entity = find_entity(slug)
    if entity.slug != slug:
        return redirect("briefings:entity", entity.slug, permanent=True)
    questions = mentioning_questions(entity)
    page = Paginator(questions.for_listing().newest_first(), PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "entity": entity,
        "page": page,
        "bars": month_chart(questions),
        "companions": mentioned_with(entity, questions),
    }
    return render(request, "briefings/entity_detail.html", context)


def find_entity(slug: str) -> Entity:
    """The entity with a slug, or the one an old slug now points to; else 404."""
    entity = EntitySlugRedirect.resolve(Entity.objects.all(), slug)
    if entity is None:
        raise Http404("Nobody by that name in the archive.")
    return entity


def person_page(
    request: HttpRequest, slug: str, role: str, questions_of: Callable[[Entity], QuestionQuerySet]
) -> HttpResponse:
    """A spokesperson's or an outlet's exchanges, newest first, with how many and when."""
    entity = find_entity(slug)
    if entity.slug != slug:
        return redirect(f"briefings:{role}", entity.slug, permanent=True)
    questions = questions_of(entity)
    years = [d.year for d in questions.dates("briefing__date", "year")]
    page = Paginator(questions.for_listing().newest_first(), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "briefings/person_detail.html",
        {"entity": entity, "role": role, "page": page, "years": years},
    )


def spokesperson_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A spokesperson: the exchanges they answered."""
    return person_page(
        request, slug, "spokesperson", lambda e: Question.objects.published().answered_by(e)
    )


def outlet_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A news outlet: the exchanges its reporters opened."""
    return person_page(request, slug, "outlet", lambda e: Question.objects.published().asked_by(e))
