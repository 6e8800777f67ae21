"""The exchange card that lists show: who asked, who answered, first words, topics."""

import pytest

from briefings.models import ExchangeTopic
from tests.factories import add_exchange, make_briefing, make_topic

pytestmark = pytest.mark.django_db


def test_card_shows_asker_spokesperson_first_words_and_only_tagged_topics(client):
    briefing = make_briefing("2020-03-04", spokesperson="Geng Shuang")
    question = add_exchange(briefing, "What about the locust swarm in Pakistan?", ["We help."])
    tagged, suggested = make_topic("Pakistan"), make_topic("Agriculture")
    ExchangeTopic.objects.create(question=question, topic=tagged, status="manual")
    ExchangeTopic.objects.create(question=question, topic=suggested, status="suggested")

    html = client.get(tagged.get_absolute_url()).content.decode()

    assert "China Daily" in html
    assert "Geng Shuang" in html
    assert "What about the locust swarm in Pakistan?" in html
    assert question.get_absolute_url() in html
    assert 'href="/topics/pakistan/"' in html
    assert "Agriculture" not in html
