"""The parser on realistic transcripts of the kinds the corpus lacks (see FORMATS.md).

Each input is modelled on a page format described in the corpus notes: newer MFA pages
(2021-2025), older ones (2010-2011), bilingual and embassy reposts, State Department
and UN noon briefings, White House text copied without front matter.
"""

from __future__ import annotations

import codecs
import datetime
from typing import Any

import pytest

from briefings.parsing import Hints, ParsedTranscript, parse_transcript


def parse(data: str | bytes, **hints: Any) -> ParsedTranscript:
    return parse_transcript(data, Hints(**hints))


def kinds(parsed: ParsedTranscript) -> list[tuple[str, str | None]]:
    return [(turn.kind, turn.speaker) for turn in parsed.turns]


def paragraphs(parsed: ParsedTranscript) -> list[str]:
    """Every paragraph the transcript keeps: header, turns, footer, in order."""
    body = [para for turn in parsed.turns for para in turn.text.split("\n\n") if para]
    return list(parsed.header) + body + list(parsed.footer)


MAO_NING = "Foreign Ministry Spokesperson Mao Ning’s Regular Press Conference on April 28, 2023"


# Newer English MFA pages


def test_curly_apostrophe_title_and_timestamp_line_give_date_and_spokesperson() -> None:
    parsed = parse(f"{MAO_NING}\n2023-04-28 19:13\nAFP: A question?\nMao Ning: An answer.")
    assert parsed.date == datetime.date(2023, 4, 28)
    assert parsed.spokespersons == ("Mao Ning",)
    assert parsed.header == ("2023-04-28 19:13",)
    assert kinds(parsed) == [("question", "AFP"), ("answer", "Mao Ning")]


def test_updated_line_of_mfa_gov_cn_goes_to_the_header() -> None:
    title = "Foreign Ministry Spokesperson Lin Jian’s Regular Press Conference on July 15, 2024"
    parsed = parse(f"{title}\nUpdated: July 15, 2024 18:58\nCCTV: Question?\nLin Jian: Answer.")
    assert parsed.header == ("Updated: July 15, 2024 18:58",)
    assert parsed.date == datetime.date(2024, 7, 15)
    assert kinds(parsed) == [("question", "CCTV"), ("answer", "Lin Jian")]


def test_title_split_over_two_lines_with_odd_spacing_is_read() -> None:
    parsed = parse(
        "Foreign Ministry Spokesperson Lin Jian’s \n Regular  Press Conference on "
        "September30 , 2024\nCCTV: Question?\nLin Jian: Answer."
    )
    assert parsed.date == datetime.date(2024, 9, 30)
    assert parsed.spokespersons == ("Lin Jian",)
    assert kinds(parsed) == [("question", "CCTV"), ("answer", "Lin Jian")]


@pytest.mark.parametrize(
    "outlet",
    [
        "Bloomberg", "AFP", "Anadolu Agency", "Kyodo News", "EFE", "Dragon TV",
        "Hubei Media Group", "Shenzhen TV", "NHK", "Beijing Youth Daily", "CNN",
        "Macau Monthly", "Nikkei",
    ],
)  # fmt: skip
def test_outlets_never_seen_before_ask_and_the_spokesperson_answers(outlet: str) -> None:
    parsed = parse(
        f"{MAO_NING}\n{outlet}: What is your comment?\nMao Ning: We oppose it.\n"
        "Follow-up: And next?\nMao Ning: Stay tuned."
    )
    assert kinds(parsed) == [
        ("question", outlet),
        ("answer", "Mao Ning"),
        ("question", "Follow-up"),
        ("answer", "Mao Ning"),
    ]


def test_hand_over_day_lists_both_spokespersons() -> None:
    title = "Foreign Ministry Spokesperson Lin Jian’s Regular Press Conference on March 18, 2024"
    parsed = parse(
        f"{title}\nMao Ning: Friends from the press, good afternoon. Let me introduce Lin Jian.\n"
        "Lin Jian: Good afternoon.\nReuters: Welcome. A question?\nLin Jian: An answer."
    )
    assert set(parsed.spokespersons) == {"Lin Jian", "Mao Ning"}
    assert kinds(parsed) == [
        ("statement", "Mao Ning"),
        ("statement", "Lin Jian"),
        ("question", "Reuters"),
        ("answer", "Lin Jian"),
    ]


def test_a_person_quoted_in_the_opening_announcement_is_not_a_new_turn() -> None:
    parsed = parse(
        f"{MAO_NING}\nAt the invitation of Foreign Minister Qin Gang, the Foreign Minister of "
        "Brazil will visit China from May 3 to 5.\n"
        "President Xi Jinping: We must build a community with a shared future.\n"
        "Note: the visit was announced yesterday.\n"
        "Bloomberg: Can you confirm?\nMao Ning: Yes."
    )
    assert kinds(parsed) == [
        ("statement", None),
        ("question", "Bloomberg"),
        ("answer", "Mao Ning"),
    ]
    assert "President Xi Jinping: We must" in parsed.turns[0].text
    assert parsed.turns[0].text.endswith("Note: the visit was announced yesterday.")
    assert parsed.spokespersons == ("Mao Ning",)


def test_a_name_quoted_inside_an_answer_stays_in_the_answer() -> None:
    parsed = parse(
        f"{MAO_NING}\nReuters: What did the minister say?\nMao Ning: He said this.\n"
        "Wang Yi: China will never accept bullying.\nAFP: Another question?\nMao Ning: No."
    )
    assert kinds(parsed) == [
        ("question", "Reuters"),
        ("answer", "Mao Ning"),
        ("question", "AFP"),
        ("answer", "Mao Ning"),
    ]
    assert parsed.turns[1].text == "He said this.\n\nWang Yi: China will never accept bullying."


def test_an_outlet_asking_without_a_question_mark_is_still_a_question() -> None:
    parsed = parse(
        f"{MAO_NING}\nSome announcement.\nShenzhen TV: Please tell us more about the forum.\n"
        "Mao Ning: Gladly."
    )
    assert kinds(parsed) == [
        ("statement", None),
        ("question", "Shenzhen TV"),
        ("answer", "Mao Ning"),
    ]


def test_whole_conference_as_one_exchange() -> None:
    title = "Foreign Ministry Spokesperson Geng Shuang's Remarks on December 26, 2019"
    parsed = parse(f"{title}\nQ: What is your comment?\nA: We oppose it.")
    assert kinds(parsed) == [("question", "Q"), ("answer", "Geng Shuang")]


def test_housekeeping_notice_and_notes_keep_every_paragraph() -> None:
    text = (
        f"{MAO_NING}\nCNN: A question?\n"
        'Mao Ning: (The journalist said, "I just want to know more.") Please check.\n'
        "(The journalist smiled and shook his head.)\n"
        "The regular press conference will adjourn from Monday, May 1 to Wednesday, May 3."
    )
    parsed = parse(text)
    assert kinds(parsed) == [
        ("question", "CNN"),
        ("answer", "Mao Ning"),
        ("note", None),
        ("answer", "Mao Ning"),
    ]
    assert parsed.turns[1].text.startswith('(The journalist said, "I just want')


def test_regarding_your_first_question_continues_the_answer() -> None:
    parsed = parse(
        f"{MAO_NING}\nReuters: First question is about X. Second, about Y.\n"
        "Mao Ning: Regarding your first question, no.\n"
        "Regarding your second question, I want to point out: first, we oppose it.\n"
        'The white paper "Fighting Covid-19: China in Action" released by the State Council.'
    )
    assert kinds(parsed) == [("question", "Reuters"), ("answer", "Mao Ning")]
    assert parsed.turns[1].text.count("\n\n") == 2


# Older English MFA pages (2010-2011)


def test_hong_lei_announcements_then_q_and_a() -> None:
    title = "Foreign Ministry Spokesperson Hong Lei's Regular Press Conference on March 15, 2011"
    parsed = parse(
        f"{title}\nForeign Ministry Spokesperson Hong Lei started the press conference with the "
        "following announcements:\n1. At the invitation of Premier Wen Jiabao, the Prime "
        "Minister will visit China.\n2. Vice Premier Li Keqiang: will attend the forum.\n"
        "Q: What is your comment?\nA: We oppose it."
    )
    assert kinds(parsed) == [("statement", None), ("question", "Q"), ("answer", "Hong Lei")]
    assert parsed.turns[0].text.count("\n\n") == 2


def test_qin_gang_opening_announcement_is_a_statement() -> None:
    title = "Foreign Ministry Spokesperson Qin Gang's Regular Press Conference on January 5, 2010"
    parsed = parse(
        f"{title}\nQin Gang: Good afternoon, ladies and gentlemen. I have an announcement to "
        "start with.\nNow, the floor is open.\nQ: What is your comment?\nA: We oppose it."
    )
    assert kinds(parsed) == [("statement", "Qin Gang"), ("question", "Q"), ("answer", "Qin Gang")]
    assert parsed.turns[0].text.endswith("Now, the floor is open.")


# Chinese pages


def test_chinese_outlet_labels_and_a_quote_inside_the_announcement() -> None:
    parsed = parse(
        "2023年4月28日外交部发言人毛宁主持例行记者会\n2023-04-28\n"
        "　　应国务委员兼外长秦刚邀请，巴西外长将访华。\n"
        "　　王毅：中方愿同各方一道努力。\n"
        "　　总台央视记者：请介绍一下情况。\n　　毛宁：中方一贯主张……\n"
        "　　彭博社记者：问题？\n　　毛宁：（记者点头，笑。）好的。\n"
        "　　追问：那么？\n　　毛宁：我刚才已经回答了。"
    )
    assert kinds(parsed) == [
        ("statement", None),
        ("question", "总台央视记者"),
        ("answer", "毛宁"),
        ("question", "彭博社记者"),
        ("answer", "毛宁"),
        ("question", "追问"),
        ("answer", "毛宁"),
    ]
    assert parsed.turns[0].text.endswith("王毅：中方愿同各方一道努力。")
    assert parsed.spokespersons == ("毛宁",)
    assert parsed.date == datetime.date(2023, 4, 28)


def test_chinese_page_with_labels_split_across_bold_runs_in_gbk() -> None:
    page = (
        '<html><head><meta charset="gb2312"></head><body>'
        '<div id="News_Body_Title">2023年4月28日外交部发言人毛宁主持例行记者会</div>'
        '<div id="News_Body_Txt_A"><P align=center><IMG src="./W020230428612345678901.jpg"></P>'
        "<P>　　<B><SPAN>总台</SPAN></B><B><SPAN>央视记者</SPAN></B>"
        "<B><SPAN>：据报道……</SPAN></B></P>"
        "<P>　　毛宁：中方……</P>"
        "<P>　　<B><SPAN>追</SPAN></B><B><SPAN>问：那么？</SPAN></B></P>"
        "<P>　　毛宁：Quite a story！（记者笑）</P></div></body></html>"
    )
    parsed = parse(page.encode("gb18030"))
    assert kinds(parsed) == [
        ("question", "总台央视记者"),
        ("answer", "毛宁"),
        ("question", "追问"),
        ("answer", "毛宁"),
    ]
    assert parsed.turns[3].text == "Quite a story！（记者笑）"
    assert parsed.date == datetime.date(2023, 4, 28)


# Reposts


def test_bilingual_repost_keeps_both_languages_and_warns() -> None:
    parsed = parse(
        "外交部发言人汪文斌主持例行记者会\nForeign Ministry Spokesperson Wang Wenbin’s\n"
        "Regular Press Conference on September 30 , 2021\n"
        "澎湃新闻记者：我们注意到……\nThe Paper: We noticed that ...\n"
        "汪文斌：中方欢迎。\nWang Wenbin: China welcomes it."
    )
    assert parsed.date == datetime.date(2021, 9, 30)
    assert kinds(parsed) == [
        ("question", "澎湃新闻记者"),
        ("question", "The Paper"),
        ("answer", "汪文斌"),
        ("answer", "Wang Wenbin"),
    ]
    assert len(parsed.spokespersons) == 1
    assert any("bilingual" in warning for warning in parsed.warnings)
    assert parsed.header[-1] == "Regular Press Conference on September 30 , 2021"


def test_embassy_repost_takes_the_title_date_over_its_repost_timestamp() -> None:
    title = "Foreign Ministry Spokesperson Wang Wenbin's Regular Press Conference on July 17, 2020"
    parsed = parse(
        f"Home > Spokesperson's Remarks\n{title}\n2020-07-18 00:48\nCCTV: Q?\nWang Wenbin: A."
    )
    assert parsed.date == datetime.date(2020, 7, 17)
    assert parsed.header == ("Home > Spokesperson's Remarks", "2020-07-18 00:48")


def test_repost_timestamp_a_day_later_gives_the_year_a_title_lacks() -> None:
    title = "Foreign Ministry Spokesperson Hua Chunying's Regular Press Conference on December 31"
    parsed = parse(f"{title}\n2021-01-01 00:48\nCCTV: Q?\nHua Chunying: A.")
    assert parsed.date == datetime.date(2020, 12, 31)
    assert any("took 2020" in warning for warning in parsed.warnings)


# White House, State Department and UN briefings


def test_white_house_copy_without_front_matter_one_line_per_paragraph() -> None:
    parsed = parse(
        "James S. Brady Press Briefing Room\n2:52 P.M. EST\nMS. PSAKI:  Hi everyone.\n"
        "Q    Hi. A question?\nMS. PSAKI:  An answer.\n3:30 P.M. EST"
    )
    assert parsed.header == ("James S. Brady Press Briefing Room", "2:52 P.M. EST")
    assert parsed.footer == ("3:30 P.M. EST",)
    assert kinds(parsed) == [
        ("statement", "MS. PSAKI"),
        ("question", "Q"),
        ("answer", "MS. PSAKI"),
    ]
    assert parsed.date is None


def test_white_house_label_wrapped_at_its_hyphen_is_rejoined() -> None:
    parsed = parse(
        "1:15 P.M. EDT\n\nMS. JEAN-PIERRE:  Good afternoon, everyone.  We have a lot\n"
        "to get through.\n\nQ    Thanks, Karine.  At 2:30 p.m. tomorrow?\n\n     MS. JEAN-\n"
        "PIERRE:  Indented and wrapped.  (Laughter.)\n\nQ  Short.\n\nEND  2:05 P.M. EDT\n"
    )
    assert kinds(parsed) == [
        ("statement", "MS. JEAN-PIERRE"),
        ("question", "Q"),
        ("answer", "MS. JEAN-PIERRE"),
        ("question", "Q"),
    ]
    assert parsed.spokespersons == ("Jean-Pierre",)
    assert parsed.footer == ("END  2:05 P.M. EDT",)


def test_state_department_briefing_names_the_briefer_from_its_header() -> None:
    parsed = parse(
        "Ned Price, Department Spokesperson\nWashington, D.C.\n2:39 p.m. EDT\n"
        "MR PRICE: Good afternoon. Let the transcript reflect the applause. (Laughter.)\n"
        "QUESTION: Thank you, Ned. On Ukraine?\nMR PRICE: We are watching closely.\n"
        "QUESTION: Follow-up?\nMR PRICE: No.\n(The briefing was concluded at 3:41 p.m.)"
    )
    assert parsed.header == (
        "Ned Price, Department Spokesperson",
        "Washington, D.C.",
        "2:39 p.m. EDT",
    )
    assert parsed.spokespersons == ("Ned Price",)
    assert kinds(parsed) == [
        ("statement", "MR PRICE"),
        ("question", "QUESTION"),
        ("answer", "MR PRICE"),
        ("question", "QUESTION"),
        ("answer", "MR PRICE"),
        ("note", None),
    ]


def test_older_state_department_briefing_is_dated_by_its_header() -> None:
    parsed = parse(
        "John Kirby\nDaily Press Briefing\nWashington, DC\nFebruary 4, 2016\n\n"
        "Index for Today's Briefing\nIRAN\n\nMR. KIRBY: Good afternoon.\n\n"
        "QUESTION: Iran?\n\nMR. KIRBY: Yes.\n"
    )
    assert parsed.date == datetime.date(2016, 2, 4)
    assert parsed.header == (
        "John Kirby",
        "Daily Press Briefing",
        "Washington, DC",
        "February 4, 2016",
    )
    assert parsed.spokespersons == ("John Kirby",)
    assert kinds(parsed)[-2:] == [("question", "QUESTION"), ("answer", "MR. KIRBY")]


def test_un_noon_briefing_deputy_spokesman_answers_and_the_note_names_him() -> None:
    parsed = parse(
        "Daily Press Briefing by the Office of the Spokesperson for the Secretary-General\n"
        "24 April 2015\nThe following is a near-verbatim transcript of today's noon briefing "
        "by Farhan Haq, Deputy Spokesman for the Secretary-General.\n**Gaza\n"
        'Mr. [António] Guterres said: "We need peace."\n'
        "Question: Farhan, on Gaza, what is the latest?\nDeputy Spokesman: We are following it.\n"
        "Question: And Egypt?\nDeputy Spokesman: No comment."
    )
    assert parsed.date == datetime.date(2015, 4, 24)
    assert parsed.spokespersons == ("Farhan Haq",)
    assert parsed.source is None
    assert [kind for kind, _ in kinds(parsed)] == [
        "statement", "question", "answer", "question", "answer",
    ]  # fmt: skip
    assert "**Gaza" in parsed.turns[0].text


# Encodings


MAO_TEXT = f"{MAO_NING}\nAFP: “Is it true?”\nMao Ning: It’s – as I said – true.\n"


@pytest.mark.parametrize(
    "data",
    [
        MAO_TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + MAO_TEXT.encode("utf-8"),
        codecs.BOM_UTF16_LE + MAO_TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + MAO_TEXT.encode("utf-16-be"),
        MAO_TEXT.encode("cp1252"),
    ],
    ids=["utf-8", "utf-8 BOM", "utf-16 LE", "utf-16 BE", "windows-1252"],
)
def test_english_page_reads_the_same_from_each_encoding(data: bytes) -> None:
    parsed = parse(data)
    assert parsed.title == MAO_NING
    assert parsed.turns[0].text == "“Is it true?”"
    assert parsed.turns[1].text == "It’s – as I said – true."


def test_no_paragraph_is_lost_around_a_quoted_label_and_a_note() -> None:
    lines = [
        "Home > Spokesperson's Remarks",
        MAO_NING,
        "2023-04-28 19:13",
        "An announcement.",
        "President Xi Jinping: A quote.",
        "Bloomberg: A question?",
        "Mao Ning: An answer.",
        "(Laughter.)",
        "More answer.",
    ]
    parsed = parse("\n".join(lines))
    assert paragraphs(parsed) == [
        "Home > Spokesperson's Remarks",
        "2023-04-28 19:13",
        "An announcement.",
        "President Xi Jinping: A quote.",
        "A question?",
        "An answer.",
        "(Laughter.)",
        "More answer.",
    ]


@pytest.mark.parametrize(
    ("label", "speaker"),
    [
        ("Reuters (follow-up)", "Reuters (follow-up)"),
        ("AFP follow-up", "AFP follow-up"),
        ("CCTV reporter", "CCTV reporter"),
        ("NHK (Japan)", "NHK (Japan)"),
    ],
)
def test_outlet_with_a_follow_up_or_place_note_is_a_question(label: str, speaker: str) -> None:
    parsed = parse(f"{MAO_NING}\nAFP: First?\nMao Ning: One.\n{label}: And then?\nMao Ning: Two.")
    assert kinds(parsed)[2] == ("question", speaker)
    assert parsed.spokespersons == ("Mao Ning",)


def test_spokesperson_label_with_a_note_is_listed_by_name() -> None:
    parsed = parse(f"{MAO_NING}\nAFP: First?\nMao Ning (smiling): Good question.")
    assert kinds(parsed) == [("question", "AFP"), ("answer", "Mao Ning (smiling)")]
    assert parsed.spokespersons == ("Mao Ning",)


def test_a_name_quoted_inside_an_answer_of_a_q_and_a_day_stays_in_the_answer() -> None:
    title = "Foreign Ministry Spokesperson Hua Chunying's Regular Press Conference on May 6, 2020"
    parsed = parse(
        f"{title}\nQ: What did he say?\nA: He said this.\n"
        "Wang Yi: China will never accept bullying.\nQ: Another?\nA: Fine."
    )
    assert kinds(parsed) == [
        ("question", "Q"),
        ("answer", "Hua Chunying"),
        ("question", "Q"),
        ("answer", "Hua Chunying"),
    ]


NEW_SITE_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>{title}</title></head><body>
<div class="header"><ul><li><a href="/">Home</a></li></ul><p>Search</p></div>
<div class="news-details"><div class="news-title"><h1>{title}</h1></div>
<p class="time"><span>2023-04-28 19:13</span></p>
<div class="news-main"><div class="trs_editor_view TRS_UEDITOR trs_paper_default trs_web">
<p style="text-align: center;"><img src="./W020230428704859633221.jpg" /></p>
<p>At the invitation of Foreign Minister Qin Gang, Foreign Minister X will visit.&nbsp;</p>
<p>&nbsp;</p>
<p><strong>CCTV:</strong><strong> We noted that ...?</strong></p>
<p>Mao Ning: We welcome it.</p>
<p>President Xi Jinping: \u201cWe must build a community.\u201d</p>
<p><strong>AFP: Another question?</strong></p>
<p>Mao Ning: Yes.<br/>Second line after a break.</p>
</div></div></div>
<div class="footer"><p>Copyright Ministry of Foreign Affairs</p><p>Address: Beijing</p></div>
</body></html>"""


def test_newer_ministry_page_layout_with_a_plain_quoted_label_in_a_bold_page() -> None:
    parsed = parse(NEW_SITE_PAGE.format(title=MAO_NING).encode())
    assert parsed.title == MAO_NING
    assert parsed.date == datetime.date(2023, 4, 28)
    assert kinds(parsed) == [
        ("statement", None),
        ("question", "CCTV"),
        ("answer", "Mao Ning"),
        ("question", "AFP"),
        ("answer", "Mao Ning"),
    ]
    assert (
        parsed.turns[2].text
        == "We welcome it.\n\nPresident Xi Jinping: “We must build a community.”"
    )
    assert parsed.turns[4].text == "Yes.\n\nSecond line after a break."
    assert parsed.spokespersons == ("Mao Ning",)
    assert "Copyright" not in " ".join(turn.text for turn in parsed.turns)


def test_hard_wrapped_ministry_text_splits_an_outlet_label_after_a_full_stop() -> None:
    parsed = parse(
        "Foreign Ministry Spokesperson Mao Ning's Regular Press Conference on April\n"
        "28, 2023\n\nBloomberg: Can you confirm the visit? We have seen reports that\n"
        "it was postponed.\n\nMao Ning: I have nothing to offer on that. Please refer to\n"
        "the competent authorities.\nReuters: A second question, asked without a blank\n"
        "line before it?\n\nMao Ning: No.\n"
    )
    assert parsed.date == datetime.date(2023, 4, 28)
    assert kinds(parsed) == [
        ("question", "Bloomberg"),
        ("answer", "Mao Ning"),
        ("question", "Reuters"),
        ("answer", "Mao Ning"),
    ]
    assert parsed.turns[1].text == (
        "I have nothing to offer on that. Please refer to the competent authorities."
    )


def test_white_house_editorial_note_is_a_note_and_names_nobody() -> None:
    parsed = parse(
        "---\ndate: '2023-03-10'\ntitle: Press Briefing by Press Secretary Karine Jean-Pierre\n"
        "---\n\n2:46 P.M. EST\n\nMS. JEAN-PIERRE:  Hello.\n\nQ    Question?\n\n"
        "NOTE:  The remarks are available separately.\n\nMS. JEAN-PIERRE:  Okay.\n"
    )
    assert kinds(parsed)[2] == ("note", None)
    assert parsed.turns[2].text == "NOTE:  The remarks are available separately."
    assert parsed.spokespersons == ("Karine Jean-Pierre",)


def test_white_house_page_is_dated_by_its_title() -> None:
    page = (
        '<html><head><link rel="canonical" href="https://www.whitehouse.gov/briefing-room/'
        'press-briefings/2023/03/10/x/"></head><body><main>'
        "<h1>Press Briefing by Press Secretary Karine Jean-Pierre, March 10, 2023</h1>"
        "<p>James S. Brady Press Briefing Room</p><p>2:46 P.M. EST</p>"
        "<p>MS. JEAN-PIERRE:  Good afternoon.</p><p>Q    Thanks, Karine.</p>"
        "<p>MS. JEAN-PIERRE:  Sure.</p><p>(Laughter.)</p><p>3:30 P.M. EST</p></main></body></html>"
    )
    parsed = parse(page)
    assert parsed.date == datetime.date(2023, 3, 10)
    assert parsed.source == "whitehouse"
    assert parsed.header == ("James S. Brady Press Briefing Room", "2:46 P.M. EST")
    assert parsed.footer == ("3:30 P.M. EST",)
    assert kinds(parsed)[-1] == ("note", None)


def test_a_quote_by_title_before_the_first_question_is_a_statement() -> None:
    title = "Foreign Ministry Spokesperson Zhao Lijian's Regular Press Conference on June 23, 2020"
    parsed = parse(
        f"{title}\nAmbassador Cui Tiankai: China and the US should work together.\n"
        "AFP: Question?\nZhao Lijian: Answer."
    )
    assert kinds(parsed) == [("statement", None), ("question", "AFP"), ("answer", "Zhao Lijian")]
    assert parsed.spokespersons == ("Zhao Lijian",)


def test_un_noon_briefing_by_the_spokesman_in_capitals() -> None:
    parsed = parse(
        "DAILY PRESS BRIEFING BY THE OFFICE OF THE SPOKESMAN FOR THE SECRETARY-GENERAL\n"
        "The following is a near-verbatim transcript of today's noon briefing by Stéphane "
        "Dujarric, Spokesman for the Secretary-General.\n**Egypt\nThe Secretary-General said.\n"
        "Question: Stéphane, on Egypt?\nSpokesman: We are following it."
    )
    assert parsed.spokespersons == ("Stéphane Dujarric",)
    assert kinds(parsed)[-1] == ("answer", "Stéphane Dujarric")
    assert parsed.title is not None and parsed.title.startswith("DAILY PRESS BRIEFING")
