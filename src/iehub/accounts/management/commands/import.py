"""``iehub import {people,organizations} FILE --user USERNAME``: the same all-or-nothing import as the
page and the API, run as a named user (whose permissions apply and who is the audit actor)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from iehub.accounts.importing import IMPORTERS
from iehub.accounts.models import User


class Command(BaseCommand):
    help = "Import people or organisations from CSV/XLSX; nothing is written if any row has an error."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(IMPORTERS))
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help="username whose permissions apply (audit actor)")
        parser.add_argument(
            "--language", default="zh-hans", choices=["zh-hans", "en"], help="report language"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            actor = User.objects.get(username=options["user"], is_active=True)
        except User.DoesNotExist as exc:
            raise CommandError(f"unknown or inactive user {options['user']!r}") from exc
        with translation.override(options["language"]), path.open("rb") as handle:
            try:
                report = IMPORTERS[options["kind"]](actor, handle, path.name)
            except PermissionDenied as exc:
                raise CommandError(str(exc)) from exc
            for error in report.errors:
                self.stderr.write(f"row {error.row}\t{error.field}\t{error.message}")
        if not report.ok:
            raise CommandError(f"{len(report.errors)} error(s); nothing was imported")
        self.stdout.write(
            self.style.SUCCESS(f"{report.rows} rows: {report.created} created, {report.updated} updated")
        )
