"""Run the topics' keyword rules over the exchanges and queue what they match."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from briefings.models import Topic
from briefings.topics import suggest_topics


class Command(BaseCommand):
    help = (
        "Suggest topics for exchanges their keyword rules match. Exchanges already tagged "
        "or whose suggestion was rejected are left alone."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--topic", action="append", metavar="SLUG", help="Only this topic (repeatable)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        topics = None
        if options["topic"]:
            slugs = set(options["topic"])
            topics = list(Topic.objects.filter(slug__in=slugs))
            missing = slugs - {topic.slug for topic in topics}
            if missing:
                raise CommandError(f"no topic with slug {', '.join(sorted(missing))}")
        report = suggest_topics(topics=topics)
        self.stdout.write(f"Suggested over {report}.")
