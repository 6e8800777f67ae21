"""What the parser takes and gives: hints in; a parsed transcript, or a TranscriptError, out."""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass

# The languages briefings are published in, as the archive stores and names them.
LANGUAGES = [
    ("en", "English"),
    ("zh", "Chinese"),
    ("fr", "French"),
    ("es", "Spanish"),
    ("ru", "Russian"),
    ("ar", "Arabic"),
]

FORMATS = ("auto", "text", "html", "whitehouse")


@dataclass(frozen=True)
class Hints:
    """What a person says about files that lack it: they fill gaps, never override the file.

    The command-line options, the upload form and the demo give them; the parser and the
    importer read them.
    """

    format: str = "auto"
    source: str | None = None
    date: datetime.date | None = None
    language: str | None = None
    spokesperson: str | None = None

    def to_json(self) -> dict[str, str | None]:
        """The hints as JSON values (the date as YYYY-MM-DD), e.g. to keep in a session."""
        return {**asdict(self), "date": self.date.isoformat() if self.date else None}

    @classmethod
    def from_json(cls, data: dict[str, str | None]) -> Hints:
        """Hints from what to_json gave; keys it lacks take their defaults."""
        date = data.get("date")
        return cls(
            format=data.get("format") or "auto",
            source=data.get("source"),
            date=datetime.date.fromisoformat(date) if date else None,
            language=data.get("language"),
            spokesperson=data.get("spokesperson"),
        )


# Hints as given when none are: the file alone says what it is.
NO_HINTS = Hints()

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
