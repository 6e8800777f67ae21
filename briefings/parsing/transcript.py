"""What the parser gives: a parsed transcript of turns, or a TranscriptError naming the line."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

# The languages briefings are published in, as the archive stores and names them.
LANGUAGES = [
    ("en", "English"),
    ("zh", "Chinese"),
    ("fr", "French"),
    ("es", "Spanish"),
    ("ru", "Russian"),
    ("ar", "Arabic"),
]

TURN_KINDS = ("statement", "question", "answer", "note")


class TranscriptError(ValueError):
    """The input is not a transcript at all (binary, empty, undecodable, no paragraphs)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.line = line
        super().__init__(f"line {line}: {message}" if line is not None else message)


@dataclass(frozen=True)
class Turn:
    """One speaker's run of paragraphs, in order."""

    kind: str
    speaker: str | None
    text: str
    line: int

    def to_json(self) -> dict:
        """Return the turn as the command-line contract prints it."""
        return {"kind": self.kind, "speaker": self.speaker, "text": self.text}


@dataclass(frozen=True)
class ParsedTranscript:
    """A whole transcript as parsed, with what could not be understood as warnings."""

    title: str | None
    date: datetime.date | None
    language: str
    spokespersons: tuple[str, ...]
    turns: tuple[Turn, ...]
    warnings: tuple[str, ...]
    source: str | None
    official_url: str | None
    format: str
    # Paragraphs around the body that are page furniture rather than speech (a location
    # and time line, a date line, "END"), kept so that no text of the file is lost.
    header: tuple[str, ...] = ()
    footer: tuple[str, ...] = ()

    def to_json(self) -> dict:
        """Return the DESIGN.md command-line contract, then the extra keys."""
        return {
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "language": self.language,
            "spokespersons": list(self.spokespersons),
            "turns": [turn.to_json() for turn in self.turns],
            "warnings": list(self.warnings),
            "source": self.source,
            "official_url": self.official_url,
            "format": self.format,
            "header": list(self.header),
            "footer": list(self.footer),
        }
