"""Print a transcript file as the parser reads it, as JSON; write nothing."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from briefings.management.hints import hints_from_options
from briefings.parsing import TranscriptError, parse_transcript


class Command(BaseCommand):
    help = "Parse a transcript file (text, HTML or White House Markdown) and print its JSON."
    # Parsing touches no database and no app state: no reason to run the system checks.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE")
        parser.add_argument(
            "--format", choices=["auto", "text", "html", "whitehouse"], default="auto"
        )
        parser.add_argument("--source", metavar="SLUG", help="issuing body, e.g. mfa")
        parser.add_argument("--date", metavar="YYYY-MM-DD", help="when the file has none")
        parser.add_argument("--language", help="when the file does not tell, e.g. en, zh")
        parser.add_argument("--spokesperson", help="when the file names none")

    def handle(self, *args: object, **options: str | None) -> None:
        path = Path(str(options["file"]))
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror or error}") from None
        try:
            parsed = parse_transcript(data, hints_from_options(options), filename=path.name)
        except TranscriptError as error:
            raise CommandError(f"cannot read {path}: {error}") from None
        self.stdout.write(json.dumps(parsed.to_json(), ensure_ascii=False, indent=2))
