"""A curriculum version's content as the diff engine compares it, from the database or from an import
not yet saved."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from iehub.curriculum.diffing import CourseSnap, ModuleSnap, Snapshot
from iehub.curriculum.models import Course, CurriculumVersion, Module, ModuleCompetency


def _credits(value: Any) -> str:
    """Credits as a snapshot compares them (4 and 4.0 are the same)."""
    return f"{Decimal(value):.1f}"


def snapshot(version: CurriculumVersion) -> Snapshot:
    return snapshot_of(
        version.courses.all(),
        Module.objects.filter(course__version=version).select_related("course"),
        ModuleCompetency.objects.filter(module__course__version=version).values_list(
            "module__code", "skill__uri", "level"
        ),
    )


def snapshot_of(
    courses: Iterable[Course], modules: Iterable[Module], cells: Iterable[tuple[str, str, int]]
) -> Snapshot:
    """A version's content as a diff compares it, from saved or not yet saved courses and modules and
    (module code, skill URI, level) cells."""
    snap = Snapshot()
    for course in courses:
        snap.courses[course.code] = CourseSnap(
            course.code,
            course.name,
            course.name_en,
            _credits(course.credits),
            course.theory_hours,
            course.practice_hours,
            course.term,
        )
    for module in modules:
        snap.modules[module.code] = ModuleSnap(
            module.code,
            module.course.code,
            module.name,
            module.name_en,
            module.hours,
            _credits(module.credits),
            module.outcomes,
        )
    for code, uri, level in cells:
        snap.competencies[(code, uri)] = level
    return snap
