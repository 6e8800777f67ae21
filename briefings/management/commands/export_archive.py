"""Write the whole archive to a folder: a manifest and one JSON Lines file per table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from briefings.archive_files import ArchiveFilesError, export_archive


class Command(BaseCommand):
    help = (
        "Export every table of the archive to DIR (new or empty): manifest.json and one "
        "JSON Lines file per table. `import_archive DIR` loads it into an empty database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dir", type=Path, help="A new or empty folder.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = export_archive(options["dir"], progress=self.stdout.write)
        except (ArchiveFilesError, OSError) as error:
            raise CommandError(str(error)) from None
        rows = sum(table["rows"] for table in manifest["tables"])
        self.stdout.write(
            f"Exported {rows:,} rows of {len(manifest['tables'])} tables to {options['dir']}."
        )
