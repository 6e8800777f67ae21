"""What every format shares: paragraphs, notes and section breaks, and turn assembly.

Whitespace policy (the display may tidy whitespace, the text is kept as published):
a paragraph is stripped at both ends (this drops the Chinese full-width indent and
stray non-breaking spaces around it); inside a paragraph every character is kept,
including non-breaking spaces, except that HTML collapses runs of ASCII whitespace as
a browser does and hard-wrapped lines are joined with one space.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from .labels import split_label, starts_with_strong_label
from .transcript import Turn


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the input, stripped, with where it starts and whether it opens bold."""

    text: str
    line: int
    bold: bool = False
    bold_prefix: str = ""


@dataclass
class Draft:
    """What a format module found, before hints are applied."""

    title: str | None = None
    date: datetime.date | None = None
    partial_date: tuple[int, int] | None = None  # (month, day) when the year is missing
    language: str | None = None
    spokespersons: list[str] = field(default_factory=list)
    turns: list[Turn] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    source: str | None = None
    official_url: str | None = None
    format: str = "text"
    header: list[str] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)


# A paragraph that is nothing but a bracketed stage direction, ASCII or full-width.
_NOTE = re.compile(r"^[(（][^()（）]*(?:[(（][^()（）]*[)）][^()（）]*)*[)）]$")


# A rule of asterisks or dashes: the page's section break before closing remarks or an
# announcement, after which speech no longer continues the answer above it.
_SEPARATOR = re.compile(r"[*=_~#\\\-—–·•\s]+")


def is_separator(text: str) -> bool:
    """Tell whether a whole paragraph is a section break such as "*****"."""
    text = text.strip()
    return bool(_SEPARATOR.fullmatch(text)) and len(re.sub(r"[\s\\]", "", text)) >= 3


def is_note(text: str) -> bool:
    """Tell whether a whole paragraph is a bracketed stage note like "(Laughter.)"."""
    return bool(_NOTE.match(text.strip()))


def text_paragraphs(text: str, *, first_line: int = 1) -> list[Paragraph]:
    """Split plain text into paragraphs: one per non-blank line, or per blank-line block
    when the text is hard-wrapped."""
    lines = text.split("\n")
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for offset, raw in enumerate(lines):
        if raw.strip():
            current.append((first_line + offset, raw))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    if _looks_hard_wrapped(blocks):
        return [para for block in blocks for para in _join_wrapped(block)]
    return [Paragraph(raw.strip(), number) for block in blocks for number, raw in block]


def _looks_hard_wrapped(blocks: list[list[tuple[int, str]]]) -> bool:
    # Text copied from a web page has one paragraph per line; an e-mailed or converted
    # transcript wraps at a fixed width and separates paragraphs with blank lines.
    wrapped = sum(1 for block in blocks if len(block) > 1)
    if len(blocks) < 3 or wrapped * 2 < len(blocks):
        return False
    widths = [len(raw.rstrip()) for block in blocks for _, raw in block]
    return max(widths) <= 100


_SENTENCE_ENDS = set('.?!。？！”"’)）')


def _join_wrapped(block: list[tuple[int, str]]) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    start, parts = block[0][0], [block[0][1].strip()]
    for number, raw in block[1:]:
        line = raw.strip()
        # A strong label ("Q:", a spokesperson) always starts a paragraph; an outlet's
        # only after a line that ends a sentence, since wrapping cuts mid-sentence.
        if starts_with_strong_label(line) or (
            parts[-1][-1:] in _SENTENCE_ENDS and split_label(line) is not None
        ):
            paragraphs.append(Paragraph(" ".join(parts), start))
            start, parts = number, []
        parts.append(line)
    paragraphs.append(Paragraph(" ".join(parts), start))
    return paragraphs


@dataclass
class _OpenTurn:
    kind: str
    speaker: str | None
    line: int
    parts: list[str]


class TurnBuilder:
    """Collects paragraphs into turns: one turn per labelled run, notes on their own."""

    def __init__(self) -> None:
        self._turns: list[_OpenTurn] = []
        self._last_speech: _OpenTurn | None = None  # the last turn that is not a note

    @property
    def current(self) -> _OpenTurn | None:
        """The turn an unlabelled paragraph would continue (None after a note)."""
        if self._turns and self._turns[-1].kind != "note":
            return self._turns[-1]
        return None

    @property
    def last_question_text(self) -> str | None:
        """Text of the last question turn so far."""
        for turn in reversed(self._turns):
            if turn.kind == "question":
                return "\n\n".join(turn.parts)
        return None

    @property
    def last_speech_kind(self) -> str | None:
        """Kind of the last turn that is not a note."""
        return self._last_speech.kind if self._last_speech else None

    def start(self, kind: str, speaker: str | None, line: int, text: str) -> None:
        """Open a new turn."""
        turn = _OpenTurn(kind, speaker, line, [text] if text else [])
        self._turns.append(turn)
        if kind != "note":
            self._last_speech = turn

    def note(self, line: int, text: str) -> None:
        """Add a stage note as its own turn."""
        self.start("note", None, line, text)

    def section_break(self, line: int, text: str) -> None:
        """Keep a section break as a note; what follows it starts afresh as a statement."""
        self.start("note", None, line, text)
        self._last_speech = None

    def continue_with(self, line: int, text: str) -> None:
        """Add an unlabelled paragraph to the current turn, or open one if there is none.

        Before any label it is a statement; after a note it resumes the speaker the
        note interrupted, so that a note never swallows the speech around it.
        """
        current = self.current
        if current is not None:
            current.parts.append(text)
        elif self._last_speech is None:
            self.start("statement", None, line, text)
        else:
            self.start(self._last_speech.kind, self._last_speech.speaker, line, text)

    def turns(self) -> list[Turn]:
        """Return the finished turns."""
        return [Turn(t.kind, t.speaker, "\n\n".join(t.parts), t.line) for t in self._turns]
