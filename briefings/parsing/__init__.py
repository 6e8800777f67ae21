"""The pure transcript parser: bytes or text in, a ParsedTranscript out, no database.

    parsed = parse_transcript(Path("2019-07-10.html").read_bytes(), Hints(source="mfa"))
    parsed.turns[0].kind, parsed.turns[0].speaker, parsed.turns[0].text

Everything the parser cannot understand becomes a warning; only a file that is not a
transcript at all (binary, empty, undecodable, without paragraphs) raises
TranscriptError, whose message names the line.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

from . import html, labels, mfa, whitehouse
from .common import Draft, Paragraph, text_paragraphs
from .dates import find_date
from .decoding import check_text, decode_bytes
from .text import detect_language, is_bilingual
from .transcript import FORMATS, NO_HINTS, Hints, ParsedTranscript, TranscriptError, Turn

__all__ = [
    "FORMATS",
    "NO_HINTS",
    "Hints",
    "ParsedTranscript",
    "TranscriptError",
    "Turn",
    "parse_transcript",
    "read_file",
]


def parse_transcript(
    data: bytes | str, hints: Hints = NO_HINTS, *, filename: str | None = None
) -> ParsedTranscript:
    """Parse a transcript; hints fill in what the file lacks, never override what it says."""
    if hints.format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {hints.format!r}")
    text = decode_bytes(data) if isinstance(data, bytes) else check_text(data)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    try:
        draft = _parse(text, hints.format, filename, hints.spokesperson)
    except TranscriptError:
        raise
    except Exception as error:
        # A parser slip must reach the person uploading as a refusal naming the file,
        # not as a server error; the property tests pin that this never happens.
        raise TranscriptError(f"the parser failed on this file ({error!r})", 1) from error
    if not draft.turns:
        raise TranscriptError("no transcript paragraphs found", 1)
    _apply_hints(draft, hints)
    return ParsedTranscript(
        title=draft.title,
        date=draft.date,
        language=draft.language or "en",
        spokespersons=tuple(draft.spokespersons),
        turns=tuple(draft.turns),
        warnings=tuple(dict.fromkeys(draft.warnings)),
        source=draft.source,
        official_url=draft.official_url,
        format=draft.format,
        header=tuple(draft.header),
        footer=tuple(draft.footer),
    )


def read_file(path: Path, hints: Hints = NO_HINTS) -> tuple[str, ParsedTranscript]:
    """A transcript file's decoded text and its parse; OSError when it cannot be read.

    Django-free like the rest of the parser, so a worker process can run it without
    setting Django up (see importer.files.read_files).
    """
    text = decode_bytes(Path(path).read_bytes())
    return text, parse_transcript(text, hints, filename=Path(path).name)


def _parse(text: str, format: str, filename: str | None, spokesperson: str | None) -> Draft:
    is_html = format == "html" or (
        format == "auto"
        and (
            html.looks_like_html(text)
            or (bool(filename) and str(filename).lower().endswith((".html", ".htm", ".shtml")))
            and text.lstrip().startswith("<")
        )
    )
    if is_html:
        return _parse_html(text, spokesperson)
    if format == "whitehouse" or whitehouse.has_front_matter(text):
        return _parse_whitehouse(text)
    paragraphs = text_paragraphs(text)
    if whitehouse.looks_like_whitehouse(paragraphs):
        return _parse_whitehouse(text)
    return _parse_mfa_text(paragraphs, spokesperson)


def _parse_mfa_text(paragraphs: list[Paragraph], spokesperson: str | None) -> Draft:
    draft = Draft(format="text")
    title, header, used = mfa.split_title_lines(paragraphs)
    draft.title, draft.header = title, header
    _set_mfa_date(draft, title, header)
    body = paragraphs[used:]
    if not body:
        line = paragraphs[-1].line if paragraphs else 1
        raise TranscriptError("no transcript paragraphs after the title", line)
    mfa.parse_paragraphs(body, draft, spokesperson_hint=spokesperson, uses_bold=False)
    _set_language(draft, [p.text for p in body])
    if (title and mfa.is_ministry_title(title)) or any(
        labels.canonical_spokesperson(t.speaker or "") for t in draft.turns
    ):
        draft.source = "mfa"
    return draft


def _parse_html(text: str, spokesperson: str | None) -> Draft:
    page = html.read_page(text)
    draft = Draft(format="html", official_url=page.official_url)
    paragraphs = page.paragraphs
    if not paragraphs:
        raise TranscriptError("no paragraphs in the page's body", 1)
    if whitehouse.looks_like_whitehouse(paragraphs):
        draft.title = page.title
        header, body, footer = whitehouse.split_furniture(paragraphs)
        draft.header, draft.footer = header, footer
        # The title's date ("..., March 10, 2023") before the page's own date lines,
        # which can be a later publication or modification date.
        dated = ([page.title] if page.title else []) + header + page.dated_lines
        found = next((d for d in map(find_date, dated) if d and d.year), None)
        draft.date = found.as_date() if found else None
        whitehouse.parse_paragraphs(body, draft, header=header)
        draft.language = detect_language([p.text for p in body])
        draft.source = "whitehouse" if "whitehouse.gov" in (page.official_url or "") else None
        return draft
    title, header, used = mfa.split_title_lines(paragraphs)
    draft.title = title or (page.title if page.title and mfa.is_title_line(page.title) else None)
    draft.title = draft.title or page.title
    draft.header = header
    _set_mfa_date(draft, draft.title, header + page.dated_lines)
    body = paragraphs[used:]
    if not body:
        raise TranscriptError("no transcript paragraphs after the title", paragraphs[-1].line)
    uses_bold = any(para.bold for para in body)
    mfa.parse_paragraphs(body, draft, spokesperson_hint=spokesperson, uses_bold=uses_bold)
    _set_language(draft, [p.text for p in body])
    url = page.official_url or ""
    if (draft.title and mfa.is_ministry_title(draft.title)) or re.search(
        r"fmprc\.gov\.cn|mfa\.gov\.cn", url
    ):
        draft.source = "mfa"
    return draft


def _set_language(draft: Draft, texts: list[str]) -> None:
    draft.language = detect_language(texts)
    if is_bilingual(texts):
        draft.warnings.append(
            "the paragraphs alternate between Chinese and English (a bilingual repost); "
            f"kept both, language taken as '{draft.language}'"
        )


def _set_mfa_date(draft: Draft, title: str | None, dated_lines: list[str]) -> None:
    found, notes = mfa.title_date(title, dated_lines)
    draft.warnings.extend(notes)
    if found is None:
        return
    if found.year is None:
        draft.partial_date = (found.month, found.day)
    else:
        draft.date = found.as_date()


def _parse_whitehouse(text: str) -> Draft:
    fields, body, first_line = whitehouse.split_front_matter(text)
    draft = Draft(format="whitehouse", title=whitehouse.title_of(fields))
    draft.official_url = whitehouse.official_url(fields)
    paragraphs = whitehouse.wrapped_paragraphs(body, first_line)
    if not paragraphs:
        raise TranscriptError("no transcript paragraphs after the front matter", first_line)
    header, body_paragraphs, footer = whitehouse.split_furniture(paragraphs)
    draft.header, draft.footer = header, footer
    dated = whitehouse.front_matter_date(fields) or draft.title
    found = find_date(dated) if dated else None
    if found is None:  # a copied page without front matter: a date line in the header
        found = next((d for d in map(find_date, header) if d and d.year), None)
    if found is not None and found.year is None:
        draft.partial_date = (found.month, found.day)
    elif found is not None:
        draft.date = found.as_date()
    whitehouse.parse_paragraphs(body_paragraphs, draft, header=header)
    draft.language = detect_language([p.text for p in body_paragraphs])
    url = draft.official_url or ""
    if (
        "whitehouse.gov" in url
        or "whitehouse" in fields.get("tags", "")
        or fields.get("tags", "").startswith(("press-briefings", "briefings-statements"))
    ):
        draft.source = "whitehouse"
    return draft


def _apply_hints(draft: Draft, hints: Hints) -> None:
    """Fill what the file lacks from the hints; warn where a hint contradicts the file."""
    source, date, language = hints.source, hints.date, hints.language
    spokesperson = hints.spokesperson
    warnings = draft.warnings
    if draft.date is None and draft.partial_date is not None:
        month, day = draft.partial_date
        if date is None:
            warnings.append(f"the date in the file has no year (month {month}, day {day})")
        elif (date.month, date.day) == (month, day):
            draft.date = date
        else:
            draft.date = _safe_date(date.year, month, day) or date
            warnings.append(
                f"the given date {date.isoformat()} contradicts the file's month and day "
                f"({month}/{day}); kept the file's, with the given year"
            )
    elif draft.date is None:
        if date is None:
            warnings.append("no date in the file and none given")
        draft.date = date
    elif date is not None and date != draft.date:
        warnings.append(
            f"the given date {date.isoformat()} contradicts the file's "
            f"{draft.date.isoformat()}; kept the file's"
        )
    if language:
        # The detector only tells Chinese from Latin-script text: a hint naming another
        # Latin-script language is taken, one that contradicts the script is not.
        detected = draft.language or "en"
        if (detected == "zh") != language.lower().startswith("zh"):
            warnings.append(
                f"the given language '{language}' contradicts the text ('{detected}'); "
                f"kept '{detected}'"
            )
        else:
            draft.language = language
    if source:
        if draft.source and draft.source != source:
            warnings.append(
                f"the given source '{source}' contradicts the file ('{draft.source}'); kept "
                f"'{draft.source}'"
            )
        else:
            draft.source = source
    if spokesperson:
        if draft.spokespersons and not any(
            labels.same_person(spokesperson, name) for name in draft.spokespersons
        ):
            warnings.append(
                f"the given spokesperson '{spokesperson}' is not among those the file names "
                f"({', '.join(draft.spokespersons)})"
            )
        elif not draft.spokespersons:
            draft.spokespersons.append(labels.canonical_spokesperson(spokesperson) or spokesperson)
    if not draft.spokespersons:
        warnings.append("no spokesperson named in the file and none given")
    if not any(turn.kind == "question" for turn in draft.turns):
        warnings.append("no question found")


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None
