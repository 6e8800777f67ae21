"""Who the importer says spoke: people are linked, roles are not listed as spokespersons."""

import datetime

import pytest

from briefings.importer import import_transcript
from briefings.models import Entity
from briefings.parsing import Hints, parse_transcript

pytestmark = pytest.mark.django_db

BACKGROUND_CALL = """---
title: Background Press Call by Senior Administration Officials
date: '2022-03-14'
source_url: https://www.whitehouse.gov/briefing-room/press-briefings/2022/03/14/call/
---

MODERATOR:  Thanks, everyone, for joining. This call is on background.

SENIOR ADMINISTRATION OFFICIAL:  Thanks. Let me start with the meeting.

Q    Can you tell us what was discussed?

SENIOR ADMINISTRATION OFFICIAL:  I won't go into detail.
"""


def test_background_call_roles_are_not_listed_as_spokespersons():
    hints = Hints(source="whitehouse")
    parsed = parse_transcript(BACKGROUND_CALL, hints)
    result = import_transcript(parsed, raw_text=BACKGROUND_CALL, hints=hints)
    assert list(result.briefing.spokespersons.all()) == []
    answer = result.briefing.questions.get().answers.get()
    assert answer.speaker is None
    assert answer.speaker_label == "SENIOR ADMINISTRATION OFFICIAL"


def test_press_secretary_label_resolves_to_the_named_briefer():
    text = (
        "---\ntitle: Press Briefing by Press Secretary Jen Psaki\ndate: '2021-01-20'\n---\n\n"
        "MS. PSAKI:  Good afternoon.\n\nQ    Thank you, Jen.\n\nMS. PSAKI:  Sure.\n"
    )
    hints = Hints(source="whitehouse")
    parsed = parse_transcript(text, hints)
    result = import_transcript(parsed, raw_text=text, hints=hints)
    assert result.briefing.date == datetime.date(2021, 1, 20)
    answer = result.briefing.questions.get().answers.get()
    assert answer.speaker is not None and answer.speaker.name == "Jen Psaki"


def test_numbered_and_dotted_question_labels_name_no_outlet():
    text = (
        "Mao Ning: Good afternoon.\n\nQuestion 2: Will the talks go ahead?\n\n"
        "Mao Ning: They will.\n\nQ. And when?\n\nA. Soon.\n"
    )
    parsed = parse_transcript(text, Hints(source="mfa"))
    hints = Hints(source="mfa", date=datetime.date(2024, 5, 6))
    result = import_transcript(parsed, raw_text=text, hints=hints)
    questions = list(result.briefing.questions.order_by("number"))
    assert [q.asker_label for q in questions] == ["Question 2", "Q"]
    assert [q.asker for q in questions] == [None, None]
    assert not Entity.objects.filter(name__in=["Question 2", "Q", "Question"]).exists()
