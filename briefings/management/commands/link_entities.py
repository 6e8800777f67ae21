"""Relink every exchange's automatic mentions from the current alias list."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from briefings.linking import AliasMatcher, link_mentions


class Command(BaseCommand):
    help = (
        "Find entity mentions in every exchange from the aliases again (after the alias "
        "list changed). Mentions set or rejected by editors are kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--question", type=int, action="append", help="Only this exchange's id (repeatable)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        matcher = AliasMatcher.from_database()
        report = link_mentions(options["question"], matcher=matcher)
        self.stdout.write(f"Linked {report}.")
