"""Which files a list of paths stands for (files, folders, glob patterns), and reading them."""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from glob import glob, has_magic
from pathlib import Path

from ..parsing import Hints, ParsedTranscript, TranscriptError, read_file

TRANSCRIPT_SUFFIXES = (".txt", ".html", ".htm", ".md")
# A page saved as .html and its body copied out as .txt are one briefing, and the page
# says more (its official URL, bold questions): import the page and leave the copy out.
PREFERRED_SUFFIXES = (".html", ".htm", ".md", ".txt")


@dataclass
class FileSelection:
    """The transcript files a list of paths stands for, and what was left out and why."""

    files: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    duplicates: list[tuple[Path, Path]] = field(default_factory=list)  # (left out, imported)
    missing: list[str] = field(default_factory=list)


def select_files(paths: Iterable[str | Path]) -> FileSelection:
    """Expand files, folders (recursively) and glob patterns into the transcripts to import.

    In folders, files that are not text, HTML or Markdown are skipped, and so are
    documentation files named in capitals (README.md, SOURCES.md). A file named
    explicitly is always tried.
    """
    selection = FileSelection()
    found: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
                if hidden or child.is_dir():
                    continue
                reason = _not_a_transcript(child)
                if reason:
                    selection.skipped.append((child, reason))
                else:
                    found.append(child)
        elif path.is_file():
            found.append(path)
        elif has_magic(str(given)):
            matches = sorted(Path(match) for match in glob(str(given), recursive=True))
            if not matches:
                selection.missing.append(f"{given}: no file matches this pattern")
            for match in matches:
                if match.is_file():
                    found.append(match)
                elif match.is_dir():
                    sub = select_files([match])
                    found.extend(sub.files)
                    selection.skipped.extend(sub.skipped)
        else:
            selection.missing.append(f"{given}: no such file or folder")

    unique = list(dict.fromkeys(path.resolve() for path in found))
    by_page: dict[tuple[Path, str], list[Path]] = {}
    for path in unique:
        by_page.setdefault((path.parent, path.stem), []).append(path)
    for path in unique:
        copies = by_page[(path.parent, path.stem)]
        best = min(copies, key=lambda p: _preference(p.suffix.lower()))
        if path == best:
            selection.files.append(path)
        else:
            selection.duplicates.append((path, best))
    return selection


def _preference(suffix: str) -> int:
    return (
        PREFERRED_SUFFIXES.index(suffix)
        if suffix in PREFERRED_SUFFIXES
        else len(PREFERRED_SUFFIXES)
    )


def _not_a_transcript(path: Path) -> str:
    """Why a file found in a folder is not imported, or '' when it is a transcript."""
    if path.suffix.lower() not in TRANSCRIPT_SUFFIXES:
        return "not a text, HTML or Markdown file"
    if path.stem.isupper():
        return "documentation (its name is in capitals)"
    return ""


# --- Reading them ------------------------------------------------------------------

# From this many files on, a second process reads and parses them while the importer
# stores the ones before: it takes some 0.15 s to start, a saved page 10-25 ms to parse.
READ_AHEAD_FROM = 20
READ_AHEAD = 16  # files parsed and waiting at most, to bound the memory they take


@dataclass
class TranscriptFile:
    """A file read for import: its text and parse, or why it cannot be imported."""

    path: Path
    text: str = ""
    parsed: ParsedTranscript | None = None
    error: str = ""


def read_files(files: Iterable[tuple[Path, Hints]]) -> Iterator[TranscriptFile]:
    """Each (path, parser hints) read and parsed, in order.

    With many files, a worker process parses ahead while the caller imports: the two
    take about as long each on real pages, and run side by side on two cores.
    """
    files = list(files)
    if len(files) < READ_AHEAD_FROM:
        for path, hints in files:
            yield _read(path, partial(read_file, path, hints))
        return
    # "spawn": a fresh interpreter that imports only the parser, never a copy of this
    # process with its database connection.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as worker:
        waiting: deque[tuple[Path, Future]] = deque()
        for path, hints in files:
            waiting.append((path, worker.submit(read_file, path, hints)))
            if len(waiting) > READ_AHEAD:
                path, reading = waiting.popleft()
                yield _read(path, reading.result)
        for path, reading in waiting:
            yield _read(path, reading.result)


def _read(path: Path, result: Callable[[], tuple[str, ParsedTranscript]]) -> TranscriptFile:
    try:
        text, parsed = result()
    except TranscriptError as error:
        return TranscriptFile(path, error=str(error))
    except OSError as error:
        return TranscriptFile(path, error=f"cannot read the file: {error.strerror or error}")
    return TranscriptFile(path, text, parsed)
