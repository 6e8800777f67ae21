"""One query string, one set of exchanges: the search page, the API and both exports agree."""

from __future__ import annotations

import pytest

from tests.data_out import api_ids, build_archive, csv_rows, jsonl_rows, streamed

pytestmark = pytest.mark.django_db

FILTERS = [
    {},
    {"q": "Taiwan"},
    {"q": "台湾"},
    {"q": '"arms sale" OR talks'},
    {"q": "Taiwan -President"},
    {"topic": "taiwan"},
    {"entity": "united-states"},
    {"outlet": "reuters"},
    {"spokesperson": "geng-shuang"},
    {"source": "whitehouse"},
    {"language": "zh"},
    {"from": "2019-01-01", "to": "2020-12-31"},
    {"q": "Taiwan", "from": "2020-01-01", "source": "mfa"},
    {"topic": "taiwan", "language": "en", "sort": "oldest"},
]


def page_ids(client, params: dict[str, str]) -> list[int]:
    """The exchanges the search page lists for a query string, in its date order."""
    sort = params.get("sort", "newest")
    response = client.get("/search/", {**params, "sort": sort})
    assert response.status_code == 200
    results = response.context["results"]
    assert results.num_pages == 1, "the test archive fits on one page"
    return [question.pk for question in results.questions]


@pytest.mark.parametrize(
    "params", FILTERS, ids=lambda p: "&".join(f"{k}={v}" for k, v in p.items())
)
def test_a_filter_selects_the_same_exchanges_on_the_page_in_the_api_and_the_exports(client, params):
    archive = build_archive()
    on_page = page_ids(client, params) if params else None
    in_api = api_ids(client, "/api/v1/exchanges/", params)
    as_csv = csv_rows(streamed(client.get("/search/export.csv", params)))
    as_jsonl = jsonl_rows(streamed(client.get("/search/export.jsonl", params)))
    in_csv = [int(row["exchange_id"]) for row in as_csv]
    in_jsonl = [row["exchange_id"] for row in as_jsonl]

    assert in_api, "each filter of the list selects something in the test archive"
    assert in_api == in_csv == in_jsonl
    if on_page is not None:  # the search page lists nothing until asked for something
        assert in_api == on_page
    assert archive.exchanges["hidden"].pk not in in_api


def test_the_whole_archive_is_every_published_exchange_newest_first(client):
    archive = build_archive()
    published = [q for name, q in archive.exchanges.items() if name != "hidden"]
    newest_first = sorted(published, key=lambda q: (q.briefing.date, q.pk), reverse=True)

    assert api_ids(client, "/api/v1/exchanges/", {}) == [q.pk for q in newest_first]


def test_a_topic_page_and_its_export_list_the_same_exchanges(client):
    build_archive()
    page = client.get("/topics/taiwan/")
    on_page = [question.pk for question in page.context["page"]]
    exported = csv_rows(streamed(client.get("/search/export.csv", {"topic": "taiwan"})))

    assert on_page == [int(row["exchange_id"]) for row in exported]


def test_an_outlet_page_and_its_export_list_the_same_exchanges(client):
    build_archive()
    page = client.get("/outlets/reuters/")
    on_page = [question.pk for question in page.context["page"]]
    exported = jsonl_rows(streamed(client.get("/search/export.jsonl", {"outlet": "reuters"})))

    assert on_page == [row["exchange_id"] for row in exported]


def test_an_entity_page_and_its_export_list_the_same_exchanges(client):
    build_archive()
    page = client.get("/entities/united-states/")
    on_page = [question.pk for question in page.context["page"]]
    exported = jsonl_rows(streamed(client.get("/search/export.jsonl", {"entity": "united-states"})))

    assert on_page == [row["exchange_id"] for row in exported]
    assert len(on_page) == 2, "a mention an editor rejected does not count"


@pytest.mark.parametrize(
    "params",
    [{"outlet": "nobody"}, {"from": "2020-13-01"}, {"language": "xx"}, {"briefing": "abc"}],
)
def test_a_bad_filter_is_refused_alike_by_the_page_the_api_and_the_exports(client, params):
    build_archive()

    assert client.get("/search/", params).status_code == 400
    assert client.get("/api/v1/exchanges/", params).status_code == 400
    assert client.get("/search/export.csv", params).status_code == 400
    assert client.get("/search/export.jsonl", params).status_code == 400
