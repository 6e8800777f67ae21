"""One exchange alone: its text, links, neighbours, citations and sharing metadata."""

import re

import pytest

from briefings.models import ExchangeTopic, Mention
from tests.factories import add_exchange, make_briefing, make_entity, make_topic

pytestmark = pytest.mark.django_db

LOCAL = "http://127.0.0.1:8000/briefings/2020/03/04/mfa/2/"
TITLE = "Regular Press Conference on March 4, 2020"


@pytest.fixture
def briefing():
    briefing = make_briefing(
        "2020-03-04", title="Regular Press Conference on March 4, 2020", exchanges=1
    )
    question = add_exchange(
        briefing, "What is China's response to the Pakistan locust swarm?", ["We will help."]
    )
    ExchangeTopic.objects.create(question=question, topic=make_topic("Pakistan"))
    ExchangeTopic.objects.create(question=question, topic=make_topic("Food"), status="suggested")
    Mention.objects.create(question=question, entity=make_entity("Pakistan", "country"))
    add_exchange(briefing, "Third question?", ["Third answer."])
    return briefing


def test_exchange_page_shows_question_answer_and_linked_people(client, briefing):
    response = client.get("/briefings/2020/03/04/mfa/2/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "What is China&#x27;s response to the Pakistan locust swarm?" in html
    assert "We will help." in html
    assert 'href="/outlets/china-daily/"' in html
    assert 'href="/spokespersons/zhao-lijian/"' in html
    assert 'href="/topics/pakistan/"' in html
    assert 'href="/entities/pakistan/"' in html
    assert "/topics/food/" not in html
    assert "Question 1 about" not in html


def test_exchange_page_links_neighbours_and_its_place_in_context(client, briefing):
    html = client.get("/briefings/2020/03/04/mfa/2/").content.decode()

    assert 'href="/briefings/2020/03/04/mfa/1/" rel="prev"' in html
    assert 'href="/briefings/2020/03/04/mfa/3/" rel="next"' in html
    assert 'href="/briefings/2020/03/04/mfa/#q-2"' in html
    assert 'data-copy="http://127.0.0.1:8000/briefings/2020/03/04/mfa/2/"' in html


def test_exchange_page_offers_citations_naming_the_absolute_permalink(client, briefing, settings):
    settings.SITE_URL = "https://briefings.example.org"

    html = client.get("/briefings/2020/03/04/mfa/2/").content.decode()

    permalink = "https://briefings.example.org/briefings/2020/03/04/mfa/2/"
    chicago = (
        f"Exchange 2, question from China Daily. March 4, 2020. Briefing Archive. {permalink}."
    )
    assert chicago in html
    assert "(2020, March 4). Regular Press Conference on March 4, 2020 [Press briefing" in html
    assert "@misc{mfa_2020_03_04_2," in html
    assert f"url          = {{{permalink}}}" in html
    assert f'<link rel="canonical" href="{permalink}">' in html


def test_exchange_page_has_opengraph_and_twitter_card_metadata(client, briefing):
    html = client.get("/briefings/2020/03/04/mfa/2/").content.decode()

    assert f'<meta property="og:url" content="{LOCAL}">' in html
    assert f'<meta property="og:title" content="{TITLE} — exchange 2">' in html
    assert 'og:description" content="What is China&#x27;s response' in html
    assert '<meta name="twitter:card" content="summary">' in html


def test_exchange_page_has_a_print_permalink_and_copy_button(client, briefing):
    html = client.get("/briefings/2020/03/04/mfa/2/").content.decode()

    assert f'class="print-only print-permalink">Permalink: {LOCAL}</p>' in html
    assert ">Copy link</button>" in html


@pytest.mark.parametrize("answers", [1, 12])
def test_exchange_page_runs_the_same_queries_however_long_the_exchange(
    client, django_assert_num_queries, answers
):
    briefing = make_briefing("2020-03-04", exchanges=30)
    add_exchange(briefing, "Long one?", [f"Part {n}." for n in range(answers)], note="(Pause)")

    with django_assert_num_queries(8):
        response = client.get("/briefings/2020/03/04/mfa/31/")

    assert response.status_code == 200


def test_unknown_exchange_number_is_a_friendly_404(client, briefing):
    response = client.get("/briefings/2020/03/04/mfa/99/")

    assert response.status_code == 404
    assert "no exchange with that number" in response.content.decode()


def test_anonymous_exchange_is_titled_and_cited_without_an_asker(client, settings):
    settings.SITE_URL = "https://briefings.example.org"
    briefing = make_briefing("2020-03-04", title=TITLE)
    add_exchange(briefing, "Will the talks go ahead?", ["They will."], asker=None, label="Q")

    html = client.get("/briefings/2020/03/04/mfa/1/").content.decode()

    assert "<title>#1 Question — 4 March 2020 — Briefing Archive</title>" in html
    assert "<h1>Exchange 1</h1>" in html
    assert "Exchange 1. March 4, 2020. Briefing Archive." in html  # Chicago, no "question from Q"
    assert "question from" not in html
    assert ">Q<" not in html and "Question from" not in html


def test_follow_up_exchange_names_the_outlet_it_follows_once(client):
    briefing = make_briefing("2020-03-04", title=TITLE)
    first = add_exchange(briefing, "About the talks?", ["Yes."], asker="Reuters")
    add_exchange(
        briefing, "And the date?", ["Soon."], asker="Reuters", label="Follow-up", follows=first
    )
    anonymous = add_exchange(briefing, "Who attends?", ["Many."], asker=None, label="问")
    add_exchange(briefing, "再问?", ["Yes."], asker=None, label="追问", follows=anonymous)

    reuters = client.get("/briefings/2020/03/04/mfa/2/").content.decode()
    unnamed = client.get("/briefings/2020/03/04/mfa/4/").content.decode()

    assert "<title>#2 Reuters (follow-up) — 4 March 2020" in reuters
    assert "<h1>Exchange 2: Reuters</h1>" in reuters
    assert "Exchange 2, question from Reuters." in reuters
    assert '<span class="speaker">Follow-up</span>' in reuters
    assert "<title>#4 Follow-up — 4 March 2020" in unnamed
    assert "<h1>Exchange 4</h1>" in unnamed
    assert "question from" not in unnamed and "追问" not in unnamed


def test_exchange_cards_call_an_unnamed_journalist_question(client):
    briefing = make_briefing("2020-03-04")
    topic = make_topic("Trade")
    for label in ["Q", "问", "Follow-up"]:
        question = add_exchange(briefing, f"Asked as {label}?", ["A."], asker=None, label=label)
        ExchangeTopic.objects.create(question=question, topic=topic)

    html = client.get("/topics/trade/").content.decode()

    titles = re.findall(r'class="card-number">#\d+</span>\s*(.*?)</a>', html, re.S)
    assert [re.sub(r"<[^>]+>", "", title).strip() for title in titles] == [
        "Question",
        "Question",
        "Follow-up",
    ]
