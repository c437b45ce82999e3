"""``iehub postings import FILE --user USERNAME``: load job postings (CSV, XLSX, JSONL) with progress.

``iehub postings extract --input P.parquet --output OUT --engine local|spark``: the extraction engine
over a Parquet file of postings, in this process or on Spark (``mapInPandas``; ``--master`` for a cluster).

``iehub postings normalise-titles``: re-assign every stored posting's occupation from its title (after
occupations or their aliases change, e.g. after ``iehub skills import-esco``).

``iehub postings reap``: mark failed the uploads whose task worker died (for cron; the import pages and
API do it too before they read).
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from iehub.accounts.models import User
from iehub.demand import permissions
from iehub.demand.ingest import import_postings, reap_stalled_imports
from iehub.demand.occupations import normalise_titles
from iehub.engines.extraction.batch import run_local, run_spark
from iehub.taxonomy.queries import build_lexicon


class Command(BaseCommand):
    help = "Job postings: import a file (all or nothing; duplicates and near-duplicates are skipped)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="import postings from CSV, XLSX or JSONL")
        load.add_argument("file", type=Path)
        load.add_argument("--user", required=True, help="a platform administrator or government officer")
        load.add_argument("--language", default="zh-hans", choices=["zh-hans", "en"], help="report language")
        extract = sub.add_parser("extract", help="extract skills from a Parquet file of postings")
        extract.add_argument(
            "--input", type=Path, required=True, help="Parquet: posting_id, title, description"
        )
        extract.add_argument(
            "--output", type=Path, required=True, help="Parquet file (local) or folder (spark)"
        )
        extract.add_argument("--engine", choices=["local", "spark"], default="local")
        extract.add_argument("--master", default="local[2]", help="Spark master URL (engine spark)")
        sub.add_parser("normalise-titles", help="re-assign stored postings' occupations from their titles")
        sub.add_parser("reap", help="mark failed the uploads whose task worker stopped giving signs of life")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "reap":
            self.stdout.write(f"{reap_stalled_imports()} stalled import(s) marked failed")
            return
        if options["action"] == "normalise-titles":
            self.normalise_titles()
            return
        if options["action"] == "extract":
            self.extract(options["input"], options["output"], options["engine"], options["master"])
            return
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        actor = User.objects.filter(username=options["user"], is_active=True).first()
        if actor is None or not permissions.may_import_postings(actor):
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

    def normalise_titles(self) -> None:
        def progress(done: int, total: int) -> None:
            sys.stderr.write(f"\r{done:,}/{total:,} postings")
            if done == total:
                sys.stderr.write("\n")

        result = normalise_titles(progress=progress)
        methods = ", ".join(f"{m}: {n:,}" for m, n in sorted(result.by_method.items()) if m)
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.postings:,} postings: {result.matched:,} with an occupation ({methods}), "
                f"{result.postings - result.matched:,} without; {result.changed:,} changed"
            )
        )

    def extract(self, source: Path, target: Path, engine: str, master: str) -> None:
        if not source.exists():
            raise CommandError(f"{source}: no such file")
        missing = [
            name
            for name in ("pyarrow", "pandas") + (("pyspark",) if engine == "spark" else ())
            if importlib.util.find_spec(name) is None
        ]
        if missing:
            raise CommandError(f"missing {', '.join(missing)}: pip install 'iehub[spark]'")
        lexicon = build_lexicon()
        started = time.perf_counter()
        if engine == "spark":
            mentions = run_spark(source, target, lexicon, master)
        else:
            mentions = run_local(source, target, lexicon)
        seconds = time.perf_counter() - started
        self.stdout.write(f"{mentions:,} skill mentions written to {target} in {seconds:.1f} s ({engine})")
