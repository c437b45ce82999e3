"""Reads of demand: the explorer's ranking, a skill's series, the dimension breakdown.

Everything reads the materialised series (``SkillDemand``, ``PostingVolume``), a few hundred rows per
period, so pages cost the same few queries whatever the number of postings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet, Sum

from iehub.accounts import permissions as accounts
from iehub.accounts.models import Organization, OrgKind, User
from iehub.core import reference
from iehub.demand.models import Cut, Granularity, JobPosting, PostingVolume, SkillDemand, SkillNeed
from iehub.engines.periods import Period
from iehub.taxonomy.models import Skill

MIN_SUPPORT_FOR_GROWTH = 20


@dataclass(frozen=True)
class DemandFilter:
    granularity: str = Granularity.QUARTER
    cut: str = Cut.ALL
    value: str = ""
    period: str = ""  # "" = the latest
    field: str = ""
    dimension: str = ""  # digital | green | innovation
    sort: str = "top"  # top | rising


def periods(granularity: str, cut: str = Cut.ALL, value: str = "") -> list[str]:
    """Periods with postings, oldest first."""
    found = PostingVolume.objects.filter(granularity=granularity, cut=cut, value=value).values_list(
        "period", flat=True
    )
    return sorted(found, key=Period.parse)


def cut_values(granularity: str, cut: str) -> list[str]:
    return sorted(
        set(PostingVolume.objects.filter(granularity=granularity, cut=cut).values_list("value", flat=True))
    )


class ShareAndGrowth:
    """How a ranked row (a skill, an occupation) shows its share and growth on pages."""

    share: float
    growth: float | None

    @property
    def share_percent(self) -> str:
        return f"{self.share:.1%}"

    @property
    def growth_percent(self) -> str:
        return "" if self.growth is None else f"{self.growth:+.0%}"


@dataclass(frozen=True)
class RankedSkill(ShareAndGrowth):
    skill: Skill
    count: int
    share: float  # of all postings in the period and cut
    previous: int
    growth: float | None  # share growth against the previous period; None below the support


def _skills(f: DemandFilter) -> QuerySet[Skill]:
    qs = Skill.objects.filter(is_active=True)
    if f.field:
        qs = qs.filter(field=f.field)
    if f.dimension in ("digital", "green", "innovation"):
        qs = qs.filter(**{f.dimension: True})
    return qs


def ranking(f: DemandFilter, limit: int = 50) -> tuple[str, list[RankedSkill]]:
    """Skills of the period ranked by postings (``top``) or by share growth (``rising``)."""
    available = periods(f.granularity, f.cut, f.value)
    if not available:
        return "", []
    period = f.period if f.period in available else available[-1]
    position = available.index(period)
    previous_period = available[position - 1] if position else None
    volumes = dict(
        PostingVolume.objects.filter(
            granularity=f.granularity,
            cut=f.cut,
            value=f.value,
            period__in=[p for p in (period, previous_period) if p],
        ).values_list("period", "total")
    )
    rows = SkillDemand.objects.filter(
        granularity=f.granularity,
        cut=f.cut,
        value=f.value,
        period__in=[p for p in (period, previous_period) if p],
        skill__in=_skills(f),
    ).select_related("skill")
    current: dict[int, SkillDemand] = {}
    before: dict[int, int] = {}
    for row in rows:
        if row.period == period:
            current[row.skill_id] = row
        else:
            before[row.skill_id] = row.count
    total, previous_total = volumes.get(period, 0), volumes.get(previous_period or "", 0)
    ranked = []
    for skill_id, row in current.items():
        prev = before.get(skill_id, 0)
        growth = None
        if previous_total and prev >= MIN_SUPPORT_FOR_GROWTH and row.count >= MIN_SUPPORT_FOR_GROWTH:
            growth = (row.count / total) / (prev / previous_total) - 1
        ranked.append(RankedSkill(row.skill, row.count, row.count / total if total else 0.0, prev, growth))
    if f.sort == "rising":
        ranked = [r for r in ranked if r.growth is not None]
        ranked.sort(key=lambda r: (-(r.growth or 0), -r.count))
    else:
        ranked.sort(key=lambda r: (-r.count, r.skill.label_en))
    return period, ranked[:limit]


def series(
    skill: Skill, granularity: str = Granularity.QUARTER, cut: str = Cut.ALL, value: str = ""
) -> list[dict[str, Any]]:
    """The skill's postings and share per period (periods without mentions count 0)."""
    totals = dict(
        PostingVolume.objects.filter(granularity=granularity, cut=cut, value=value).values_list(
            "period", "total"
        )
    )
    counts = dict(
        SkillDemand.objects.filter(skill=skill, granularity=granularity, cut=cut, value=value).values_list(
            "period", "count"
        )
    )
    return [
        {"period": p, "count": counts.get(p, 0), "total": totals[p], "share": counts.get(p, 0) / totals[p]}
        for p in sorted(totals, key=Period.parse)
    ]


def trend_chart(ranked: list[RankedSkill], granularity: str, top: int = 8) -> dict[str, Any] | None:
    """ECharts options: share of postings over time for the first ``top`` skills of a ranking."""
    if not ranked:
        return None
    skills = [r.skill for r in ranked[:top]]
    all_periods = periods(granularity)
    totals = dict(
        PostingVolume.objects.filter(granularity=granularity, cut=Cut.ALL, value="").values_list(
            "period", "total"
        )
    )
    counts: dict[tuple[int, str], int] = {
        (skill_id, period): count
        for skill_id, period, count in SkillDemand.objects.filter(
            granularity=granularity, cut=Cut.ALL, value="", skill__in=skills
        ).values_list("skill_id", "period", "count")
    }
    return {
        "animation": False,
        "tooltip": {"trigger": "axis"},
        "legend": {"type": "scroll", "bottom": 0},
        "grid": {"left": 50, "right": 20, "top": 20, "bottom": 50},
        "xAxis": {"type": "category", "data": all_periods},
        "yAxis": {"type": "value", "axisLabel": {"formatter": "{value}%"}},
        "series": [
            {
                "type": "line",
                "name": s.display_name,
                "data": [round(100 * counts.get((s.pk, p), 0) / totals[p], 2) for p in all_periods],
            }
            for s in skills
        ],
    }


def dimension_breakdown(granularity: str = Granularity.QUARTER) -> list[dict[str, Any]]:
    """Per period, the share of skill mentions that are digital, green or innovation skills."""
    rows = []
    base = SkillDemand.objects.filter(granularity=granularity, cut=Cut.ALL, value="")
    sums = {
        (period, name): total
        for name in ("all", "digital", "green", "innovation")
        for period, total in (base if name == "all" else base.filter(**{f"skill__{name}": True}))
        .values("period")
        .annotate(n=Sum("count"))
        .values_list("period", "n")
    }
    for period in periods(granularity):
        all_mentions = sums.get((period, "all"), 0) or 1
        rows.append(
            {
                "period": period,
                **{
                    name: round(100 * sums.get((period, name), 0) / all_mentions, 1)
                    for name in ("digital", "green", "innovation")
                },
            }
        )
    return rows


def recent_postings(skill: Skill, limit: int = 10) -> QuerySet[JobPosting]:
    return (
        JobPosting.objects.filter(skills__skill=skill)
        .select_related("enterprise")
        .order_by("-posted_on", "-id")[:limit]
    )


def top_provinces(skill: Skill, period: str, limit: int = 10) -> list[tuple[str, int]]:
    """The provinces with the most postings naming the skill in a quarter: (province name, count)."""
    rows = SkillDemand.objects.filter(
        skill=skill, granularity=Granularity.QUARTER, cut=Cut.PROVINCE, period=period
    ).order_by("-count")[:limit]
    return [(reference.region_name(row.value), row.count) for row in rows]


def enterprises_of(user: User) -> QuerySet[Organization]:
    """The enterprises whose staff the user is: where they may state needs."""
    return Organization.objects.filter(id__in=accounts.staff_org_ids(user), kind=OrgKind.ENTERPRISE)


def visible_needs(user: User) -> QuerySet[SkillNeed]:
    return SkillNeed.objects.restrict(user).select_related("enterprise", "skill", "submitted_by")
