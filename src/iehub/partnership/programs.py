"""The program-level view of the quality indicators: one row per program of the colleges in scope.

The thirteen indicators are measured per college; a program lead asks how *their* program stands.
These are the indicators whose records belong to one program — its teachers (dual-qualified share),
the ledger's activities recorded for it, enterprise suggestions to it, its decided change requests
(median cycle), its courses in force (overdue for revision), its students' internships — computed with
one grouped query each, whatever the number of programs, and with the same windows and rules as the
college indicators (twelve months, the 90-day change target, the 1.5-year course cycle).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from iehub.accounts.models import Membership
from iehub.accounts.roles import Role
from iehub.core import data_versions
from iehub.curriculum.models import ChangeRequest, Course, CurriculumVersion, EnterpriseSuggestion, Program
from iehub.curriculum.queries import CourseAge
from iehub.partnership import kpis, pulses, queries
from iehub.partnership.models import Activity
from iehub.practice.models import Placement


@dataclass(frozen=True)
class ProgramRow:
    program: Program
    teachers: int
    dual_qualified: int
    activities: int
    partners: int
    suggestions: int
    decided_changes: int
    change_cycle_days: float | None
    courses: int
    courses_overdue: int
    students: int
    internships: int

    @property
    def dual_share(self) -> float | None:
        return 100 * self.dual_qualified / self.teachers if self.teachers else None


def _counts(rows: Iterable[tuple[Any, ...]]) -> dict[int | None, int]:
    """``(program_id, n)`` rows of a grouped count as a mapping."""
    return dict(rows)


# One queryset per figure, over a set of programs: the page counts it, the records page lists it.


def _teachers(ids: Sequence[int]) -> QuerySet[Membership]:
    return Membership.objects.filter(program_id__in=ids, role=Role.TEACHER, is_active=True)


def _ledger(ids: Sequence[int], today: dt.date) -> QuerySet[Activity]:
    return queries.in_window(queries.standing(Activity.objects.filter(program_id__in=ids)), today)


def _suggestions(ids: Sequence[int]) -> QuerySet[EnterpriseSuggestion]:
    return EnterpriseSuggestion.objects.filter(program_id__in=ids, created_at__gte=pulses.feedback_since())


def _decided_changes(ids: Sequence[int]) -> QuerySet[ChangeRequest]:
    return ChangeRequest.objects.filter(program_id__in=ids, decided_at__isnull=False)


def _courses(ids: Sequence[int]) -> QuerySet[Course]:
    return Course.objects.filter(version__program_id__in=ids, version__state=CurriculumVersion.State.CURRENT)


def _age(course: Course, today: dt.date) -> CourseAge:
    """The curriculum overview's reading of a course's age (and its overdue rule)."""
    return CourseAge(course, (today - course.revised_on).days if course.revised_on else None)


def _placements(ids: Sequence[int], colleges: Sequence[int]) -> QuerySet[Placement]:
    return Placement.objects.filter(
        college_id__in=colleges,
        student__memberships__role=Role.STUDENT,
        student__memberships__program_id__in=ids,
    )


def kept_program_rows(colleges: Sequence[int]) -> list[ProgramRow]:
    """:func:`program_rows` for today, kept between requests like the college indicators
    (``kpis.measures``: under every data version, the date in the key, ten minutes at most)."""
    ids = sorted(set(colleges))
    return data_versions.kept_under_every_scope(
        data_versions.key_for_ids("program-indicators", ids),
        lambda: program_rows(ids),
        kpis.MEASURES_KEPT_SECONDS,
    )


def program_rows(colleges: Sequence[int], today: dt.date | None = None) -> list[ProgramRow]:
    """Each active program of the colleges with its program-level figures (eight queries)."""
    today = today or timezone.localdate()
    programs = list(
        Program.objects.filter(college_id__in=colleges, is_active=True)
        .select_related("college")
        .order_by("college__code", "major_code", "pk")
    )
    ids = [p.pk for p in programs]
    teachers: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for program_id, qualified in _teachers(ids).values_list("program_id", "dual_qualified"):
        teachers[program_id][0] += int(qualified)
        teachers[program_id][1] += 1
    activities = {
        row["program_id"]: (row["n"], row["partners"])
        for row in _ledger(ids, today)
        .values("program_id")
        .annotate(n=Count("pk"), partners=Count("partnership__enterprise_id", distinct=True))
        .order_by()
    }
    suggestions = _counts(_suggestions(ids).values_list("program_id").annotate(n=Count("pk")).order_by())
    cycles: dict[int, list[int]] = defaultdict(list)
    for change in _decided_changes(ids).only("program_id", "created_at", "submitted_at", "decided_at"):
        if change.cycle_days is not None:
            cycles[change.program_id].append(change.cycle_days)
    courses: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for course in _courses(ids).annotate(program_id=F("version__program_id")).only("revised_on"):
        courses[course.program_id][1] += 1
        courses[course.program_id][0] += int(_age(course, today).overdue)
    students = _counts(
        Membership.objects.filter(program_id__in=ids, role=Role.STUDENT, is_active=True)
        .values_list("program_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    internships = _counts(
        _placements(ids, colleges)
        .values_list("student__memberships__program_id")
        .annotate(n=Count("pk", distinct=True))
        .order_by()
    )
    return [
        ProgramRow(
            program=p,
            teachers=teachers[p.pk][1],
            dual_qualified=teachers[p.pk][0],
            activities=activities.get(p.pk, (0, 0))[0],
            partners=activities.get(p.pk, (0, 0))[1],
            suggestions=suggestions.get(p.pk, 0),
            decided_changes=len(cycles[p.pk]),
            change_cycle_days=float(statistics.median(cycles[p.pk])) if cycles[p.pk] else None,
            courses=courses[p.pk][1],
            courses_overdue=courses[p.pk][0],
            students=students.get(p.pk, 0),
            internships=internships.get(p.pk, 0),
        )
        for p in programs
    ]


# --- the records behind each number ----------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One column of the program page: its title, the columns of its records and which of them name
    students (hidden from readers outside the college, like the college indicators)."""

    title: Promise
    columns: tuple[Promise, ...]
    records: Callable[[Program, dt.date], list[tuple[Any, ...]]]
    personal: tuple[int, ...] = ()


def _teacher_records(program: Program, today: dt.date) -> list[tuple[Any, ...]]:
    return [
        (m.user.display_name, m.dual_qualified, m.enterprise_practice_days)
        for m in _teachers([program.pk]).select_related("user").order_by("user__username")
    ]


def _activity_records(program: Program, today: dt.date) -> list[tuple[Any, ...]]:
    return [
        (a.partnership.enterprise.display_name, a.get_kind_display(), a.display_title, a.starts_on, a.ends_on)
        for a in _ledger([program.pk], today)
        .select_related("partnership__enterprise")
        .order_by("starts_on", "pk")
    ]


def _suggestion_records(program: Program, today: dt.date) -> list[tuple[Any, ...]]:
    return [
        (s.enterprise.display_name, s.title, timezone.localtime(s.created_at).date(), s.get_state_display())
        for s in _suggestions([program.pk]).select_related("enterprise").order_by("created_at", "pk")
    ]


def _change_records(program: Program, today: dt.date) -> list[tuple[Any, ...]]:
    return [
        (c.title, timezone.localtime(c.decided_at).date() if c.decided_at else None, c.cycle_days)
        for c in _decided_changes([program.pk]).order_by("decided_at", "pk")
    ]


def _course_records(program: Program, today: dt.date) -> list[tuple[Any, ...]]:
    return [
        (f"{c.code} {c.name}", c.revised_on, age.days, age.overdue)
        for c in _courses([program.pk]).order_by("revised_on", "code")
        for age in [_age(c, today)]
    ]


def _internship_records(program: Program, today: dt.date) -> list[tuple[Any, ...]]:
    placements = _placements([program.pk], [program.college_id]).distinct()
    return [
        (p.student.display_name, p.enterprise.display_name, p.get_kind_display(), p.starts_on)
        for p in placements.select_related("student", "enterprise").order_by("starts_on", "pk")
    ]


FIGURES: dict[str, Figure] = {
    "teachers": Figure(
        _("Dual-qualified teachers"),
        (_("Teacher"), _("Dual-qualified"), _("Enterprise practice days")),
        _teacher_records,
    ),
    "activities": Figure(
        _("Cooperation activities, last 12 months"),
        (_("Enterprise"), _("Kind"), _("Activity"), _("Starts on"), _("Ends on")),
        _activity_records,
    ),
    "suggestions": Figure(
        _("Enterprise suggestions, last 12 months"),
        (_("Enterprise"), _("Suggestion"), _("Submitted on"), _("State")),
        _suggestion_records,
    ),
    "changes": Figure(
        _("Change requests decided"), (_("Change"), _("Decided on"), _("Days")), _change_records
    ),
    "courses": Figure(
        _("Courses in force"),
        (_("Course"), _("Revised on"), _("Days"), _("Overdue for revision")),
        _course_records,
    ),
    "internships": Figure(
        _("Internships"),
        (_("Student"), _("Enterprise"), _("Kind"), _("Starts on")),
        _internship_records,
        (0,),
    ),
}
