"""The list of all briefings: newest first, paginated, filterable by shareable addresses."""

import re

import pytest

from briefings.models import ExchangeTopic
from tests.factories import make_briefing, make_topic

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [str(b) for b in response.context["page"]]


def test_briefings_are_listed_newest_first_and_paginated(client):
    for day in range(1, 28):
        make_briefing(f"2020-02-{day:02d}", title=f"Briefing of {day} February")

    first = client.get("/briefings/")
    second = client.get("/briefings/?page=2")

    assert titles(first)[0] == "Briefing of 27 February"
    assert len(titles(first)) == 25
    assert titles(second) == ["Briefing of 2 February", "Briefing of 1 February"]
    assert 'href="?page=2" rel="next"' in first.content.decode()


def test_filters_by_date_range_source_spokesperson_and_topic(client):
    make_briefing("2019-06-03", title="Geng in June", spokesperson="Geng Shuang")
    tagged = make_briefing("2020-03-04", title="Zhao on Taiwan", exchanges=1)
    make_briefing("2020-03-05", title="Zhao, untagged", exchanges=1)
    make_briefing("2020-03-05", title="White House", source="whitehouse", spokesperson=None)
    ExchangeTopic.objects.create(question=tagged.questions.get(), topic=make_topic("Taiwan"))

    assert titles(client.get("/briefings/?date_from=2020-01-01&date_to=2020-03-04")) == [
        "Zhao on Taiwan"
    ]
    assert titles(client.get("/briefings/?source=whitehouse")) == ["White House"]
    assert titles(client.get("/briefings/?spokesperson=geng-shuang")) == ["Geng in June"]
    assert titles(client.get("/briefings/?topic=taiwan")) == ["Zhao on Taiwan"]


def test_pages_keep_the_filters_in_their_links(client):
    for day in range(1, 28):
        make_briefing(f"2020-02-{day:02d}")

    html = client.get("/briefings/?source=mfa").content.decode()

    assert 'href="?source=mfa&amp;page=2"' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("source=nowhere", "There is no source “nowhere” in the archive."),
        ("spokesperson=nobody", "No spokesperson “nobody” appears in the archive."),
        ("topic=nothing", "There is no topic “nothing”."),
        ("date_from=yesterday", "From: Write the date as YYYY-MM-DD, e.g. 2020-03-04."),
        ("date_to=2020-02-30", "To: Write the date as YYYY-MM-DD"),
        ("language=xx", "Language: “xx” is not a language of the archive."),
        ("language=fr", "Language: “fr” is not a language of the archive."),
        ("topic=nothing", "Topic: There is no topic “nothing”."),
    ],
)
def test_a_bad_filter_value_gets_a_clear_message_not_a_500(client, query, message):
    make_briefing("2020-03-04")

    response = client.get(f"/briefings/?{query}")

    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Some filters could not be read" in response.content.decode()


@pytest.mark.parametrize("briefings", [3, 30])
def test_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries, briefings):
    for n in range(briefings):
        make_briefing(f"2020-{1 + n // 28:02d}-{1 + n % 28:02d}", exchanges=2)
    make_topic("Taiwan")

    # count, page, spokespersons, first questions, the source checked, three filter menus,
    # and the languages the archive holds (the language menu offers only those)
    with django_assert_num_queries(9):
        assert client.get("/briefings/?source=mfa").status_code == 200


def test_empty_filters_are_dropped_from_the_shared_address(client):
    response = client.get("/briefings/?date_from=&date_to=&source=mfa&spokesperson=&topic=")

    assert response.status_code == 302
    assert response["Location"] == "/briefings/?source=mfa"


def test_filter_form_labels_every_field_and_offers_only_languages_held(client):
    make_briefing("2020-03-04")
    make_briefing("2020-03-04", language="zh")
    make_briefing("2020-03-05", language="fr", is_published=False)

    html = client.get("/briefings/").content.decode()

    labels = re.findall(r'<label for="id_[a-z_]+">([^<]*)</label>', html)
    assert labels == ["From", "To", "Source", "Spokesperson", "Topic", "Language"]
    assert "[invalid name]" not in html
    language_menu = html.split('name="language"')[1].split("</select>")[0]
    options = re.findall(r'<option value="([^"]*)"', language_menu)
    assert options == ["", "en", "zh"]


def test_bad_topic_filter_names_the_field_by_its_label(client):
    make_briefing("2020-03-04")

    html = client.get("/briefings/?topic=nothing&date_from=soon").content.decode()

    assert "<li>Topic: There is no topic “nothing”.</li>" in html
    assert "<li>From: Write the date as YYYY-MM-DD, e.g. 2020-03-04.</li>" in html
    assert "[invalid name]" not in html and "Date_from" not in html
