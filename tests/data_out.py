"""A small archive for the API and export tests, and readers for what they answer."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from django.core.cache import cache

from briefings.models import ExchangeTopic, Mention, Question
from tests.factories import add_exchange, add_statement, make_briefing, make_entity, make_topic


@dataclass
class Archive:
    """The exchanges by name, for the assertions."""

    exchanges: dict[str, Question]


def build_archive() -> Archive:
    """Five published briefings over two sources and two languages, one unpublished."""
    cache.clear()  # throttling counts live in the cache; each test starts afresh
    old = make_briefing("2016-11-28", spokesperson="Geng Shuang")
    zh = make_briefing("2016-11-28", language="zh", spokesperson="Geng Shuang")
    mid = make_briefing("2019-07-16", spokesperson="Geng Shuang")
    new = make_briefing("2020-03-04", spokesperson="Zhao Lijian")
    wh = make_briefing("2021-01-20", source="whitehouse", spokesperson="Jen Psaki")
    hidden = make_briefing("2020-03-05", is_published=False)
    add_statement(new, "Good afternoon. I have two announcements to make.")
    exchanges = {
        "taiwan": add_exchange(
            new,
            "What is China's response to the arms sale to Taiwan?",
            ["China firmly opposes it.", "We urge the US to stop."],
            asker="Reuters",
        ),
        "anonymous": add_exchange(
            new, "Will China take countermeasures?", ["Stay tuned."], asker=None
        ),
        "trade": add_exchange(
            mid, "Any news on the trade talks?", ["The talks go on."], asker="AFP", note="(Laughs)"
        ),
        "quote": add_exchange(
            old,
            "The “Diaoyu Islands” — café owners said “non” to the déjà vu?",
            ["Ça va."],
            asker="Bloomberg",
        ),
        "zh": add_exchange(
            zh,
            "据报道，台湾地区领导人将过境美国。中方对此有何评论？",
            ["我们坚决反对。"],
            asker="中国日报",
            label="中国日报",
        ),
        "whitehouse": add_exchange(
            wh, "Does the President plan a call on Taiwan?", ["Not today."], asker="AP"
        ),
        "hidden": add_exchange(hidden, "Unpublished question on Taiwan?", ["Hidden."]),
    }
    taiwan = make_topic("Taiwan", description="Cross-strait questions.")
    for name in ("taiwan", "zh", "whitehouse"):
        ExchangeTopic.objects.create(question=exchanges[name], topic=taiwan)
    ExchangeTopic.objects.create(
        question=exchanges["trade"], topic=taiwan, status=ExchangeTopic.Status.SUGGESTED
    )
    us = make_entity("United States", kind="country")
    Mention.objects.create(question=exchanges["taiwan"], entity=us, count=2)
    Mention.objects.create(question=exchanges["whitehouse"], entity=us)
    Mention.objects.create(question=exchanges["trade"], entity=us, origin=Mention.Origin.REJECTED)
    return Archive(exchanges=exchanges)


def csv_rows(content: bytes) -> list[dict[str, str]]:
    """A CSV export read as a spreadsheet would: UTF-8 with its byte order mark."""
    assert content.startswith("\ufeff".encode()), "a CSV export starts with a byte order mark"
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def jsonl_rows(content: bytes) -> list[dict[str, object]]:
    """A JSON Lines export, one object per line."""
    lines = content.decode("utf-8").splitlines()
    return [json.loads(line) for line in lines]


def streamed(response: object) -> bytes:
    """The body of a (streamed) response."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return response.content  # type: ignore[attr-defined]


def api_ids(client: object, path: str, params: dict[str, str]) -> list[int]:
    """The ids of every result of an API list, following its `next` links."""
    ids: list[int] = []
    response = client.get(path, {**params, "page_size": "2"})  # type: ignore[attr-defined]
    while True:
        assert response.status_code == 200, response.content
        page = response.json()
        ids += [result["id"] for result in page["results"]]
        if not page["next"]:
            return ids
        response = client.get(page["next"])  # type: ignore[attr-defined]
