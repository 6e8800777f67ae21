"""Demo data: briefings of a fictional briefing room, written as plain-text transcripts.

Everything here is invented and labelled as such: the source is "Demo Briefing Room
(fictional)" (`is_demo`, shown on every page), the country is the Republic of Veloria,
and the spokespersons, outlets, places and organisations do not exist. Nothing is
attributed to a real person or a real ministry.

The transcripts are generated as text in the MFA's plain-text shape and go through the
real parser and importer, so the demo exercises the same path as real data. The same
seed gives the same texts, so loading the demo twice changes nothing.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import models

from .models import (
    Entity,
    EntityAlias,
    ExchangeTopic,
    Source,
    Topic,
    normalize_alias,
    unique_slug,
)
from .topics import review_suggestions

SOURCE = {
    "slug": "demo",
    "name": "Demo Briefing Room (fictional)",
    "main_language": "en",
    "is_demo": True,
}
COUNTRY = "Veloria"
SPOKESPERSONS = ["Ilse Marrow", "Tobin Asquel", "Wren Halloway", "Daro Kestin"]
OUTLETS = [
    "Lakeside Courier",
    "Tidewater Broadcasting",
    "The Amberly Gazette",
    "Kestrel News Agency",
    "Northgate Radio",
    "Brightwater Times",
]
# Fictional places and bodies, with the other names they go by in the text.
ENTITIES: dict[str, tuple[str, list[str]]] = {
    "Republic of Veloria": (Entity.Kind.COUNTRY, ["Veloria"]),
    "Caldria": (Entity.Kind.COUNTRY, ["Republic of Caldria"]),
    "Sorrel Isles": (Entity.Kind.PLACE, ["the Sorrel Isles"]),
    "Port Quillon": (Entity.Kind.PLACE, []),
    "Marrowfen": (Entity.Kind.PLACE, []),
    "Council of the Nine Rivers": (Entity.Kind.ORGANISATION, ["Nine Rivers Council"]),
    "Varnholt Grain Board": (Entity.Kind.ORGANISATION, []),
}
TOPICS: dict[str, tuple[str, list[str]]] = {
    "Harbour dispute": (
        "The quarrel over fishing rights and berths in Port Quillon.",
        ["harbour", "Port Quillon", "fishing rights"],
    ),
    "Grain exports": ("Harvests, grain quotas and the Varnholt Grain Board.", ["grain", "harvest"]),
    "Rail corridor": ("The planned rail link through Marrowfen.", ["rail", "corridor"]),
    "Island climate pledge": (
        "Emission targets agreed with the Sorrel Isles.",
        ["emissions", "climate pledge"],
    ),
    "Consular cases": ("Citizens held or stranded abroad.", ["consular", "detained"]),
}

ANNOUNCEMENTS = [
    "At the invitation of the Council of the Nine Rivers, the Foreign Secretary of Veloria "
    "will attend its spring session in Port Quillon from {d1} to {d2}.",
    "The Foreign Secretary of Caldria will pay an official visit to Veloria from {d1} to {d2}. "
    "The two sides will discuss the rail corridor through Marrowfen.",
    "The regular press conference will adjourn from {d1} to {d2} for the harvest holiday. "
    "Questions can be sent to the press office in the meantime.",
]
QUESTIONS: list[tuple[str, list[str]]] = [
    (
        "Fishing boats from Caldria were turned away from Port Quillon yesterday. "
        "What is Veloria's response?",
        [
            "We have taken note of the reports. The harbour rules apply to every vessel alike, "
            "and the fishing rights agreed in the Nine Rivers framework remain in force.",
            "We hope Caldria will keep to that framework and settle differences through talks.",
        ],
    ),
    (
        "The Varnholt Grain Board says this year's grain harvest is the largest in a decade. "
        "Will Veloria raise its export quota?",
        [
            "The harvest is good news for farmers. Decisions on quotas are for the trade "
            "ministry; I would refer you to the competent authorities.",
        ],
    ),
    (
        "When will construction start on the rail corridor through Marrowfen?",
        [
            "Preparatory work on the rail corridor is going well. Both sides are finishing "
            "the survey, and we will release information in due course.",
        ],
    ),
    (
        "Can you confirm that two citizens of Veloria have been detained in Caldria?",
        [
            "Our consular staff are following the case closely and have asked for access.",
            "We call on the authorities concerned to protect their lawful rights.",
        ],
    ),
    (
        "The Sorrel Isles have asked for more help to meet their climate pledge. "
        "How will Veloria respond?",
        [
            "Veloria stands by its climate pledge to the Sorrel Isles. We will keep supporting "
            "their work to cut emissions with funding and training.",
        ],
    ),
    (
        "Is the Council of the Nine Rivers expected to admit a new member this year?",
        ["I have no information to release at the moment. Please stay tuned."],
    ),
    (
        "Reports say the harbour talks with Caldria stalled last night. Is that true?",
        [
            "The talks are ongoing. Both delegations had a candid and constructive exchange "
            "on fishing rights.",
            "(The journalist smiled.) I understand your interest, but I cannot go further today.",
        ],
    ),
    (
        "Will the Foreign Secretary visit the Sorrel Isles during the recess?",
        ["We will release information on any visit in due course."],
    ),
]
FOLLOW_UPS = [
    ("Can you say when the next round will be held?", "Please stay tuned."),
    ("Is Veloria considering any countermeasures?", "I have nothing further to add."),
    ("Has the consulate been able to visit them?", "Our staff are working on it."),
]


@dataclass(frozen=True)
class DemoTranscript:
    """One generated transcript: the file name it would have, and its text."""

    filename: str
    date: datetime.date
    spokesperson: str
    text: str


def briefing_days(count: int, start: datetime.date) -> list[datetime.date]:
    """`count` weekdays from `start`, with a few skipped so the calendar shows gaps."""
    days: list[datetime.date] = []
    day = start
    while len(days) < count:
        if day.weekday() < 5 and day.day % 9 != 0:  # the 9th, 18th and 27th are off
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def generate_transcripts(
    count: int = 60,
    *,
    start: datetime.date = datetime.date(2025, 1, 6),
    exchanges: tuple[int, int] = (4, 9),
    seed: int = 7,
) -> Iterator[DemoTranscript]:
    """Plain-text transcripts of the fictional briefing room, the same ones for the same seed."""
    rng = random.Random(seed)
    for number, day in enumerate(briefing_days(count, start)):
        speaker = SPOKESPERSONS[(number // 5) % len(SPOKESPERSONS)]
        # No title line: an MFA-shaped title would make the parser take the file for
        # the MFA's; the date and spokesperson come as hints, as for the seed file.
        paragraphs = [
            f"{speaker}: Good afternoon. This is a fictional briefing of the Demo Briefing "
            "Room, made up to show how the archive works.",
        ]
        if rng.random() < 0.4:
            d1, d2 = day + datetime.timedelta(days=3), day + datetime.timedelta(days=5)
            template = rng.choice(ANNOUNCEMENTS)
            paragraphs.append(template.format(d1=f"{d1:%B} {d1.day}", d2=f"{d2:%B} {d2.day}"))
        wanted = rng.randint(*exchanges)
        picked = (
            rng.sample(QUESTIONS, k=wanted)
            if wanted <= len(QUESTIONS)
            else [rng.choice(QUESTIONS) for _ in range(wanted)]  # longer days repeat themes
        )
        for question, answers in picked:
            outlet = rng.choice(OUTLETS)
            paragraphs.append(f"{outlet}: {question}")
            paragraphs.append(f"{speaker}: {answers[0]}")
            paragraphs.extend(answers[1:])  # unlabelled continuation paragraphs
            if rng.random() < 0.25:
                follow_up, reply = rng.choice(FOLLOW_UPS)
                paragraphs += [f"Follow-up: {follow_up}", f"{speaker}: {reply}"]
        yield DemoTranscript(
            filename=f"demo-{day.isoformat()}.txt",
            date=day,
            spokesperson=speaker,
            text="\n\n".join(paragraphs) + "\n",
        )


def ensure_demo_records() -> tuple[Source, int, int]:
    """The demo source, entities and topics, created once; (source, entities, topics) added."""
    fields = {key: value for key, value in SOURCE.items() if key != "slug"}
    source, _ = Source.objects.update_or_create(slug=SOURCE["slug"], defaults=fields)
    entities_added = 0
    for name, (kind, aliases) in ENTITIES.items():
        if EntityAlias.objects.filter(normalized=normalize_alias(name)).exists():
            continue
        entity = Entity.objects.create(
            name=name,
            kind=kind,
            slug=unique_slug(Entity, name),
            description="Fictional: part of the demo data.",
        )
        for alias in [name, *aliases]:
            if not EntityAlias.objects.filter(normalized=normalize_alias(alias)).exists():
                EntityAlias.objects.create(entity=entity, name=alias)
        entities_added += 1
    for name in OUTLETS:
        if EntityAlias.objects.filter(normalized=normalize_alias(name)).exists():
            continue
        plain = name.removeprefix("The ")
        entity = Entity.objects.create(
            name=plain,
            kind=Entity.Kind.OUTLET,
            slug=unique_slug(Entity, plain),
            description="A fictional outlet of the demo data.",
        )
        EntityAlias.objects.create(entity=entity, name=plain)
        entities_added += 1
    topics_added = 0
    for name, (description, keywords) in TOPICS.items():
        _, created = Topic.objects.get_or_create(
            name=name,
            defaults={
                "slug": unique_slug(Topic, name),
                "description": f"{description} (Fictional: part of the demo data.)",
                "keywords": "\n".join(keywords),
            },
        )
        topics_added += created
    return source, entities_added, topics_added


def tag_demo_exchanges(source: Source) -> int:
    """Accept the keyword suggestions on odd-numbered demo exchanges; how many were accepted.

    Suggestions alone are not topics, so without this a fresh install would show no topic
    on the home page or the topic pages. The even-numbered ones stay in the editors'
    queue. Done once: when any demo exchange already carries a topic (from an earlier
    load, or from an editor), nothing changes.
    """
    links = ExchangeTopic.objects.filter(
        question__briefing__source=source, topic__name__in=list(TOPICS)
    )
    if links.filter(status__in=ExchangeTopic.TAGGED).exists():
        return 0
    odd = links.alias(odd=models.F("question__number") % 2).filter(odd=1)
    return review_suggestions(odd, accept=True)
