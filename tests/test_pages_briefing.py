"""A briefing's page: the whole transcript in order, with its contents and neighbours."""

import datetime
import re

import pytest

from briefings.importer import import_transcript, read_transcript
from briefings.models import Briefing, ExchangeTopic, Source, TranscriptRevision
from briefings.parsing import Hints
from tests.factories import add_exchange, add_statement, make_briefing, make_topic

pytestmark = pytest.mark.django_db

URL = "/briefings/2020/03/04/mfa/"


def test_briefing_page_shows_title_spokesperson_source_link_and_contents(client):
    briefing = make_briefing(
        "2020-03-04",
        title="Foreign Ministry Spokesperson Zhao Lijian's Regular Press Conference",
        official_url="https://www.fmprc.gov.cn/example.html",
    )
    question = add_exchange(briefing, "Can you confirm the visit to Pakistan?", ["Yes."])
    ExchangeTopic.objects.create(question=question, topic=make_topic("Pakistan"))

    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Zhao Lijian&#x27;s Regular Press Conference" in html
    assert 'href="/spokespersons/zhao-lijian/"' in html
    assert 'href="https://www.fmprc.gov.cn/example.html"' in html
    assert 'href="#q-1"' in html and 'id="q-1"' in html
    assert 'href="/topics/pakistan/"' in html
    assert '<link rel="canonical" href="http://127.0.0.1:8000/briefings/2020/03/04/mfa/">' in html


def test_transcript_keeps_statements_questions_answers_and_notes_in_order(client):
    briefing = make_briefing("2020-03-04")
    add_statement(briefing, "I have two announcements to make.")
    first = add_exchange(briefing, "First question?", ["First answer."], note="(Laughter)")
    add_exchange(briefing, "A follow-up?", ["Second answer."], asker="Follow-up", follows=first)
    add_statement(briefing, "That concludes today's press conference.")

    transcript = client.get(URL).content.decode().split('class="transcript"')[1]

    order = [
        "I have two announcements",
        "First question?",
        "First answer.",
        "(Laughter)",
        "A follow-up?",
        "Second answer.",
        "That concludes",
    ]
    positions = [transcript.index(text) for text in order]
    assert positions == sorted(positions)
    assert "Follow-up to" in transcript
    assert 'class="turn note"' in transcript


def test_chinese_briefing_is_marked_lang_zh_and_links_its_english_counterpart(client):
    english = make_briefing("2020-03-04")
    chinese = make_briefing("2020-03-04", language="zh", counterpart=english)
    add_exchange(
        chinese, "请问发言人对此有何评论？", ["我们注意到有关报道。"], asker="中央广播电视总台"
    )

    html = client.get(chinese.get_absolute_url()).content.decode()
    english_html = client.get(english.get_absolute_url()).content.decode()

    assert chinese.get_absolute_url() == "/briefings/2020/03/04/mfa-zh/"
    assert 'class="transcript" lang="zh"' in html
    assert "请问发言人对此有何评论？" in html
    assert 'href="/briefings/2020/03/04/mfa/"' in html and "This briefing in English" in html
    assert "This briefing in Chinese" in english_html


def test_previous_and_next_briefing_of_the_same_source_are_linked(client):
    make_briefing("2020-03-03")
    make_briefing("2020-03-04")
    make_briefing("2020-03-05")

    html = client.get(URL).content.decode()

    assert 'href="/briefings/2020/03/03/mfa/" rel="prev"' in html
    assert 'href="/briefings/2020/03/05/mfa/" rel="next"' in html


def test_demo_briefing_carries_the_fictional_demo_data_label(client):
    Source.objects.create(slug="demo", name="Demo Ministry", is_demo=True)
    briefing = make_briefing("2020-03-04", source="demo", exchanges=1)

    html = client.get(briefing.get_absolute_url()).content.decode()

    assert "fictional demo data" in html.lower()


@pytest.mark.parametrize("exchanges", [3, 30])
def test_briefing_page_runs_the_same_queries_for_3_or_30_exchanges(
    client, django_assert_num_queries, exchanges
):
    briefing = make_briefing("2020-03-04", exchanges=exchanges)
    add_statement(briefing, "Opening remarks.")
    for question in briefing.questions.all()[:3]:
        ExchangeTopic.objects.create(question=question, topic=make_topic("Trade"))

    # one query more than before corrections were shown: the latest correction, if any
    with django_assert_num_queries(11):
        response = client.get(URL)

    assert response.content.decode().count("data-exchange") == exchanges


def test_unknown_slug_is_a_friendly_404(client):
    make_briefing("2020-03-04")

    response = client.get("/briefings/2020/03/04/whitehouse/")

    assert response.status_code == 404
    assert "list of all briefings" in response.content.decode()


def anonymous_and_follow_up_briefing(language: str = "en", labels: tuple = ("Q", "Follow-up")):
    """A briefing of: an anonymous question, its follow-up, Reuters, and Reuters' follow-up."""
    briefing = make_briefing("2020-03-04", language=language)
    question, follow_up = labels
    anonymous = add_exchange(briefing, "Anonymous question?", ["A."], asker=None, label=question)
    add_exchange(
        briefing, "Anonymous follow-up?", ["B."], asker=None, label=follow_up, follows=anonymous
    )
    reuters = add_exchange(briefing, "Reuters asks?", ["C."], asker="Reuters")
    add_exchange(
        briefing, "Reuters goes on?", ["D."], asker="Reuters", label=follow_up, follows=reuters
    )
    return briefing


def test_contents_call_unnamed_journalists_question_or_follow_up_never_an_outlet(client):
    briefing = anonymous_and_follow_up_briefing()

    html = client.get(briefing.get_absolute_url()).content.decode()

    contents = html.split('class="toc"')[1].split("</nav>")[0]
    askers = re.findall(r'<span class="toc-asker">([^<]*)</span>', contents)
    assert askers == ["Question", "Follow-up", "Reuters", "Reuters (follow-up)"]
    assert "(follow-up) (follow-up)" not in contents and "Follow-up (follow-up)" not in contents


def test_transcript_shows_unnamed_journalists_without_outlet_links(client):
    briefing = anonymous_and_follow_up_briefing(labels=("Q.", "Follow-up"))

    html = client.get(briefing.get_absolute_url()).content.decode()

    transcript = html.split('class="transcript"')[1]
    speakers = re.findall(
        r'<div class="turn question">\s*<span class="speaker">(.*?)</span>\s*<div', transcript, re.S
    )
    assert speakers[0] == "Question"
    assert speakers[1] == "Follow-up"
    assert 'Question from </span><a href="/outlets/reuters/">Reuters</a>' in speakers[2]
    assert (
        speakers[3] == "Follow-up"
    )  # Reuters' follow-up, not a link to Reuters labelled "Follow-up"
    assert "Question from Q" not in transcript.replace("</span>", "")
    assert transcript.count('href="/outlets/') == 1


def test_chinese_transcript_calls_an_unnamed_journalist_jizhe(client):
    briefing = anonymous_and_follow_up_briefing("zh", labels=("问", "又问"))

    html = client.get(briefing.get_absolute_url()).content.decode()

    transcript = html.split('class="transcript"')[1]
    speakers = re.findall(
        r'<div class="turn question">\s*<span class="speaker">(.*?)</span>\s*<div', transcript, re.S
    )
    assert speakers[0] == "记者"
    assert speakers[1] == "追问"
    assert speakers[3] == "追问"
    contents = html.split('class="toc"')[1].split("</nav>")[0]
    assert re.findall(r'<span class="toc-asker">([^<]*)</span>', contents)[:2] == [
        "Question",
        "Follow-up",
    ]
    assert ">问<" not in html and "又问" not in html


def test_an_untitled_briefing_is_named_by_its_source_and_plain_date(client):
    briefing = make_briefing("2025-04-07", exchanges=1)

    html = client.get(briefing.get_absolute_url()).content.decode()

    assert '<h1 lang="en">Source mfa press briefing, 7 April 2025</h1>' in html
    assert "<title>Source mfa press briefing, 7 April 2025 — Briefing Archive</title>" in html
    assert "07 April" not in html


def import_text(exchanges: list[tuple[str, str]]) -> Briefing:
    """A transcript of 4 March 2020 imported through the parser and importer."""
    lines = ["Zhao Lijian: Good afternoon."]
    for question, answer in exchanges:
        lines += [f"Reuters: {question}", f"Zhao Lijian: {answer}"]
    hints = Hints(source="mfa", date=datetime.date(2020, 3, 4), spokesperson="Zhao Lijian")
    raw, parsed = read_transcript("\n\n".join(lines) + "\n", hints, filename="t.txt")
    return import_transcript(parsed, raw_text=raw, filename="t.txt", hints=hints).briefing


ORIGINAL = [
    ("Will the talks go ahead next week?", "They will."),
    ("Who will lead the delegation?", "The vice minister."),
    ("Is a joint statement planned?", "Please stay tuned."),
    ("Any comment on the harvest report?", "We have noted it."),
]


def test_a_corrected_briefing_says_when_and_how_many_exchanges_changed(client):
    import_text(ORIGINAL)
    corrected = [
        ORIGINAL[0],
        ("Who will lead the delegation?", "The vice minister, Mr Wang."),  # edited
        ORIGINAL[3],  # the third exchange removed
        ("What about the visa rules?", "They stay as they are."),  # added
    ]
    briefing = import_text(corrected)
    TranscriptRevision.objects.filter(briefing=briefing, number=2).update(
        created_at=datetime.datetime(2020, 3, 6, 9, 30, tzinfo=datetime.UTC)
    )

    html = client.get(briefing.get_absolute_url()).content.decode()

    note = html.split('class="correction-note"')[1].split("</p>")[0]
    text = " ".join(re.sub(r"<[^>]+>", "", note).split())
    assert text.startswith('role="note">Corrected on 6 March 2020: 2 exchanges changed or added')
    assert "2 exchanges changed or added, 1 removed. This is revision 2 of the transcript" in text
    assert "t.txt" not in html and "admin" not in html.split("</header>")[0]


def test_a_briefing_never_corrected_has_no_correction_note(client):
    briefing = import_text(ORIGINAL)

    html = client.get(briefing.get_absolute_url()).content.decode()

    assert "correction-note" not in html and "Corrected on" not in html
