"""``iehub partnership remind``: remind partner enterprises of unanswered feedback pulses (daily cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from iehub.partnership.pulses import REMIND_EVERY_DAYS, remind_due


class Command(BaseCommand):
    help = (
        "Partnership housekeeping: `remind` reminds enterprises that have not answered an open feedback "
        f"pulse, at most every {REMIND_EVERY_DAYS} days."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["remind"])

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"reminded: {remind_due()}")
