"""The public topic and entity pages: exchanges newest first, a monthly chart, neighbours."""

import re

import pytest
from django.urls import reverse

from briefings.linking import link_mentions
from briefings.models import Entity, ExchangeTopic, Mention, Topic, slug_from_name
from briefings.topics import add_topics
from tests.factories import add_exchange, make_briefing, make_entity, make_topic

pytestmark = pytest.mark.django_db


def tagged_archive(days: int, topic, other=None, year: int = 2020):
    """One briefing a day, each with an exchange tagged with topic (and other)."""
    questions = []
    for n in range(days):
        month = 1 + n % 3
        briefing = make_briefing(
            f"{year}-{month:02d}-{1 + n // 3:02d}", spokesperson="Hua Chunying"
        )
        questions.append(
            add_exchange(
                briefing, f"Question {n} about Japan and Russia?", ["Answer."], asker="AFP"
            )
        )
    add_topics([q.pk for q in questions], [topic])
    if other:
        add_topics([q.pk for q in questions[:2]], [other])
    return questions


def test_topic_page_lists_exchanges_newest_first_with_chart_and_neighbours(client):
    topic = make_topic("Taiwan", description="Cross-Strait relations and the island's status.")
    other = make_topic("United States")
    questions = tagged_archive(4, topic, other)
    suggested = add_exchange(make_briefing("2021-01-01"), "Only suggested?", ["Yes."])
    ExchangeTopic.objects.create(question=suggested, topic=topic, status="suggested")

    html = client.get("/topics/taiwan/").content.decode()

    assert "Cross-Strait relations" in html
    assert "4 exchanges" in html
    positions = [html.index(q.text) for q in sorted(questions, key=lambda q: q.briefing.date)]
    assert positions == sorted(positions, reverse=True)
    assert "Only suggested?" not in html
    assert '<svg viewBox="0 0 600 160" role="img"' in html
    assert '<th scope="row">Jan 2020</th><td>2</td>' in html
    assert 'href="/topics/united-states/"' in html and "(2 together)" in html
    assert "Hua Chunying" in html and "AFP" in html
    assert 'action="/search/"' in html and 'name="topic" value="taiwan"' in html


def test_topic_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    topic, other = make_topic("Taiwan"), make_topic("Trade")
    tagged_archive(2, topic, other)
    with django_assert_num_queries(10) as few:
        client.get("/topics/taiwan/")
    tagged_archive(30, topic, other, year=2019)
    with django_assert_num_queries(len(few)):
        response = client.get("/topics/taiwan/")
    assert response.status_code == 200


def test_topic_list_shows_subtopics_under_their_parent_with_counts(
    client, django_assert_num_queries
):
    asia = make_topic("Asia")
    japan = make_topic("Japan", parent=asia)
    tagged_archive(3, japan)
    with django_assert_num_queries(1):
        html = client.get("/topics/").content.decode()
    assert html.index("Asia") < html.index("Japan")
    assert "3 exchanges" in html


def test_unknown_topic_is_a_404(client):
    assert client.get("/topics/no-such-topic/").status_code == 404


def test_entity_page_shows_kind_wikidata_chart_exchanges_and_companions(client):
    questions = tagged_archive(3, make_topic("Taiwan"))
    rejected = add_exchange(make_briefing("2021-02-02"), "Japan rejected here?", ["No."])
    link_mentions([q.pk for q in questions] + [rejected.pk])
    Mention.objects.filter(question=rejected).update(origin="rejected")

    html = client.get("/entities/japan/").content.decode()

    assert "Country" in html
    assert 'href="https://www.wikidata.org/wiki/Q17"' in html
    assert "3 exchanges" in html
    assert "Japan rejected here?" not in html
    assert 'href="/entities/russia/"' in html
    assert "Exchanges naming Japan per month" in html


def test_entity_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries):
    questions = tagged_archive(2, make_topic("Taiwan"))
    link_mentions([q.pk for q in questions])
    with django_assert_num_queries(7) as few:
        client.get("/entities/japan/")
    more = tagged_archive(30, make_topic("Trade"), year=2019)
    link_mentions([q.pk for q in more])
    with django_assert_num_queries(len(few)):
        assert client.get("/entities/japan/").status_code == 200


def test_entity_without_mentions_has_a_plain_page(client):
    make_entity("Nobody in particular", Entity.Kind.PERSON)
    html = client.get("/entities/nobody-in-particular/").content.decode()
    assert "Named in <strong>0 exchanges</strong>" in html
    assert "<svg" not in html


def test_topic_list_is_in_name_order_with_subtopics_in_name_order(client):
    for name in ["Zimbabwe", "Arctic", "Middle East", "Belt and Road"]:
        make_topic(name)
    east = make_topic("Middle East")
    for name in ["Yemen", "Gaza", "Iran"]:
        make_topic(name, parent=east)

    html = client.get("/topics/").content.decode()

    names = re.findall(r'<a href="/topics/[^"]+/">([^<]+)</a>', html)
    assert names == ["Arctic", "Belt and Road", "Middle East", "Gaza", "Iran", "Yemen", "Zimbabwe"]


def topic_form(name: str, slug: str = "", **fields: str) -> dict[str, str]:
    return {"name": name, "slug": slug, "parent": "", "description": "", "keywords": "", **fields}


def test_a_topic_made_in_the_admin_gets_a_slug_that_keeps_words_apart(admin_client):
    add = reverse("admin:briefings_topic_add")

    admin_client.post(add, topic_form("Taiwan–US relations"))
    admin_client.post(add, topic_form("U.S.–China trade/tariffs"))

    assert set(Topic.objects.values_list("slug", flat=True)) == {
        "taiwan-us-relations",
        "us-china-trade-tariffs",
    }
    assert slug_from_name("COVID-19 — origins") == "covid-19-origins"
    assert slug_from_name("China’s economy") == "chinas-economy"


def test_a_topic_whose_slug_changes_keeps_its_old_addresses_redirecting(admin_client, client):
    topic = make_topic("Hong Kong", slug="hk")
    change = reverse("admin:briefings_topic_change", args=[topic.pk])

    admin_client.post(change, topic_form("Hong Kong", "hong-kong"))
    admin_client.post(change, topic_form("Hong Kong SAR", "hong-kong-sar"))

    for old in ["hk", "hong-kong"]:
        response = client.get(f"/topics/{old}/")
        assert response.status_code == 301
        assert response["Location"] == "/topics/hong-kong-sar/"
    assert client.get("/topics/hong-kong-sar/").status_code == 200
    assert "Hong Kong SAR" in client.get("/topics/").content.decode()

    admin_client.post(change, topic_form("Hong Kong SAR", "hk"))  # taken back

    assert client.get("/topics/hk/").status_code == 200
    assert client.get("/topics/hong-kong-sar/")["Location"] == "/topics/hk/"


def test_a_new_topic_cannot_take_another_topics_former_address(admin_client, client):
    topic = make_topic("Hong Kong", slug="hk")
    admin_client.post(
        reverse("admin:briefings_topic_change", args=[topic.pk]),
        topic_form("Hong Kong", "hong-kong"),
    )

    response = admin_client.post(reverse("admin:briefings_topic_add"), topic_form("Hockey", "hk"))

    assert "was the address of “Hong Kong” and still leads there" in response.content.decode()
    assert not Topic.objects.filter(name="Hockey").exists()
    assert client.get("/topics/hk/")["Location"] == "/topics/hong-kong/"


def entity_form(entity: Entity, slug: str) -> dict[str, str]:
    fields = {"kind": entity.kind, "name": entity.name, "slug": slug, "description": ""}
    fields |= {"wikidata_id": "", "aliases-TOTAL_FORMS": "0", "aliases-INITIAL_FORMS": "0"}
    return fields


def test_an_entity_whose_slug_changes_keeps_its_old_address_redirecting(admin_client, client):
    outlet = make_entity("Global Times", Entity.Kind.OUTLET)
    place = make_entity("Xinjiang", Entity.Kind.PLACE)

    admin_client.post(
        reverse("admin:briefings_entity_change", args=[outlet.pk]), entity_form(outlet, "gt")
    )
    response = admin_client.post(
        reverse("admin:briefings_entity_change", args=[place.pk]),
        entity_form(place, "global-times"),
    )

    outlet.refresh_from_db()
    assert outlet.slug == "gt"
    moved = client.get("/outlets/global-times/")
    assert moved.status_code == 301 and moved["Location"] == "/outlets/gt/"
    assert "“global-times” was the address of “Global Times”" in response.content.decode()
    assert Entity.objects.get(pk=place.pk).slug == "xinjiang"
