"""Import transcript files and folders into the archive; each file is its own transaction."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from briefings.importer import (
    ImportRejected,
    ImportRun,
    import_transcript,
    read_files,
    select_files,
)
from briefings.management.hints import hints_from_options


class Command(BaseCommand):
    help = (
        "Import transcripts (text, HTML, Markdown) from files, folders (recursively) and "
        "glob patterns. Prints a summary; exits 1 when any file failed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--source", metavar="SLUG", help="for files that do not say, e.g. mfa")
        parser.add_argument("--date", metavar="YYYY-MM-DD", help="for files without a date")
        parser.add_argument("--language", metavar="xx", help="for files that do not tell")
        parser.add_argument("--spokesperson", metavar="NAME", help="for files that name none")
        parser.add_argument(
            "--format", choices=["auto", "text", "html", "whitehouse"], default="auto"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="parse and check everything, store nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        hints = hints_from_options(options)
        dry_run = bool(options["dry_run"])
        verbose = int(str(options["verbosity"])) >= 2
        selection = select_files([str(path) for path in options["paths"]])
        counts: Counter[str] = Counter()
        failures: list[str] = list(selection.missing)
        exchanges = 0

        # Read and parsed by a second process while this one imports (see read_files).
        reading = read_files((path, hints) for path in selection.files)
        progress = tqdm(
            reading,
            total=len(selection.files),
            unit="file",
            file=sys.stderr,
            disable=not sys.stderr.isatty(),  # a bar only for a person watching
        )
        # Entities, aliases and topic rules read once for all the files; commits not waiting
        # for the disk (a file lost to a database crash is imported again by a second run).
        run = ImportRun(bulk=True)
        for read in progress:
            path = read.path
            try:
                if read.parsed is None:
                    raise ImportRejected(read.error)
                result = import_transcript(
                    read.parsed,
                    raw_text=read.text,
                    filename=path.name,
                    hints=hints,
                    dry_run=dry_run,
                    run=run,
                )
            except ImportRejected as error:
                failures.append(f"{self._name(path)}: {error}")
                continue
            counts[result.status] += 1
            exchanges += result.exchanges
            if verbose:
                progress.write(f"{result.status}: {self._name(path)} → {result.briefing}")

        prefix = "Would have " if dry_run else ""
        self.stdout.write(
            f"{prefix}imported: {counts['imported']}, revised: {counts['revised']}, "
            f"unchanged: {counts['unchanged']}, failed: {len(failures)} "
            f"({exchanges} exchanges in the files read)"
        )
        if selection.duplicates:
            self.stdout.write(
                f"Left out {len(selection.duplicates)} .txt copies of a page saved beside them "
                "as .html: the same briefing, so only the page was imported"
                + (":" if verbose else " (-v 2 lists them).")
            )
            for copy, page in selection.duplicates if verbose else []:
                self.stdout.write(f"  {self._name(copy)} (same as {page.name})")
        if selection.skipped:
            self.stdout.write(f"Skipped {len(selection.skipped)} files that are not transcripts:")
            for path, reason in selection.skipped:
                self.stdout.write(f"  {self._name(path)}: {reason}")
        if failures:
            self.stdout.write(f"Failed ({len(failures)}):")
            for failure in failures:
                self.stdout.write(f"  {failure}")
        if dry_run:
            self.stdout.write("Dry run: nothing was stored.")
        if failures:
            raise CommandError(f"{len(failures)} file(s) failed; see above", returncode=1)

    @staticmethod
    def _name(path: Path) -> str:
        """The path as the person typed it would show, relative where that is shorter."""
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return str(path)
