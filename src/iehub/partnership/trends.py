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
from django.db.models import Count, F, FloatField, Q, Sum
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


@dataclass(frozen=True)
class Sums:
    """What combining colleges needs of one indicator's snapshots in one quarter: summed in SQL on the
    page (a province holds thousands of rows a quarter), in Python for a list of rows."""

    rows: int
    numerator: int
    denominator: int
    weighted_value: float  # Σ value × denominator over the rows with a value and a denominator
    weight: int  # Σ denominator over those rows

    @classmethod
    def of(cls, rows: Sequence[KpiSnapshot]) -> Sums:
        weighted = [(r.value, r.denominator) for r in rows if r.value is not None and r.denominator]
        return cls(
            len(rows),
            sum(r.numerator for r in rows),
            sum(r.denominator for r in rows),
            sum(v * w for v, w in weighted),
            sum(w for _, w in weighted),
        )


def combine(kpi: kpis.Kpi, rows: Sequence[KpiSnapshot]) -> kpis.Measure | None:
    """The indicator over several colleges' snapshots of one quarter (None: nothing measured then)."""
    return combine_sums(kpi, Sums.of(rows))


def combine_sums(kpi: kpis.Kpi, sums: Sums) -> kpis.Measure | None:
    if not sums.rows:
        return None
    numerator, denominator = sums.numerator, sums.denominator
    if kpi.unit == kpis.PERCENT:
        return kpis.Measure(100 * numerator / denominator if denominator else None, numerator, denominator)
    if kpi.unit == kpis.COUNT:
        return kpis.Measure(float(numerator), numerator, numerator)
    value = sums.weighted_value / sums.weight if sums.weight else None
    return kpis.Measure(value, denominator, denominator)


def quarter_sums(colleges: Sequence[int], ends: Sequence[dt.date]) -> dict[tuple[str, dt.date], Sums]:
    """Each indicator's snapshot sums per quarter over the colleges (one grouped query)."""
    counted = Q(value__isnull=False, denominator__gt=0)
    rows = (
        KpiSnapshot.objects.filter(college_id__in=colleges, quarter_end__in=ends)
        .values("key", "quarter_end")
        .annotate(
            rows=Count("pk"),
            numerator_sum=Sum("numerator"),
            denominator_sum=Sum("denominator"),
            weighted_value=Sum(F("value") * F("denominator"), filter=counted, output_field=FloatField()),
            weight=Sum("denominator", filter=counted),
        )
        .order_by()
    )
    return {
        (row["key"], row["quarter_end"]): Sums(
            row["rows"],
            row["numerator_sum"] or 0,
            row["denominator_sum"] or 0,
            float(row["weighted_value"] or 0.0),
            row["weight"] or 0,
        )
        for row in rows
    }


@dataclass(frozen=True)
class Trend:
    kpi: kpis.Kpi
    points: list[kpis.Measure | None]  # one per quarter, oldest first; the last is today's value


def trends(
    colleges: Sequence[int], live: Mapping[str, kpis.Measure], today: dt.date | None = None
) -> tuple[list[str], list[Trend]]:
    """Quarter labels and, per indicator, its value at the end of each (one query)."""
    ends = quarter_ends(today or timezone.localdate())
    found = quarter_sums(colleges, ends[:-1])
    result = [
        Trend(
            kpi,
            [
                combine_sums(kpi, found[(kpi.key, end)]) if (kpi.key, end) in found else None
                for end in ends[:-1]
            ]
            + [live.get(kpi.key)],
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
