"""Properties of the transcript parser over generated input (hypothesis).

Generated transcripts never lose or reorder a paragraph; arbitrary bytes and text only
ever give a result or a TranscriptError.
"""

from __future__ import annotations

import textwrap

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefings.parsing import Hints, ParsedTranscript, TranscriptError, parse_transcript

QUESTION_LABELS = ["Q", "Reuters", "China Daily", "The Global Times", "Follow-up", "问", "追问",
                   "路透社记者", "Xinhua News Agency"]  # fmt: skip
OUTLETS = {"Reuters", "China Daily", "The Global Times", "Xinhua News Agency"}
KNOWN_ASKERS = {"Q", "Follow-up", "问", "追问", "路透社记者"}
ANSWER_LABELS = ["A", "Zhao Lijian", "Hua Chunying", "答", "耿爽", "Mao Ning"]

# Words that can never form a label or a title by themselves: no colon, no capitals
# at the start, but non-ASCII letters, CJK, brackets, quotes and non-breaking spaces.
WORD = st.text(
    alphabet=st.sampled_from(
        list("abcdefghijklmnopqrstuvwxyzéüß0123456789中国外交部记者会") + list(",.?!'\"()")
    ),
    min_size=1,
    max_size=12,
)
PARAGRAPH = st.lists(WORD, min_size=1, max_size=12).map(
    lambda words: (
        " ".join(words[:-1]) + ("\xa0" if len(words) > 2 else " ") + words[-1]
        if len(words) > 1
        else words[0]
    )
)
TURN = st.tuples(
    st.one_of(st.none(), st.sampled_from(QUESTION_LABELS + ANSWER_LABELS)),
    st.lists(PARAGRAPH, min_size=1, max_size=3),
)


def turn_paragraphs(parsed: ParsedTranscript) -> list[str]:
    return [para for turn in parsed.turns for para in turn.text.split("\n\n") if para]


def label_line(label: str, text: str) -> str:
    colon = "：" if any("\u4e00" <= char <= "\u9fff" for char in label) else ": "
    return f"{label}{colon}{text}"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TURN, min_size=1, max_size=12))
def test_generated_transcript_keeps_every_paragraph_in_order(
    turns: list[tuple[str | None, list[str]]],
) -> None:
    lines: list[str] = []
    expected: list[str] = []
    labelled: list[str] = []
    for label, paragraphs in turns:
        first, *rest = paragraphs
        if label in OUTLETS:
            # An outlet's label that asks nothing, follows the spokesperson and is not
            # answered is taken for someone quoted (President Xi Jinping: ...): the
            # generated reporters ask.
            first += "?"
            paragraphs = [first, *rest]
        lines.append(label_line(label, first) if label else first)
        if label:
            labelled.append(label)
        lines.extend(rest)
        expected.extend(para.strip() for para in paragraphs)
    parsed = parse_transcript("\n\n".join(lines))
    assert turn_paragraphs(parsed) == [para for para in expected if para]
    # One turn per label, with the label as printed, in order.
    speakers = iter(turn.speaker for turn in parsed.turns)
    assert all(any(speaker == label for speaker in speakers) for label in labelled)
    for turn in parsed.turns:
        if turn.speaker in KNOWN_ASKERS:
            assert turn.kind == "question"


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Q", "MS. PSAKI", "MR. KIRBY", None]),
            st.lists(WORD, min_size=1, max_size=40),
        ),
        min_size=1,
        max_size=10,
    )
)
def test_generated_white_house_transcript_keeps_every_paragraph(
    turns: list[tuple[str | None, list[str]]],
) -> None:
    blocks = ["---", "date: '2022-08-04'", "title: Press Briefing", "---", "",
              "James S. Brady Press Briefing Room", "", "3:20 P.M. EDT", ""]  # fmt: skip
    expected: list[str] = []
    for label, words in turns:
        text = " ".join(words)
        expected.append(text)
        opening = f"{label}    " if label == "Q" else f"{label}:  " if label else ""
        blocks.append(textwrap.fill(opening + text, width=72, break_long_words=False) + "\n")
    blocks.append("4:28 P.M. EDT")
    parsed = parse_transcript("\n".join(blocks))
    assert turn_paragraphs(parsed) == expected
    assert parsed.header == ("James S. Brady Press Briefing Room", "3:20 P.M. EDT")
    assert parsed.footer == ("4:28 P.M. EDT",)


def only_transcript_error(data: bytes | str, **options: str) -> None:
    try:
        parsed = parse_transcript(data, Hints(**options))
    except TranscriptError as error:
        assert "parser failed" not in str(error), str(error)
        assert str(error)
        return
    assert parsed.turns
    assert all(turn.kind in ("statement", "question", "answer", "note") for turn in parsed.turns)
    parsed.to_json()


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_give_a_result_or_a_transcript_error(data: bytes) -> None:
    only_transcript_error(data)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=2000), st.sampled_from(["auto", "text", "html", "whitehouse"]))
def test_arbitrary_text_gives_a_result_or_a_transcript_error(text: str, format: str) -> None:
    only_transcript_error(text, format=format)


MARKUP = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<b>",
                "</b>",
                "<strong>",
                "</strong>",
                "<br>",
                "<div>",
                "</div>",
                "<span>",
                "</span>",
                "<script>",
                "</script>",
                "&nbsp;",
                "<html>",
                "<body>",
                "<!--",
                "-->",
                "<![CDATA[",
                "<title>",
                '<div class="content">',
                '<span id="News_Body_Time">',
                "Q:",
                "A:",
                "问：",
                "Reuters: ",
                "Geng Shuang: ",
                "(Laughter.)",
                "\n",
                "　　",
            ]
        ),  # fmt: skip
        st.text(max_size=20),
    ),
    max_size=60,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(MARKUP)
def test_arbitrary_markup_gives_a_result_or_a_transcript_error(markup: str) -> None:
    only_transcript_error(markup)
    only_transcript_error(markup.encode("utf-8"), format="html")


LINES = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "---",
                'title: "a\\_b\\',
                '  \\ c"',
                "date: '2021-01-20'",
                "Q    x",
                "MS. PSAKI:  y",
                "S. PSAKI:  z",
                "END",
                "\\###",
                "2:05 P.M. EST",
                "",
                "\xa0  ",
                "(Laughter.)",
                "2019-07-10",
                "Foreign Ministry Spokesperson Lin Jian’s",
                "Regular Press Conference on September30 , 2024",
                "二、为什么？",
                "会后，有记者问及：一、什么？",
            ]
        ),  # fmt: skip
        st.text(max_size=30),
    ),
    max_size=40,
).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(LINES)
def test_arbitrary_lines_of_known_shapes_give_a_result_or_a_transcript_error(text: str) -> None:
    only_transcript_error(text)
    only_transcript_error(text, format="whitehouse")
