"""What search reads from each exchange's own row stays true to its briefing.

Search filters and counts by copies of the briefing's date, source, language,
publication and spokespersons kept on the exchange, and shows its chart as a share of
per-month totals; PostgreSQL keeps both current (migrations 0006 and 0007).
"""

from __future__ import annotations

import datetime
import re

import pytest

from briefings.models import Briefing, ExchangeTopic, MonthTotal, Question
from tests.factories import add_exchange, make_briefing, make_entity, make_source, make_topic

pytestmark = pytest.mark.django_db


def copies(question: Question) -> dict[str, object]:
    question.refresh_from_db()
    return {
        "date": question.briefing_date,
        "source": question.briefing_source_id,
        "language": question.briefing_language,
        "published": question.briefing_published,
        "spokespersons": question.briefing_spokesperson_ids,
        "topics": question.tagged_topic_ids,
    }


def totals() -> dict[str, int]:
    return {f"{t.month:%Y-%m}": t.exchanges for t in MonthTotal.objects.all() if t.exchanges}


def found(client, **params) -> int:
    html = client.get("/search/", params).content.decode()
    match = re.search(r'class="search-count">[^<]*? of (?:about )?([\d,]+) exchange', html)
    return int(match.group(1).replace(",", "")) if match else 0


def test_a_new_exchange_carries_its_briefings_date_source_language_and_spokespersons():
    briefing = make_briefing("2021-05-06", language="zh", spokesperson="Hua Chunying")
    question = add_exchange(briefing, "中方如何看待？", ["我们注意到有关报道。"])
    assert copies(question) == {
        "date": datetime.date(2021, 5, 6),
        "source": briefing.source_id,
        "language": "zh",
        "published": True,
        "spokespersons": [make_entity("Hua Chunying").pk],
        "topics": None,
    }


def test_editing_a_briefing_updates_its_exchanges_copies():
    briefing = make_briefing("2021-05-06", spokesperson="Hua Chunying")
    question = add_exchange(briefing, "Will the minister visit?", ["No plans."])
    briefing.date = datetime.date(2021, 5, 7)
    briefing.source = make_source("whitehouse")
    briefing.is_published = False
    briefing.save()
    briefing.spokespersons.add(make_entity("Zhao Lijian"))
    briefing.spokespersons.remove(make_entity("Hua Chunying"))
    assert copies(question) == {
        "date": datetime.date(2021, 5, 7),
        "source": make_source("whitehouse").pk,
        "language": "en",
        "published": False,
        "spokespersons": [make_entity("Zhao Lijian").pk],
        "topics": None,
    }


def test_tagged_topics_are_copied_and_suggestions_are_not():
    question = add_exchange(make_briefing("2021-05-06"), "On the strait?", ["No comment."])
    strait, trade = make_topic("Strait"), make_topic("Trade")
    link = ExchangeTopic.objects.create(
        question=question, topic=strait, status=ExchangeTopic.Status.SUGGESTED
    )
    ExchangeTopic.objects.create(question=question, topic=trade)
    assert copies(question)["topics"] == [trade.pk]
    link.status = ExchangeTopic.Status.ACCEPTED
    link.save()
    assert copies(question)["topics"] == sorted([strait.pk, trade.pk])
    ExchangeTopic.objects.filter(topic=trade).delete()
    assert copies(question)["topics"] == [strait.pk]


def test_an_unpublished_briefing_leaves_search_and_comes_back(client):
    briefing = make_briefing("2021-05-06")
    add_exchange(briefing, "A question about the Greyhollow Strait?", ["An answer."])
    assert found(client, q="Greyhollow") == 1
    Briefing.objects.filter(pk=briefing.pk).update(is_published=False)
    assert found(client, q="Greyhollow") == 0
    Briefing.objects.filter(pk=briefing.pk).update(is_published=True)
    assert found(client, q="Greyhollow", spokesperson="zhao-lijian") == 1


def test_month_totals_follow_exchanges_added_moved_unpublished_and_deleted():
    may = make_briefing("2021-05-06", exchanges=3)
    june = make_briefing("2021-06-01", exchanges=2)
    assert totals() == {"2021-05": 3, "2021-06": 2}
    may.date = datetime.date(2021, 7, 1)
    may.save()
    assert totals() == {"2021-06": 2, "2021-07": 3}
    june.is_published = False
    june.save()
    assert totals() == {"2021-07": 3}
    may.questions.first().delete()
    assert totals() == {"2021-07": 2}


def test_the_share_of_all_exchanges_uses_the_month_totals(client):
    briefing = make_briefing("2021-05-06", exchanges=3)
    add_exchange(briefing, "What about Lowmere?", ["Nothing to add."])
    html = client.get("/search/", {"q": "Lowmere", "normalise": "1"}).content.decode()
    assert '<th scope="row">2021</th><td>1</td><td>4</td>' in html
