"""Reading the ministry's index pages (old layout) as saved in tests/site-snapshot."""

from __future__ import annotations

import datetime

from briefings.fetching import SOURCES, fmprc
from briefings.fetching.index import IndexPage
from tests.site_replay import EN_INDEX, SITE, ZH_INDEX, load_manifest


def read(path: str) -> IndexPage:
    file = load_manifest()[path][0]
    return fmprc.read_index(file.read_text(encoding="utf-8"), SITE + path)


def test_the_english_index_lists_forty_press_conferences_and_thirteen_pages() -> None:
    index = read(EN_INDEX)

    assert index.page_count == 13
    assert len(index.entries) == 40
    first = index.entries[0]
    assert first.url == SITE + EN_INDEX.replace("default.shtml", "t1794629.shtml")
    assert first.title == (
        "Foreign Ministry Spokesperson Zhao Lijian's Regular Press Conference on July 3, 2020"
    )
    assert first.date == datetime.date(2020, 7, 3)
    # The menus' links to other sections are not entries.
    assert all(entry.url.startswith(SITE + EN_INDEX.rsplit("/", 1)[0]) for entry in index.entries)


def test_the_chinese_index_gives_each_item_its_day_and_mixes_in_other_items() -> None:
    source = SOURCES["mfa-zh"]
    index = read(ZH_INDEX)

    assert index.page_count == 67
    assert len(index.entries) == 15
    assert [entry.date for entry in index.entries[:4]] == [
        datetime.date(2020, 7, 3),
        datetime.date(2020, 7, 2),
        datetime.date(2020, 7, 1),
        datetime.date(2020, 6, 30),
    ]
    skipped = [entry.title for entry in index.entries if not source.is_briefing(entry.title)]
    assert skipped == [
        "外交部发言人就全国人大常委会审议通过香港国安法发表谈话",
        "外交部发言人赵立坚就杨洁篪同美国国务卿蓬佩奥举行对话答记者问",
    ]


def test_index_pages_after_the_first_are_numbered_from_one() -> None:
    first = SITE + ZH_INDEX

    assert fmprc.index_page_url(first, 0) == first
    assert fmprc.index_page_url(first, 1) == first.replace("default.shtml", "default_1.shtml")
    assert fmprc.index_page_url(SITE + "/web/fyrbt/", 66) == SITE + "/web/fyrbt/default_66.shtml"


def test_a_page_fetched_from_a_mirror_keeps_its_address_on_the_ministrys_site() -> None:
    source = SOURCES["mfa-en"]
    mirror = source.mirrored("http://127.0.0.1:8001/")

    assert mirror == "http://127.0.0.1:8001" + EN_INDEX
    page = mirror.replace("default.shtml", "t1794629.shtml")
    assert source.official_url(page, mirror) == SITE + EN_INDEX.replace(
        "default.shtml", "t1794629.shtml"
    )
    assert source.official_url(SITE + "/x.shtml", source.index_url) == SITE + "/x.shtml"


def test_older_titles_of_regular_press_conferences_are_taken_too() -> None:
    english, chinese = SOURCES["mfa-en"], SOURCES["mfa-zh"]

    assert english.is_briefing(
        "Foreign Ministry Spokesperson Hong Lei's Regular Press Conference on March 1, 2013"
    )
    assert not english.is_briefing("Foreign Ministry Spokesperson's Remarks on the Situation")
    assert chinese.is_briefing("2012年3月1日外交部发言人洪磊举行例行记者会")
    assert not chinese.is_briefing("中国政府向苏丹派遣抗疫医疗专家组")


def test_a_page_of_this_layout_that_lacks_its_end_was_cut_short() -> None:
    page = load_manifest()[ZH_INDEX][0].read_text(encoding="utf-8")

    assert fmprc.looks_complete(page)
    assert not fmprc.looks_complete(page[: len(page) // 2])
