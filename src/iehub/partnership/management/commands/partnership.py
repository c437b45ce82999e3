"""``iehub partnership remind``: remind partner enterprises of unanswered feedback pulses;
``iehub partnership snapshot``: record this quarter's value of every indicator (both daily, from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from iehub.partnership import trends
from iehub.partnership.pulses import REMIND_EVERY_DAYS, remind_due


class Command(BaseCommand):
    help = (
        "Partnership housekeeping: `remind` reminds enterprises that have not answered an open feedback "
        f"pulse, at most every {REMIND_EVERY_DAYS} days; `snapshot` records this quarter's value of every "
        "quality indicator per college (the quarterly trends)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["remind", "snapshot"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "snapshot":
            self.stdout.write(f"indicator values recorded: {trends.record()}")
        else:
            self.stdout.write(f"reminded: {remind_due()}")
