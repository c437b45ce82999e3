"""Job titles normalised to occupations: assigning them, and demand by occupation.

Skills say *what* industry asks for; occupations say *for which jobs* — the unit colleges' career
directions and the Chinese occupational classification (职业分类大典) speak in. Every posting gets the
occupation its title normalises to (``extraction.titles``) when it is imported; ``iehub postings
normalise-titles`` re-runs that over stored postings after the occupations change.

Reads count postings by quarter straight from the postings table (one grouped query each), so a page
costs the same few queries whatever the number of postings; the figures are the same for every reader
and kept between requests under the postings' data version (``core.data_versions``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncQuarter

from iehub.core import data_versions
from iehub.core.scopes import ALERTS, POSTING_IMPORTS, POSTINGS
from iehub.demand.models import JobPosting, PostingSkill
from iehub.demand.queries import ShareAndGrowth
from iehub.engines.extraction.titles import TitleMatch, TitleNormaliser
from iehub.engines.periods import Period
from iehub.taxonomy.actions import load_curated_occupations
from iehub.taxonomy.models import Occupation, Skill
from iehub.taxonomy.queries import build_title_normaliser

MIN_SUPPORT_FOR_GROWTH = 20
TOP_SKILLS = 3
# What the occupation figures are computed from; any write to them computes the figures afresh.
POSTING_TABLES = ("demand_jobposting", "demand_postingskill", "taxonomy_occupation", "taxonomy_skill")
data_versions.register({POSTINGS: POSTING_TABLES})
# Read by pages only (kept pages, core.kept_pages), so outside every scope.
data_versions.register(
    {ALERTS: ("demand_skillalert", "demand_skillrelation"), POSTING_IMPORTS: ("demand_postingimport",)},
    in_every_scope=False,
)


def title_normaliser() -> tuple[TitleNormaliser, dict[str, int]]:
    """The normaliser over the stored occupations (the curated ones are loaded first when there are
    none), and their ids by URI."""
    if not Occupation.objects.exists():
        load_curated_occupations()
    return build_title_normaliser(), dict(Occupation.objects.values_list("uri", "id"))


def occupation_fields(match: TitleMatch | None, ids: dict[str, int]) -> dict[str, Any]:
    """The posting fields for one title's match (empty when the title names no known occupation)."""
    if match is None or match.uri not in ids:
        return {"occupation_id": None, "occupation_method": "", "occupation_score": None}
    return {
        "occupation_id": ids[match.uri],
        "occupation_method": match.method,
        "occupation_score": match.score,
    }


@dataclass
class NormaliseResult:
    postings: int = 0
    changed: int = 0
    by_method: Counter[str] = field(default_factory=Counter)

    @property
    def matched(self) -> int:
        return sum(count for method, count in self.by_method.items() if method)


def normalise_titles(
    chunk: int = 2000, progress: Callable[[int, int], None] | None = None
) -> NormaliseResult:
    """Re-assign every stored posting's occupation from its title; only changed rows are written."""
    normaliser, ids = title_normaliser()
    result = NormaliseResult()
    total = JobPosting.objects.count()
    fields = ["occupation_id", "occupation_method", "occupation_score"]
    batch: list[JobPosting] = []
    postings = JobPosting.objects.only("id", "title", *fields).order_by("id").iterator(chunk_size=chunk)
    with transaction.atomic():
        for posting in postings:
            result.postings += 1
            values = occupation_fields(normaliser.normalise(posting.title), ids)
            result.by_method[values["occupation_method"]] += 1
            if any(getattr(posting, name) != values[name] for name in fields):
                for name, value in values.items():
                    setattr(posting, name, value)
                batch.append(posting)
            if len(batch) >= chunk:
                _write(batch, result)
            if progress and result.postings % chunk == 0:
                progress(result.postings, total)
        _write(batch, result)
    if progress:
        progress(result.postings, total)
    return result


def _write(batch: list[JobPosting], result: NormaliseResult) -> None:
    if batch:
        JobPosting.objects.bulk_update(batch, ["occupation", "occupation_method", "occupation_score"])
        result.changed += len(batch)
        batch.clear()


# ---------------------------------------------------------------------------------------------- reads


def quarter_bounds(period: str) -> tuple[dt.date, dt.date]:
    quarter = Period.parse(period)
    return Period(quarter.index - 1, 4).end + dt.timedelta(days=1), quarter.end


def quarters(versions: dict[str, str] | None = None) -> list[str]:
    """Quarters with postings, oldest first."""
    return data_versions.kept(
        "occupations:quarters",
        (POSTINGS,),
        lambda: sorted(_quarter_counts(JobPosting.objects.all()), key=Period.parse),
        versions=versions if versions is not None else data_versions.tokens(),
    )


@dataclass(frozen=True)
class OccupationDemand(ShareAndGrowth):
    occupation: Occupation
    count: int
    share: float  # of all postings of the quarter
    previous: int
    growth: float | None  # share growth on the previous quarter; None below the support
    top_skills: list[Skill]


@dataclass(frozen=True)
class OccupationRanking:
    period: str
    periods: list[str]  # every quarter with postings, oldest first
    total: int
    unmatched: int
    rows: list[OccupationDemand]
    unmatched_titles: list[tuple[str, int]]

    @property
    def matched_percent(self) -> str:
        return f"{(self.total - self.unmatched) / self.total:.1%}" if self.total else ""


def _counts(postings: QuerySet[JobPosting]) -> Counter[int | None]:
    return Counter(dict(postings.values("occupation").annotate(n=Count("id")).values_list("occupation", "n")))


def _top_skills(postings: QuerySet[JobPosting], occupation_ids: Iterable[int]) -> dict[int, list[Skill]]:
    rows = (
        PostingSkill.objects.filter(posting__in=postings, posting__occupation__in=list(occupation_ids))
        .values("posting__occupation", "skill")
        .annotate(n=Count("posting", distinct=True))
        .order_by("posting__occupation", "-n", "skill")
    )
    chosen: dict[int, list[int]] = {}
    for row in rows:
        picked = chosen.setdefault(row["posting__occupation"], [])
        if len(picked) < TOP_SKILLS:
            picked.append(row["skill"])
    skills = Skill.objects.in_bulk([s for ids in chosen.values() for s in ids])
    return {occupation: [skills[s] for s in ids] for occupation, ids in chosen.items()}


def ranking(period: str = "", limit: int = 50) -> OccupationRanking:
    """Occupations of a quarter (the latest by default) by postings, with share, growth and top skills."""
    versions = data_versions.tokens()
    # Kept by the quarter it answers for, not by the text asked: junk periods must not fill the cache.
    period = period if period in quarters(versions) else ""
    return data_versions.kept(
        f"occupations:{period}:{limit}", (POSTINGS,), lambda: _ranking(period, limit), versions=versions
    )


def _ranking(period: str, limit: int) -> OccupationRanking:
    available = quarters()
    if not available:
        return OccupationRanking("", [], 0, 0, [], [])
    period = period if period in available else available[-1]
    start, end = quarter_bounds(period)
    in_quarter = JobPosting.objects.filter(posted_on__range=(start, end))
    counts = _counts(in_quarter)
    previous_period = str(Period(Period.parse(period).index - 1, 4))
    previous: Counter[int | None] = Counter()
    if previous_period in available:
        previous = _counts(JobPosting.objects.filter(posted_on__range=quarter_bounds(previous_period)))
    total, previous_total = sum(counts.values()), sum(previous.values())
    ranked_ids = sorted((i for i in counts if i is not None), key=lambda i: (-counts[i], i))[:limit]
    occupations = Occupation.objects.in_bulk(ranked_ids)
    skills = _top_skills(in_quarter, ranked_ids)
    rows = []
    for occupation_id in ranked_ids:
        count, before = counts[occupation_id], previous[occupation_id]
        growth = None
        if previous_total and min(count, before) >= MIN_SUPPORT_FOR_GROWTH:
            growth = (count / total) / (before / previous_total) - 1
        rows.append(
            OccupationDemand(
                occupations[occupation_id],
                count,
                count / total if total else 0.0,
                before,
                growth,
                skills.get(occupation_id, []),
            )
        )
    unmatched_titles = list(
        in_quarter.filter(occupation__isnull=True)
        .values("title")
        .annotate(n=Count("id"))
        .order_by("-n", "title")
        .values_list("title", "n")[:10]
    )
    return OccupationRanking(period, available, total, counts[None], rows, unmatched_titles)


@dataclass(frozen=True)
class OccupationProfile:
    occupation: Occupation
    series: list[dict[str, Any]]  # period, count, total (all postings of the quarter)
    skills: list[tuple[Skill, int, float]]  # skill, postings, share of the occupation's postings
    titles: list[tuple[str, int]]  # titles normalised to it, most frequent first
    postings: list[JobPosting]


def profile(occupation: Occupation, recent_quarters: int = 4, top: int = 15) -> OccupationProfile:
    """An occupation's quarterly postings, the skills its postings ask for (over the last quarters) and
    the titles that were normalised to it, with its ten latest postings."""
    figures = data_versions.kept(
        f"occupation:{occupation.pk}:{recent_quarters}:{top}",
        (POSTINGS,),
        lambda: _profile_figures(occupation, recent_quarters, top),
    )
    postings = list(
        JobPosting.objects.filter(occupation=occupation)
        .select_related("enterprise")
        .order_by("-posted_on", "-id")[:10]
    )
    return OccupationProfile(occupation, figures.series, figures.skills, figures.titles, postings)


@dataclass(frozen=True)
class _ProfileFigures:
    series: list[dict[str, Any]]
    skills: list[tuple[Skill, int, float]]
    titles: list[tuple[str, int]]


def _profile_figures(occupation: Occupation, recent_quarters: int, top: int) -> _ProfileFigures:
    totals = _quarter_counts(JobPosting.objects.all())
    available = sorted(totals, key=Period.parse)
    own = _quarter_counts(JobPosting.objects.filter(occupation=occupation))
    series = [{"period": q, "count": own.get(q, 0), "total": totals.get(q, 0)} for q in available]
    recent = JobPosting.objects.filter(occupation=occupation)
    if available:
        start, _end = quarter_bounds(available[max(0, len(available) - recent_quarters)])
        recent = recent.filter(posted_on__gte=start)
    base = recent.count()
    rows = (
        PostingSkill.objects.filter(posting__in=recent)
        .values("skill")
        .annotate(n=Count("posting", distinct=True))
        .order_by("-n", "skill")[:top]
    )
    counted = [(row["skill"], row["n"]) for row in rows]
    skills = Skill.objects.in_bulk([s for s, _ in counted])
    titles = list(
        JobPosting.objects.filter(occupation=occupation)
        .values("title")
        .annotate(n=Count("id"))
        .order_by("-n", "title")
        .values_list("title", "n")[:top]
    )
    return _ProfileFigures(series, [(skills[s], n, n / base if base else 0.0) for s, n in counted], titles)


def _quarter_counts(postings: QuerySet[JobPosting]) -> dict[str, int]:
    rows = (
        postings.annotate(quarter=TruncQuarter("posted_on"))
        .values("quarter")
        .annotate(n=Count("id"))
        .values_list("quarter", "n")
    )
    return {f"{day.year}Q{(day.month - 1) // 3 + 1}": n for day, n in rows if day is not None}
