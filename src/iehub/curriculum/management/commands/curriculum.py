"""``iehub curriculum activate``: put in force every approved version whose effective term has begun.

Pages and the API do this on their own the first time a program's curriculum is read on or after the
term's first day; run this from cron on the first day of a term so that reports and exports that read
no page (and the audit log) show the change on the day itself.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from iehub.curriculum import terms


class Command(BaseCommand):
    help = "Curriculum tools. `activate`: put in force the approved versions whose term has begun."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("activate", help="put in force the scheduled versions whose term has begun")

    def handle(self, *args: Any, **options: Any) -> None:
        count = terms.activate_due()
        self.stdout.write(f"{count} scheduled curriculum version(s) put in force")
