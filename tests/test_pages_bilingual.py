"""What readers see of a briefing's two language versions: links, flags, the side-by-side page."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group, User

from briefings.models import AlignedPair
from tests.alignment_set import import_day, labelled_days
from tests.factories import make_briefing

pytestmark = pytest.mark.django_db

DAYS = {str(day["date"]): day for day in labelled_days()}
SITE = "http://127.0.0.1:8000"


@pytest.fixture
def july_first():
    """1 July 2020: English exchange 11 is a line the Chinese version does not have."""
    return import_day(DAYS["2020-07-01"])


def head_links(html: str) -> list[str]:
    return re.findall(r'<link rel="alternate" hreflang="([a-z]+)" href="([^"]+)">', html)


def test_an_english_exchange_names_its_chinese_counterpart(client, july_first):
    html = client.get("/briefings/2020/07/01/mfa/12/").content.decode()

    assert head_links(html) == [("zh", f"{SITE}/briefings/2020/07/01/mfa-zh/11/")]
    assert re.search(
        r'<a class="counterpart-link" href="/briefings/2020/07/01/mfa-zh/11/" hreflang="zh"'
        r"[^>]*>This exchange in Chinese</a>",
        html,
    )


def test_a_chinese_exchange_names_its_english_counterpart(client, july_first):
    html = client.get("/briefings/2020/07/01/mfa-zh/3/").content.decode()

    assert head_links(html) == [("en", f"{SITE}/briefings/2020/07/01/mfa/3/")]
    assert 'href="/briefings/2020/07/01/mfa/3/" hreflang="en" lang="zh">本问答英文版</a>' in html


def test_an_exchange_only_one_version_has_says_so_on_its_page(client, july_first):
    html = client.get("/briefings/2020/07/01/mfa/11/").content.decode()

    assert head_links(html) == []
    assert "only in the English version" in html
    assert "This exchange in Chinese" not in html


def test_the_briefing_contents_link_each_exchange_to_its_counterpart(client, july_first):
    html = client.get("/briefings/2020/07/01/mfa/").content.decode()
    contents = html[html.index('class="toc"') : html.index("</nav>", html.index('class="toc"'))]

    links = re.findall(r'href="(/briefings/2020/07/01/mfa-zh/\d+/)" hreflang="zh"', contents)
    assert len(links) == 11  # twelve exchanges, one of them English only
    assert links[-1] == "/briefings/2020/07/01/mfa-zh/11/"
    assert contents.count("only in the English version") == 1
    assert 'href="/briefings/2020/07/01/mfa/compare/">Both versions side by side' in html


def test_the_compare_page_shows_both_versions_row_by_row(client, july_first):
    response = client.get("/briefings/2020/07/01/mfa-zh/compare/")
    html = response.content.decode()

    assert response.status_code == 200
    rows = re.findall(r'<tr id="row-\d+".*?</tr>', html, re.S)
    assert len(rows) == 13  # an opening statement and twelve exchanges
    assert '<td lang="en" class="statement">' in rows[0]
    assert '<td lang="zh" class="statement">' in rows[0]
    assert 'href="/briefings/2020/07/01/mfa/3/">#3' in rows[3]
    assert 'href="/briefings/2020/07/01/mfa-zh/3/">#3' in rows[3]
    assert "中国共产党" in rows[3] and "CPC" in rows[3]
    assert "only in the English version" in rows[11] and '<td lang="zh" class="empty">' in rows[11]
    assert 'href="/briefings/2020/07/01/mfa-zh/11/">#11' in rows[12]
    assert f'<link rel="canonical" href="{SITE}/briefings/2020/07/01/mfa/compare/">' in html


def test_a_briefing_without_another_version_has_no_compare_page(client):
    make_briefing("2020-03-04")

    response = client.get("/briefings/2020/03/04/mfa/compare/")

    assert response.status_code == 404
    assert "no version in another language" in response.content.decode()


def query_counts(client, day: str) -> list[int]:
    """How many queries a day's briefing page, first exchange and compare page run."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for suffix in ("", "1/", "compare/"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/briefings/{day}/mfa/{suffix}").status_code == 200
        counts.append(len(queries))
    return counts


def test_bilingual_pages_run_a_fixed_number_of_queries(client):
    import_day(DAYS["2020-06-02"])  # 7 exchanges a side
    import_day(DAYS["2020-06-19"])  # 20 exchanges a side

    # The briefing's page and the exchange's run one query more than without another
    # version (tests/test_pages_briefing.py and test_pages_exchange.py pin those).
    assert query_counts(client, "2020/06/02") == [12, 9, 7]
    assert query_counts(client, "2020/06/19") == [12, 9, 7]


def test_an_editor_corrects_a_pair_in_the_admin_and_it_survives_realignment(client, july_first):
    english, chinese = july_first
    editor = User.objects.create_user("editor", password="pw", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    pair = AlignedPair.objects.get(left__number=11, left_briefing=english)
    chinese_eleven = chinese.questions.get(number=11)

    response = client.post(
        f"/admin/briefings/alignedpair/{pair.pk}/change/",
        {"left": pair.left_id, "right": chinese_eleven.pk},
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    pair.refresh_from_db()
    assert pair.edited and pair.right_id == chinese_eleven.pk
    # English 12 gave its counterpart to the correction: only in English now.
    twelve = AlignedPair.objects.get(left__number=12, left_briefing=english)
    assert twelve.right is None
    html = client.get("/briefings/2020/07/01/mfa-zh/11/").content.decode()
    assert head_links(html) == [("en", f"{SITE}/briefings/2020/07/01/mfa/11/")]


def test_the_admin_refuses_an_exchange_of_another_briefing(client, july_first):
    english, chinese = july_first
    client.force_login(User.objects.create_superuser("admin", password="pw"))
    pair = AlignedPair.objects.get(left__number=2, left_briefing=english)
    before = (pair.left_id, pair.right_id, pair.edited)

    response = client.post(
        f"/admin/briefings/alignedpair/{pair.pk}/change/",
        {"left": pair.left_id, "right": english.questions.get(number=3).pk},
    )

    assert response.status_code == 200
    assert "Choose an exchange of 2020年7月1日外交部发言人赵立坚主持例行记者会" in (
        response.content.decode()
    )
    pair.refresh_from_db()
    assert (pair.left_id, pair.right_id, pair.edited) == before
