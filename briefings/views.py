"""Public pages: thin views over the QuerySets in models.py."""

from __future__ import annotations

import datetime

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from .models import Answer, Briefing, Entity, ExchangePermalink, Question, Topic


def parse_day(year: int, month: str, day: str | None = None) -> datetime.date:
    """The date in a URL, or 404 for one that does not exist (2022/02/30)."""
    try:
        return datetime.date(int(year), int(month), int(day or 1))
    except (TypeError, ValueError):
        raise Http404("No such date.") from None


def home(request: HttpRequest) -> HttpResponse:
    latest = Briefing.objects.published().select_related("source")[:10]
    return render(request, "briefings/home.html", {"latest": latest})


def briefing_list(request: HttpRequest) -> HttpResponse:
    briefings = Briefing.objects.published().select_related("source")[:50]
    return render(request, "briefings/briefing_list.html", {"briefings": briefings})


def year_archive(request: HttpRequest, year: int) -> HttpResponse:
    parse_day(year, "1")
    briefings = Briefing.objects.published().filter(date__year=year).select_related("source")
    return render(request, "briefings/briefing_list.html", {"briefings": briefings})


def month_archive(request: HttpRequest, year: int, month: str) -> HttpResponse:
    first = parse_day(year, month)
    briefings = (
        Briefing.objects.published()
        .filter(date__year=first.year, date__month=first.month)
        .select_related("source")
    )
    return render(request, "briefings/briefing_list.html", {"briefings": briefings})


def day_archive(request: HttpRequest, year: int, month: str, day: str) -> HttpResponse:
    briefings = Briefing.objects.published().on_day(parse_day(year, month, day))
    return render(
        request, "briefings/briefing_list.html", {"briefings": briefings.select_related("source")}
    )


def get_briefing(year: int, month: str, day: str, slug: str) -> Briefing:
    """The briefing at a permalink, or 404."""
    return get_object_or_404(
        Briefing.objects.published().select_related("source"),
        date=parse_day(year, month, day),
        slug=slug,
    )


def briefing_detail(
    request: HttpRequest, year: int, month: str, day: str, slug: str
) -> HttpResponse:
    briefing = get_briefing(year, month, day, slug)
    questions = briefing.questions.prefetch_related(
        Prefetch("answers", queryset=Answer.objects.select_related("speaker"))
    ).select_related("asker")
    statements = briefing.statements.filter(question__isnull=True)
    return render(
        request,
        "briefings/briefing_detail.html",
        {"briefing": briefing, "questions": questions, "statements": statements},
    )


def exchange_detail(
    request: HttpRequest, year: int, month: str, day: str, slug: str, number: int
) -> HttpResponse:
    briefing = get_briefing(year, month, day, slug)
    question = briefing.questions.filter(number=number).select_related("asker").first()
    if question is None:
        permalink = get_object_or_404(ExchangePermalink, briefing=briefing, number=number)
        if permalink.question_id:
            return redirect(permalink.question, permanent=True)
        return render(
            request,
            "briefings/exchange_removed.html",
            {"briefing": briefing, "permalink": permalink},
        )
    return render(
        request,
        "briefings/exchange_detail.html",
        {"briefing": briefing, "question": question, "answers": question.answers.all()},
    )


def topic_list(request: HttpRequest) -> HttpResponse:
    return render(request, "briefings/topic_list.html", {"topics": Topic.objects.all()})


def exchanges_page(
    request: HttpRequest, title: str, questions: object, subject: object
) -> HttpResponse:
    return render(
        request,
        "briefings/exchange_list.html",
        {"title": title, "questions": questions, "subject": subject},
    )


def topic_detail(request: HttpRequest, slug: str) -> HttpResponse:
    topic = get_object_or_404(Topic, slug=slug)
    questions = Question.objects.published().filter(topic_links__topic=topic).for_listing()
    return exchanges_page(request, topic.name, questions.order_by("-briefing__date")[:50], topic)


def entity_detail(request: HttpRequest, slug: str) -> HttpResponse:
    entity = get_object_or_404(Entity, slug=slug)
    questions = Question.objects.published().filter(mentions__entity=entity).for_listing()
    return exchanges_page(request, entity.name, questions.order_by("-briefing__date")[:50], entity)


def spokesperson_detail(request: HttpRequest, slug: str) -> HttpResponse:
    entity = get_object_or_404(Entity, slug=slug)
    questions = (
        Question.objects.published().filter(answers__speaker=entity).distinct().for_listing()
    )
    return exchanges_page(request, entity.name, questions.order_by("-briefing__date")[:50], entity)


def outlet_detail(request: HttpRequest, slug: str) -> HttpResponse:
    entity = get_object_or_404(Entity, slug=slug)
    questions = Question.objects.published().filter(asker=entity).for_listing()
    return exchanges_page(request, entity.name, questions.order_by("-briefing__date")[:50], entity)


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:500]
    questions = Question.objects.none()
    if query.strip():
        questions = Question.objects.published().filter(text__icontains=query).for_listing()[:50]
    return exchanges_page(request, f"Search: {query}", questions, None)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)
