"""Readable differences between two curriculum versions (pure; works on snapshots).

Courses and modules are matched by code, competencies by (module code, skill), so a renamed module is
"changed", a re-coded one is "removed" + "added" — the way a committee reads a curriculum.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any


@dataclass(frozen=True)
class CourseSnap:
    code: str
    name: str
    name_en: str
    credits: str
    theory_hours: int
    practice_hours: int
    term: int


@dataclass(frozen=True)
class ModuleSnap:
    code: str
    course_code: str
    name: str
    name_en: str
    hours: int
    credits: str
    outcomes: str


@dataclass
class Snapshot:
    courses: dict[str, CourseSnap] = field(default_factory=dict)
    modules: dict[str, ModuleSnap] = field(default_factory=dict)
    # (module code, skill key) → level
    competencies: dict[tuple[str, str], int] = field(default_factory=dict)


@dataclass(frozen=True)
class Change:
    kind: str  # added | removed | changed
    key: str
    label: str
    fields: tuple[tuple[str, Any, Any], ...] = ()  # (field, before, after) for "changed"


@dataclass
class VersionDiff:
    courses: list[Change]
    modules: list[Change]
    competencies: list[Change]

    @property
    def empty(self) -> bool:
        return not (self.courses or self.modules or self.competencies)

    def changed_course_codes(self, new: Snapshot) -> set[str]:
        """Courses whose own fields, modules or competencies differ: their revision date moves."""
        codes = {c.key for c in self.courses if c.kind != "removed"}
        for change in self.modules:
            module = new.modules.get(change.key)
            if module:
                codes.add(module.course_code)
        for change in self.competencies:
            module_code = change.key.split(" · ")[0]
            module = new.modules.get(module_code)
            if module:
                codes.add(module.course_code)
        return codes


def _compare(old: Mapping[str, Any], new: Mapping[str, Any], label: Any) -> list[Change]:
    changes = []
    for key in sorted(set(old) | set(new)):
        before, after = old.get(key), new.get(key)
        if before is None:
            changes.append(Change("added", key, label(after)))
        elif after is None:
            changes.append(Change("removed", key, label(before)))
        elif before != after:
            differing = tuple(
                (f.name, getattr(before, f.name), getattr(after, f.name))
                for f in fields(before)
                if getattr(before, f.name) != getattr(after, f.name)
            )
            changes.append(Change("changed", key, label(after), differing))
    return changes


def _chinese(name_en: str, name: str) -> str:
    return name


def diff(
    old: Snapshot,
    new: Snapshot,
    skill_label: Mapping[str, str] | None = None,
    display: Callable[[str, str], str] = _chinese,
) -> VersionDiff:
    """``display(name_en, name)`` picks the name shown for courses and modules (the reader's language)."""
    names = skill_label or {}

    def comp_changes() -> list[Change]:
        changes = []
        for key in sorted(set(old.competencies) | set(new.competencies)):
            module_code, skill = key
            text = f"{module_code} · {names.get(skill, skill)}"
            before, after = old.competencies.get(key), new.competencies.get(key)
            if before is None:
                changes.append(Change("added", f"{module_code} · {skill}", text, (("level", None, after),)))
            elif after is None:
                changes.append(
                    Change("removed", f"{module_code} · {skill}", text, (("level", before, None),))
                )
            elif before != after:
                changes.append(
                    Change("changed", f"{module_code} · {skill}", text, (("level", before, after),))
                )
        return changes

    return VersionDiff(
        courses=_compare(old.courses, new.courses, lambda c: f"{c.code} {display(c.name_en, c.name)}"),
        modules=_compare(old.modules, new.modules, lambda m: f"{m.code} {display(m.name_en, m.name)}"),
        competencies=comp_changes(),
    )
