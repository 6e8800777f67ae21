"""Many imports in one run: a fixed number of queries each, and nothing stale kept between them."""

from __future__ import annotations

import dataclasses
import datetime

import pytest
from django.db import IntegrityError, connection

from briefings import demo
from briefings.importer import ImportRun, import_transcript, read_transcript
from briefings.models import (
    Briefing,
    Entity,
    EntityAlias,
    ExchangeTopic,
    Mention,
    Question,
    Topic,
)
from briefings.parsing import Hints

pytestmark = pytest.mark.django_db

# One import of a new briefing, once the run has read the entities, aliases and topic
# rules: the day's briefings, the briefing and its history row, the revision, the
# history check, its spokesperson, the exchange ids, the exchanges with their search
# documents, answers, statements, permalinks, mentions and topic suggestions; here also
# the savepoint and its release, as the test itself runs in a transaction. The writes
# from the spokesperson on are sent together (one round trip); a bulk run adds one
# statement to them (synchronous_commit).
QUERIES_PER_BRIEFING = 15


def demo_transcripts(count: int, exchanges: int, seed: int) -> list[demo.DemoTranscript]:
    start = datetime.date(2003, 3, 3) + datetime.timedelta(days=seed * 10)
    return list(
        demo.generate_transcripts(count, start=start, exchanges=(exchanges, exchanges), seed=seed)
    )


def load(transcript: demo.DemoTranscript, run: ImportRun, **options: object) -> object:
    hints = Hints(source="demo", date=transcript.date, spokesperson=transcript.spokesperson)
    raw, parsed = read_transcript(transcript.text, hints, filename=transcript.filename)
    return import_transcript(
        parsed, raw_text=raw, filename=transcript.filename, hints=hints, run=run, **options
    )


def plain_transcript(day: int, exchanges: list[tuple[str, str]]) -> demo.DemoTranscript:
    """A demo-room transcript of the given (asker, question) pairs, each answered briefly."""
    lines = ["Ilse Marrow: Good afternoon."]
    for asker, question in exchanges:
        lines += [f"{asker}: {question}", "Ilse Marrow: We have nothing to add."]
    date = datetime.date(2004, 5, day)
    return demo.DemoTranscript(f"plain-{date}.txt", date, "Ilse Marrow", "\n\n".join(lines))


@pytest.mark.parametrize("exchanges", [10, 25, 40])
def test_importing_a_briefing_takes_the_same_queries_however_many_exchanges(
    exchanges: int, django_assert_num_queries: object
) -> None:
    demo.ensure_demo_records()
    run = ImportRun()
    *earlier, measured = demo_transcripts(3, exchanges, seed=exchanges)
    for transcript in earlier:  # the run reads what it keeps (again after making an entity)
        load(transcript, run)
    with django_assert_num_queries(QUERIES_PER_BRIEFING):  # type: ignore[operator]
        result = load(measured, run)
    assert result.status == "imported"
    assert result.exchanges >= exchanges  # and the follow-ups
    questions = result.briefing.questions.all()
    # Everything an import makes was made: answers, statements, mentions, suggestions.
    assert all(q.answers.exists() for q in questions)
    assert result.briefing.statements.exists()
    assert Mention.objects.filter(question__briefing=result.briefing).exists()
    assert ExchangeTopic.objects.filter(question__briefing=result.briefing).exists()
    assert questions.filter(search_vector__isnull=True).count() == 0
    assert questions.filter(follows__isnull=False).exists()


def test_an_alias_added_during_a_run_is_linked_in_the_next_briefing() -> None:
    demo.ensure_demo_records()
    run = ImportRun()
    load(plain_transcript(3, [("Lakeside Courier", "What about Quillonia?")]), run)
    place = Entity.objects.create(name="Quillon Bay", slug="quillon-bay", kind="place")
    EntityAlias.objects.create(entity=place, name="Quillonia")
    result = load(plain_transcript(4, [("Lakeside Courier", "And Quillonia today?")]), run)
    assert Mention.objects.filter(question__briefing=result.briefing, entity=place).exists()


def test_a_keyword_added_during_a_run_suggests_its_topic_in_the_next_briefing() -> None:
    demo.ensure_demo_records()
    run = ImportRun()
    load(plain_transcript(5, [("Lakeside Courier", "Any news on lighthouses?")]), run)
    topic = Topic.objects.create(name="Lighthouses", slug="lighthouses", keywords="lighthouse")
    result = load(plain_transcript(6, [("Lakeside Courier", "Is the lighthouse open?")]), run)
    links = ExchangeTopic.objects.filter(question__briefing=result.briefing, topic=topic)
    assert links.get().status == ExchangeTopic.Status.SUGGESTED


def test_an_outlet_first_seen_in_a_run_is_linked_where_later_briefings_name_it() -> None:
    demo.ensure_demo_records()
    run = ImportRun()
    first = load(plain_transcript(7, [("Harbour Watch", "A question?")]), run)
    outlet = first.briefing.questions.get().asker
    assert outlet.name == "Harbour Watch"
    later = load(plain_transcript(8, [("Lakeside Courier", "Harbour Watch says so?")]), run)
    assert Mention.objects.filter(question__briefing=later.briefing, entity=outlet).exists()
    assert later.briefing.questions.get().asker.name == "Lakeside Courier"


def test_an_outlet_made_in_a_dry_run_is_made_again_for_real() -> None:
    demo.ensure_demo_records()
    run = ImportRun()
    preview = load(plain_transcript(9, [("Pier Gazette", "A question?")]), run, dry_run=True)
    assert preview.dry_run
    assert not Entity.objects.filter(name="Pier Gazette").exists()
    result = load(plain_transcript(9, [("Pier Gazette", "A question?")]), run)
    assert result.briefing.questions.get().asker == Entity.objects.get(name="Pier Gazette")


def test_a_file_failing_in_a_bulk_run_leaves_nothing_and_the_next_file_imports() -> None:
    # A constraint broken by the last write of the import, which the run sends without
    # waiting for the ones before it.
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE briefings_answer ADD CONSTRAINT no_boom CHECK (text NOT LIKE '%BOOM%')"
        )
    demo.ensure_demo_records()
    run = ImportRun(bulk=True)
    load(plain_transcript(10, [("Lakeside Courier", "A first question?")]), run)
    counts = {model: model.objects.count() for model in (Briefing, Question, Mention)}
    broken = plain_transcript(11, [("Lakeside Courier", "A second question?")])
    broken = dataclasses.replace(broken, text=broken.text.replace("nothing to add", "BOOM"))
    with pytest.raises(IntegrityError):
        load(broken, run)
    assert {model: model.objects.count() for model in counts} == counts
    result = load(plain_transcript(12, [("Lakeside Courier", "Harbour Watch again?")]), run)
    assert result.status == "imported"
    assert result.briefing.questions.get().answers.get().text == "We have nothing to add."
