"""In a real Chromium, scripts planted in the archive's text never run, and the policy stops
the inline script that escaping would let through if it ever failed."""

from __future__ import annotations

import pytest

from briefings.importer import import_transcript, read_transcript
from briefings.models import Briefing, Entity, EntityAlias, ExchangeTopic, Question
from tests.factories import make_entity, make_topic
from tests.test_xss import PAYLOAD, VISIBLE, transcript_with_payloads

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def planted(live_server: object) -> dict[str, str]:
    """The transcript with payloads imported, a topic and an entity carrying them too."""
    entity = make_entity(f"Agency {VISIBLE}", kind=Entity.Kind.ORGANISATION)
    EntityAlias.objects.create(entity=entity, name="Agency Zeta")
    topic = make_topic(f"Harvest {VISIBLE}", description=PAYLOAD)
    raw, parsed = read_transcript(transcript_with_payloads(), filename="t.txt")
    import_transcript(parsed, raw_text=raw, filename="t.txt")
    briefing = Briefing.objects.get()
    question = Question.objects.get(briefing=briefing, number=1)
    ExchangeTopic.objects.create(question=question, topic=topic)
    return {
        "briefing": briefing.get_absolute_url(),
        "exchange": question.get_absolute_url(),
        "topic": topic.get_absolute_url(),
        "entity": entity.get_absolute_url(),
        "search": "/search/?q=" + "bold claim",
        "search-term": "/search/?q=%3Cscript%3Ewindow.xssRan%3D1%3C%2Fscript%3E",
    }


def test_planted_scripts_never_run_on_any_page_that_shows_them(page, planted):
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for name, url in planted.items():
        response = page.goto(url)
        assert response.status == 200, name
        page.wait_for_load_state("load")
        assert page.evaluate("typeof window.xssRan") == "undefined", name
        assert page.locator("[data-xss]").count() == 0, name
        if name != "search-term":
            # The payload is there for the reader to see, as text.
            assert page.get_by_text("bold claim", exact=False).first.is_visible(), name
    assert dialogs == []


def test_the_policy_blocks_inline_script_even_if_markup_got_through(page, planted):
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text))
    page.goto(planted["briefing"])
    # Markup inserted into the page behind the templates' back, as an escaping bug would.
    page.evaluate(
        """() => {
            const box = document.createElement("div");
            box.innerHTML = '<img src="/nothing.png" onerror="window.xssRan = 2">';
            document.body.append(box);
            const script = document.createElement("script");
            script.textContent = "window.xssRan = 1";
            document.body.append(script);
        }"""
    )
    page.wait_for_timeout(500)
    assert page.evaluate("typeof window.xssRan") == "undefined"
    assert any("Content Security Policy" in text for text in violations), violations


def test_the_api_documentation_renders_under_the_policy(page, live_server):
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text))
    response = page.goto("/api/v1/docs/")
    assert response.status == 200
    page.get_by_text("Briefing Archive API", exact=False).first.wait_for()
    page.get_by_text("/api/v1/exchanges/", exact=False).first.wait_for()
    # Redoc's own "powered by" logo from its makers' site is refused, as any outside file is;
    # nothing the page needs to work is.
    needed = [
        text for text in violations if "Content Security Policy" in text and "img-src" not in text
    ]
    assert needed == [], violations
