"""Align every briefing with its other-language version again (the importer does it on import)."""

from __future__ import annotations

import argparse
import datetime

from django.core.management.base import BaseCommand, CommandParser

from briefings.alignment import realign
from briefings.models import Briefing


def day(value: str) -> datetime.date:
    """A YYYY-MM-DD option, refused with a clear message otherwise."""
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a day (YYYY-MM-DD): {value}") from None


class Command(BaseCommand):
    help = (
        "Line up the exchanges of every briefing and its counterpart in the other language "
        "again, e.g. after aliases changed and link_entities ran. Editors' corrections are kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--since", type=day, help="Only briefings on or after this day (YYYY-MM-DD)."
        )

    def handle(self, *args: object, **options: object) -> None:
        briefings = Briefing.objects.exclude(counterpart=None).select_related("source")
        if options["since"]:
            briefings = briefings.filter(date__gte=options["since"])
        done: set[int] = set()
        rows = 0
        for briefing in briefings.order_by("date", "pk"):
            if briefing.pk in done:
                continue
            done.update((briefing.pk, briefing.counterpart_id or 0))
            rows += realign(briefing)
        self.stdout.write(f"Aligned {len(done) // 2} briefing pairs: {rows} rows.")
