"""Fidelity on real pages beyond the corpus: one kind of slip per test, on pages written
the way the White House's and the ministry's pages are (see corpus/FORMATS.md)."""

from __future__ import annotations

import datetime

from briefings.parsing import ParsedTranscript, parse_transcript
from briefings.parsing.furniture import read_furniture, read_time
from briefings.parsing.markup import as_html, balanced, without_deletions


def kinds(parsed: ParsedTranscript) -> list[tuple[str, str | None]]:
    return [(turn.kind, turn.speaker) for turn in parsed.turns]


# --- White House front and back matter -------------------------------------------------

CORRECTED_BRIEFING = """---
date: '2023-05-19'
source_url: https://www.whitehouse.gov/briefing-room/press-briefings/2023/05/19/press-briefing/
tags: press-briefings
title: Press Briefing by Press Secretary Karine Jean-Pierre and National Security Advisor
  Jake Sullivan
---
\xa0
\\*Please see below for corrections to the transcript, marked with an asterisk.

Riyadh, Saudi Arabia

12:31 P.M. EDT

MS. JEAN-PIERRE:\xa0 Good afternoon, everyone.\xa0 I have a couple of things
at the top.

Q\xa0\xa0\xa0 Thanks, Karine.\xa0 Does the President still plan to go?

MS. JEAN-PIERRE:\xa0 He does.\xa0 We said so in <s>2013</s> \\[\\*2023\\].

\xa0 \xa0 \xa0 \xa0 \xa0 \xa0 \xa0 \xa0 \xa0 \xa0 \xa0 END \xa0 \xa0 \xa0 1:14 P.M. EDT
"""


def test_white_house_notice_place_and_times_are_front_matter_not_speech() -> None:
    parsed = parse_transcript(CORRECTED_BRIEFING)

    assert parsed.header[0] == (
        "*Please see below for corrections to the transcript, marked with an asterisk."
    )
    assert kinds(parsed)[0] == ("statement", "MS. JEAN-PIERRE")
    assert all("Riyadh" not in turn.text for turn in parsed.turns)
    furniture = read_furniture(parsed.header, parsed.footer)
    assert furniture.place == "Riyadh, Saudi Arabia"
    assert furniture.starts_at == datetime.time(12, 31)
    assert furniture.ends_at == datetime.time(13, 14)
    assert furniture.time_zone == "EDT"
    assert furniture.correction_notice.startswith("*Please see below for corrections")


def test_notice_under_the_time_line_and_a_room_in_an_html_page() -> None:
    page = """<html><head><title>Press Briefing by Press Secretary Jen Psaki, June 1, 2021</title>
    <link rel="canonical" href="https://www.whitehouse.gov/briefing-room/press-briefings/x/">
    </head><body><div class="body-content">
    <p>James S. Brady Press Briefing Room</p>
    <p>1:02 P.M. EDT</p>
    <p>*Please see below for corrections to the transcript, marked with an asterisk.</p>
    <p>MS. PSAKI:&nbsp; Good afternoon.</p>
    <p>Q&nbsp;&nbsp;&nbsp; Thank you, Jen.&nbsp; On the President <strike>Yushchenko</strike>
    Yanukovych meeting?</p>
    <p>MS. PSAKI:&nbsp; We have nothing to announce.</p>
    <p>MS. PSAKI:&nbsp; Thanks, everyone.</p>
    <p>END&nbsp;&nbsp;&nbsp;&nbsp; 1:40 P.M. EDT</p>
    </div></body></html>"""
    parsed = parse_transcript(page)

    furniture = read_furniture(parsed.header, parsed.footer)
    assert furniture.place == "James S. Brady Press Briefing Room"
    assert (furniture.starts_at, furniture.ends_at) == (datetime.time(13, 2), datetime.time(13, 40))
    assert furniture.correction_notice
    assert parsed.turns[1].text == (
        "Thank you, Jen.\xa0 On the President <del>Yushchenko</del> Yanukovych meeting?"
    )


def test_a_ministry_header_gives_no_place() -> None:
    furniture = read_furniture(["Home > Spokesperson's Remarks", "2023-04-28 19:13"], [])
    assert furniture.place == "" and furniture.starts_at is None


def test_time_lines_read_as_the_clock_shows_them() -> None:
    assert read_time("12:05 P.M. EST") == (datetime.time(12, 5), "EST")
    assert read_time("12:40 a.m. EDT") == (datetime.time(0, 40), "EDT")
    assert read_time("END\xa0\xa0 7:37 P.M. EST") == (datetime.time(19, 37), "EST")
    assert read_time("13:70 P.M.") is None
    assert read_time("Riyadh, Saudi Arabia") is None


# --- Markdown copies ---------------------------------------------------------------------

MARKDOWN_BRIEFING = """---
date: '2024-02-05'
source_url: https://www.whitehouse.gov/briefing-room/press-briefings/2024/02/05/b/
title: Press Briefing by Press Secretary Karine Jean-Pierre
---

James S. Brady Press Briefing Room

1:40 P.M. EST

MS. JEAN-PIERRE:\xa0 Good afternoon.\xa0 The Olenvika \\[sic\\] prison was hit in
<s>2013</s> \\[23\\].\xa0 \\*\\*See correction below.

Q\xa0\xa0\xa0 On the platform \u2014 the label is there, I looked, it's there.\x20\x20
Q You can't call a question that you don't like "misinformation."

MS. JEAN-PIERRE:\xa0 I did not say \\[accident\\].\xa0 Let me finish \u2014 this is\x20\x20
important to say.

2:31 P.M. EST
"""


def test_markdown_escapes_undone_and_struck_words_kept_as_deleted() -> None:
    parsed = parse_transcript(MARKDOWN_BRIEFING)
    statement = parsed.turns[0].text

    assert "Olenvika [sic] prison was hit in <del>2013</del> [23]." in statement
    assert statement.endswith("**See correction below.")
    assert "\\" not in "".join(turn.text for turn in parsed.turns)
    assert "I did not say [accident]." in parsed.turns[-1].text


def test_a_hard_line_break_before_q_opens_the_next_question() -> None:
    parsed = parse_transcript(MARKDOWN_BRIEFING)

    assert kinds(parsed) == [
        ("statement", "MS. JEAN-PIERRE"),
        ("question", "Q"),
        ("question", "Q"),
        ("answer", "MS. JEAN-PIERRE"),
    ]
    assert parsed.turns[1].text.endswith("it's there.")
    assert parsed.turns[2].text == (
        "You can't call a question that you don't like \"misinformation.\""
    )
    # A hard break inside a sentence joins the lines, as wrapping does.
    assert parsed.turns[3].text.endswith("Let me finish \u2014 this is important to say.")


def test_struck_text_in_html_strike_del_and_s_is_kept_marked() -> None:
    page = """<html><body><div id="News_Body_Txt_A">
    <p>Foreign Ministry Spokesperson Hua Chunying's Regular Press Conference on March 3, 2014</p>
    <p><b>Q: What is your comment on President <strike>Yushchenko</strike> Yanukovych?</b></p>
    <p>A: The reports <del>are</del> is groundless, as we said on <s>Monday</s> Tuesday.</p>
    </div></body></html>"""
    parsed = parse_transcript(page)

    assert kinds(parsed) == [("question", "Q"), ("answer", "Hua Chunying")]
    assert parsed.turns[0].text == (
        "What is your comment on President <del>Yushchenko</del> Yanukovych?"
    )
    assert parsed.turns[1].text == (
        "The reports <del>are</del> is groundless, as we said on <del>Monday</del> Tuesday."
    )


def test_deleted_text_reads_as_corrected_and_shows_escaped() -> None:
    text = "The reports <del>are</del> is <b>groundless</b>."
    assert without_deletions(text) == "The reports is <b>groundless</b>."
    assert as_html(text) == "The reports <del>are</del> is &lt;b&gt;groundless&lt;/b&gt;."
    assert as_html("<del><script>x</script></del>") == "<del>&lt;script&gt;x&lt;/script&gt;</del>"
    assert balanced("a </del>b <del>c") == "a b <del>c</del>"
    assert balanced("x <del> </del>y") == "x y"


# --- Stage lines -----------------------------------------------------------------------

ZH_PAGE = """2020年4月3日外交部发言人华春莹主持例行记者会

　　路透社记者：中美双方是否讨论过台湾参与世卫组织活动？

　　华春莹：世卫组织成员必须是主权国家。

　　会后，有记者问及：

　　问：据报道，4月2日凌晨一艘越南渔船在西沙海域沉没，你能否证实此事？

　　华春莹：中国海警立即对越南渔船实施救援。

　　会后，有记者问及：据报道，美方宣布了新的对台军售计划，中方对此有何评论？

　　华春莹：中方坚决反对。
"""


def test_a_stage_line_alone_is_a_note_and_the_question_it_announces_is_the_question() -> None:
    parsed = parse_transcript(ZH_PAGE)

    assert kinds(parsed)[:5] == [
        ("question", "路透社记者"),
        ("answer", "华春莹"),
        ("note", None),
        ("question", "问"),
        ("answer", "华春莹"),
    ]
    assert parsed.turns[2].text == "会后，有记者问及："


def test_a_stage_line_with_its_question_is_one_question_asked_after_the_briefing() -> None:
    from briefings.parsing.stages import asked_after

    parsed = parse_transcript(ZH_PAGE)

    assert kinds(parsed)[5:] == [("question", None), ("answer", "华春莹")]
    assert parsed.turns[5].text.startswith("会后，有记者问及：据报道")
    assert asked_after(parsed.turns[5].text)
    assert not asked_after(parsed.turns[3].text)


def test_a_response_made_after_the_conference_is_a_note_not_a_question() -> None:
    page = """Foreign Ministry Spokesperson Zhao Lijian's Regular Press Conference on May 27, 2020

Reuters: Will China retaliate against the sanctions?

Zhao Lijian: We will take all necessary measures.

After the press conference, Zhao made further response to the question raised by Bloomberg.

China firmly opposes the US sanctions on Chinese entities and will respond.
"""
    parsed = parse_transcript(page)

    assert kinds(parsed) == [
        ("question", "Reuters"),
        ("answer", "Zhao Lijian"),
        ("note", None),
        ("answer", "Zhao Lijian"),
    ]
    assert not any(turn.kind == "question" and turn.speaker is None for turn in parsed.turns)


# --- Pages exported from Word ----------------------------------------------------------


def test_word_styles_that_a_browser_does_not_show_bold_are_not_questions() -> None:
    page = """<html><body><div class="TRS_Editor">
    <P class=MsoNormal>Foreign Ministry Spokesperson Lu Kang's Regular Press Conference
    on November 2, 2018</P>
    <P class=MsoNormal><B style="mso-bidi-font-weight: normal"><SPAN lang=EN-US>
    Q: Can you confirm the visit to the DPRK?</SPAN></B></P>
    <P class=MsoNormal style="mso-bidi-font-weight: bold"><SPAN lang=EN-US>
    A: I have no information to release.</SPAN></P>
    <P class=MsoNormal style="mso-bidi-font-weight: bold"><SPAN lang=EN-US>
    China and the DPRK maintain the tradition of high-level exchanges.</SPAN></P>
    <P class=MsoNormal><SPAN style="FONT-WEIGHT: 700">Q: Will the talks resume?</SPAN></P>
    <P class=MsoNormal><STRONG style="font-weight: normal">
    A: We hope so; the parties should meet each other halfway.</STRONG></P>
    <P class=MsoNormal><span style="mso-bidi-font-weight:bold;font-weight:400">
    We welcome every effort to that end.</span></P>
    </div></body></html>"""
    parsed = parse_transcript(page)

    assert kinds(parsed) == [
        ("question", "Q"),
        ("answer", "Lu Kang"),
        ("question", "Q"),
        ("answer", "Lu Kang"),
    ]
    assert parsed.turns[1].text.endswith("maintain the tradition of high-level exchanges.")
    assert parsed.turns[3].text.endswith("We welcome every effort to that end.")
