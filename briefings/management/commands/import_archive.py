"""Load an exported archive (export_archive DIR) into an empty, migrated database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from briefings.archive_files import ArchiveFilesError, import_archive


class Command(BaseCommand):
    help = (
        "Import an archive written by export_archive from DIR into this database, which "
        "must be migrated and empty. All or nothing: on any error nothing is changed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dir", type=Path, help="A folder written by export_archive.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            loaded = import_archive(options["dir"], progress=self.stdout.write)
        except (ArchiveFilesError, OSError) as error:
            raise CommandError(f"{error} Nothing was imported.") from None
        except DatabaseError as error:
            raise CommandError(
                f"The database refused the archive ({error}). Nothing was imported."
            ) from None
        self.stdout.write(
            f"Imported {sum(loaded.values()):,} rows of {len(loaded)} tables from {options['dir']}."
        )
