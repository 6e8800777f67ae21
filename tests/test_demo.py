"""The demo loader: fictional data plainly labelled, loaded through the real path, idempotent."""

from __future__ import annotations

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from briefings import demo
from briefings.models import Briefing, ExchangeTopic, Source, Topic
from tests.corpus import SEED_FILE

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
    (tmp_path / "seed").mkdir()
    (tmp_path / "seed" / SEED_FILE.name).write_bytes(SEED_FILE.read_bytes())
    monkeypatch.setenv("CORPUS_DIR", str(tmp_path))
    output = load("--demo-briefings", "1")
    assert "Seed transcript: 1 imported" in output
    briefing = Briefing.objects.get(source__slug="mfa")
    assert briefing.date.isoformat() == "2022-07-28"
    assert [p.name for p in briefing.spokespersons.all()] == ["Zhao Lijian"]
    assert "Seed transcript: 0 imported" in load("--demo-briefings", "1")


def test_a_fresh_demo_has_tagged_topics_on_the_home_page_and_suggestions_left_to_review(client):
    load()

    demo_links = ExchangeTopic.objects.filter(question__briefing__source__slug="demo")
    accepted = demo_links.filter(status="accepted")
    assert accepted.exists()
    assert set(accepted.values_list("question__number", flat=True)) <= {1, 3, 5, 7, 9, 11, 13}
    assert demo_links.filter(status="suggested").exists()
    html = client.get("/").content.decode().split('id="topics-heading"')[1]
    shown = [name for name in demo.TOPICS if name in html]
    assert shown, "the home page shows the demo's topics of recent weeks"
    assert "has been tagged with a topic yet" not in html


def test_an_existing_demo_with_suggestions_only_gets_its_tags_on_the_next_load():
    load()
    links = ExchangeTopic.objects.filter(question__briefing__source__slug="demo")
    links.filter(status="accepted").update(status="suggested")  # as loaded before tagging

    assert "exchanges tagged" in load()
    tagged = links.filter(status="accepted").count()
    assert tagged > 0
    assert "; 0 exchanges tagged." in load()
    assert links.filter(status="accepted").count() == tagged


def test_the_demo_leaves_an_editors_tags_alone():
    load()
    links = ExchangeTopic.objects.filter(question__briefing__source__slug="demo")
    links.filter(status="accepted").update(status="suggested")
    chosen = links.order_by("pk").first()
    links.filter(pk=chosen.pk).update(status="manual")

    load()

    assert list(links.exclude(status="suggested").values_list("pk", flat=True)) == [chosen.pk]


def test_demo_briefings_are_titled_like_the_archives_other_untitled_briefings(client):
    load()
    briefing = Briefing.objects.filter(source__slug="demo").order_by("date").first()

    html = client.get(briefing.get_absolute_url()).content.decode()

    day = briefing.date
    title = f"Demo Briefing Room (fictional) press briefing, {day.day} {day:%B %Y}"
    assert str(briefing) == title
    assert f'<h1 lang="en">{title}</h1>' in html
    assert day.day < 10 and f"{day:%d %B}" not in html  # no "06 January"
