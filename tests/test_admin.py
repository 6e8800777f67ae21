"""The editors' admin: every model's pages load for staff, and nobody else gets in."""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from .factories import add_exchange, make_briefing

pytestmark = pytest.mark.django_db


@pytest.fixture
def briefing():
    briefing = make_briefing("2020-03-04", title="A briefing")
    add_exchange(briefing, "Any comment on the visit?", ["We welcome it."])
    return briefing


def test_every_model_admin_list_and_add_page_loads_for_a_superuser(admin_client, briefing):
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        response = admin_client.get(reverse("admin:{}_{}_changelist".format(*info)))
        assert response.status_code == 200, info


def test_briefing_change_page_shows_its_exchanges(admin_client, briefing):
    response = admin_client.get(reverse("admin:briefings_briefing_change", args=[briefing.pk]))
    assert response.status_code == 200
    assert "Any comment on the visit?" in response.content.decode()


def test_briefing_list_can_be_searched_and_filtered_by_date(admin_client, briefing):
    url = reverse("admin:briefings_briefing_changelist")
    found = admin_client.get(url, {"q": "A briefing", "date__year": "2020"})
    assert "A briefing" in found.content.decode()
    missing = admin_client.get(url, {"date__year": "2019"})
    assert "A briefing" not in missing.content.decode()


def test_anonymous_visitor_is_sent_to_the_login_page(client, briefing):
    response = client.get(reverse("admin:briefings_briefing_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_project_passes_django_system_checks():
    call_command("check", fail_level="WARNING")
