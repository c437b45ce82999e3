"""Demand series: postings per skill and period, overall and per province, industry and ownership.

Materialised (``SkillDemand``, ``PostingVolume``) so that pages and the detector read a few thousand
rows instead of scanning postings; rebuilt in one transaction by ``refresh`` (``iehub demand refresh``,
scheduled monthly and quarterly).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from iehub.core import reference
from iehub.demand.models import (
    Cut,
    Granularity,
    JobPosting,
    PostingSkill,
    PostingVolume,
    SkillDemand,
    SkillNeed,
)
from iehub.engines.surge import Alert, DetectorConfig, Panel, detect


@dataclass(frozen=True)
class RefreshResult:
    series_rows: int
    volume_rows: int
    postings: int


def period_of(day: dt.date, granularity: str) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}" if granularity == Granularity.QUARTER else f"{day:%Y-%m}"


@transaction.atomic
def refresh() -> RefreshResult:
    """Rebuild every series from the stored postings and their skills.

    One pass over two lean value lists (postings with their cut values, and posting–skill pairs), counted
    in Python: on SQLite, date extraction in SQL runs as a Python function per row anyway, and the same
    code runs unchanged on PostgreSQL. National-scale corpora go through Spark instead.
    """
    cuts_of: dict[int, list[tuple[str, str]]] = {}
    periods_of: dict[int, tuple[str, str]] = {}
    volumes: Counter[tuple[str, str, str, str]] = Counter()
    postings = JobPosting.objects.values_list(
        "id", "posted_on", "region_code", "enterprise__industry", "enterprise__ownership"
    )
    for posting_id, posted_on, region, industry, ownership in postings.iterator(chunk_size=10_000):
        cuts: list[tuple[str, str]] = [(Cut.ALL.value, "")]
        if region:
            cuts.append((Cut.PROVINCE.value, reference.province_code(region)))
        if industry:
            cuts.append((Cut.INDUSTRY.value, industry))
        if ownership:
            cuts.append((Cut.OWNERSHIP.value, ownership))
        cuts_of[posting_id] = cuts
        periods_of[posting_id] = (
            period_of(posted_on, Granularity.QUARTER),
            period_of(posted_on, Granularity.MONTH),
        )
        for granularity, period in zip(Granularity.values, periods_of[posting_id], strict=True):
            for cut, value in cuts:
                volumes[(granularity, period, cut, value)] += 1
    counts: Counter[tuple[int, str, str, str, str]] = Counter()
    for posting_id, skill_id in PostingSkill.objects.values_list("posting_id", "skill_id").iterator(
        chunk_size=50_000
    ):
        for granularity, period in zip(Granularity.values, periods_of[posting_id], strict=True):
            for cut, value in cuts_of[posting_id]:
                counts[(skill_id, granularity, period, cut, value)] += 1
    for skill_id, created_at, headcount in SkillNeed.objects.filter(withdrawn_at__isnull=True).values_list(
        "skill_id", "created_at", "headcount"
    ):
        day = timezone.localdate(created_at)
        weight = max(1, round(headcount * settings.IEHUB_NEED_WEIGHT))
        for granularity in Granularity.values:
            period = period_of(day, granularity)
            counts[(skill_id, granularity, period, Cut.ENTERPRISE_NEEDS.value, "")] += weight
    SkillDemand.objects.all().delete()
    PostingVolume.objects.all().delete()
    PostingVolume.objects.bulk_create(
        [
            PostingVolume(granularity=g, period=p, cut=c, value=v, total=n)
            for (g, p, c, v), n in volumes.items()
        ],
        batch_size=5000,
    )
    SkillDemand.objects.bulk_create(
        [
            SkillDemand(skill_id=k, granularity=g, period=p, cut=c, value=v, count=n)
            for (k, g, p, c, v), n in counts.items()
        ],
        batch_size=5000,
    )
    return RefreshResult(len(counts), len(volumes), len(periods_of))


def panel(granularity: str = Granularity.QUARTER, cut: str = Cut.ALL, value: str = "") -> Panel:
    """The detector's input for one cut: skill URIs × periods, with the period totals."""
    totals = dict(
        PostingVolume.objects.filter(granularity=granularity, cut=cut, value=value).values_list(
            "period", "total"
        )
    )
    rows = [
        (uri, period, count, totals[period])
        for uri, period, count in SkillDemand.objects.filter(
            granularity=granularity, cut=cut, value=value
        ).values_list("skill__uri", "period", "count")
        if period in totals
    ]
    # every period needs a total row even where no skill was named
    rows += [("", period, 0, total) for period, total in totals.items()]
    built = Panel.from_rows(rows)
    built.counts.pop("", None)
    return built


def detect_alerts(
    granularity: str = Granularity.QUARTER, config: DetectorConfig | None = None
) -> tuple[Panel, list[Alert]]:
    """Run the detector on the national series of the stored postings."""
    data = panel(granularity)
    return data, detect(data, config)
