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
    SkillRelation,
)
from iehub.engines.surge import Alert, DetectorConfig, Panel, detect

RELATED_PER_SKILL = 5
MIN_RELATEDNESS = 0.15  # Jaccard overlap of the postings that mention the two skills


@dataclass(frozen=True)
class RefreshResult:
    series_rows: int
    volume_rows: int
    postings: int
    relation_rows: int = 0


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
    pairs = PostingSkill.objects.order_by("posting_id").values_list("posting_id", "skill_id")
    cooccurrence = Cooccurrence()
    for posting_id, skill_id in pairs.iterator(chunk_size=50_000):
        cooccurrence.add(posting_id, skill_id)
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
    relations = cooccurrence.relations(MIN_RELATEDNESS, RELATED_PER_SKILL)
    SkillRelation.objects.all().delete()
    SkillRelation.objects.bulk_create(
        [SkillRelation(skill_id=a, related_id=b, overlap=overlap) for a, b, overlap in relations],
        batch_size=5000,
    )
    return RefreshResult(len(counts), len(volumes), len(periods_of), len(relations))


class Cooccurrence:
    """Which skills postings name together, counted from (posting, skill) pairs sorted by posting:
    one posting's skills are held at a time, whatever the corpus size."""

    def __init__(self) -> None:
        self.mentions: Counter[int] = Counter()
        self.together: Counter[tuple[int, int]] = Counter()
        self._posting: int | None = None
        self._skills: list[int] = []

    def add(self, posting_id: int, skill_id: int) -> None:
        if posting_id != self._posting:
            self._close()
            self._posting = posting_id
        self._skills.append(skill_id)

    def _close(self) -> None:
        skills = sorted(set(self._skills))
        self.mentions.update(skills)
        for i, first in enumerate(skills):
            for second in skills[i + 1 :]:
                self.together[(first, second)] += 1
        self._skills = []

    def relations(self, min_overlap: float, per_skill: int) -> list[tuple[int, int, float]]:
        """Each skill's closest skills (at most ``per_skill``, Jaccard overlap ≥ ``min_overlap``), best
        first, both directions: (skill, related, overlap rounded to 3 places)."""
        self._close()
        found: dict[int, list[tuple[int, float]]] = {}
        for (first, second), both in self.together.items():
            overlap = both / (self.mentions[first] + self.mentions[second] - both)
            if overlap >= min_overlap:
                found.setdefault(first, []).append((second, round(overlap, 3)))
                found.setdefault(second, []).append((first, round(overlap, 3)))
        return [
            (skill, related, overlap)
            for skill, near in sorted(found.items())
            for related, overlap in sorted(near, key=lambda pair: (-pair[1], pair[0]))[:per_skill]
        ]


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
