"""``iehub surveys remind``: remind the addressed links of open surveys that have not answered (daily,
from cron; each link at most every seven days)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from iehub.surveys.actions import remind_due


class Command(BaseCommand):
    help = "Survey housekeeping: `remind` reminds the links of open surveys without a submitted answer."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["remind"])

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"reminded: {remind_due()}")
