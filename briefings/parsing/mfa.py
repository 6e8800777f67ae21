"""The Chinese Foreign Ministry's press conferences, English and Chinese, text or HTML.

Turns are marked by a label before the first colon: `Q:`/`A:`, `问：`/`答：`, an outlet
(`Reuters:`, `路透社记者：`), the spokesperson's name (`Geng Shuang:`, `耿爽：`),
`Follow-up:`/`追问：`. A paragraph without a label continues the turn before it. In the
HTML pages questions are bold, which is the most reliable question marker.
"""

from __future__ import annotations

import re
from collections import Counter

from .common import Draft, Paragraph, TurnBuilder, is_note, is_separator
from .dates import FoundDate, find_date
from .labels import (
    GENERIC_ANSWER,
    Label,
    canonical_spokesperson,
    same_person,
    split_label,
)
from .stages import RAISED_QUESTION, is_stage_line
from .text import collapse_spaces, has_cjk

_EN_TITLE = re.compile(
    r"Spokes(?:person|man|woman)\s+(?P<name>[A-Z][\w'-]*(?:\s+[A-Za-z][\w'-]*){0,2}?)"
    r"\s*(?:['’]s\b|\s+(?:Answers|Holds|Hosts)\b)",
)
_ZH_TITLE = re.compile(r"外交部发言人(?P<name>[\u4e00-\u9fff·]{2,4}?)(?:主持|答记者问|就|在)")
_TITLE_SHAPE = re.compile(
    r"^(?:Foreign Ministry Spokes\w+|Spokes\w+ of the Foreign Ministry)\b[^:]{0,120}"
    r"(?:Press Conference|Briefing|Remarks|Questions)\b[^:]{0,40}$"
    r"|^(?:\d{4}年\d{1,2}月\d{1,2}日)?外交部发言人[^：:，。]{1,20}(?:记者会|答记者问|吹风会)[^：:。]{0,10}$"
    # The UN's noon briefing heading (older ones in capitals).
    r"|^(?i:daily press briefing by the office of the spokes\w+ for the secretary-general)$",
)
_TIMESTAMP = re.compile(
    r"^(?:(?:Updated|Published|Date|发布时间|日期)\s*[:：]\s*)?"
    r"(?:\d{4}-\d{1,2}-\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日|[A-Z][a-z]+\.?\s*\d{1,2},\s*\d{4}"
    r"|\d{1,2}\s+[A-Z][a-z]+\s+\d{4})"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
)
_BREADCRUMB = re.compile(r"\S\s*(?:>|»|›)\s*\S")


def is_title_line(text: str) -> bool:
    """Tell whether a line has the shape of an MFA press conference title."""
    return len(text) <= 200 and bool(_TITLE_SHAPE.match(text.strip()))


# "The following is a near-verbatim transcript of today's noon briefing by Farhan Haq,
# Deputy Spokesman for the Secretary-General."
_BRIEFED_BY = re.compile(
    r"\btranscript of [^.]{0,80}?briefing by (?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3}),"
    r"\s+(?:\w+\s+){0,2}Spokes(?:person|man|woman)\b"
)


def briefer_in_note(paragraphs: list[Paragraph]) -> str | None:
    """Return the briefer an opening editorial note names (the UN's noon briefing)."""
    for para in paragraphs[:5]:
        match = _BRIEFED_BY.search(para.text)
        if match:
            return collapse_spaces(match.group("name"))
    return None


def is_ministry_title(text: str) -> bool:
    """Tell whether a title line is the Chinese Foreign Ministry's (not the UN's)."""
    return is_title_line(text) and bool(re.search(r"Foreign Ministry|外交部", text))


def title_spokesperson(title: str) -> str | None:
    """Return the spokesperson named in a title, in normalised case."""
    match = _EN_TITLE.search(title) or _ZH_TITLE.search(title)
    if not match:
        return None
    name = collapse_spaces(match.group("name"))
    return canonical_spokesperson(name) or (name if has_cjk(name) else name.title())


def split_title_lines(paragraphs: list[Paragraph]) -> tuple[str | None, list[str], int]:
    """Find the title at the top of a copied page.

    Returns the title, the header paragraphs (breadcrumbs, date lines) and how many
    paragraphs the title block takes.
    """
    header: list[str] = []
    for index, para in enumerate(paragraphs[:4]):
        text = para.text
        if is_title_line(text) or (
            index + 1 < len(paragraphs) and _split_title(text, paragraphs[index + 1].text)
        ):
            if not is_title_line(text):  # a bilingual repost splits the title over two lines
                title, used = text + " " + paragraphs[index + 1].text, index + 2
            else:
                title, used = text, index + 1
            if any(not _is_furniture(p.text) for p in paragraphs[:index]):
                return None, [], 0
            header = [p.text for p in paragraphs[:index]]
            while used < len(paragraphs):
                # Timestamps, and the title again in the other language (a bilingual
                # repost gives both, the English one perhaps split over two lines).
                text = paragraphs[used].text
                if _TIMESTAMP.match(text) or is_title_line(text):
                    header.append(text)
                    used += 1
                elif used + 1 < len(paragraphs) and _split_title(text, paragraphs[used + 1].text):
                    header.extend([text, paragraphs[used + 1].text])
                    used += 2
                else:
                    break
            return collapse_spaces(title), header, used
    # No title: a leading date line or breadcrumb trail is still page furniture.
    used = 0
    while used < min(len(paragraphs) - 1, 3) and _is_furniture(paragraphs[used].text):
        used += 1
    return None, [p.text for p in paragraphs[:used]], used


def _split_title(first: str, second: str) -> bool:
    # "Foreign Ministry Spokesperson Lin Jian’s" / "Regular Press Conference on ..."
    return bool(re.search(r"Spokes\w+\s+\S+(?:\s+\S+)?['’]s$", first)) and is_title_line(
        first + " " + second
    )


def _is_furniture(text: str) -> bool:
    return bool(_BREADCRUMB.search(text) or _TIMESTAMP.match(text)) and len(text) < 120


def title_date(title: str | None, header: list[str]) -> tuple[FoundDate | None, list[str]]:
    """Return the conference date from the title, completed by a dated header line."""
    found = find_date(title) if title else None
    others = [date for date in (find_date(line) for line in header) if date]
    if found is None and others:
        found = others[0]
    if found is not None and found.year is None:
        for other in others:
            # A repost's timestamp can be a day or two later ("2020-07-18 00:48" for
            # the 17 July conference): it still tells the year.
            year = _year_near(found, other) if other.year else None
            if year:
                year_note = f"the title gives no year; took {year} from the date line"
                return FoundDate(found.month, found.day, year), [year_note]
    return found, []


def _year_near(partial: FoundDate, full: FoundDate) -> int | None:
    """The year that puts a month and day at most three days before or after a full date."""
    for year in (full.year, (full.year or 0) - 1, (full.year or 0) + 1):
        try:
            gap = (FoundDate(partial.month, partial.day, year).as_date() - full.as_date()).days  # type: ignore[operator]
        except (ValueError, TypeError):  # no year, or February 29 in a year without it
            continue
        if abs(gap) <= 3:
            return year
    return None


def parse_paragraphs(
    paragraphs: list[Paragraph],
    draft: Draft,
    *,
    spokesperson_hint: str | None,
    uses_bold: bool,
) -> None:
    """Fill the draft's turns and spokespersons from the body paragraphs."""
    title_name = title_spokesperson(draft.title) if draft.title else None
    title_name = title_name or briefer_in_note(paragraphs)
    known = tuple(name for name in (title_name, spokesperson_hint) if name)
    labels = [
        None
        if is_note(para.text)
        else split_label(para.text, spokespersons=known, bold_prefix=para.bold_prefix)
        for para in paragraphs
    ]
    roles = _resolve_roles(paragraphs, labels, uses_bold, draft)
    for index in _quoted_labels(paragraphs, labels, roles, uses_bold):
        labels[index] = None
    answer_name = title_name or spokesperson_hint
    builder = TurnBuilder()
    named: list[str] = [title_name] if title_name else []
    bold_question = False  # whether the open question was marked bold on the page
    for para, label in zip(paragraphs, labels, strict=True):
        if label is None:
            bold_question = _unlabelled(builder, para, uses_bold, bold_question, answer_name)
            continue
        role = roles[label.speaker.lower()] if label.role == "unknown" else label.role
        if uses_bold and para.bold and role == "unknown":
            role = "question"
        if role == "question":
            builder.start("question", label.speaker, para.line, label.rest)
            bold_question = para.bold
            continue
        speaker = label.speaker
        if GENERIC_ANSWER.fullmatch(speaker):
            speaker = answer_name or speaker
        else:
            name = re.sub(r"\s*\(.*\)$", "", speaker)  # "Mao Ning (smiling)"
            named.append(canonical_spokesperson(name) or name)
        kind = "answer" if builder.last_speech_kind in ("question", "answer") else "statement"
        builder.start(kind, speaker, para.line, label.rest)
    draft.turns = builder.turns()
    for name in named:
        if not any(same_person(name, seen) for seen in draft.spokespersons):
            draft.spokespersons.append(name)


# A notice about the press conference's own schedule, read out at its end ("The regular
# press conference on May 22 will be held at 2:00 p.m.", "例行记者会将于4月6日休会"): it
# is housekeeping, not part of the last answer.
_SCHEDULE_NOTICE = re.compile(
    r"^.{0,80}?(?:"
    r"(?:regular press conference|press conference of the foreign ministry|the next "
    r"(?:regular )?(?:press )?conference)\b[^.]{0,120}?\b(?:will|is to)\s+(?:be\s+)?"
    r"(?:held|in recess|adjourned|suspended|resumed?|cancell?ed|moved|rescheduled|take place)"
    r"|例行记者会[^。]{0,40}?(?:休会|恢复|举行|推迟|改至|暂停|取消))",
    re.I | re.S,
)

# "一、...", "二、..." numbering two questions asked together after the conference.
_NUMBERED = re.compile(r"^(?P<number>[一二三四五六七八九十])、")
_NUMERALS = "一二三四五六七八九十"


def _unlabelled(
    builder: TurnBuilder,
    para: Paragraph,
    uses_bold: bool,
    bold_question: bool,
    answer_name: str | None,
) -> bool:
    """Place a paragraph without a label; return whether the open question is bold."""
    current = builder.current
    in_question = current is not None and current.kind == "question"
    if is_note(para.text):
        builder.note(para.line, para.text)
        return False
    if is_separator(para.text):
        builder.section_break(para.line, para.text)
        return False
    if is_stage_line(para.text):
        # "会后，有记者问及：" alone announces the question that follows; "After the press
        # conference, Zhao made further response to ..." introduces an answer.
        builder.note(para.line, para.text)
        return False
    if RAISED_QUESTION.match(para.text) or (uses_bold and para.bold):
        if in_question:
            builder.continue_with(para.line, para.text)  # a question's second paragraph
        else:
            builder.start("question", None, para.line, para.text)
        return para.bold
    if in_question and uses_bold and bold_question:
        # The page bolds every question paragraph: a plain one after it is the answer,
        # as when "追问：" is answered without a label.
        builder.start("answer", answer_name, para.line, para.text)
        return False
    answering = current is not None and current.kind == "answer"
    if not uses_bold and answering and _continues_numbered_questions(builder, para.text):
        builder.start("question", None, para.line, para.text)
        return False
    after_answer = answering or (current is None and builder.last_speech_kind == "answer")
    if after_answer and _SCHEDULE_NOTICE.match(para.text):
        builder.start("statement", None, para.line, para.text)
        return False
    builder.continue_with(para.line, para.text)
    return bold_question and in_question


def _continues_numbered_questions(builder: TurnBuilder, text: str) -> bool:
    # "会后，有记者问及：一、..." is answered, then "二、...？" asks the second question; in
    # the HTML it is bold, in plain text only the numbering and the question mark tell.
    match = _NUMBERED.match(text)
    question = builder.last_question_text
    if not match or match.group("number") == "一" or not question:
        return False
    if not re.search(r"[？?]", text):
        return False
    previous = _NUMERALS[_NUMERALS.index(match.group("number")) - 1]
    return bool(re.search(rf"(?:^|[：:\n]){previous}、", question))


# A person's office before the name: "President Xi Jinping:", "Foreign Minister Wang Yi:",
# "Mr. Smith:". Reporters are labelled by their outlet, never so; on a ministry page such
# a label is someone quoted inside the spokesperson's speech.
_PERSON_TITLE = re.compile(
    r"^(?:(?:Vice|Deputy|Former|Acting|Prime|Foreign|Defense|Defence|State|General|Chief)\s+)?"
    r"(?:President|Premier|Chairman|Chairwoman|Chair|Minister|Secretary(?:-General)?|"
    r"Councilor|Councillor|Ambassador|Chancellor|King|Queen|Prince|Princess|Emperor|"
    r"Senator|Governor|Mayor|Envoy|Director-General|Professor|Mr|Ms|Mrs|Dr|Madam|Sir)\b\.?"
)


def _occurrence_role(para: Paragraph, label: Label, roles: dict[str, str], uses_bold: bool) -> str:
    role = roles[label.speaker.lower()] if label.role == "unknown" else label.role
    if uses_bold and para.bold and role == "unknown":
        return "question"
    return role


def _quoted_labels(
    paragraphs: list[Paragraph], labels: list[Label | None], roles: dict[str, str], uses_bold: bool
) -> list[int]:
    """Find label-like openings that are running text inside the spokesperson's speech.

    Only on a day whose spokesperson is labelled (a name, `A:`): there a label of unknown
    role is a reporter only if it asks. It is taken for quoted speech ("President Xi
    Jinping: ...", "王毅：...") when it names a person by office, or when it follows the
    spokesperson, asks nothing (no question mark in its run) and is not answered (a
    question label follows, or none). On a page that bolds its questions a plain
    label is a question only when it asks and is answered (a slip in the bolding).
    """
    if not any(label and label.role == "answer" for label in labels):
        return []
    positions = [index for index, label in enumerate(labels) if label is not None]
    counts = Counter(label.speaker.lower() for label in labels if label is not None)
    quoted: list[int] = []
    previous_role: str | None = "answer" if positions and positions[0] > 0 else None
    for order, index in enumerate(positions):
        para, label = paragraphs[index], labels[index]
        assert label is not None
        role = _occurrence_role(para, label, roles, uses_bold)
        if label.role != "unknown" or (uses_bold and para.bold):
            previous_role = role
            continue
        following = positions[order + 1] if order + 1 < len(positions) else len(paragraphs)
        run = [label.rest] + [p.text for p in paragraphs[index + 1 : following]]
        asks = any(re.search(r"[?？]", text) for text in run)
        next_label = labels[following] if following < len(paragraphs) else None
        next_role = (
            _occurrence_role(paragraphs[following], next_label, roles, uses_bold)
            if next_label is not None
            else None
        )
        answered = next_role in ("answer", "unknown")
        if _PERSON_TITLE.match(label.speaker) and not canonical_spokesperson(label.speaker):
            is_quote = previous_role is not None or not answered
        elif uses_bold:
            is_quote = not (asks and answered)
        else:
            is_quote = (
                previous_role in ("answer", "unknown")
                and not asks
                and not answered
                and counts[label.speaker.lower()] == 1
            )
        if is_quote:
            quoted.append(index)
        else:
            previous_role = role
    return quoted


def _resolve_roles(
    paragraphs: list[Paragraph], labels: list[Label | None], uses_bold: bool, draft: Draft
) -> dict[str, str]:
    """Decide whether each label of unknown role asks or answers.

    A label of unknown role is an outlet asking, unless the page names no spokesperson
    at all: then the label that speaks most often, right after others, is taken for
    the spokesperson (the alternation of question and answer).
    """
    roles: dict[str, str] = {}
    unknown = [label for label in labels if label and label.role == "unknown"]
    has_answerer = any(label and label.role == "answer" for label in labels)
    for label in unknown:
        roles[label.speaker.lower()] = "question"
    if uses_bold:
        # On a page that bolds its questions, a plain label is the one answering.
        for para, para_label in zip(paragraphs, labels, strict=True):
            if para_label and para_label.role == "unknown" and not para.bold:
                roles[para_label.speaker.lower()] = "unknown"
        return roles
    if has_answerer or not unknown:
        return roles
    counts = Counter(label.speaker.lower() for label in unknown)
    ranked = counts.most_common(2)
    top, top_count = ranked[0]
    if top_count >= 2 and (len(ranked) == 1 or top_count > ranked[1][1]):
        roles[top] = "answer"
        para, label = next(
            (p, lab) for p, lab in zip(paragraphs, labels, strict=True)
            if lab and lab.speaker.lower() == top
        )  # fmt: skip
        draft.warnings.append(
            f"line {para.line}: no known spokesperson; took the most frequent speaker "
            f"'{label.speaker}' for the one answering"
        )
    return roles
