"""Diagnostic reports: a student's PDF (competency map, strengths, weaknesses with their evidence, the
program's demanded skills, what to study next) and the cohort's common weaknesses that feed curriculum
change requests (the closed loop)."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from django.template.loader import render_to_string
from django.utils import timezone

from iehub.accounts.models import Membership, User
from iehub.accounts.roles import Role
from iehub.curriculum import queries as curriculum
from iehub.curriculum.models import ClassGroup, MicroCourse, ModuleCompetency, Program
from iehub.evaluation.portfolio import (
    Competency,
    Portfolio,
    counting_evaluations,
    dimension_labels,
    portfolio_from,
    portfolio_of,
)
from iehub.taxonomy.models import Skill

DEMANDED_SKILLS = 12
WEAKNESS_EVIDENCE = 3


@dataclass
class Recommendation:
    modules: list[ModuleCompetency] = field(default_factory=list)
    micro_courses: list[MicroCourse] = field(default_factory=list)


@dataclass
class DemandedSkill:
    skill: Skill
    share_percent: float
    status: str  # "mastered", "weak" or "not_evaluated"


@dataclass
class Diagnostic:
    portfolio: Portfolio
    program: Program | None
    strengths: list[Competency]
    weaknesses: list[tuple[Competency, Recommendation]]
    demanded: list[DemandedSkill]
    generated: dt.datetime


def student_program(student: User) -> Program | None:
    membership = (
        Membership.objects.filter(user=student, role=Role.STUDENT, is_active=True, program__isnull=False)
        .select_related("program__college")
        .first()
    )
    return membership.program if membership else None


def _recommendations(program: Program | None, skill_ids: list[int]) -> dict[int, Recommendation]:
    """Modules of the curriculum in force and the program's published micro-courses teaching each skill."""
    found: dict[int, Recommendation] = defaultdict(Recommendation)
    if program is None or not skill_ids:
        return found
    version = curriculum.current_version(program)
    if version is not None:
        taught = ModuleCompetency.objects.filter(
            module__course__version=version, skill_id__in=skill_ids
        ).select_related("module__course")
        for item in taught:
            found[item.skill_id].modules.append(item)
    micro = MicroCourse.objects.filter(
        program=program, skill_id__in=skill_ids, state=MicroCourse.State.PUBLISHED
    )
    for course in micro:
        found[course.skill_id].micro_courses.append(course)
    return found


def _demanded(program: Program | None, portfolio: Portfolio) -> list[DemandedSkill]:
    """The program's most demanded skills (the gap analysis' job profile) and where the student stands."""
    if program is None:
        return []
    analysis = curriculum.program_alignment(program)
    scores = {c.skill.pk: c for c in portfolio.competencies}
    demanded = []
    for row, skill in analysis.rows()[:DEMANDED_SKILLS]:
        competency = scores.get(skill.pk)
        status = "not_evaluated" if competency is None else ("mastered" if competency.mastered else "weak")
        demanded.append(DemandedSkill(skill, row.share_percent, status))
    return demanded


def diagnostic(student: User) -> Diagnostic:
    found = portfolio_of(student)
    program = student_program(student)
    weak = sorted((c for c in found.competencies if not c.mastered), key=lambda c: c.score or 0)
    advice = _recommendations(program, [c.skill.pk for c in weak])
    return Diagnostic(
        portfolio=found,
        program=program,
        strengths=[c for c in found.competencies if c.mastered][:5],
        weaknesses=[(c, advice[c.skill.pk]) for c in weak],
        demanded=_demanded(program, found),
        generated=timezone.localtime(),
    )


def radar_svg(portfolio: Portfolio, size: int = 270, axes_limit: int = 9) -> str:
    """The competency map as an SVG radar (the PDF has no JavaScript), on the 0–3 scale."""
    labels = dimension_labels()
    axes: list[tuple[str, float]] = [(labels[k], v or 0.0) for k, v in portfolio.dimensions.items()]
    axes += [(c.skill.display_name, c.score or 0.0) for c in portfolio.competencies[: axes_limit - 3]]
    width = size + 120  # room for the labels left and right
    centre_x, centre, radius = width / 2, size / 2, size / 2 - 40
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{size}" font-size="9">']

    def point(index: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * index / len(axes)
        return centre_x + radius * value / 3 * math.cos(angle), centre + radius * value / 3 * math.sin(angle)

    for ring in (1, 2, 3):
        ring_points = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, ring) for i in range(len(axes))))
        parts.append(f'<polygon points="{ring_points}" fill="none" stroke="#ccd5e0" stroke-width="0.6"/>')
    for index, (name, _value) in enumerate(axes):
        x, y = point(index, 3)
        lx, ly = point(index, 3.45)
        anchor = "middle" if abs(lx - centre_x) < 8 else ("start" if lx > centre_x else "end")
        parts.append(f'<line x1="{centre_x}" y1="{centre}" x2="{x:.1f}" y2="{y:.1f}" stroke="#ccd5e0"/>')
        parts.append(f'<text x="{lx:.1f}" y="{ly + 3:.1f}" text-anchor="{anchor}">{escape(name)}</text>')
    shape = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, v) for i, (_n, v) in enumerate(axes)))
    parts.append(f'<polygon points="{shape}" fill="#1f5fa8" fill-opacity="0.25" stroke="#1f5fa8"/>')
    parts.append("</svg>")
    return "".join(parts)


def diagnostic_pdf(report: Diagnostic) -> bytes:
    """The report as a PDF (WeasyPrint)."""
    # WeasyPrint takes a second to import: only the report download pays for it.
    from weasyprint import HTML

    html = render_to_string(
        "evaluation/diagnostic_pdf.html",
        {
            "report": report,
            "radar": radar_svg(report.portfolio),
            "dimension_labels": dimension_labels(),
        },
    )
    return bytes(HTML(string=html).write_pdf())


@dataclass
class CohortWeakness:
    skill: Skill
    evaluated: int
    below: int

    @property
    def share(self) -> float:
        return self.below / self.evaluated if self.evaluated else 0.0


def cohort_weaknesses(
    program: Program, class_group: ClassGroup | None = None
) -> tuple[int, list[CohortWeakness]]:
    """How many of the program's (or class's) students were evaluated, and for each competency how many
    are below the portfolio threshold, most common weakness first."""
    members = Membership.objects.filter(program=program, role=Role.STUDENT, is_active=True)
    if class_group is not None:
        members = members.filter(class_group=class_group)
    evaluations = counting_evaluations(members.values("user_id"))
    students = list(User.objects.filter(id__in=list(evaluations)))
    evaluated: dict[int, int] = defaultdict(int)
    below: dict[int, int] = defaultdict(int)
    skills: dict[int, Skill] = {}
    count = 0
    for student in students:
        count += 1
        for competency in portfolio_from(student, evaluations[student.pk]).competencies:
            skills[competency.skill.pk] = competency.skill
            evaluated[competency.skill.pk] += 1
            below[competency.skill.pk] += 0 if competency.mastered else 1
    rows = [CohortWeakness(skills[pk], evaluated[pk], below[pk]) for pk in skills]
    rows.sort(key=lambda r: (-r.share, -r.below, r.skill.display_name))
    return count, rows


def next_term(today: dt.date) -> str:
    """The next term a change can take effect: the autumn term from February on, else the spring one."""
    if 2 <= today.month <= 8:
        return f"{today.year}-{today.year + 1}-1"
    year = today.year if today.month > 8 else today.year - 1
    return f"{year}-{year + 1}-2"
