"""Exports of a search as CSV and JSON Lines: what a researcher's spreadsheet or script reads."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from briefings.exports import COLUMNS
from tests.data_out import build_archive, csv_rows, jsonl_rows, streamed

pytestmark = pytest.mark.django_db


def test_a_csv_export_opens_as_utf8_with_a_row_per_exchange(client):
    archive = build_archive()

    response = client.get("/search/export.csv", {"q": "Taiwan", "sort": "oldest"})
    rows = csv_rows(streamed(response))

    assert response.streaming, "rows are streamed, not built in memory"
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="briefing-archive-exchanges.csv"' in response["Content-Disposition"]
    assert list(rows[0]) == COLUMNS
    taiwan = next(row for row in rows if row["exchange_id"] == str(archive.exchanges["taiwan"].pk))
    assert taiwan == {
        "exchange_id": str(archive.exchanges["taiwan"].pk),
        "briefing_date": "2020-03-04",
        "source": "mfa",
        "language": "en",
        "spokesperson": "Zhao Lijian",
        "asker_as_printed": "Reuters",
        "outlet": "Reuters",
        "question": "What is China's response to the arms sale to Taiwan?",
        "answer": "China firmly opposes it.\n\nWe urge the US to stop.",
        "topics": "Taiwan",
        "entities": "United States",
        "permalink": "http://127.0.0.1:8000/briefings/2020/03/04/mfa/1/",
    }
    assert [row["briefing_date"] for row in rows] == ["2020-03-04", "2021-01-20"]


def test_non_ascii_text_survives_a_csv_export_intact(client):
    build_archive()

    rows = csv_rows(streamed(client.get("/search/export.csv", {"source": "mfa"})))
    by_question = {row["question"]: row for row in rows}

    assert "据报道，台湾地区领导人将过境美国。中方对此有何评论？" in by_question
    assert (
        by_question["据报道，台湾地区领导人将过境美国。中方对此有何评论？"]["answer"]
        == "我们坚决反对。"
    )
    assert "The “Diaoyu Islands” — café owners said “non” to the déjà vu?" in by_question


def test_an_anonymous_question_has_no_outlet_but_keeps_its_label(client):
    archive = build_archive()

    rows = jsonl_rows(streamed(client.get("/search/export.jsonl", {"q": "countermeasures"})))

    assert [row["exchange_id"] for row in rows] == [archive.exchanges["anonymous"].pk]
    assert rows[0]["asker_as_printed"] == "Q"
    assert rows[0]["outlet"] == ""


def test_a_jsonl_export_is_one_json_object_per_line(client):
    archive = build_archive()

    response = client.get("/search/export.jsonl", {"topic": "taiwan"})
    content = streamed(response)
    rows = jsonl_rows(content)

    assert response["Content-Type"] == "application/jsonl; charset=utf-8"
    assert not content.startswith("\ufeff".encode()), "JSON Lines carries no byte order mark"
    assert content.endswith(b"\n")
    assert len(content.splitlines()) == len(rows) == 3
    assert set(rows[0]) == set(COLUMNS)
    zh = next(row for row in rows if row["exchange_id"] == archive.exchanges["zh"].pk)
    assert zh["language"] == "zh"
    assert zh["topics"] == ["Taiwan"]
    assert zh["spokesperson"] == ["Geng Shuang"]
    assert "台湾" in content.decode("utf-8"), "characters, not \\u escapes"


def test_a_bad_filter_is_a_400_that_says_what_is_wrong_and_exports_nothing(client):
    build_archive()

    response = client.get("/search/export.csv", {"outlet": "nobody", "from": "2020-02-30"})
    text = response.content.decode()

    assert response.status_code == 400
    assert "Nothing was exported" in text
    assert "Outlet: No outlet is called “nobody”." in text
    assert "From:" in text


def test_an_export_cannot_be_posted_to(client):
    assert client.post("/search/export.csv").status_code == 405


def test_a_client_over_its_export_rate_is_answered_429(client, settings):
    build_archive()
    settings.EXPORT_RATE = "2/minute"
    address = "2001:db8::e:1"

    codes = [
        client.get("/search/export.jsonl", {"q": "Taiwan"}, REMOTE_ADDR=address).status_code
        for _ in range(3)
    ]

    assert codes == [200, 200, 429]


def test_the_exports_may_be_read_from_any_origin(client):
    build_archive()

    response = client.get(
        "/search/export.jsonl", {"q": "Taiwan"}, HTTP_ORIGIN="https://notebook.example.org"
    )

    assert response["Access-Control-Allow-Origin"] == "*"


def test_search_results_link_their_exports_with_the_same_filters(client):
    build_archive()

    page = client.get("/search/", {"q": "Taiwan", "source": "mfa", "page": "1", "normalise": "1"})
    html = page.content.decode()
    links = re.findall(r'href="(/search/export\.(?:csv|jsonl)\?[^"]*)"', html)

    assert len(links) == 2
    for link in links:
        query = link.split("?", 1)[1].replace("&amp;", "&")
        assert sorted(query.split("&")) == ["q=Taiwan", "source=mfa"]
        assert client.get(link.replace("&amp;", "&")).status_code == 200


@pytest.mark.parametrize(
    ("page", "export"),
    [
        ("/topics/taiwan/", "/search/export.csv?topic=taiwan"),
        ("/entities/united-states/", "/search/export.csv?entity=united-states"),
        ("/outlets/reuters/", "/search/export.csv?outlet=reuters"),
    ],
)
def test_filtered_lists_link_their_exports(client, page, export):
    build_archive()

    assert f'href="{export}"' in client.get(page).content.decode()


def test_an_export_reads_through_a_cursor_and_fetches_related_rows_per_chunk_not_per_row(
    client, monkeypatch
):
    build_archive()
    monkeypatch.setattr("briefings.exports.CHUNK", 2)  # six exchanges: three chunks

    with CaptureQueriesContext(connection) as queries:
        rows = csv_rows(streamed(client.get("/search/export.csv")))
    statements = [query["sql"] for query in queries.captured_queries]
    declared = [sql for sql in statements if sql.startswith("DECLARE")]
    reads = [sql for sql in statements if sql.startswith("SELECT")]

    assert len(rows) == 6
    assert len(declared) == 1 and " CURSOR FOR SELECT " in declared[0]
    # the sources once, then answers, topics, entities, briefings and names per chunk
    assert len(reads) == 1 + 5 * 3
