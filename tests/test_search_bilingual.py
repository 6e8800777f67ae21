"""Search across a briefing's two language versions: what one version leaves out, and the
counterparts of the matches."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.alignment_set import import_day, labelled_days

pytestmark = pytest.mark.django_db

DAYS = {str(day["date"]): day for day in labelled_days()}


@pytest.fixture
def two_days():
    """26 May 2020 (Chinese 1 is in Chinese only) and 1 July (English 11 in English only)."""
    import_day(DAYS["2020-05-26"])
    import_day(DAYS["2020-07-01"])


def result_links(html: str) -> list[str]:
    return re.findall(r'<a href="(/briefings/2020/\d\d/\d\d/mfa(?:-zh)?/\d+/)"', html)


def facet(html: str, label: str) -> tuple[str, str] | None:
    found = re.search(rf'<a href="([^"]*)">{label}</a> <span class="count">(\d+)</span>', html)
    return (found.group(1).replace("&amp;", "&"), found.group(2)) if found else None


def test_search_counts_the_exchanges_each_version_leaves_out(client, two_days):
    html = client.get("/search/?source=mfa").content.decode()

    assert facet(html, "Only in the English version") == ("?source=mfa&only_in=en", "1")
    assert facet(html, "Only in the Chinese version") == ("?source=mfa&only_in=zh", "1")


def test_only_in_lists_the_exchanges_one_version_has(client, two_days):
    english_only = client.get("/search/?source=mfa&only_in=en").content.decode()
    chinese_only = client.get("/search/?only_in=zh").content.decode()

    assert set(result_links(english_only)) == {"/briefings/2020/07/01/mfa/11/"}
    assert set(result_links(chinese_only)) == {"/briefings/2020/05/26/mfa-zh/1/"}
    assert "1–1 of 1 exchange" in chinese_only


def test_a_chinese_search_can_bring_the_english_counterparts(client, two_days):
    alone = client.get("/search/?q=孟晚舟&sort=newest").content.decode()
    both = client.get("/search/?q=孟晚舟&sort=newest&with_counterparts=1").content.decode()

    chinese = set(result_links(alone))
    assert chinese and all("/mfa-zh/" in link for link in chinese)
    links = set(result_links(both))
    assert chinese < links
    english = {link for link in links if "/mfa/" in link}
    assert len(english) == len(chinese)  # every Meng Wanzhou exchange has its counterpart
    assert "/briefings/2020/05/26/mfa/2/" in english
    assert 'name="with_counterparts" value="1" checked' in both


def test_bad_values_are_refused_with_a_message(client, two_days):
    for query, message in (
        ("only_in=xx", "No language is called “xx”."),
        ("with_counterparts=yes", "Use with_counterparts=1 to add the counterparts"),
    ):
        response = client.get(f"/search/?q=China&{query}")
        assert response.status_code == 400
        assert message in response.content.decode()


def test_the_filters_add_no_query_to_a_search(client, two_days):
    counts = []
    for query in ("q=following", "q=following&only_in=en", "q=following&with_counterparts=1"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/search/?{query}").status_code == 200
        counts.append(len(queries))

    assert counts[0] == counts[1] == counts[2]


def test_exports_and_the_api_carry_the_filters(client, two_days):
    csv = b"".join(client.get("/search/export.csv?only_in=en").streaming_content).decode()
    api = client.get("/api/v1/exchanges/?only_in=zh").json()
    both = client.get("/api/v1/exchanges/?q=孟晚舟&with_counterparts=1").json()
    alone = client.get("/api/v1/exchanges/?q=孟晚舟").json()

    rows = csv.strip().splitlines()[1:]
    assert len(rows) == 1 and rows[0].endswith("/briefings/2020/07/01/mfa/11/")
    assert [(r["briefing"]["language"], r["number"]) for r in api["results"]] == [("zh", 1)]
    languages = {r["briefing"]["language"] for r in both["results"]}
    assert {r["briefing"]["language"] for r in alone["results"]} == {"zh"}
    assert languages == {"en", "zh"}
