"""White House briefings as Markdown with YAML front matter (whitehouse.gov conversions).

Speakers are upper case with an honorific (`MS. PSAKI:`), reporters a bare `Q` with no
colon; lines are hard-wrapped at about 72 columns; a location and a time line open the
transcript and a time line, `END` or an escaped `\\###` closes it.
"""

from __future__ import annotations

import re

from .common import Draft, Paragraph, TurnBuilder, is_note, is_separator
from .dates import find_date
from .markup import from_markdown
from .text import collapse_spaces

_SPACE = "[ \t\xa0]"
_LABEL = re.compile(
    rf"^(?P<label>(?:[A-Z][A-Z.'’-]*{_SPACE}+){{0,4}}[A-Z][A-Z.'’-]*[A-Z.])"
    rf"{_SPACE}*:(?:{_SPACE}+|$)"
)
_Q = re.compile(rf"^(?P<label>Q)(?:{_SPACE}*:{_SPACE}*|{_SPACE}+|$)")
_QUESTIONERS = {"Q", "QUESTION", "REPORTER", "JOURNALIST", "AUDIENCE MEMBER", "PARTICIPANT"}
# Editorial lines that look like labels but are the page speaking, not a person.
_EDITORIAL = {"NOTE", "EDITOR'S NOTE", "EDITOR’S NOTE", "UPDATE", "CORRECTION", "NOTE TO EDITORS"}
# Staff who run the room rather than brief: not listed among the spokespersons.
_STAFF = {"OPERATOR", "AIDE", "STAFF", "MODERATOR", "PRESS AIDE", "WHITE HOUSE AIDE"}
_HONORIFICS = {"MR.", "MS.", "MRS.", "DR.", "MX.", "MR", "MS", "MRS", "DR", "S.", "M."}
_ROLE_WORDS = {
    "secretary", "director", "chair", "coordinator", "advisor", "adviser", "press",
    "deputy", "principal", "spokesperson", "spokesman", "counselor", "administrator",
    "ambassador", "general", "president", "by", "and", "for", "of", "the",
}  # fmt: skip
_TIME = re.compile(rf"\d{{1,2}}:\d{{2}}{_SPACE}*[AaPp]\.?{_SPACE}*[Mm]\.?(?:\s+[A-Z]{{2,4}})?")
_TIME_LINE = re.compile(rf"^{_TIME.pattern}$")
_CLOSING = re.compile(rf"^(?:END(?:{_SPACE}+{_TIME.pattern})?|{_TIME.pattern}|\\?#{{3}})$")
_INLINE_LABEL = re.compile(r"(?<=\S)\s+(?P<label>(?:MR|MS|MRS|DR)\.\s+[A-Z][A-Z'’-]+):")
# "MS. PSAKI:", "MR PRICE:" (the State Department drops the full stop), "Q    Thanks."
_HOUSE_LABEL = re.compile(
    rf"^(?:(?:MR|MS|MRS|DR)\.?{_SPACE}+[A-Z][A-Z'’-]+:|Q{_SPACE}{{2,}}\S|QUESTION:)"
)
_FRONT_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*):(?:[ \t]+(?P<value>.*))?$")


def has_front_matter(text: str) -> bool:
    """Tell whether text opens with a YAML front matter block."""
    return text.lstrip("\ufeff").startswith("---\n") and "\n---" in text[4:]


def looks_like_whitehouse(paragraphs: list[Paragraph]) -> bool:
    """Tell whether paragraphs are labelled the White House way (`MS. PSAKI:`, `Q  `)."""
    house = sum(1 for para in paragraphs if _HOUSE_LABEL.match(para.text))
    return house >= 2 and house * 3 >= len(paragraphs) // 10


def split_front_matter(text: str) -> tuple[dict[str, str], str, int]:
    """Split `---` front matter from the body; return its fields, the body and its first line."""
    if not has_front_matter(text):
        return {}, text, 1
    lines = text.lstrip("\ufeff").split("\n")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        return {}, text, 1
    fields: dict[str, list[str]] = {}
    key = None
    for line in lines[1:end]:
        match = _FRONT_KEY.match(line)
        if match:
            key = match.group("key")
            fields[key] = [match.group("value") or ""]
        elif key is not None and line[:1] in (" ", "\t"):
            fields[key].append(line)
    values = {name: _yaml_scalar(parts) for name, parts in fields.items()}
    return values, "\n".join(lines[end + 1 :]), end + 2


_ESCAPES = {"_": "\xa0", " ": " ", '"': '"', "\\": "\\", "/": "/", "t": "\t", "n": "\n",
            "N": "\x85", "0": "\x00", "L": "\u2028", "P": "\u2029"}  # fmt: skip


def _yaml_scalar(parts: list[str]) -> str:
    """Read a one-line or folded YAML scalar: plain, 'single' or "double" quoted."""
    first = parts[0].strip()
    if first.startswith('"'):
        return _double_quoted("\n".join(parts).strip()[1:])
    if first.startswith("'"):
        raw = " ".join(part.strip() for part in parts).strip()[1:]
        return raw[:-1].replace("''", "'") if raw.endswith("'") else raw.replace("''", "'")
    return " ".join(part.strip() for part in parts).strip()


def _double_quoted(raw: str) -> str:
    out: list[str] = []
    index = 0
    while index < len(raw):
        char = raw[index]
        if char == '"':
            break
        if char == "\\" and index + 1 < len(raw):
            following = raw[index + 1]
            if following == "\n":  # an escaped line break joins the lines with nothing
                index += 2
                while index < len(raw) and raw[index] in " \t":
                    index += 1
                continue
            if following in "xuU":
                size = {"x": 2, "u": 4, "U": 8}[following]
                digits = raw[index + 2 : index + 2 + size]
                if re.fullmatch(r"[0-9A-Fa-f]+", digits or "-") and len(digits) == size:
                    code = int(digits, 16)
                    out.append(chr(code) if code <= 0x10FFFF else "\ufffd")
                    index += 2 + size
                    continue
            out.append(_ESCAPES.get(following, following))
            index += 2
            continue
        if char == "\n":  # a plain line break folds into one space
            while out and out[-1] in " \t":
                out.pop()
            out.append(" ")
            index += 1
            while index < len(raw) and raw[index] in " \t":
                index += 1
            continue
        out.append(char)
        index += 1
    return "".join(out)


def wrapped_paragraphs(body: str, first_line: int) -> list[Paragraph]:
    """Join hard-wrapped lines into paragraphs.

    Blank (or space-only) lines separate paragraphs, and so do a line ending in two spaces
    after a full stop or before a `Q` (Markdown's hard line break, which the pages put
    where a paragraph ends), a line that opens with a speaker label (the pages sometimes
    drop the blank line before `MS. PSAKI:`) and a time or closing line. Text copied from
    a web page is not wrapped: when no blank line separates anything, or a line runs past
    any wrapping width, each line is a paragraph of its own. Markdown's escapes are undone
    and its struck-out words kept as `<del>` (parsing.markup).
    """
    lines = body.split("\n")
    filled = [index for index, raw in enumerate(lines) if raw.strip()]
    one_per_line = bool(filled) and (
        all(lines[index].strip() for index in range(filled[0], filled[-1] + 1))
        or max(len(lines[index].rstrip()) for index in filled) > _WRAP_WIDTH
    )
    known = {
        found[0]
        for index, raw in enumerate(lines)
        if raw.strip() and (index == 0 or not lines[index - 1].strip())
        for found in [split_label(raw.strip())]
        if found and found[0] != "Q"
    }
    paragraphs: list[Paragraph] = []
    parts: list[str] = []
    start = first_line
    in_header = True  # before the first speaker: short lines of name, place and date
    hard_break = False  # the line before ended in two spaces: Markdown's line break
    for offset, raw in enumerate(lines):
        stripped = raw.strip()
        alone = bool(_TIME_LINE.match(stripped) or _CLOSING.match(stripped))
        opens = _opens_turn(stripped, known)
        in_header = in_header and not opens
        if parts and (
            not stripped
            or one_per_line
            or (hard_break and (parts[-1][-1:] in _SENTENCE_END or _Q_AFTER_BREAK.match(stripped)))
            or alone
            or _TIME_LINE.match(parts[-1])
            or opens
            or (in_header and len(parts[-1]) < _HEADER_LINE and not _cut_label_word(parts))
        ):
            paragraphs.append(Paragraph(" ".join(parts), start))
            parts = []
        if stripped:
            if not parts:
                start = first_line + offset
            if parts and _cut_label_word(parts):
                parts[-1] += stripped  # "MS. JEAN-" + "PIERRE:  Thanks."
            else:
                parts.append(stripped)
        hard_break = bool(stripped) and raw.endswith("  ")
    if parts:
        paragraphs.append(Paragraph(" ".join(parts), start))
    # Markdown's escapes (`\[sic\]`) and struck-out words (`<s>2013</s>`) as plain text.
    return [Paragraph(from_markdown(para.text), para.line) for para in paragraphs]


# A hard line break after one of these ends a paragraph; one inside a sentence ("about
# this in␣␣" / "— in April") is a slip of the conversion and joins the lines as wrapping does.
_SENTENCE_END = set('.?!:;"”’)]')
# After a hard line break a bare "Q" with one space is the reporter's turn too.
_Q_AFTER_BREAK = re.compile(rf"^Q{_SPACE}+\S")
# Whitehouse.gov conversions wrap at about 72 columns; a longer line is unwrapped text.
_WRAP_WIDTH = 110
# A line this short before the first speaker is a header line, not wrapped prose.
_HEADER_LINE = 50


def _cut_label_word(parts: list[str]) -> bool:
    # A label wrapped at its hyphen: the paragraph so far is an upper-case fragment
    # ending in "-", with no colon yet ("MS. JEAN-" then "PIERRE:").
    text = " ".join(parts)
    return (
        text.endswith("-")
        and ":" not in text
        and len(text) < 40
        and bool(re.fullmatch(r"[A-Z][A-Z.'’ \t\xa0-]*[A-Z]-", text))
    )


def _opens_turn(line: str, known: set[str]) -> bool:
    found = split_label(line)
    if found is None:
        return False
    label = found[0]
    if label == "Q":
        return bool(re.match(rf"^Q(?:{_SPACE}{{2,}}|\xa0|:)", line))
    return (
        label in known or label in _QUESTIONERS or bool(re.match(r"^(?:MR|MS|MRS|DR)\.?\s", label))
    )


def split_label(text: str) -> tuple[str, str] | None:
    """Split "MS. PSAKI:  Good afternoon." or "Q    Thanks." into label and text."""
    match = _Q.match(text) or _LABEL.match(text)
    if not match:
        return None
    label = match.group("label")
    if label != "Q" and (len(re.sub(r"[^A-Z]", "", label)) < 2 or len(label) > 45):
        return None
    return label, text[match.end() :].strip()


def split_furniture(paragraphs: list[Paragraph]) -> tuple[list[str], list[Paragraph], list[str]]:
    """Set apart the location and time lines at the top and the closing line(s) at the end."""
    header: list[str] = []
    start = 0
    for index, para in enumerate(paragraphs[:6]):
        if is_correction_notice(para.text):
            start = index + 1
            continue
        if split_label(para.text) or len(para.text) > 80:
            break
        if _TIME_LINE.match(para.text):
            start = index + 1
            # A correction notice can stand under the time line as well as above it.
            while start < len(paragraphs) and is_correction_notice(paragraphs[start].text):
                start += 1
            break
        if index < 4 and find_date(para.text) and len(para.text) <= 40:
            # "February 4, 2016" under the briefer's name and place (State Department)
            start = index + 1
    header = [para.text for para in paragraphs[:start]]
    end = len(paragraphs)
    while end > start and _CLOSING.match(paragraphs[end - 1].text):
        end -= 1
    footer = [para.text for para in paragraphs[end:]]
    return header, paragraphs[start:end], footer


# "*Please see below for corrections to the transcript, marked with an asterisk."
_CORRECTION_NOTICE = re.compile(
    r"^\**\s*(?:please\s+)?see\s+below\s+for\s+(?:a\s+)?corrections?\b.{0,200}$", re.I
)


def is_correction_notice(text: str) -> bool:
    """Tell whether a paragraph is the page's notice that the transcript was corrected."""
    return bool(_CORRECTION_NOTICE.match(text.strip()))


def briefer_name(label: str, title: str | None) -> str:
    """Name a briefer from a label, completed from the title: "MS. PSAKI" → "Jen Psaki"."""
    words = label.replace("\xa0", " ").split()
    while len(words) > 1 and words[0].upper() in _HONORIFICS:
        words = words[1:]
    surname = words[-1].strip(".")
    if title and (len(words) == 1 or words[0].lower() in _ROLE_WORDS):
        pattern = rf"(?P<given>[A-Z][\w'’.-]*)\s+(?P<surname>(?i:{re.escape(surname)}))\b"
        for match in re.finditer(pattern, title):
            if match.group("given").lower() not in _ROLE_WORDS:
                return f"{match.group('given')} {match.group('surname')}"
    return " ".join(_capitalised(word) if word.isupper() else word for word in words)


def _capitalised(word: str) -> str:
    # "JEAN-PIERRE" → "Jean-Pierre", "O'BRIEN" → "O'Brien"
    return re.sub(r"[A-Z]+", lambda match: match.group().capitalize(), word)


def parse_paragraphs(
    paragraphs: list[Paragraph], draft: Draft, *, header: list[str] | None = None
) -> None:
    """Fill the draft's turns, spokespersons and warnings from White House paragraphs."""
    # Without a title, a header line such as "Ned Price, Department Spokesperson"
    # still gives the briefer's full name.
    naming = draft.title or " / ".join(header or []) or None
    labels = [None if is_note(para.text) else split_label(para.text) for para in paragraphs]
    full_labels = {found[0] for found in labels if found and " " in found[0]}
    builder = TurnBuilder()
    for para, found in zip(paragraphs, labels, strict=True):
        if is_note(para.text):
            builder.note(para.line, para.text)
            continue
        inline = _INLINE_LABEL.search(para.text)
        if inline:
            draft.warnings.append(
                f"line {para.line}: the label '{inline.group('label')}:' sits inside a "
                "paragraph (a publishing slip); kept in the text"
            )
        if found is None and is_separator(para.text):
            builder.section_break(para.line, para.text)
            continue
        if found is None:
            builder.continue_with(para.line, para.text)
            continue
        label, rest = found
        if label.upper() in _EDITORIAL:
            builder.note(para.line, para.text)  # "NOTE:  The remarks are ..." is nobody's
            continue
        if label.upper() in _QUESTIONERS:
            builder.start("question", label, para.line, rest)
            continue
        if _looks_cut(label, full_labels):
            draft.warnings.append(
                f"line {para.line}: the label '{label}:' looks cut short by line wrapping"
            )
        kind = "answer" if builder.last_speech_kind in ("question", "answer") else "statement"
        builder.start(kind, label, para.line, rest)
        if label.upper() not in _STAFF:
            name = briefer_name(label, naming)
            if name not in draft.spokespersons:
                draft.spokespersons.append(name)
    draft.turns = builder.turns()


def _looks_cut(label: str, full_labels: set[str]) -> bool:
    # "S. PSAKI:" or a bare "PSAKI:" where the page otherwise writes "MS. PSAKI:".
    if re.match(r"^[A-Z]\.\s", label):
        return True
    return " " not in label and any(full.endswith(" " + label) for full in full_labels)


def front_matter_date(fields: dict[str, str]) -> str | None:
    """Return the text holding the briefing date in the front matter."""
    for key in ("date", "published_time", "published", "modified_time"):
        if fields.get(key) and find_date(fields[key]):
            return fields[key]
    return None


def official_url(fields: dict[str, str]) -> str | None:
    """Return the page's address from the front matter, if it gives one."""
    for key in ("source_url", "permalink", "url", "canonical_url"):
        value = fields.get(key, "").strip()
        if re.match(r"https?://\S+$", value):
            return value
    return None


def title_of(fields: dict[str, str]) -> str | None:
    """Return the front matter title with whitespace tidied (YAML `\\_` is a no-break space)."""
    title = collapse_spaces(fields.get("title", ""))
    return title or None
