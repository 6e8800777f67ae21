"""Searching the archive: what a researcher types, what the results page shows."""

from __future__ import annotations

import re

import pytest

from briefings.filters import SearchFilterSet
from briefings.models import Entity, ExchangeTopic, Mention
from briefings.search import MAX_QUERY_CHARS, search_questions
from tests.factories import add_exchange, make_briefing, make_entity, make_topic

pytestmark = pytest.mark.django_db

# Real paragraphs from the MFA's Chinese transcript of 28 November 2016.
ZH_THAAD = (
    "据日本媒体报道，为加强导弹防御系统，日本防卫省日前成立讨论委员会，研究包括引进"
    "“萨德”反导系统等美军的新装备产品。中方对此作何回应？"
)
ZH_THAAD_ANSWER = "我们对有关报道表示关注。中方在部署“萨德”问题上的立场是非常明确的，没有改变。"
ZH_PHILIPPINES = (
    "据报道，菲律宾移民局24日扣留一批涉嫌非法为一赌博网站工作的中国公民。"
    "请介绍案件有关情况和中方所做工作。"
)


def texts(response) -> list[str]:
    """The result snippets on a results page, tags removed, in order."""
    html = response.content.decode()
    snippets = re.findall(r'<p class="card-text">(.*?)</p>', html, re.S)
    return [re.sub(r"<[^>]+>", "", s).strip() for s in snippets]


def search(client, **params):
    return client.get("/search/", params)


@pytest.fixture
def archive():
    """Three briefings, two spokespersons, three outlets, a topic and a mention."""
    old = make_briefing("2016-11-28", spokesperson="Geng Shuang")
    mid = make_briefing("2019-07-16", spokesperson="Geng Shuang")
    new = make_briefing("2020-03-04", spokesperson="Zhao Lijian")
    zh = make_briefing("2016-11-28", language="zh", spokesperson="Geng Shuang")
    wh = make_briefing("2021-01-20", source="whitehouse", spokesperson="Jen Psaki")
    exchanges = {
        "phrase": add_exchange(
            new,
            "The US said the report was unauthorized and untruthful. Your response?",
            ["We have noted the report."],
            asker="Reuters",
        ),
        "scattered": add_exchange(
            mid,
            "Was the visit unauthorized? Officials spoke for an hour about trade, tariffs, "
            "farming, shipping and ports, and later called the claims untruthful.",
            ["I have no information on that."],
            asker="AFP",
        ),
        "bachelet": add_exchange(
            old,
            "Michelle Bachélet plans to visit Xinjiang. Will China invite her?",
            ["China welcomes the High Commissioner to visit Xinjiang."],
            asker="China Daily",
        ),
        "sanctions": add_exchange(
            new,
            "The EU announced sanctions on Xinjiang officials. How will China respond?",
            ["China firmly opposes unilateral sanctions."],
            asker="AFP",
        ),
        "taiwan": add_exchange(
            mid, "Japan's defence paper mentions Taiwan.", ["Taiwan is part of China."]
        ),
        "zh": add_exchange(zh, ZH_THAAD, [ZH_THAAD_ANSWER], asker="问"),
        "zh2": add_exchange(zh, ZH_PHILIPPINES, ["中方已向菲方提出交涉。"], asker="问"),
        "white": add_exchange(
            wh, "Will the President call President Xi about Xinjiang?", ["Not today."]
        ),
    }
    xinjiang = make_topic("Xinjiang")
    ExchangeTopic.objects.create(question=exchanges["bachelet"], topic=xinjiang)
    ExchangeTopic.objects.create(
        question=exchanges["sanctions"], topic=xinjiang, status=ExchangeTopic.Status.ACCEPTED
    )
    ExchangeTopic.objects.create(
        question=exchanges["white"], topic=xinjiang, status=ExchangeTopic.Status.SUGGESTED
    )
    eu = make_entity("European Union", Entity.Kind.ORGANISATION)
    Mention.objects.create(entity=eu, question=exchanges["sanctions"])
    Mention.objects.create(entity=eu, question=exchanges["taiwan"], origin=Mention.Origin.REJECTED)
    return exchanges


def test_exact_phrase_ranks_above_scattered_words(client, archive):
    found = texts(search(client, q="unauthorized untruthful"))
    assert len(found) == 2
    assert "unauthorized and untruthful" in found[0]


def test_quoted_phrase_finds_only_the_phrase(client, archive):
    found = texts(search(client, q='"unauthorized and untruthful"'))
    assert len(found) == 1
    assert "report was unauthorized and untruthful" in found[0]


def test_or_finds_either_word_and_minus_excludes(client, archive):
    assert len(texts(search(client, q="Bachelet OR tariffs"))) == 2
    found = texts(search(client, q="Xinjiang -sanctions"))
    assert len(found) == 2
    assert not any("sanctions" in t for t in found)


def test_accents_and_word_endings_are_ignored(client, archive):
    assert len(texts(search(client, q="Bachelet"))) == 1
    assert len(texts(search(client, q="bachélet"))) == 1
    assert len(texts(search(client, q="sanction"))) == 1


def test_chinese_query_finds_the_chinese_exchange(client, archive):
    found = texts(search(client, q="萨德"))
    assert len(found) == 1
    assert "萨德" in found[0]
    assert len(texts(search(client, q="菲律宾移民局"))) == 1
    assert texts(search(client, q="萨德 菲律宾")) == []


def test_chinese_snippet_marks_the_word_and_keeps_the_text_unspaced(client, archive):
    html = search(client, q="萨德").content.decode()
    assert "<mark>萨德</mark>" in html
    assert "日本防卫省日前成立讨论委员会" in html


def test_chinese_snippet_marks_a_word_deep_in_a_long_answer(client, archive):
    briefing = make_briefing("2016-11-29", language="zh", spokesperson="Geng Shuang")
    filler = "我们注意到有关报道，中方的立场是一贯的。" * 12
    answer = filler + "中方坚决反对部署萨德系统。"
    add_exchange(briefing, "请问中方对此有何评论？", [answer], asker="问")
    html = search(client, q="萨德", sort="newest").content.decode()
    first = re.search(r'<p class="card-text">(.*?)</p>', html, re.S).group(1)
    assert "<mark>萨德</mark>系统" in first


def test_highlighting_cannot_inject_html(client, archive):
    briefing = make_briefing("2020-05-01")
    add_exchange(
        briefing,
        'Is a score of 3 < 4 <script>alert("x")</script> a <b>threat</b>? \ue000 marker',
        ["<img src=x onerror=alert(1)> No."],
    )
    page = search(client, q="threat").content.decode()
    html = re.search(r'<ol class="search-list".*?</ol>', page, re.S).group()
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "3 &lt; 4" in html
    assert "<mark>threat</mark>" in html
    assert html.count("<mark>") == html.count("</mark>") == 1


def test_results_show_date_spokesperson_asker_and_topics(client, archive):
    html = search(client, q="Bachelet").content.decode()
    assert "28 November 2016" in html
    assert "China Daily" in html
    assert 'href="/spokespersons/geng-shuang/">Geng Shuang</a>' in html
    assert 'href="/topics/xinjiang/"' in html
    assert archive["bachelet"].get_absolute_url() in html


def count(response) -> str:
    return re.search(r'class="search-count">(.*?)</h2>', response.content.decode()).group(1)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, 3),
        ({"from": "2019-01-01"}, 2),
        ({"to": "2019-12-31"}, 1),
        ({"from": "2017-01-01", "to": "2020-12-31"}, 1),
        ({"source": "whitehouse"}, 1),
        ({"language": "en"}, 3),
        ({"spokesperson": "geng-shuang"}, 1),
        ({"outlet": "afp"}, 1),
        ({"topic": "xinjiang"}, 2),
        ({"entity": "european-union"}, 1),
        ({"topic": "xinjiang", "outlet": "afp", "from": "2020-01-01"}, 1),
        ({"spokesperson": "zhao-lijian", "source": "whitehouse"}, 0),
    ],
)
def test_each_filter_narrows_alone_and_combined(client, archive, params, expected):
    response = search(client, q="Xinjiang", **params)
    assert response.status_code == 200
    assert len(texts(response)) == expected


def test_suggested_topics_and_rejected_mentions_do_not_count(client, archive):
    assert len(texts(search(client, topic="xinjiang"))) == 2
    assert len(texts(search(client, entity="european-union"))) == 1


def test_search_within_one_briefing(client, archive):
    briefing = archive["taiwan"].briefing
    found = texts(search(client, q="visit OR Taiwan", briefing=str(briefing.pk)))
    assert len(found) == 2
    assert len(texts(search(client, q="visit OR Taiwan"))) == 3


def test_facet_counts_add_up_to_the_total(client, archive):
    response = search(client, q="China")
    html = response.content.decode()
    total = int(re.search(r"of (\d+) exchanges", count(response)).group(1))
    assert total == len(texts(response)) == 3
    years = re.search(r"<h3>Year</h3>(.*?)</section>", html, re.S).group(1)
    assert sum(int(n) for n in re.findall(r'class="count">(\d+)<', years)) == total
    outlets = re.search(r"<h3>Outlet</h3>(.*?)</section>", html, re.S).group(1)
    assert 'China Daily</a> <span class="count">2<' in outlets
    assert sum(int(n) for n in re.findall(r'class="count">(\d+)<', outlets)) == total


def test_facet_links_add_their_filter(client, archive):
    html = search(client, q="Xinjiang").content.decode()
    assert 'href="?q=Xinjiang&amp;spokesperson=geng-shuang"' in html
    assert 'href="?q=Xinjiang&amp;from=2016-01-01&amp;to=2016-12-31"' in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": "yesterday"}, "From: Enter a valid date."),
        ({"spokesperson": "nobody-at-all"}, "No spokesperson is called “nobody-at-all”."),
        ({"topic": "<b>x</b>"}, "No topic is called “&lt;b&gt;x&lt;/b&gt;”."),
        ({"language": "xx"}, "No language is called “xx”."),
        ({"briefing": "abc"}, "Briefing:"),
        ({"sort": "random"}, "Sort: choose relevance, newest or oldest."),
        ({"source": "nowhere"}, "Source: No source is called “nowhere”."),
        ({"outlet": "nobody"}, "Outlet: No outlet is called “nobody”."),
        ({"entity": "nothing"}, "Entity: No entity is called “nothing”."),
        ({"briefing": "-1"}, "Briefing: No briefing has the number “-1”."),
        ({"normalise": "2"}, "Share of all exchanges: Use normalise=1"),
        ({"exact": "yes"}, "Exact counts: Use exact=1"),
    ],
)
def test_invalid_filter_values_get_a_clear_message(client, archive, params, message):
    response = search(client, q="China", **params)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "[invalid name]" not in html


def test_every_search_filter_is_named_for_people():
    filterset = SearchFilterSet({})
    labels = {name: f.label for name, f in filterset.filters.items()}
    assert labels["spokesperson"] == "Spokesperson"
    assert labels["sort"] == "Sort"
    assert all(label and "[" not in label for label in labels.values()), labels


def test_the_briefing_list_names_its_topic_filter(client, archive):
    html = client.get("/briefings/", {"topic": "nope"}).content.decode()
    assert ">Topic</label>" in html
    assert "[invalid name]" not in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("the and of", "no words the index keeps"),
        ("-china", "only excludes words"),
        ('"', "no words the index keeps"),
        ("' OR 1=1; DROP TABLE briefings_question; --", None),
        ("China\x00Daily", None),
        ('"Xinjiang', None),
        ("OR OR -", "no words the index keeps"),
    ],
)
def test_odd_queries_get_results_or_a_message(client, archive, query, message):
    response = search(client, q=query)
    assert response.status_code == 200
    if message:
        assert message in response.content.decode()


def test_a_very_long_query_is_shortened_with_a_notice(client, archive):
    response = search(client, q="Xinjiang " + "word " * 2000)
    assert response.status_code == 200
    assert f"longer than {MAX_QUERY_CHARS} characters" in response.content.decode()


def test_sort_by_date_and_pages(client, archive):
    briefing = make_briefing("2022-02-02")
    for n in range(25):
        add_exchange(briefing, f"Question {n} on Xinjiang cotton.", ["Answer."])
    newest = search(client, q="Xinjiang", sort="newest")
    assert "1–20 of 28 exchanges" in count(newest)
    assert "2 February 2022" in newest.content.decode()
    oldest = texts(search(client, q="Xinjiang", sort="oldest"))
    assert "Bachélet" in oldest[0]
    second = search(client, q="Xinjiang", sort="newest", page="2")
    assert "21–28 of 28 exchanges" in count(second)
    assert 'rel="prev"' in second.content.decode()


def test_filters_without_words_list_exchanges_newest_first(client, archive):
    found = texts(search(client, spokesperson="geng-shuang"))
    assert len(found) == 5


def test_chart_is_an_accessible_svg_with_a_table(client, archive):
    html = search(client, q="Xinjiang").content.decode()
    assert '<svg viewBox="0 0 600 160" role="img"' in html
    assert '<title id="chart-title">Matching exchanges per year</title>' in html
    assert '<th scope="row">2018</th><td>0</td>' in html  # a gap year is shown as 0
    narrow = search(client, q="Xinjiang", **{"from": "2020-01-01", "to": "2021-12-31"})
    assert "Matching exchanges per month" in narrow.content.decode()
    shares = search(client, q="Xinjiang", normalise="1").content.decode()
    assert "as a share of all exchanges" in shares
    assert '<th scope="row">2019</th><td>0</td><td>2</td>' in shares


def test_relevance_ranks_the_newest_matches_and_says_so(client, monkeypatch):
    briefing = make_briefing("2021-06-01", exchanges=0)
    for n in range(30):
        add_exchange(briefing, f"Cooperation question {n}", ["Cooperation answer."])
    monkeypatch.setattr("briefings.search.results.RANK_CANDIDATES", 20)
    for sampled in (False, True):
        if sampled:
            monkeypatch.setattr("briefings.search.results.EXACT_COST", 1)
            monkeypatch.setattr("briefings.search.results.SAMPLE_PERCENT", (100.0, 100.0))
        html = search(client, q="cooperation").content.decode()
        assert "Ranked among the 20 most recent matches" in html
        assert "Page 1 of" not in html
        assert "Page 1 of 2" in search(client, q="cooperation", sort="newest").content.decode()


def test_results_page_runs_a_fixed_number_of_queries(client, archive, django_assert_num_queries):
    briefing = make_briefing("2022-02-02")
    with django_assert_num_queries(11):
        search(client, q="Xinjiang", spokesperson="geng-shuang")
    for n in range(30):
        question = add_exchange(briefing, f"Xinjiang question {n}", ["Answer.", "More."])
        ExchangeTopic.objects.create(question=question, topic=make_topic("Xinjiang"))
    with django_assert_num_queries(11):
        search(client, q="Xinjiang", spokesperson="zhao-lijian")


def test_a_sampled_results_page_runs_one_statement_more_whatever_it_shows(
    client, archive, django_assert_num_queries, monkeypatch
):
    # Counted on a sample, the page's exchanges come from a walk of their own.
    monkeypatch.setattr("briefings.search.results.EXACT_COST", 1)
    briefing = make_briefing("2022-02-02")
    with django_assert_num_queries(12):
        search(client, q="Xinjiang", normalise="1")
    for n in range(30):
        question = add_exchange(briefing, f"Xinjiang question {n}", ["Answer.", "More."])
        ExchangeTopic.objects.create(question=question, topic=make_topic("Xinjiang"))
    with django_assert_num_queries(12):
        search(client, q="Xinjiang", normalise="1", sort="oldest")


def test_search_questions_serves_other_tools(archive):
    found = search_questions('"unauthorized and untruthful" OR 萨德')
    assert set(found) == {archive["phrase"], archive["zh"]}


def test_briefing_topic_and_spokesperson_pages_search_within_themselves(client, archive):
    briefing = archive["taiwan"].briefing
    pages = {
        briefing.get_absolute_url(): ("briefing", str(briefing.pk)),
        "/topics/xinjiang/": ("topic", "xinjiang"),
        "/spokespersons/geng-shuang/": ("spokesperson", "geng-shuang"),
    }
    for url, (param, value) in pages.items():
        html = client.get(url).content.decode()
        form = re.search(r'<form class="search-within".*?</form>', html, re.S).group()
        assert 'action="/search/"' in form
        assert f'name="{param}" value="{value}"' in form


def test_very_common_words_get_estimated_counts_that_can_be_made_exact(client, monkeypatch):
    briefing = make_briefing("2021-06-01", exchanges=0)
    for n in range(40):
        add_exchange(briefing, f"Cooperation question {n}", ["Cooperation answer."])
    monkeypatch.setattr("briefings.search.results.EXACT_COST", 1)
    monkeypatch.setattr("briefings.search.results.SAMPLE_PERCENT", (100.0, 100.0))
    estimated = search(client, q="cooperation").content.decode()
    assert "of about 40 exchanges" in estimated
    assert "estimated from a sample" in estimated
    exact = search(client, q="cooperation", exact="1").content.decode()
    assert "1–20 of 40 exchanges" in exact
    assert "estimated" not in exact


@pytest.mark.parametrize(
    ("page", "shown", "notice"),
    [
        ("999", "21–28 of 28 exchanges", "There are only 2 pages of results; here is the last."),
        ("3", "21–28 of 28 exchanges", "There are only 2 pages of results; here is the last."),
        ("0", "1–20 of 28 exchanges", "Pages are numbered from 1; here is the first page."),
        ("-4", "1–20 of 28 exchanges", "Pages are numbered from 1; here is the first page."),
        ("junk", "1–20 of 28 exchanges", "That page number is not a number"),
        ("99999999999999999999999", "21–28 of 28 exchanges", "here is the last."),
    ],
)
def test_a_page_out_of_range_shows_the_first_or_last_page(client, archive, page, shown, notice):
    briefing = make_briefing("2022-02-02")
    for n in range(25):
        add_exchange(briefing, f"Question {n} on Xinjiang cotton.", ["Answer."])
    for sort in ("newest", "relevance"):
        response = search(client, q="Xinjiang", sort=sort, page=page)
        html = response.content.decode()
        assert response.status_code == 200
        assert shown in count(response)
        assert notice in html
        assert ("Page 2 of 2" if shown.startswith("21") else "Page 1 of 2") in html


def test_a_page_past_the_end_of_no_results_says_only_that_none_match(client, archive):
    response = search(client, q="zebra", page="5")
    assert "No exchanges match" in count(response)
    assert "Page 5" not in response.content.decode()
    assert "here is the last" not in response.content.decode()


def test_counts_are_grouped_by_thousands_as_in_english():
    from briefings.templatetags.archive import grouped

    assert grouped(1234567) == "1,234,567"
    assert grouped(999) == "999"
    assert grouped("25000") == "25,000"
    assert grouped(None) == "None"
