"""The demo loader: fictional data plainly labelled, loaded through the real path, idempotent."""

from __future__ import annotations

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from briefings import demo
from briefings.models import Briefing, Source, Topic

pytestmark = pytest.mark.django_db


def load(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", "--no-corpus", "--demo-briefings", "12", *args, stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_app_config("briefings").get_models()
    }


def test_loading_the_demo_twice_gives_the_same_counts():
    first = load()
    assert "12 briefings imported" in first
    counts = row_counts()
    second = load()
    assert "0 briefings imported" in second
    assert "12 already loaded" in second
    assert row_counts() == counts


def test_demo_briefings_belong_to_a_source_marked_fictional():
    load()
    source = Source.objects.get(slug="demo")
    assert source.is_demo
    assert "fictional" in source.name.lower()
    briefings = Briefing.objects.filter(source=source)
    assert briefings.count() == 12
    assert {b.spokespersons.get().name for b in briefings} <= set(demo.SPOKESPERSONS)
    assert Topic.objects.filter(name__in=demo.TOPICS).exclude(keywords="").count() == len(
        demo.TOPICS
    )


def test_the_default_demo_spans_several_months_with_several_spokespersons():
    transcripts = list(demo.generate_transcripts())
    assert len({(t.date.year, t.date.month) for t in transcripts}) >= 3
    assert len({t.spokesperson for t in transcripts}) >= 3
    assert transcripts == list(demo.generate_transcripts())  # the same texts every time


def test_demo_briefings_have_exchanges_with_resolved_askers_and_follow_ups(client):
    load()
    briefing = Briefing.objects.filter(source__slug="demo").order_by("date").first()
    questions = list(briefing.questions.order_by("position"))
    assert questions
    assert all(q.asker is not None for q in questions)
    follows = Briefing.objects.filter(source__slug="demo").values_list(
        "questions__follows", flat=True
    )
    assert any(follows)
    page = client.get(reverse("briefings:briefing", args=briefing.url_args()))
    assert page.status_code == 200
    assert "fictional" in page.content.decode().lower()


def test_the_seed_transcript_is_loaded_with_its_known_date_and_spokesperson(tmp_path, monkeypatch):
    from .conftest import SEED_FILE

    if not SEED_FILE.is_file():
        pytest.skip(f"seed transcript not found at {SEED_FILE}")
    (tmp_path / "seed").mkdir()
    (tmp_path / "seed" / SEED_FILE.name).write_bytes(SEED_FILE.read_bytes())
    monkeypatch.setenv("SHARED_DIR", str(tmp_path))
    output = load("--demo-briefings", "1")
    assert "Seed transcript: 1 imported" in output
    briefing = Briefing.objects.get(source__slug="mfa")
    assert briefing.date.isoformat() == "2022-07-28"
    assert [p.name for p in briefing.spokespersons.all()] == ["Zhao Lijian"]
    assert "Seed transcript: 0 imported" in load("--demo-briefings", "1")
