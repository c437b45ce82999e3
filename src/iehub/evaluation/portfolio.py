"""The digital competency portfolio: every competency a student was evaluated on, across all schemes,
with its score, the evidence behind it, the three cross-cutting dimensions and a timeline.

A competency's portfolio score is the weighted mean (each mark by its evaluator role's weight in its
scheme) of every evaluation that counts, on the 1–3 scale, mastered from ``PORTFOLIO_THRESHOLD``: one
rule across schemes whose own mastery methods differ, stated on the page. A dimension's score is the
mean score of the evaluated competencies that carry its tag.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from iehub.accounts.models import User
from iehub.core import data_versions
from iehub.core.scopes import ASSESSMENT, EVALUATIONS
from iehub.engines.mastery import Method, Observation, mastery, rubric_level_to_scale
from iehub.evaluation.models import Evaluation, Mark, PortfolioShare
from iehub.evaluation.queries import current
from iehub.taxonomy.models import Field, Skill

PORTFOLIO_THRESHOLD = 2.5
RADAR_FIELD_AXES = 8


@dataclass
class Evidence:
    evaluation: Evaluation
    level: int
    scaled: float


@dataclass
class Competency:
    skill: Skill
    score: float | None
    mastered: bool
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def dimensions(self) -> list[str]:
        return [name for name in ("digital", "green", "innovation") if getattr(self.skill, name)]


@dataclass
class Portfolio:
    student: User
    competencies: list[Competency]
    dimensions: dict[str, float | None]
    timeline: list[Evaluation]

    @property
    def mastered(self) -> int:
        return sum(1 for c in self.competencies if c.mastered)

    @property
    def is_empty(self) -> bool:
        return not self.competencies


# What a student's competency levels are computed from (the portfolio's other reads — the student, the
# evaluator, the project or placement, the skill's names — are for showing the evidence, not the levels).
LEVEL_TABLES = (
    "evaluation_criterion",
    "evaluation_evaluation",
    "evaluation_mark",
    "evaluation_rubric",
    "evaluation_scheme",
    "evaluation_schemeweight",
)
data_versions.register({EVALUATIONS: LEVEL_TABLES})
# Read by pages only (kept pages, core.kept_pages), so outside every scope.
data_versions.register(
    {
        ASSESSMENT: (
            "evaluation_assessorlink",
            "evaluation_moderation",
            "evaluation_credential",
            "evaluation_portfolioshare",
            "evaluation_portfolioshare_skills",
        )
    },
    in_every_scope=False,
)
LEVELS_KEPT_SECONDS = 24 * 3600


def competency_levels(student_ids: Iterable[int]) -> dict[int, dict[int, float]]:
    """Each student's competency levels (skill id → portfolio score on 1–3).

    Kept per student between requests under the evaluations' data version (``core.data_versions``):
    matching reads the levels of every candidate of an opportunity and of up to 5,000 students for a
    region's supply, and built them from every evaluation on each page. Any write to the tables they
    come from computes them afresh."""
    ids = list(dict.fromkeys(student_ids))
    tokens = data_versions.tokens()
    token = tokens.get(EVALUATIONS) if tokens else None
    if token is None:
        return _levels(ids)
    keys = {pk: f"iehub:levels:{token}:{pk}" for pk in ids}
    kept = cache.get_many(list(keys.values()))
    levels = {pk: kept[key] for pk, key in keys.items() if key in kept}
    missing = [pk for pk in ids if pk not in levels]
    if missing:
        computed = _levels(missing)
        cache.set_many({keys[pk]: computed[pk] for pk in missing}, LEVELS_KEPT_SECONDS)
        levels.update(computed)
    return levels


def _levels(ids: list[int]) -> dict[int, dict[int, float]]:
    by_student = counting_evaluations(ids)
    levels: dict[int, dict[int, float]] = {pk: {} for pk in ids}
    # Only the students with evaluations to build from: a province's 5,000 rows otherwise (150 ms).
    students = {u.pk: u for u in User.objects.filter(pk__in=list(by_student))}
    for pk, evaluations in by_student.items():
        built = portfolio_from(students[pk], evaluations)
        levels[pk] = {c.skill.pk: c.score for c in built.competencies if c.score is not None}
    return levels


def counting_evaluations(students: Any) -> dict[int, list[Evaluation]]:
    """The evaluations that count of each of the students (ids, or a subquery of them), oldest first, in
    a fixed number of queries."""
    found = list(
        Evaluation.objects.filter(student_id__in=students)
        .select_related("scheme__rubric", "scheme__project", "scheme__placement__enterprise", "evaluator")
        .prefetch_related(
            Prefetch("marks", queryset=Mark.objects.select_related("criterion__skill")),
            "scheme__weights",
        )
        .order_by("at", "id")
    )
    by_student: dict[int, list[Evaluation]] = defaultdict(list)
    for evaluation in current(found):
        by_student[evaluation.student_id].append(evaluation)
    return by_student


def portfolio_of(student: User, skill_ids: set[int] | None = None) -> Portfolio:
    """The student's portfolio; ``skill_ids`` narrows it to the competencies a share link shows."""
    return portfolio_from(student, counting_evaluations([student.pk])[student.pk], skill_ids)


def portfolio_from(
    student: User, evaluations: list[Evaluation], skill_ids: set[int] | None = None
) -> Portfolio:
    """The portfolio built from the student's counting evaluations (oldest first)."""
    observations: dict[int, list[Observation]] = defaultdict(list)
    evidence: dict[int, list[Evidence]] = defaultdict(list)
    skills: dict[int, Skill] = {}
    for evaluation in evaluations:
        weights = {w.role: w.weight for w in evaluation.scheme.weights.all()}
        for mark in evaluation.marks.all():
            skill = mark.criterion.skill
            if skill_ids is not None and skill.pk not in skill_ids:
                continue
            scaled = rubric_level_to_scale(mark.level, evaluation.scheme.rubric.levels)
            skills[skill.pk] = skill
            observations[skill.pk].append(
                Observation(scaled, evaluation.at, float(weights.get(evaluation.role, 0)) or 1.0)
            )
            evidence[skill.pk].append(Evidence(evaluation, mark.level, scaled))
    competencies = []
    for skill_id, skill in skills.items():
        result = mastery(observations[skill_id], Method.WEIGHTED_MEAN, PORTFOLIO_THRESHOLD)
        competencies.append(
            Competency(skill, result.score, result.mastered, list(reversed(evidence[skill_id])))
        )
    competencies.sort(key=lambda c: (-(c.score or 0), c.skill.display_name))
    dimensions: dict[str, float | None] = {}
    for name in ("digital", "green", "innovation"):
        scores = [c.score for c in competencies if getattr(c.skill, name) and c.score is not None]
        dimensions[name] = sum(scores) / len(scores) if scores else None
    shown = {e.pk for c in competencies for item in c.evidence for e in [item.evaluation]}
    timeline = [e for e in reversed(evaluations) if e.pk in shown]
    return Portfolio(student, competencies, dimensions, timeline)


def dimension_labels() -> dict[str, str]:
    return {"digital": _("Digital competency"), "green": _("Green skills"), "innovation": _("Innovation")}


def radar_options(portfolio: Portfolio) -> dict[str, Any]:
    """ECharts options: the three dimensions, then the strongest field competencies, on the 1–3 scale."""
    labels = dimension_labels()
    axes = [(labels[name], score) for name, score in portfolio.dimensions.items()]
    field_competencies = [c for c in portfolio.competencies if c.skill.field != Field.CROSS_CUTTING]
    axes += [(c.skill.display_name, c.score) for c in field_competencies[:RADAR_FIELD_AXES]]
    return {
        "animation": False,
        "tooltip": {},
        "radar": {
            "indicator": [{"name": name, "max": 3, "min": 0} for name, _score in axes],
            "radius": "62%",
            "axisName": {"color": "#334e68"},
        },
        "series": [
            {
                "type": "radar",
                "name": str(_("Competencies")),
                "areaStyle": {"opacity": 0.25},
                "data": [
                    {
                        "name": portfolio.student.display_name,
                        "value": [round(score, 2) if score is not None else 0 for _name, score in axes],
                    }
                ],
            }
        ],
    }


def shares_of(student: User) -> list[PortfolioShare]:
    return list(PortfolioShare.objects.filter(student=student).order_by("-created_at"))
