"""Load the demo: the seed transcript, the real corpus, and a fictional briefing room.

`make run` calls this on every start, so it is idempotent and quick once loaded: a
file whose exact text a revision already holds is not parsed again. (To re-read files
with a newer parser, use `import_transcripts`.)
"""

from __future__ import annotations

import datetime
import os
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from briefings import demo
from briefings.importer import (
    ImportRejected,
    ImportRun,
    already_stored,
    import_transcript,
    read_transcript,
    select_files,
)
from briefings.parsing import NO_HINTS, Hints, TranscriptError
from briefings.parsing.decoding import decode_bytes

SEED_NAME = "000_1dc20e5776c9bc75.txt"
# The seed file has no header. It is the transcript of the MFA's regular press
# conference of 28 July 2022, given by Zhao Lijian: the hints say what the file cannot.
SEED_HINTS = Hints(source="mfa", date=datetime.date(2022, 7, 28), spokesperson="Zhao Lijian")


def corpus_dir() -> Path:
    """The repository's corpus of real transcripts (CORPUS_DIR overrides it)."""
    return Path(os.environ.get("CORPUS_DIR") or settings.BASE_DIR / "corpus")


class Command(BaseCommand):
    help = "Load the seed transcript, the real corpus and the fictional demo briefings."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--demo-briefings", type=int, default=60, help="how many fictional briefings"
        )
        parser.add_argument("--no-corpus", action="store_true", help="skip the real corpus")

    def handle(self, *args: object, **options: object) -> None:
        # Entities, aliases and topic rules read once for every file; commits not waiting for
        # the disk (what a database crash loses, the next start loads again).
        self.run = ImportRun(bulk=True)
        corpus = corpus_dir()
        seed = corpus / "seed" / SEED_NAME
        if seed.is_file():
            self.load("Seed transcript", {seed: SEED_HINTS})
        else:
            self.stdout.write(f"Seed transcript: not found at {seed}; skipped.")
        if corpus.is_dir() and not options["no_corpus"]:
            # Every folder but the seed's, whose file needs the hints above.
            folders = sorted(p for p in corpus.iterdir() if p.is_dir() and p != seed.parent)
            files = select_files(folders).files
            self.load(f"Corpus ({corpus})", dict.fromkeys(files, NO_HINTS))
        elif not options["no_corpus"]:
            self.stdout.write(f"Corpus: not found at {corpus}; skipped.")

        source, entities, topics = demo.ensure_demo_records()
        transcripts = list(demo.generate_transcripts(int(str(options["demo_briefings"]))))
        texts = {t.filename: t.text for t in transcripts}
        stored = already_stored(texts)
        counts: Counter[str] = Counter(loaded=len(stored))
        for transcript in transcripts:
            if transcript.filename in stored:
                continue
            hints = Hints(
                source=str(demo.SOURCE["slug"]),
                date=transcript.date,
                spokesperson=transcript.spokesperson,
            )
            raw, parsed = read_transcript(transcript.text, hints, filename=transcript.filename)
            result = import_transcript(
                parsed, raw_text=raw, filename=transcript.filename, hints=hints, run=self.run
            )
            counts[result.status] += 1
        tagged = demo.tag_demo_exchanges(source)
        self.stdout.write(
            f"Demo briefing room (fictional): {counts['imported']} briefings imported, "
            f"{counts['revised']} revised, {counts['loaded']} already loaded; "
            f"{entities} entities and {topics} topics added; {tagged} exchanges tagged."
        )

    def load(self, label: str, files: dict[Path, Hints]) -> None:
        """Import files that are not stored yet, with their hints; report what happened."""
        texts: dict[str, str] = {}
        failures: list[str] = []
        for path in files:
            try:
                texts[path.name] = decode_bytes(path.read_bytes())
            except (OSError, TranscriptError) as error:
                failures.append(f"{path.name}: {error}")
        stored = already_stored(texts)
        counts: Counter[str] = Counter(loaded=len(stored))
        for path, hints in files.items():
            if path.name in stored or path.name not in texts:
                continue
            try:
                raw, parsed = read_transcript(texts[path.name], hints, filename=path.name)
                result = import_transcript(
                    parsed, raw_text=raw, filename=path.name, hints=hints, run=self.run
                )
            except ImportRejected as error:
                failures.append(f"{path.name}: {error}")
                continue
            counts[result.status] += 1
        self.stdout.write(
            f"{label}: {counts['imported']} imported, {counts['revised']} revised, "
            f"{counts['unchanged']} unchanged, {counts['loaded']} already loaded, "
            f"{len(failures)} failed."
        )
        for failure in failures:
            self.stdout.write(f"  {failure}")
