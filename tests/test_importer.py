"""The one write path: idempotent, all or nothing, revisions kept, permalinks that survive."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.apps import apps
from django.db import IntegrityError, connection
from django.urls import reverse

from briefings.importer import ImportRejected, import_transcript, read_transcript
from briefings.models import Briefing, Entity, Question, TranscriptRevision
from briefings.parsing import Hints

pytestmark = pytest.mark.django_db

TITLE = "Foreign Ministry Spokesperson Zhao Lijian's Regular Press Conference on March 4, 2020"
OPENING = "Zhao Lijian: Good afternoon. I have an announcement to start with."
EXCHANGES = [
    ("CCTV", "What is your comment on the harvest festival in Qinghai?", "We wish it well."),
    ("Reuters", "Can you confirm the date of the trade talks?", "I have nothing to offer."),
    ("AFP", "Will the minister travel to Geneva next week?", "Please stay tuned."),
    ("Bloomberg", "How many delegations have registered for the forum?", "Over forty."),
]


def transcript(exchanges: list[tuple[str, str, str]] = EXCHANGES, title: str = TITLE) -> str:
    """A plain-text MFA transcript as copied from the ministry's page."""
    lines = [title, OPENING]
    for asker, question, answer in exchanges:
        lines += [f"{asker}: {question}", f"Zhao Lijian: {answer}"]
    return "\n\n".join(lines) + "\n"


def load(text: str, *, user: Any = None, dry_run: bool = False, **given: Any) -> object:
    """Parse and import a transcript text through the real path."""
    hints = Hints(**given)
    raw, parsed = read_transcript(text, hints, filename="t.txt")
    return import_transcript(
        parsed, raw_text=raw, filename="t.txt", hints=hints, user=user, dry_run=dry_run
    )


def row_counts() -> dict[str, int]:
    """How many rows every model of the archive holds."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_app_config("briefings").get_models()
    }


def test_importing_the_same_transcript_twice_is_unchanged_and_adds_no_rows():
    first = load(transcript())
    counts = row_counts()
    second = load(transcript())
    assert (first.status, second.status) == ("imported", "unchanged")
    assert second.briefing.pk == first.briefing.pk
    assert row_counts() == counts


def test_a_new_briefing_has_its_exchanges_speakers_and_opening_statement():
    result = load(transcript())
    briefing = result.briefing
    assert (briefing.date, briefing.slug, briefing.source.slug) == (
        datetime.date(2020, 3, 4),
        "mfa",
        "mfa",
    )
    assert result.exchanges == 4
    assert [q.number for q in briefing.questions.order_by("position")] == [1, 2, 3, 4]
    assert briefing.statements.get().text.startswith("Good afternoon.")
    assert [p.name for p in briefing.spokespersons.all()] == ["Zhao Lijian"]
    answer = briefing.questions.get(number=2).answers.get()
    assert answer.speaker.name == "Zhao Lijian"


def test_a_corrected_transcript_becomes_a_revision_and_keeps_the_old_one():
    first = load(transcript())
    edited = [*EXCHANGES]
    edited[1] = (edited[1][0], edited[1][1], "I have nothing to offer at the moment.")
    second = load(transcript(edited))
    assert second.status == "revised"
    assert second.briefing.pk == first.briefing.pk
    revisions = list(TranscriptRevision.objects.order_by("number"))
    assert [r.number for r in revisions] == [1, 2]
    assert "I have nothing to offer.\n" in revisions[0].raw_text
    assert "at the moment" in revisions[1].raw_text
    assert Briefing.objects.count() == 1


def test_reimport_keeps_every_exchange_permalink(client):
    first = load(transcript())
    briefing = first.briefing
    old_urls = {q.number: q.get_absolute_url() for q in briefing.questions.all()}
    assert all(client.get(url).status_code == 200 for url in old_urls.values())

    corrected = [
        EXCHANGES[0],
        ("Kyodo", "Is there any update on the panda loan to Osaka?", "Talks go on."),  # inserted
        # EXCHANGES[1] (Reuters) removed
        (EXCHANGES[2][0], "Will the minister travel to Geneva or Vienna next week?", "Yes."),
        EXCHANGES[3],
    ]
    result = load(transcript(corrected))
    assert result.status == "revised"

    numbers = {q.text: q.number for q in briefing.questions.all()}
    assert numbers[EXCHANGES[0][1]] == 1
    assert numbers["Will the minister travel to Geneva or Vienna next week?"] == 3  # edited
    assert numbers[EXCHANGES[3][1]] == 4
    assert numbers["Is there any update on the panda loan to Osaka?"] == 5  # a new number

    for number in (1, 3, 4):
        response = client.get(old_urls[number])
        assert response.status_code == 200, number
    edited = client.get(old_urls[3]).content.decode()
    assert "Geneva or Vienna" in edited
    removed = client.get(old_urls[2])
    assert removed.status_code == 200
    page = removed.content.decode()
    assert "removed" in page
    assert "Can you confirm the date of the trade talks?" in page
    assert client.get(briefing.questions.get(number=5).get_absolute_url()).status_code == 200


def test_a_question_merged_into_another_redirects_to_it(client):
    briefing = load(transcript()).briefing
    urls = {q.number: q.get_absolute_url() for q in briefing.questions.all()}
    merged = [
        EXCHANGES[0],
        EXCHANGES[1],
        ("AFP", f"{EXCHANGES[2][1]} {EXCHANGES[3][1]}", "Please stay tuned. Over forty."),
    ]
    load(transcript(merged))
    assert client.get(urls[3]).status_code == 200
    moved = client.get(urls[4])
    assert moved.status_code == 301
    assert moved["Location"] == urls[3]


def test_a_failure_mid_import_leaves_the_database_exactly_as_it_was():
    # A constraint that the corrected transcript's last answer breaks, after the
    # briefing, its revision and its questions have been written.
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE briefings_answer ADD CONSTRAINT no_boom CHECK (text NOT LIKE '%BOOM%')"
        )
    load(transcript())
    before = row_counts()
    texts = list(Question.objects.order_by("pk").values_list("text", flat=True))
    broken = [*EXCHANGES[:3], (EXCHANGES[3][0], "A new question entirely?", "BOOM")]
    with pytest.raises(IntegrityError):
        load(transcript(broken))
    assert row_counts() == before
    assert list(Question.objects.order_by("pk").values_list("text", flat=True)) == texts
    assert TranscriptRevision.objects.get().number == 1

    with pytest.raises(IntegrityError):
        load(transcript(broken, title=TITLE.replace("March 4", "March 5")))
    assert row_counts() == before


def test_askers_are_resolved_through_aliases():
    exchanges = [
        ("Global Times", "First question about the dam?", "We have answered."),
        ("The Global Times", "Second question about the dam?", "As I said."),
    ]
    result = load(transcript(exchanges))
    askers = {q.asker_label: q.asker for q in result.briefing.questions.all()}
    assert askers["Global Times"] == askers["The Global Times"]
    assert Entity.objects.filter(kind=Entity.Kind.OUTLET, name__icontains="global").count() == 1


def test_a_lower_case_typo_in_a_speaker_name_is_the_same_spokesperson():
    text = transcript(
        [("CCTV", "Any comment on the weather report?", "It is sunny.")],
        title=TITLE.replace("Zhao Lijian", "Hua Chunying"),
    ).replace("Zhao Lijian: It is sunny.", "Hua chunying: It is sunny.")
    text = text.replace("Zhao Lijian: Good", "Hua Chunying: Good")
    result = load(text)
    answer = result.briefing.questions.get().answers.get()
    assert answer.speaker is not None
    assert answer.speaker.name == "Hua Chunying"
    assert Entity.objects.filter(name__iexact="hua chunying").count() == 1


def test_a_follow_up_is_linked_to_the_question_it_follows():
    exchanges = [
        ("Reuters", "Will the envoy visit the border region?", "No plan for now."),
        ("Follow-up", "Why not?", "I have answered that."),
    ]
    result = load(transcript(exchanges))
    first, follow_up = result.briefing.questions.order_by("position")
    assert follow_up.follows == first
    assert follow_up.asker == first.asker


@pytest.mark.parametrize("label", ["追问", "又问", "记者回答"])
def test_a_chinese_reporter_going_on_is_a_follow_up_not_a_new_outlet(label):
    text = (
        "2020年4月29日外交部发言人耿爽主持例行记者会\n\n"
        "《澳大利亚人报》记者：我去公园时被拦住了。你了解这条法律么？\n\n"
        "耿爽：你说的是哪个公园？\n\n"
        f"{label}：中山公园。到底是怎么回事？\n\n"
        "耿爽：你可以向我的同事反映。\n"
    )
    result = load(text)
    first, follow_up = result.briefing.questions.order_by("position")
    assert follow_up.follows == first
    assert follow_up.asker == first.asker
    assert follow_up.asker.name == "The Australian"
    assert not Entity.objects.filter(name=label).exists()


@pytest.mark.parametrize(
    ("label", "outlet"),
    [
        ("《澳大利亚人报》记者", "The Australian"),
        ("北京日报记者", "Beijing Daily"),
        ("中央广播电视总台央广记者", "China National Radio"),
        ("今日俄罗斯记者", "RT"),
        ("路透社记者", "Reuters"),
    ],
)
def test_chinese_outlet_labels_name_the_same_outlet_as_english_ones(label, outlet):
    text = f"2020年4月29日外交部发言人耿爽主持例行记者会\n\n{label}：请问？\n\n耿爽：好的。\n"
    question = load(text).briefing.questions.get()
    assert question.asker.name == outlet
    assert question.asker_label == label


def test_a_chinese_and_an_english_briefing_of_the_same_day_are_counterparts():
    english = load(transcript()).briefing
    chinese_text = (
        "2020年3月4日外交部发言人赵立坚主持例行记者会\n\n"
        "路透社记者：你能否证实贸易谈判的日期？\n\n"
        "赵立坚：我没有可以提供的信息。\n"
    )
    chinese = load(chinese_text).briefing
    assert chinese.language == "zh"
    assert chinese.slug == "mfa-zh"
    english.refresh_from_db()
    assert english.counterpart == chinese
    assert chinese.counterpart == english


def test_a_transcript_without_a_date_is_refused_unless_one_is_given():
    text = transcript(title="Regular Press Conference")
    before = row_counts()
    with pytest.raises(ImportRejected, match="no date"):
        load(text, source="mfa")
    assert row_counts() == before
    result = load(text, source="mfa", date=datetime.date(2021, 6, 1))
    assert result.briefing.date == datetime.date(2021, 6, 1)


def test_a_binary_file_is_refused_naming_the_line():
    with pytest.raises(ImportRejected) as caught:
        read_transcript(b"first line\nsecond\x00\x01\x02", filename="x.txt")
    assert str(caught.value) == "line 2: not a text file (it holds NUL bytes)"


def test_a_dry_run_reports_what_would_happen_and_stores_nothing():
    before = row_counts()
    result = load(transcript(), dry_run=True)
    assert result.status == "imported"
    assert result.dry_run
    assert row_counts() == before


def test_the_revision_records_who_imported_it(django_user_model):
    editor = django_user_model.objects.create_user("editor")
    result = load(transcript(), user=editor)
    assert result.revision.created_by == editor


def test_an_imported_briefing_answers_at_its_public_url(client):
    briefing = load(transcript()).briefing
    response = client.get(reverse("briefings:briefing", args=briefing.url_args()))
    assert response.status_code == 200
    assert "harvest festival in Qinghai" in response.content.decode()


def test_a_source_hint_fills_in_but_never_overrides_what_the_file_says():
    result = load(transcript(), source="whitehouse")
    assert result.briefing.source.slug == "mfa"
    assert any("contradicts" in warning for warning in result.warnings)
    again = load(transcript())
    assert again.status == "unchanged"
