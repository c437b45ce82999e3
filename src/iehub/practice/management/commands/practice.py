"""``iehub practice escalate``: escalate placement problems left unanswered (run it from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from iehub.practice.actions.placements import escalate_overdue


class Command(BaseCommand):
    help = (
        "Practice housekeeping: `escalate` sends overdue placement problems to the college's administrators."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["escalate"])

    def handle(self, *args: Any, **options: Any) -> None:
        count = escalate_overdue()
        self.stdout.write(f"escalated: {count}")
