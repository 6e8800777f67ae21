"""Ready-made citations of an exchange, and the full addresses they name."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

from .models import Question

SITE_NAME = "Briefing Archive"
BIBTEX_SPECIAL = str.maketrans({c: f"\\{c}" for c in "{}&%$#_"})


def absolute_url(request: HttpRequest | None, path: str) -> str:
    """The full address of a path: on SITE_URL when set (citations must not name a proxy's
    internal host), else on the host the request came to."""
    if settings.SITE_URL:
        return settings.SITE_URL + path
    if request is not None:
        return request.build_absolute_uri(path)
    return path


@dataclass(frozen=True)
class Citations:
    chicago: str
    apa: str
    bibtex: str


def exchange_title(question: Question) -> str:
    """The briefing's title as published, or a plain description when it has none."""
    return str(question.briefing)


def cite_exchange(question: Question, url: str) -> Citations:
    """Chicago, APA and BibTeX citations of one exchange at its permalink `url`."""
    briefing = question.briefing
    author = briefing.source.name
    title = exchange_title(question)
    asker = question.asker_name
    asked = f", question from {asker}" if asker else ""
    date = briefing.date
    # Place and times when the transcript gives them (White House: room, start and end).
    place = f"{briefing.place}, " if briefing.place else ""
    times = f", {briefing.time_span}" if briefing.time_span else ""
    held = f"; {briefing.place_and_time}" if briefing.place_and_time else ""
    chicago = (
        f"{author}. “{title}.” Exchange {question.number}{asked}. "
        f"{place}{date:%B} {date.day}, {date.year}{times}. {SITE_NAME}. {url}."
    )
    apa = (
        f"{author}. ({date.year}, {date:%B} {date.day}). {title} "
        f"[Press briefing transcript, exchange {question.number}{held}]. {SITE_NAME}. {url}"
    )
    bib_title = f"{{{title.translate(BIBTEX_SPECIAL)}}}, exchange {question.number}"
    key = f"{briefing.slug}-{date:%Y-%m-%d}-{question.number}".replace("-", "_")
    bibtex = "\n".join(
        [
            f"@misc{{{key},",
            f"  author       = {{{{{author.translate(BIBTEX_SPECIAL)}}}}},",
            f"  title        = {{{bib_title}}},",
            f"  year         = {{{date.year}}},",
            f"  month        = {date.strftime('%b').lower()},",
            f"  howpublished = {{{SITE_NAME}}},",
            f"  note         = {{Press briefing transcript, {date.day} {date:%B} {date.year}"
            f"{held.replace('; ', ', ', 1).translate(BIBTEX_SPECIAL)}"
            f"{asked.translate(BIBTEX_SPECIAL)}}},",
            f"  url          = {{{url}}}",
            "}",
        ]
    )
    return Citations(chicago=chicago, apa=apa, bibtex=bibtex)
