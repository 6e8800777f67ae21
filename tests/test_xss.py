"""Markup smuggled into the archive stays text on every page that shows it.

Transcripts (through the importer and the admin upload), entity names, topic names and
descriptions, search terms and filter values all carry the same payloads: a script, an
event-handler attribute, a javascript: link, an attribute break-out and plain HTML. Each
page is read with an HTML parser, as a browser would build it: none of the payload's
elements or attributes may exist, and the payload must still be there as visible text.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils.html import escape

from briefings.importer import import_transcript, read_transcript
from briefings.models import Briefing, Entity, EntityAlias, ExchangeTopic, Question
from tests.factories import make_entity, make_topic

# Every element the payloads could create carries data-xss, a name no template uses.
PAYLOAD = (
    "<script data-xss>window.xssRan=1</script> "
    '<img src=x data-xss onerror="window.xssRan=2"> '
    '<a data-xss href="javascript:window.xssRan=3">click me</a> '
    '"><svg data-xss onload="window.xssRan=4"> '
    "'><b data-xss>bold claim</b>"
)
# What a reader must still see, proving the payload was shown (as text), not dropped.
VISIBLE = "<b data-xss>bold claim</b>"
JAVASCRIPT_LINK = "javascript:window.xssRan=5"

TITLE = "Foreign Ministry Spokesperson Zhao Lijian's Regular Press Conference on March 4, 2020"


def transcript_with_payloads() -> str:
    """A plain-text MFA transcript with the payloads in a statement, a question and an answer."""
    return "\n\n".join(
        [
            TITLE,
            f"Zhao Lijian: Good afternoon. {PAYLOAD}",
            f"Reuters: Did Agency Zeta publish the note? {PAYLOAD}",
            f"Zhao Lijian: I refer you to the competent authorities. {PAYLOAD}",
            "CCTV: What is your comment on the harvest festival?",
            f"Zhao Lijian: We wish it well. {JAVASCRIPT_LINK}",
        ]
    )


def assert_inert(html: str, visible: str | None = VISIBLE) -> BeautifulSoup:
    """Parse the page and fail on anything from the payloads that a browser would run."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        names = set(tag.attrs)
        assert "data-xss" not in names, f"injected element <{tag.name}> in the page"
        handlers = {name for name in names if name.lower().startswith("on")}
        assert not handlers, f"event handler {handlers} on <{tag.name}>"
        for name in ("href", "src", "action", "formaction", "xlink:href"):
            value = str(tag.get(name) or "").strip().lower()
            assert not value.startswith("javascript:"), f"javascript: link on <{tag.name}>"
        if tag.name == "script":
            source = str(tag.get("src", ""))
            assert source.startswith("/") and not source.startswith("//"), "a foreign script"
            assert not (tag.string or "").strip(), "an inline script"
    if visible is not None:
        assert visible in soup.get_text(), f"{visible!r} is not shown on the page"
    return soup


@pytest.fixture
def archive(db: object) -> dict[str, object]:
    """A briefing imported through the importer, with a tagged topic and a named entity."""
    name = f'Agency <img src=x data-xss onerror="window.xssRan=2"> {VISIBLE}'
    entity = make_entity(name, kind=Entity.Kind.ORGANISATION)
    EntityAlias.objects.create(entity=entity, name="Agency Zeta")
    topic = make_topic(f"Harvest {VISIBLE}", description=f"About harvests.\n\n{PAYLOAD}")
    raw, parsed = read_transcript(transcript_with_payloads(), filename="t.txt")
    import_transcript(parsed, raw_text=raw, filename="t.txt")
    briefing = Briefing.objects.get()
    question = Question.objects.get(briefing=briefing, number=1)
    ExchangeTopic.objects.create(question=question, topic=topic)
    assert question.mentions.filter(entity=entity).exists()
    return {"briefing": briefing, "question": question, "entity": entity, "topic": topic}


def test_an_imported_transcript_is_text_on_the_briefing_and_exchange_pages(client, archive):
    briefing, question = archive["briefing"], archive["question"]
    for url in (briefing.get_absolute_url(), question.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200
        soup = assert_inert(response.text)
        assert JAVASCRIPT_LINK in soup.get_text() or url != briefing.get_absolute_url()


def test_an_imported_transcript_is_text_in_lists_and_archives(client, archive):
    briefing = archive["briefing"]
    for url in ("/", "/briefings/", "/briefings/2020/03/", "/briefings/2020/03/04/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.text, visible=None)
    assert "Zhao Lijian" in client.get(briefing.get_absolute_url()).text


def test_search_results_show_the_transcripts_markup_as_text(client, archive):
    response = client.get("/search/", {"q": "bold claim"})
    assert response.status_code == 200
    soup = assert_inert(response.text, visible="bold claim")
    # The snippet's highlight is ours; the transcript's <b> is not an element.
    assert soup.find("mark") is not None
    assert "data-xss" in soup.get_text()


@pytest.mark.parametrize(
    "term",
    [PAYLOAD, '"><script data-xss>window.xssRan=1</script>', "' onfocus='window.xssRan=6' x='"],
)
def test_search_terms_are_echoed_as_text(client, archive, term):
    response = client.get("/search/", {"q": term})
    assert response.status_code in {200, 400}
    soup = assert_inert(response.text, visible=None)
    box = soup.find("input", attrs={"name": "q"})
    assert box is not None and box["value"] == term


@pytest.mark.parametrize("name", ["topic", "entity", "spokesperson", "outlet", "source", "from"])
def test_bad_search_filter_values_are_refused_as_text(client, archive, name):
    response = client.get(f"/search/?q=claim&{name}={quote(PAYLOAD)}")
    assert response.status_code in {200, 400}
    assert_inert(response.text, visible=None)


@pytest.mark.parametrize("name", ["spokesperson", "topic", "source", "date_from", "language"])
def test_bad_briefing_list_filter_values_are_refused_as_text(client, archive, name):
    response = client.get(f"/briefings/?{name}={quote(PAYLOAD)}")
    assert response.status_code in {200, 400}
    assert_inert(response.text, visible=None)


def test_a_topic_filter_shows_the_topics_name_as_text(client, archive):
    topic = archive["topic"]
    response = client.get("/search/", {"q": "claim", "topic": topic.slug})
    assert response.status_code == 200
    assert_inert(response.text)


def test_topic_names_and_descriptions_are_text(client, archive):
    topic = archive["topic"]
    page = client.get(topic.get_absolute_url())
    assert page.status_code == 200
    soup = assert_inert(page.text, visible="window.xssRan=4")
    assert VISIBLE in soup.get_text()
    assert_inert(client.get("/topics/").text)
    assert_inert(client.get(archive["question"].get_absolute_url()).text)


def test_entity_names_are_text_wherever_they_are_named(client, archive):
    entity = archive["entity"]
    for url in (entity.get_absolute_url(), "/entities/", archive["question"].get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.text)
    response = client.get("/search/", {"q": "claim", "entity": entity.slug})
    assert_inert(response.text)


def test_feeds_give_readers_text_not_markup(client, archive):
    topic, entity = archive["topic"], archive["entity"]
    atom = "{http://www.w3.org/2005/Atom}"
    for url in (
        "/briefings/feed/",
        f"/topics/{topic.slug}/feed/",
        f"/entities/{entity.slug}/feed/",
        "/search/feed/?q=claim",
        f"/search/feed/?q={quote(PAYLOAD)}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        feed = ET.fromstring(response.content)
        parts = [feed.find(f"{atom}title")]
        for entry in feed.iter(f"{atom}entry"):
            parts += [entry.find(f"{atom}{name}") for name in ("title", "summary", "content")]
        for element in parts:
            if element is None:
                continue
            # A reader renders a type="html" part as HTML, any other as text.
            html = element.text or ""
            if element.get("type") != "html":
                html = f"<p>{escape(html)}</p>"
            assert_inert(html, visible=None)
        text = "".join(ET.fromstring(response.content).itertext())
        assert "window.xssRan" in text, url


def test_admin_pages_show_the_markup_as_text(admin_client, archive):
    briefing, question, entity = archive["briefing"], archive["question"], archive["entity"]
    for url in (
        "/admin/briefings/briefing/",
        f"/admin/briefings/briefing/{briefing.pk}/change/",
        "/admin/briefings/question/",
        f"/admin/briefings/question/{question.pk}/change/",
        "/admin/briefings/entity/",
        f"/admin/briefings/entity/{entity.pk}/change/",
        "/admin/briefings/topic/",
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.text, visible=None)


def test_an_uploaded_file_is_text_in_the_preview_and_after_import(admin_client, db):
    name = '"><img src=x data-xss onerror="window.xssRan=7">.txt'
    upload = SimpleUploadedFile(name, transcript_with_payloads().encode(), "text/plain")
    preview = admin_client.post("/admin/briefings/briefing/upload/", {"files": [upload]})
    assert preview.status_code == 200
    assert_inert(preview.text)
    token = BeautifulSoup(preview.text, "html.parser").find("input", attrs={"name": "token"})
    done = admin_client.post(
        "/admin/briefings/briefing/upload/confirm/", {"token": token["value"]}, follow=True
    )
    assert done.status_code == 200
    assert_inert(done.text, visible=None)
    briefing = Briefing.objects.get()
    assert_inert(Client().get(briefing.get_absolute_url()).text)


def test_a_saved_page_with_live_markup_imports_as_text(client, db, corpus_dir):
    # A ministry page as saved from the site, given a javascript: canonical link, live
    # scripts and an event handler, and the payload as text in a question.
    page = (corpus_dir / "mfa-en/2018-05-11_geng-shuang-presscon.html").read_text()
    page = page.replace(
        "<head>", '<head><link rel="canonical" href="javascript:window.xssRan=8">', 1
    )
    page = page.replace(
        "Q: You just announced State Councilor",
        "Q: &lt;b data-xss&gt;bold claim&lt;/b&gt;<script>window.xssRan=9</script>"
        '<img src=x onerror="window.xssRan=10"> You just announced State Councilor',
        1,
    )
    assert "bold claim" in page
    raw, parsed = read_transcript(page, filename="page.html")
    import_transcript(parsed, raw_text=raw, filename="page.html")
    briefing = Briefing.objects.get()
    assert briefing.official_url == ""
    for url in (briefing.get_absolute_url(), "/search/?q=claim"):
        response = client.get(url)
        assert response.status_code == 200
        assert_inert(response.text, visible="bold claim")
