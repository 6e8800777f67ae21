"""The home page: latest briefings, busy topics, a search box, what the archive holds."""

import re

import pytest
from django.contrib.staticfiles import finders

from briefings.models import ExchangeTopic
from tests.factories import add_exchange, make_briefing, make_topic

pytestmark = pytest.mark.django_db


def test_home_lists_latest_briefings_with_spokesperson_and_first_questions(client):
    make_briefing("2019-12-31", spokesperson="Geng Shuang", exchanges=1)
    latest = make_briefing("2020-03-04", spokesperson="Zhao Lijian")
    add_exchange(latest, "Can you update us on the epidemic situation in Hubei?", ["Yes."])

    html = client.get("/").content.decode().split('id="latest-heading"')[1]

    assert html.index("4 March 2020") < html.index("31 December 2019")
    assert "Zhao Lijian" in html and "Geng Shuang" in html
    assert "Can you update us on the epidemic situation in Hubei?" in html


def test_home_says_how_many_briefings_and_from_when_to_when(client):
    make_briefing("2019-12-31")
    make_briefing("2020-03-04")

    html = client.get("/").content.decode()

    assert "The archive holds 2 briefings, from" in html
    assert "31 December 2019" in html and "4 March 2020" in html


def test_home_has_a_search_box_sending_q_to_search(client):
    html = client.get("/").content.decode()

    assert 'action="/search/"' in html and 'name="q"' in html
    assert '<label for="q">' in html


def test_home_shows_topics_of_recent_weeks_busiest_first(client):
    old = make_briefing("2019-01-02", exchanges=1)
    recent = make_briefing("2020-03-04", exchanges=3)
    ExchangeTopic.objects.create(question=old.questions.get(), topic=make_topic("Brexit"))
    for question in recent.questions.all():
        ExchangeTopic.objects.create(question=question, topic=make_topic("COVID-19"))
    ExchangeTopic.objects.create(question=recent.questions.first(), topic=make_topic("Hong Kong"))
    ExchangeTopic.objects.create(
        question=recent.questions.last(), topic=make_topic("Ignored"), status="rejected"
    )

    html = client.get("/").content.decode()

    assert html.index("COVID-19") < html.index("Hong Kong")
    assert "Brexit" not in html
    assert "Ignored" not in html


@pytest.mark.parametrize("briefings", [2, 12])
def test_home_runs_a_fixed_number_of_queries(client, django_assert_num_queries, briefings):
    for day in range(1, briefings + 1):
        make_briefing(f"2020-03-{day:02d}", exchanges=4)

    with django_assert_num_queries(5):
        assert client.get("/").status_code == 200


def test_home_says_when_no_recent_exchange_has_a_topic(client):
    make_briefing("2020-03-04", exchanges=2)
    make_topic("Trade")

    html = client.get("/").content.decode().split('id="topics-heading"')[1]

    assert "No exchange of the archive's last 8 weeks has been tagged with a topic yet." in html
    assert 'href="/topics/"' in html


def test_an_empty_archive_home_says_where_topics_come_from(client):
    html = client.get("/").content.decode()

    assert "Topics appear here once briefings are imported and their exchanges tagged." in html
    assert "The archive holds no briefings yet." in html


def test_every_page_links_an_svg_favicon_that_is_served(client):
    html = client.get("/").content.decode()

    icon = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', html)
    assert icon is not None
    assert finders.find(icon.group(1).removeprefix("/static/")) is not None
    assert client.get("/favicon.ico")["Location"] == icon.group(1)
