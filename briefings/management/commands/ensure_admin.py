"""Create the admin account once; `make run` prints the password it chose."""

import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Create a superuser with the password in ADMIN_PASSWORD, unless it exists."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="admin")

    def handle(self, *args: object, username: str, **options: object) -> None:
        password = os.environ.get("ADMIN_PASSWORD", "")
        if not password:
            raise CommandError("Set ADMIN_PASSWORD to the password for the new account.")
        users = get_user_model().objects
        if users.filter(username=username).exists():
            self.stdout.write(f"account {username} exists")
            return
        users.create_superuser(username=username, email="", password=password)
        self.stdout.write(f"account {username} created")
