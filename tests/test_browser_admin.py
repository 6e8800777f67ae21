"""A real browser reaches the editors' login page and an editor signs in."""

import pytest

from tests.factories import make_editor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_signs_in_to_the_admin_in_chromium(page, artifacts):
    editor = make_editor("editor", "a-long-test-password")
    assert editor.is_staff and not editor.is_superuser
    page.goto("/admin/")
    assert page.title().startswith("Log in")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")
    assert "Briefing Archive" in page.inner_text("#site-name")
    # What the Editors group may reach, and not what only an administrator may.
    assert page.get_by_role("link", name="Users").count() == 0
    page.screenshot(path=artifacts / "admin-index.png")
    page.goto("/admin/briefings/briefing/")
    assert page.get_by_role("link", name="Upload transcripts").is_visible()
