"""An editor tags exchanges on a briefing's admin page and readers find them on the topic page."""

import pytest

from tests.factories import add_exchange, make_briefing, make_editor, make_topic

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def choose_topic(page, row: int, name: str) -> None:
    """Pick a topic in an exchange's autocomplete field, as an editor does with the keyboard."""
    page.click(f"#id_questions-{row}-tags + .select2")
    page.keyboard.type(name[:4])
    option = page.locator(".select2-results__option", has_text=name)
    option.first.click()


def test_editor_tags_two_exchanges_in_the_admin_and_sees_them_on_the_topic_page(page, artifacts):
    make_editor("editor", "a-long-test-password")
    briefing = make_briefing(
        "2020-03-04", title="Regular press conference", spokesperson="Geng Shuang"
    )
    add_exchange(briefing, "What help is China giving Pakistan against locusts?", ["Experts."])
    add_exchange(briefing, "Any comment on the trade talks?", ["They go on."])
    add_exchange(briefing, "Will the locust swarm reach Yunnan?", ["We are prepared."])
    make_topic("Locust plague", description="Desert locusts in South Asia, 2020.")
    make_topic("Trade")

    page.goto("/admin/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")
    page.goto(f"/admin/briefings/briefing/{briefing.pk}/change/")
    assert page.get_by_text(
        "What help is China giving Pakistan against locusts?", exact=True
    ).is_visible()

    choose_topic(page, 0, "Locust plague")
    choose_topic(page, 2, "Locust plague")
    page.screenshot(path=artifacts / "admin-briefing-tagging.png", full_page=True)
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")
    assert "Topics: 2 added, 0 removed on 2 exchanges." in page.inner_text(".messagelist")

    page.goto("/topics/locust-plague/")
    cards = page.locator(".exchange-card")
    assert cards.count() == 2
    text = page.inner_text("main")
    assert "What help is China giving Pakistan against locusts?" in text
    assert "Will the locust swarm reach Yunnan?" in text
    assert "trade talks" not in text
    assert "2 exchanges" in text
    page.screenshot(path=artifacts / "topic-page.png", full_page=True)
