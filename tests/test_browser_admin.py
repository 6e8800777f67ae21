"""A real browser reaches the editors' login page and signs in."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editor_signs_in_to_the_admin_in_chromium(page, artifacts):
    get_user_model().objects.create_superuser("editor", "", "a-long-test-password")
    page.goto("/admin/")
    assert page.title().startswith("Log in")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.wait_for_selector("#site-name")
    assert "Briefing Archive" in page.inner_text("#site-name")
    assert page.get_by_role("link", name="Briefings").first.is_visible()
    page.screenshot(path=artifacts / "admin-index.png")
