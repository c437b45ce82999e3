"""``iehub demo load [--scale small|large] [--seed N]``: load the deterministic demo dataset."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.test.utils import override_settings

from iehub.demo.loader import DEMO_PASSWORD, load
from iehub.demo.scenarios import SCENARIOS


class Command(BaseCommand):
    help = "Load realistic bilingual demo data (idempotent: a second run adds nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load_parser = sub.add_parser("load", help="create or complete the demo dataset")
        load_parser.add_argument("--scale", choices=["small", "large"], default="small")
        load_parser.add_argument("--seed", type=int, default=2026)
        load_parser.add_argument(
            "--no-postings", action="store_true", help="skip the 30,000 job postings, their series and alerts"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        # Demo data is data, not news: the notifications its actions would send (also those that wait
        # for the end of a transaction) go nowhere.
        detailed = options["verbosity"] >= 2
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            summary = load(
                options["scale"],
                options["seed"],
                progress=(lambda m: self.stdout.write(f"  … {m}")) if detailed else (lambda m: None),
                postings=not options["no_postings"],
            )
        self.stdout.write(self.style.SUCCESS(f"Demo data ready in {time.monotonic() - started:.1f} s."))
        if detailed:
            for name, count in summary.counts.items():
                self.stdout.write(f"  {name:<14} {count:>8}")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD}):"))
        for username, role, org in summary.logins:
            self.stdout.write(f"  {username:<20} {role!s:<14}\t{org}")
        self.stdout.write("")
        for title, steps in SCENARIOS:
            self.stdout.write(self.style.SUCCESS(str(title)))
            for username, what in steps:
                self.stdout.write(f"  {username:<20} {what}")
