"""Year, month and day archives: calendars of briefing days, who spoke, and the gaps."""

import datetime
import re

import pytest

from briefings.models import Source
from tests.factories import make_briefing

pytestmark = pytest.mark.django_db


@pytest.fixture
def february_2020():
    """Briefings before and after the MFA's suspension of 3-7 February 2020."""
    make_briefing("2020-01-31", spokesperson="Geng Shuang")
    make_briefing("2020-02-10", spokesperson="Geng Shuang")
    make_briefing("2020-02-11", spokesperson="Geng Shuang")
    make_briefing("2020-02-24", spokesperson="Zhao Lijian")
    make_briefing("2020-03-02", spokesperson="Zhao Lijian")


def test_month_calendar_marks_briefing_days_and_who_was_at_the_podium(client, february_2020):
    response = client.get("/briefings/2020/02/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/briefings/2020/02/10/"' in html
    assert 'href="/briefings/2020/02/24/"' in html
    assert '<span class="podium">Zhao Lijian</span>' in html
    assert html.count('<td class="briefing-day">') == 3


def weekdays(first: str, last: str) -> list[datetime.date]:
    day, end = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
    days = []
    while day <= end:
        if day.weekday() < 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def test_month_page_lists_the_gaps_in_a_month_held_day_by_day(client):
    """The MFA's suspension of 3-7 February 2020 and a holiday on 17 February."""
    for day in weekdays("2020-01-27", "2020-03-06"):
        if not (datetime.date(2020, 2, 3) <= day <= datetime.date(2020, 2, 7)) and day.day != 17:
            make_briefing(day, spokesperson="Geng Shuang")

    html = client.get("/briefings/2020/02/").content.decode()

    assert "3 February – 7 February: no briefing (5 weekdays)" in html
    assert "Monday 17 February: no briefing (1 weekday)" in html
    assert html.count('<td class="gap-day">') == 6
    assert "not marked as gaps" not in html


def test_a_month_the_archive_holds_a_few_briefings_of_marks_no_gaps(client, february_2020):
    month = client.get("/briefings/2020/02/").content.decode()
    year = client.get("/briefings/2020/").content.decode()

    assert '<td class="gap-day">' not in month and ": no briefing (" not in month
    assert "The archive holds 3 briefings of this month, not one for every weekday" in month
    assert '<td class="gap-day">' not in year


def test_month_page_links_the_previous_and_next_month(client, february_2020):
    html = client.get("/briefings/2020/02/").content.decode()

    assert 'href="/briefings/2020/01/" rel="prev"' in html
    assert 'href="/briefings/2020/03/" rel="next"' in html


def test_a_month_outside_the_archive_is_a_404(client, february_2020):
    assert client.get("/briefings/2019/12/").status_code == 404
    assert client.get("/briefings/2020/04/").status_code == 404


def test_year_page_shows_twelve_month_calendars_linking_briefing_days(client, february_2020):
    response = client.get("/briefings/2020/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<table class="calendar">') == 12
    assert 'href="/briefings/2020/02/11/"' in html
    assert '<a href="/briefings/2020/02/">February 2020</a>' in html
    assert client.get("/briefings/2018/").status_code == 404


def test_day_page_shows_the_briefings_of_that_day(client):
    make_briefing("2020-03-04", title="English briefing", exchanges=1)
    make_briefing("2020-03-04", title="中文记者会", language="zh")

    response = client.get("/briefings/2020/03/04/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/briefings/2020/03/04/mfa/"' in html
    assert 'href="/briefings/2020/03/04/mfa-zh/" lang="zh">中文记者会' in html
    assert client.get("/briefings/2020/03/05/").status_code == 404


@pytest.mark.parametrize("days", [2, 20])
def test_month_and_year_pages_run_a_fixed_number_of_queries(
    client, django_assert_num_queries, days
):
    for day in range(1, days + 1):
        make_briefing(f"2020-03-{day:02d}", exchanges=2)

    with django_assert_num_queries(3):
        assert client.get("/briefings/2020/03/").status_code == 200
    with django_assert_num_queries(3):
        assert client.get("/briefings/2020/").status_code == 200
    with django_assert_num_queries(3):
        assert client.get("/briefings/2020/03/02/").status_code == 200


def test_calendars_showing_demo_briefings_say_so(client):
    Source.objects.create(slug="demo", name="Demo Ministry", is_demo=True)
    make_briefing("2020-03-04", source="demo")

    for url in ["/briefings/2020/", "/briefings/2020/03/", "/briefings/2020/03/04/"]:
        assert "fictional demo data" in client.get(url).content.decode().lower()


def test_year_page_links_only_months_whose_page_answers(client, february_2020):
    html = client.get("/briefings/2020/").content.decode()

    linked = re.findall(r'<caption><a href="(/briefings/2020/\d\d/)">', html)
    assert linked == ["/briefings/2020/01/", "/briefings/2020/02/", "/briefings/2020/03/"]
    assert "<caption>April 2020" in html and "<caption>December 2020" in html
    for url in linked:
        assert client.get(url).status_code == 200


def test_year_page_does_not_link_months_before_the_first_briefing(client):
    make_briefing("2021-10-12")
    make_briefing("2021-12-20")

    html = client.get("/briefings/2021/").content.decode()

    linked = re.findall(r'<caption><a href="(/briefings/2021/\d\d/)">', html)
    assert linked == ["/briefings/2021/10/", "/briefings/2021/11/", "/briefings/2021/12/"]
    assert client.get("/briefings/2021/11/").status_code == 200
    assert client.get("/briefings/2021/09/").status_code == 404
