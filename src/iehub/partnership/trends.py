"""Quarterly trends of the quality indicators.

An indicator is computed live from today's records, which cannot tell what it was in an earlier quarter.
``record`` (``iehub partnership snapshot``, daily) stores each college's value of every indicator for
the current quarter, overwriting the quarter's row until the quarter ends, so each past quarter keeps the
value measured at its end. A trend reads those rows for the colleges in scope and combines them the way
the indicator combines its records: shares add their numerators and denominators, counts add up, and a
median in days (the change cycle) becomes the mean of the colleges' medians weighted by their decisions
— exact for one college, an approximation across several (docs/quality.md says so). The current
quarter is the live value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from iehub.accounts.models import Organization
from iehub.accounts.roles import OrgKind
from iehub.engines import depth
from iehub.partnership import kpis
from iehub.partnership.models import KpiSnapshot

QUARTERS = 8


def quarter_end_of(day: dt.date) -> dt.date:
    """The last day of the quarter holding ``day``."""
    month = 3 * ((day.month - 1) // 3 + 1)
    return dt.date(day.year, month, 31 if month in (3, 12) else 30)


def quarter_ends(today: dt.date, count: int = QUARTERS) -> list[dt.date]:
    """The ends of the last ``count`` quarters, the current one included, oldest first."""
    ends = [quarter_end_of(today)]
    while len(ends) < count:
        first_of_quarter = ends[-1].replace(day=1, month=ends[-1].month - 2)
        ends.append(first_of_quarter - dt.timedelta(days=1))
    return ends[::-1]


def record(day: dt.date | None = None) -> int:
    """Measure every indicator of every active college and store it as the quarter's value; returns the
    number of rows written. One transaction: a failed run leaves the previous values."""
    today = day or timezone.localdate()
    end = quarter_end_of(today)
    now = timezone.now()
    written = 0
    with transaction.atomic():
        for college in Organization.objects.filter(kind=OrgKind.COLLEGE, is_active=True).order_by("pk"):
            for kpi in kpis.KPIS:
                measure = kpi.measure([college.pk])
                KpiSnapshot.objects.update_or_create(
                    college=college,
                    key=kpi.key,
                    quarter_end=end,
                    defaults={
                        "value": measure.value,
                        "numerator": measure.numerator,
                        "denominator": measure.denominator,
                        "taken_at": now,
                    },
                )
                written += 1
    return written


def combine(kpi: kpis.Kpi, rows: Sequence[KpiSnapshot]) -> kpis.Measure | None:
    """The indicator over several colleges' snapshots of one quarter (None: nothing measured then)."""
    if not rows:
        return None
    numerator = sum(r.numerator for r in rows)
    denominator = sum(r.denominator for r in rows)
    if kpi.unit == kpis.PERCENT:
        return kpis.Measure(100 * numerator / denominator if denominator else None, numerator, denominator)
    if kpi.unit == kpis.COUNT:
        return kpis.Measure(float(numerator), numerator, numerator)
    weighted = [(r.value, r.denominator) for r in rows if r.value is not None and r.denominator]
    weight = sum(w for _, w in weighted)
    value = sum(v * w for v, w in weighted) / weight if weight else None
    return kpis.Measure(value, denominator, denominator)


@dataclass(frozen=True)
class Trend:
    kpi: kpis.Kpi
    points: list[kpis.Measure | None]  # one per quarter, oldest first; the last is today's value


def trends(
    colleges: Sequence[int], live: Mapping[str, kpis.Measure], today: dt.date | None = None
) -> tuple[list[str], list[Trend]]:
    """Quarter labels and, per indicator, its value at the end of each (one query)."""
    ends = quarter_ends(today or timezone.localdate())
    found: dict[tuple[str, dt.date], list[KpiSnapshot]] = {}
    for row in KpiSnapshot.objects.filter(college_id__in=colleges, quarter_end__in=ends[:-1]):
        found.setdefault((row.key, row.quarter_end), []).append(row)
    result = [
        Trend(
            kpi,
            [combine(kpi, found.get((kpi.key, end), [])) for end in ends[:-1]] + [live.get(kpi.key)],
        )
        for kpi in kpis.KPIS
    ]
    return [depth.quarter_label(end) for end in ends], result


def chart(labels: list[str], rows: Sequence[Trend]) -> dict[str, object]:
    """ECharts options: one line per share indicator (counts and days have their own scales: table)."""
    shares = [t for t in rows if t.kpi.unit == kpis.PERCENT]
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"type": "scroll", "bottom": 0},
        "grid": {"left": 40, "right": 20, "top": 20, "bottom": 60},
        "xAxis": {"type": "category", "data": labels},
        "yAxis": {"type": "value", "min": 0, "max": 100, "axisLabel": {"formatter": "{value}%"}},
        "series": [
            {
                "name": str(t.kpi.name),
                "type": "line",
                "connectNulls": False,
                "data": [None if p is None or p.value is None else round(p.value, 1) for p in t.points],
            }
            for t in shares
        ],
    }
