"""The read API at /api/v1/: what a researcher's script gets back, and how it is served."""

from __future__ import annotations

import re
import uuid

import pytest
import yaml
from drf_spectacular.validation import validate_schema

from briefings.api.views import MAX_PAGE_SIZE
from tests.data_out import api_ids, build_archive
from tests.factories import add_exchange, make_briefing

pytestmark = pytest.mark.django_db


def client_address() -> str:
    """An address no other test (nor another test run sharing the cache) calls from."""
    return f"2001:db8::{uuid.uuid4().hex[:4]}:{uuid.uuid4().hex[:4]}"


def test_an_exchange_carries_its_id_permalink_briefing_answers_topics_and_entities(client):
    archive = build_archive()
    taiwan = archive.exchanges["taiwan"]

    data = client.get(f"/api/v1/exchanges/{taiwan.pk}/").json()

    assert data["id"] == taiwan.pk
    assert data["permalink"] == "http://127.0.0.1:8000/briefings/2020/03/04/mfa/1/"
    assert data["briefing"]["permalink"] == "http://127.0.0.1:8000/briefings/2020/03/04/mfa/"
    assert data["briefing"]["date"] == "2020-03-04"
    assert data["asker_label"] == "Reuters"
    assert data["asker"]["permalink"] == "http://127.0.0.1:8000/outlets/reuters/"
    assert data["question"] == "What is China's response to the arms sale to Taiwan?"
    assert [a["text"] for a in data["answers"]] == [
        "China firmly opposes it.",
        "We urge the US to stop.",
    ]
    assert data["answers"][0]["speaker"]["name"] == "Zhao Lijian"
    assert [t["slug"] for t in data["topics"]] == ["taiwan"]
    assert [e["name"] for e in data["entities"]] == ["United States"]


def test_chinese_text_comes_back_as_characters(client):
    archive = build_archive()

    response = client.get(f"/api/v1/exchanges/{archive.exchanges['zh'].pk}/")

    assert "台湾地区领导人".encode() in response.content
    assert response.json()["asker_label"] == "中国日报"


def test_a_briefing_carries_its_transcript_in_order(client):
    archive = build_archive()
    briefing = archive.exchanges["taiwan"].briefing

    data = client.get(f"/api/v1/briefings/{briefing.pk}/").json()

    assert data["permalink"] == "http://127.0.0.1:8000/briefings/2020/03/04/mfa/"
    assert [s["name"] for s in data["spokespersons"]] == ["Zhao Lijian"]
    assert [e["number"] for e in data["exchanges"]] == [1, 2]
    assert [e["question"] for e in data["exchanges"]][1] == "Will China take countermeasures?"
    assert data["statements"][0]["text"].startswith("Good afternoon.")
    assert data["statements"][0]["position"] < data["exchanges"][0]["position"]


def test_an_unpublished_briefing_is_not_found(client):
    archive = build_archive()
    hidden = archive.exchanges["hidden"]

    assert client.get(f"/api/v1/briefings/{hidden.briefing_id}/").status_code == 404
    assert client.get(f"/api/v1/exchanges/{hidden.pk}/").status_code == 404


def test_briefings_are_filtered_as_on_the_briefing_list(client):
    build_archive()

    found = client.get("/api/v1/briefings/", {"spokesperson": "geng-shuang", "language": "en"})
    dates = [b["date"] for b in found.json()["results"]]

    assert dates == ["2019-07-16", "2016-11-28"]


def test_topics_entities_spokespersons_and_outlets_list_with_counts_and_permalinks(client):
    build_archive()

    topics = client.get("/api/v1/topics/").json()["results"]
    entities = client.get("/api/v1/entities/").json()["results"]
    people = client.get("/api/v1/spokespersons/").json()["results"]
    outlets = client.get("/api/v1/outlets/").json()["results"]

    assert [(t["slug"], t["exchange_count"]) for t in topics] == [("taiwan", 3)]
    assert [(e["slug"], e["exchange_count"]) for e in entities] == [("united-states", 2)]
    assert topics[0]["permalink"] == "http://127.0.0.1:8000/topics/taiwan/"
    assert [p["slug"] for p in people] == ["geng-shuang", "jen-psaki", "zhao-lijian"]
    assert people[0]["permalink"] == "http://127.0.0.1:8000/spokespersons/geng-shuang/"
    assert people[0]["briefing_count"] == 3
    assert {o["slug"]: o["exchange_count"] for o in outlets}["reuters"] == 1
    assert outlets[0]["permalink"].startswith("http://127.0.0.1:8000/outlets/")


def test_pages_follow_next_links_to_the_end_without_repeats(client):
    build_archive()
    briefing = make_briefing("2018-05-05", exchanges=7)

    ids = api_ids(client, "/api/v1/exchanges/", {"briefing": str(briefing.pk)})

    assert len(ids) == len(set(ids)) == 7


def test_a_page_holds_at_most_the_maximum_page_size(client):
    make_briefing("2018-05-05", exchanges=MAX_PAGE_SIZE + 5)

    page = client.get("/api/v1/exchanges/", {"page_size": "1000"}).json()

    assert len(page["results"]) == MAX_PAGE_SIZE
    assert page["next"]


@pytest.mark.parametrize(
    ("params", "named", "message"),
    [
        ({"outlet": "nobody"}, "outlet", "No outlet is called “nobody”."),
        ({"topic": "nothing"}, "topic", "No topic is called “nothing”."),
        ({"sort": "loudest"}, "sort", "choose relevance, newest or oldest."),
        ({"cursor": "not-a-cursor"}, "cursor", "follow a `next` link"),
        ({"from": "yesterday"}, "from", "valid date"),
    ],
)
def test_a_bad_parameter_is_answered_400_naming_it(client, params, named, message):
    build_archive()

    response = client.get("/api/v1/exchanges/", params)

    assert response.status_code == 400
    assert message in " ".join(response.json()[named])


def test_a_bad_briefing_filter_is_answered_400_naming_it(client):
    build_archive()

    response = client.get("/api/v1/briefings/", {"date_from": "2020-02-30"})

    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.json()["date_from"][0]


def test_any_origin_may_read_the_api(client):
    build_archive()

    response = client.get("/api/v1/exchanges/", HTTP_ORIGIN="https://notebook.example.org")
    preflight = client.options(
        "/api/v1/exchanges/",
        HTTP_ORIGIN="https://notebook.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )

    assert response["Access-Control-Allow-Origin"] == "*"
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight["Access-Control-Allow-Methods"]


def test_the_pages_do_not_open_cors(client):
    build_archive()

    response = client.get("/search/", {"q": "Taiwan"}, HTTP_ORIGIN="https://elsewhere.example")

    assert "Access-Control-Allow-Origin" not in response


def test_a_client_over_its_rate_is_answered_429_with_when_to_retry(client, settings):
    build_archive()
    settings.API_RATE = "3/minute"
    address = client_address()

    answers = [client.get("/api/v1/topics/", REMOTE_ADDR=address).status_code for _ in range(4)]
    other = client.get("/api/v1/topics/", REMOTE_ADDR=client_address())
    refused = client.get("/api/v1/topics/", REMOTE_ADDR=address)

    assert answers == [200, 200, 200, 429]
    assert int(refused["Retry-After"]) > 0
    assert other.status_code == 200, "each client has its own allowance"


def test_answers_carry_cache_control_and_an_etag_that_revalidates(client):
    build_archive()

    first = client.get("/api/v1/exchanges/", {"q": "Taiwan"})
    again = client.get("/api/v1/exchanges/", {"q": "Taiwan"}, HTTP_IF_NONE_MATCH=first["ETag"])
    add_exchange(make_briefing("2022-01-01"), "A new question on Taiwan?", ["Yes."])
    changed = client.get("/api/v1/exchanges/", {"q": "Taiwan"}, HTTP_IF_NONE_MATCH=first["ETag"])

    assert "max-age=300" in first["Cache-Control"] and "public" in first["Cache-Control"]
    assert again.status_code == 304 and again.content == b""
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_an_error_is_not_marked_cacheable(client):
    response = client.get("/api/v1/exchanges/", {"outlet": "nobody"})

    assert "max-age" not in response.get("Cache-Control", "")


LIST_QUERIES = {
    # the page, then its exchanges' answers, topics and entities
    "/api/v1/exchanges/": 4,
    # the languages the filter offers, the page, the spokespersons
    "/api/v1/briefings/": 3,
    "/api/v1/topics/": 1,
    "/api/v1/entities/": 2,
    "/api/v1/spokespersons/": 1,
    "/api/v1/outlets/": 1,
}


@pytest.mark.parametrize(("path", "queries"), LIST_QUERIES.items())
def test_a_list_runs_a_fixed_number_of_queries(client, django_assert_num_queries, path, queries):
    build_archive()
    with django_assert_num_queries(queries):
        small = client.get(path, {"page_size": "2"})
    with django_assert_num_queries(queries):
        large = client.get(path, {"page_size": "100"})

    assert small.status_code == large.status_code == 200
    assert len(large.json()["results"]) >= len(small.json()["results"])


def test_a_search_with_filters_adds_one_query_per_slug_it_checks(client, django_assert_num_queries):
    build_archive()

    with django_assert_num_queries(5):
        response = client.get("/api/v1/exchanges/", {"q": "Taiwan", "outlet": "reuters"})

    assert response.status_code == 200


def test_a_briefing_with_its_transcript_runs_a_fixed_number_of_queries(
    client, django_assert_num_queries
):
    archive = build_archive()
    briefing = archive.exchanges["taiwan"].briefing
    longer = make_briefing("2018-05-05", exchanges=12)

    # briefing, spokespersons, exchanges, answers, entities, topics, statements
    with django_assert_num_queries(7):
        client.get(f"/api/v1/briefings/{briefing.pk}/")
    with django_assert_num_queries(7):
        client.get(f"/api/v1/briefings/{longer.pk}/")


def test_the_schema_is_a_valid_openapi_3_document(client):
    response = client.get("/api/v1/schema/")
    schema = response.json()

    validate_schema(schema)  # raises on any departure from the OpenAPI 3 schema
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/exchanges/" in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/v1/exchanges/"]["get"]["parameters"]}
    assert {"q", "from", "to", "outlet", "topic", "entity", "cursor", "page_size"} <= parameters


def test_the_schema_is_also_served_as_yaml(client):
    response = client.get("/api/v1/schema/", {"format": "yaml"})

    assert yaml.safe_load(response.content)["info"]["title"] == "Briefing Archive API"


def test_the_documentation_page_is_served_from_our_own_files_with_examples(client):
    page = client.get("/api/v1/docs/").content.decode()
    schema = client.get("/api/v1/schema/").json()
    scripts = re.findall(r'<script src="([^"]+)"', page)
    description = schema["info"]["description"]

    assert scripts and all(src.startswith("/static/") for src in scripts)
    assert "http://" not in page and "https://" not in page
    assert client.get(scripts[0]).status_code == 200
    assert "curl 'http://127.0.0.1:8000/api/v1/exchanges/?q=" in description
    assert "import requests" in description


def test_reading_the_schema_leaves_the_briefing_list_offering_only_languages_held(client):
    make_briefing("2020-03-04", language="en")
    client.get("/api/v1/schema/")

    html = client.get("/briefings/").content.decode()
    menu = html.split('name="language"')[1].split("</select>")[0]

    assert re.findall(r'<option value="([^"]*)"', menu) == ["", "en"]


def test_the_schema_leaves_out_the_search_pages_display_options(client):
    schema = client.get("/api/v1/schema/").json()
    parameters = {p["name"] for p in schema["paths"]["/api/v1/exchanges/"]["get"]["parameters"]}

    assert not {"exact", "normalise"} & parameters
    assert "sort" in parameters
