"""``iehub postings import FILE --user USERNAME``: load job postings (CSV, XLSX, JSONL) with progress."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from iehub.accounts.models import User
from iehub.demand.ingest import import_postings, may_import_postings


class Command(BaseCommand):
    help = "Job postings: import a file (all or nothing; duplicates and near-duplicates are skipped)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="import postings from CSV, XLSX or JSONL")
        load.add_argument("file", type=Path)
        load.add_argument("--user", required=True, help="a platform administrator or government officer")
        load.add_argument("--language", default="zh-hans", choices=["zh-hans", "en"], help="report language")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        actor = User.objects.filter(username=options["user"], is_active=True).first()
        if actor is None or not may_import_postings(actor):
            raise CommandError(
                f"{options['user']!r} may not import postings (platform admin or government officer)"
            )

        def progress(done: int, total: int) -> None:
            sys.stderr.write(f"\r{done:,}/{total:,} rows")
            if done == total:
                sys.stderr.write("\n")

        with translation.override(options["language"]), path.open("rb") as handle:
            report = import_postings(actor, handle, path.name, progress=progress)
            for error in report.errors:
                self.stderr.write(f"row {error.row}\t{error.field}\t{error.message}")
        if not report.ok:
            raise CommandError(f"{len(report.errors)} error(s); nothing was imported")
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.rows} rows: {report.created} new postings, {report.duplicates} duplicates, "
                f"{report.near_duplicates} near-duplicates skipped; {report.skills_linked} skill mentions"
            )
        )
