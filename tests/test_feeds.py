"""Feeds of a topic, an entity, a spokesperson, an outlet and any search, read by a feed parser."""

from __future__ import annotations

import datetime

import feedparser
import pytest
from bs4 import BeautifulSoup

from briefings.models import ExchangeTopic, Mention, Topic, TopicSlugRedirect
from tests.factories import add_exchange, make_briefing, make_entity, make_topic

pytestmark = pytest.mark.django_db

SITE = "https://briefings.example.org"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def read_feed(client, url: str) -> feedparser.FeedParserDict:
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def tag(question, topic: Topic) -> None:
    ExchangeTopic.objects.create(question=question, topic=topic, status="manual")


def name(question, entity) -> None:
    Mention.objects.create(question=question, entity=entity, origin="auto")


def permalinks(questions) -> list[str]:
    return [SITE + question.get_absolute_url() for question in questions]


@pytest.fixture
def archive():
    """Three briefings on three days; exchanges about trade and about Taiwan, asked by two
    outlets and answered by two spokespersons."""
    trade = make_topic("Trade")
    taiwan = make_topic("Taiwan")
    place = make_entity("Valdoria", "country")
    first = make_briefing("2020-03-02", spokesperson="Zhao Lijian")
    second = make_briefing("2020-03-03", spokesperson="Hua Chunying")
    third = make_briefing("2020-03-04", spokesperson="Zhao Lijian")
    questions = {
        "old trade": add_exchange(first, "Will the trade talks resume?", ["They will."]),
        "old taiwan": add_exchange(
            first, "A question on Taiwan.", ["Taiwan is part of China."], asker="Reuters"
        ),
        "mid trade": add_exchange(
            second,
            "Tariffs on Valdoria steel?\n\nAnd on aluminium?",
            ["We oppose tariffs.", "That is all."],
        ),
        "new trade": add_exchange(
            third, "Trade with Valdoria grew. Comment?", ["Cooperation is good."], asker=None
        ),
        "new other": add_exchange(third, "The weather?", ["Sunny."], asker="Reuters"),
    }
    for key in ("old trade", "mid trade", "new trade"):
        tag(questions[key], trade)
    tag(questions["old taiwan"], taiwan)
    name(questions["mid trade"], place)
    name(questions["new trade"], place)
    return questions


def test_topic_feed_lists_its_exchanges_newest_first_with_permalink_date_asker_and_text(
    client, archive
):
    feed = read_feed(client, "/topics/trade/feed/")

    assert feed.version == "atom10"
    assert feed.feed.title == "Trade — Briefing Archive"
    assert feed.feed.link == f"{SITE}/topics/trade/"
    expected = [archive["new trade"], archive["mid trade"], archive["old trade"]]
    assert [entry.link for entry in feed.entries] == permalinks(expected)
    newest, middle, oldest = feed.entries
    assert newest.published_parsed[:3] == (2020, 3, 4)
    assert oldest.published_parsed[:3] == (2020, 3, 2)
    assert middle.author == "China Daily"
    assert newest.author == "Question"  # the transcript names no outlet
    assert "Tariffs on Valdoria steel?" in middle.summary
    assert "And on aluminium?" in middle.summary
    assert "We oppose tariffs." in middle.summary and "That is all." in middle.summary
    assert [tag.term for tag in middle.tags] == ["Trade"]


def test_rss_feed_beside_the_atom_feed_carries_the_same_entries(client, archive):
    atom = read_feed(client, "/topics/trade/feed/")
    rss = read_feed(client, "/topics/trade/feed/rss/")

    assert rss.version == "rss20"
    assert [e.link for e in rss.entries] == [e.link for e in atom.entries]
    assert [e.author for e in rss.entries] == [e.author for e in atom.entries]
    assert [e.published_parsed[:3] for e in rss.entries] == [
        e.published_parsed[:3] for e in atom.entries
    ]
    assert "We oppose tariffs." in rss.entries[1].summary


@pytest.mark.parametrize(
    ("page", "feed"),
    [
        ("/topics/trade/", "/topics/trade/feed/"),
        ("/entities/valdoria/", "/entities/valdoria/feed/"),
        ("/spokespersons/zhao-lijian/", "/spokespersons/zhao-lijian/feed/"),
        ("/outlets/reuters/", "/outlets/reuters/feed/"),
        ("/outlets/china-daily/feed/".removesuffix("feed/"), "/outlets/china-daily/feed/rss/"),
    ],
)
def test_a_pages_feed_lists_the_exchanges_the_page_lists_in_its_order(client, archive, page, feed):
    shown = client.get(page).context["page"].object_list

    entries = read_feed(client, feed).entries

    assert shown, "the page lists exchanges"
    assert [entry.link for entry in entries] == permalinks(shown)


@pytest.mark.parametrize(
    "query",
    [
        "q=trade",
        "q=tariffs&outlet=china-daily",
        "topic=trade&spokesperson=zhao-lijian",
        "q=Valdoria&from=2020-03-03&to=2020-03-04",
        "entity=valdoria&language=en&source=mfa",
    ],
)
def test_search_feed_lists_what_the_search_page_finds_newest_first(client, archive, query):
    shown = client.get(f"/search/?{query}&sort=newest").context["results"].questions

    feed = read_feed(client, f"/search/feed/?{query}")

    assert shown, "the search finds exchanges"
    assert [entry.link for entry in feed.entries] == permalinks(shown)
    assert feed.feed.link == f"{SITE}/search/?{query}&sort=newest"


def test_search_feed_leaves_out_the_pages_display_options(client, archive):
    feed = read_feed(client, "/search/feed/?q=trade&page=3&sort=oldest&normalise=1")

    assert len(feed.entries) == 2
    assert feed.feed.title == "Search: trade — Briefing Archive"


def test_search_feed_with_an_unknown_filter_value_says_what_is_wrong(client, archive):
    response = client.get("/search/feed/?q=trade&topic=no-such-topic")

    assert response.status_code == 400
    assert "No topic is called “no-such-topic”." in response.content.decode()


def test_search_feed_takes_stray_quotes_and_operators(client, archive):
    for query in ['"trade', "trade OR", "-", "((", "' OR 1=1 --", "\x00trade"]:
        response = client.get("/search/feed/", {"q": query})
        assert response.status_code == 200, query
        assert not feedparser.parse(response.content).bozo


def test_feed_of_an_unknown_subject_is_not_found(client, archive):
    assert client.get("/topics/no-such-topic/feed/").status_code == 404
    assert client.get("/outlets/nobody/feed/rss/").status_code == 404


def test_feed_at_a_renamed_topics_old_address_moves_to_the_new_one(client, archive):
    topic = Topic.objects.get(slug="trade")
    topic.slug = "trade-talks"
    topic.save()
    TopicSlugRedirect.keep(topic, "trade")

    response = client.get("/topics/trade/feed/rss/")

    assert response.status_code == 301
    assert response["Location"] == "/topics/trade-talks/feed/rss/"


def test_exchanges_of_unpublished_briefings_stay_out_of_feeds(client, archive):
    archive["new trade"].briefing.__class__.objects.filter(date="2020-03-04").update(
        is_published=False
    )

    links = [e.link for e in read_feed(client, "/topics/trade/feed/").entries]

    assert links == permalinks([archive["mid trade"], archive["old trade"]])


def test_a_transcript_with_control_characters_still_makes_a_valid_feed(client, archive):
    briefing = make_briefing("2020-03-05")
    question = add_exchange(briefing, "Form\x0cfeed and \x07bell?", ["Yes\x01."])
    tag(question, Topic.objects.get(slug="trade"))

    entry = read_feed(client, "/topics/trade/feed/").entries[0]

    assert "Form feed and  bell?" in entry.summary


@pytest.mark.parametrize(
    ("page", "feed"),
    [
        ("/topics/trade/", "/topics/trade/feed/"),
        ("/entities/valdoria/", "/entities/valdoria/feed/"),
        ("/spokespersons/zhao-lijian/", "/spokespersons/zhao-lijian/feed/"),
        ("/outlets/reuters/", "/outlets/reuters/feed/"),
        ("/search/?q=trade&topic=trade", "/search/feed/?q=trade&topic=trade"),
    ],
)
def test_each_page_names_its_feeds_for_discovery(client, archive, page, feed):
    html = BeautifulSoup(client.get(page).content, "html.parser")

    atom = html.find_all("link", rel="alternate", type="application/atom+xml")
    rss = html.find_all("link", rel="alternate", type="application/rss+xml")

    assert feed in [link["href"] for link in atom]
    assert feed.replace("/feed/", "/feed/rss/") in [link["href"] for link in rss]
    assert html.find("a", href=feed, type="application/atom+xml") is not None
    assert read_feed(client, feed).entries


FEED_QUERIES = [
    # the subject (or the filter values) + exchanges + answers + topics
    ("/topics/trade/feed/", 4),
    ("/entities/valdoria/feed/rss/", 4),
    ("/spokespersons/zhao-lijian/feed/", 4),
    ("/outlets/china-daily/feed/", 4),
    ("/search/feed/?q=question&topic=trade&outlet=china-daily", 6),  # + the estimate
]


@pytest.mark.parametrize("briefings", [2, 12])
@pytest.mark.parametrize(("url", "queries"), FEED_QUERIES)
def test_feeds_run_a_fixed_number_of_queries(
    client, django_assert_num_queries, briefings, url, queries
):
    trade = make_topic("Trade")
    place = make_entity("Valdoria", "country")
    start = datetime.date(2020, 3, 1)
    for day in range(briefings):
        briefing = make_briefing(start + datetime.timedelta(days=day))
        for n in range(3):
            question = add_exchange(briefing, f"A question on Valdoria {n}?", ["An answer."])
            tag(question, trade)
            name(question, place)

    with django_assert_num_queries(queries):
        response = client.get(url)

    assert response.status_code == 200
    assert len(feedparser.parse(response.content).entries) == min(30, briefings * 3)
