"""``iehub demand detect --input counts.csv [--threshold 0.2]``

Reads ``skill,period,count,total`` rows (period like ``2024Q3`` or ``2024-07``; total = all postings of the
period) and writes one JSON object per flagged (skill, period) on stdout::

    {"skill": "...", "period": "...", "direction": "surge|decline|emerging", "growth": 0.42, "p_value": 0.001}

The method is described in ``iehub.engines.surge`` and measured in ``bench/demand``.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from iehub.demand import series
from iehub.demand.alerts import raise_detected
from iehub.engines.surge import DetectorConfig, detect, panel_from_counts


class Command(BaseCommand):
    help = "Skill demand tools. `detect`: flag surging, declining and emerging skills in a counts file."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        detect = sub.add_parser("detect", help="flag surges, declines and emerging skills")
        detect.add_argument(
            "--input", required=True, help="CSV with columns skill,period,count,total ('-' = stdin)"
        )
        detect.add_argument(
            "--threshold",
            type=float,
            default=DetectorConfig.threshold,
            help="minimum relative change of the share level (0.2 = ±20 %%)",
        )
        alert = sub.add_parser("alert", help="detect, then raise alerts for the programs concerned")
        alert.add_argument("--input", required=True, help="CSV with columns skill,period,count,total")
        alert.add_argument("--threshold", type=float, default=DetectorConfig.threshold)
        refresh = sub.add_parser("refresh", help="rebuild demand series from stored postings")
        refresh.add_argument("--alerts", action="store_true", help="then detect and raise alerts")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "refresh":
            self.refresh(options["alerts"])
            return
        threshold = options["threshold"]
        if not 0 < threshold < 10:
            raise CommandError("--threshold must be a positive fraction, e.g. 0.2 for ±20 %")
        source = options["input"]
        try:
            handle = sys.stdin if source == "-" else Path(source).open(encoding="utf-8-sig", newline="")  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"{source}: {exc.strerror}") from exc
        with handle:
            reader = csv.DictReader(handle)
            missing = {"skill", "period", "count", "total"} - set(reader.fieldnames or [])
            if missing:
                raise CommandError(f"{source}: missing column(s) {', '.join(sorted(missing))}")
            try:
                data = panel_from_counts(reader)
            except ValueError as exc:
                raise CommandError(f"{source}: {exc}") from exc
        alerts = detect(data, DetectorConfig(threshold=threshold))
        if options["action"] == "alert":
            self.report_alerts(*raise_detected(data, alerts))
            return
        for alert in alerts:
            self.stdout.write(json.dumps(alert.contract(), ensure_ascii=False))

    def report_alerts(self, raised: list[Any], unknown: int) -> None:
        for alert in raised:
            self.stdout.write(f"{alert}: {alert.assignments.count()} program(s)")
        self.stdout.write(f"{len(raised)} alert(s) raised; {unknown} flagged skill(s) not in the taxonomy")

    def refresh(self, raise_alerts: bool) -> None:
        result = series.refresh()
        self.stdout.write(
            f"demand series rebuilt from {result.postings} postings: {result.series_rows} skill rows, "
            f"{result.volume_rows} volume rows, {result.relation_rows} skill relations"
        )
        if raise_alerts:
            data, detected = series.detect_alerts()
            self.report_alerts(*raise_detected(data, detected))
