"""Chinese search on the MFA's own Chinese transcripts: words inside longer words, phrases."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from briefings.search import chinese_words, search_questions, search_words, tokenizer

pytestmark = pytest.mark.django_db

# 2016-12-08: 新疆 only inside 新疆维吾尔自治区 (an earthquake). 2019-01-29: 新疆 alone and in
# 新疆维吾尔自治区 (an EU delegation). 2020-04-03: 新疆 alone (新疆穆斯林).
FILES = (
    "2016-12-08_lu-kang-presscon-zh.html",
    "2019-01-29_geng-shuang-presscon-zh.html",
    "2020-04-03_hua-chunying-presscon-zh.html",
)


@pytest.fixture
def chinese(corpus_dir: Path) -> None:
    paths = [str(corpus_dir / "mfa-zh" / name) for name in FILES]
    call_command("import_transcripts", *paths, stdout=StringIO(), stderr=StringIO())


def found(query: str) -> list[str]:
    """The dates of the briefings whose exchanges match, one per exchange, oldest first."""
    return sorted(q.briefing.date.isoformat() for q in search_questions(query))


def test_a_word_is_found_inside_a_longer_word(chinese):
    # jieba's plain split keeps 新疆维吾尔自治区 whole; the earthquake exchange has no other 新疆.
    assert chinese_words("新疆维吾尔自治区") == ["新疆维吾尔自治区"]
    assert found("新疆") == ["2016-12-08", "2019-01-29", "2020-04-03"]
    assert found("维吾尔") == ["2016-12-08", "2019-01-29"]
    assert found("自治区") == ["2016-12-08", "2019-01-29"]
    assert found("新疆维吾尔自治区") == ["2016-12-08", "2019-01-29"]


def test_the_results_page_marks_the_word_inside_the_longer_one(client, chinese):
    html = client.get("/search/", {"q": "维吾尔"}).content.decode()
    assert "2 exchanges" in html
    assert html.count("新疆<mark>维吾尔</mark>自治区") == 2


@pytest.mark.parametrize(
    ("phrase", "dates"),
    [
        # Words in sequence, typed as one run or quoted; the order matters.
        ("预防性反恐和去极端化", ["2019-01-29"]),
        ('"预防性反恐和去极端化"', ["2019-01-29"]),
        ("去极端化和预防性反恐", []),
        # A phrase through the long word, whose shorter words sit between it and its
        # neighbours in the index.
        ("新疆维吾尔自治区在预防性反恐", ["2019-01-29"]),
        ('"中国新疆维吾尔自治区也发生了"', ["2016-12-08"]),
        ("上百万新疆穆斯林人员", ["2020-04-03"]),
        ("新疆穆斯林人员 欧盟", []),
    ],
)
def test_a_chinese_phrase_finds_its_exchange_only(chinese, phrase, dates):
    assert found(phrase) == dates


def test_the_index_split_is_jiebas_search_engine_split(corpus_dir):
    text = (corpus_dir / "mfa-zh" / FILES[1].replace(".html", ".txt")).read_text("utf-8")
    runs = re.findall(r"[\u4e00-\u9fff]+", text)
    assert len(runs) > 100
    for run in runs:
        assert search_words(run) == list(tokenizer().cut_for_search(run))


def test_reindexing_gives_exchanges_indexed_before_the_inner_words(chinese):
    # As migration 0008 finds an archive indexed with jieba's plain split.
    from django.db import connection

    from briefings.search import CONFIG, reindex_chinese

    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE briefings_question SET search_vector = to_tsvector('{CONFIG}', %s)",
            ["新疆维吾尔自治区"],
        )
    assert found("维吾尔") == []
    reindex_chinese()
    assert found("维吾尔") == ["2016-12-08", "2019-01-29"]
