"""Import and export of a program's curriculum as one table (CSV or XLSX).

Each row is a record — a course, a module or a competency a module covers — told apart by the
``record`` column, so that a curriculum travels as a single sheet that Excel users can edit and
diff. An import is all-or-nothing: every row is checked (a module must name a course of the file, a
competency a module of the file and a skill of the taxonomy) and the report names each failing row and
column; a clean file becomes a new curriculum version — in force at once when the program has none,
otherwise the proposed version of a new change request, because a curriculum in force only changes
through the committee.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iehub.accounts.importing import ImportReport, RowError, _choice, _int, header_aliases
from iehub.accounts.models import User
from iehub.core.audit import acting_as
from iehub.core.tabular import TableError, read_table, write_csv, write_xlsx
from iehub.curriculum import actions, queries
from iehub.curriculum.diffing import diff
from iehub.curriculum.models import (
    ChangeOrigin,
    ChangeRequest,
    Course,
    CurriculumVersion,
    Level,
    Module,
    ModuleCompetency,
    Program,
)
from iehub.curriculum.snapshots import snapshot, snapshot_of
from iehub.taxonomy.models import Skill

COLUMNS: dict[str, Any] = {
    "record": gettext_lazy("Record"),
    "course_code": gettext_lazy("Course code"),
    "code": gettext_lazy("Code"),
    "name": gettext_lazy("Name (Chinese)"),
    "name_en": gettext_lazy("Name (English)"),
    "credits": gettext_lazy("Credits"),
    "theory_hours": gettext_lazy("Theory hours"),
    "practice_hours": gettext_lazy("Practice hours"),
    "term": gettext_lazy("Term"),
    "hours": gettext_lazy("Hours"),
    "outcomes": gettext_lazy("Learning outcomes"),
    "module_code": gettext_lazy("Module code"),
    "skill": gettext_lazy("Skill"),
    "level": gettext_lazy("Level"),
}


class Record:
    COURSE = "course"
    MODULE = "module"
    COMPETENCY = "competency"
    LABELS = {
        COURSE: gettext_lazy("course"),
        MODULE: gettext_lazy("module"),
        COMPETENCY: gettext_lazy("competency"),
    }


REQUIRED = {
    Record.COURSE: ("code", "name"),
    Record.MODULE: ("course_code", "code", "name"),
    Record.COMPETENCY: ("module_code", "skill", "level"),
}


@dataclass
class CurriculumImport:
    report: ImportReport
    version: CurriculumVersion | None = None
    change_request: ChangeRequest | None = None
    counts: dict[str, int] = field(default_factory=dict)


def next_term(today: dt.date) -> str:
    """The next term to start: the autumn term (…-1) starts in September, the spring term (…-2) in
    February."""
    if today.month >= 9:
        return f"{today.year}-{today.year + 1}-2"
    if today.month == 1:
        return f"{today.year - 1}-{today.year}-2"
    return f"{today.year}-{today.year + 1}-1"


def skill_lookup() -> dict[str, Skill]:
    """Skills by URI, English or Chinese label, and aliases that name only one skill."""
    by_name: dict[str, Skill] = {}
    alias_owners: dict[str, set[int]] = {}
    skills = list(Skill.objects.filter(is_active=True))
    for skill in skills:
        for alias in skill.alias_list("en") + skill.alias_list("zh"):
            alias_owners.setdefault(alias.lower(), set()).add(skill.pk)
    for skill in skills:
        for alias in skill.alias_list("en") + skill.alias_list("zh"):
            if len(alias_owners[alias.lower()]) == 1:
                by_name[alias.lower()] = skill
    for skill in skills:
        by_name[skill.label_en.lower()] = skill
        if skill.label_zh:
            by_name[skill.label_zh.lower()] = skill
        by_name[skill.uri.lower()] = skill
    return by_name


def _decimal(value: str) -> Decimal:
    try:
        number = Decimal(value or "0")
    except InvalidOperation as exc:
        raise ValidationError(_("“%(value)s” is not a number.") % {"value": value}) from exc
    if number < 0 or number >= 100:
        raise ValidationError(_("“%(value)s” is out of range.") % {"value": value})
    return number


def _level(value: str) -> int:
    if value.strip() in {"1", "2", "3"}:
        return int(value)
    return int(_choice(value, Level, str(COLUMNS["level"])))


class _Checker:
    def __init__(self, report: ImportReport) -> None:
        self.report = report

    def add(self, row: int, column: str, message: str) -> None:
        self.report.errors.append(RowError(row, column, message))

    def get(self, row: int, column: str, func: Any, value: str) -> Any:
        try:
            return func(value)
        except ValidationError as exc:
            for message in exc.messages:
                self.add(row, column, message)
            return None


def import_curriculum(
    actor: User, program: Program, file: IO[bytes], filename: str, effective_term: str = ""
) -> CurriculumImport:
    """Read, check everything, then write a new version (see the module docstring)."""
    actions.require_program_change(actor, program)
    report = ImportReport(kind="curriculum", columns=COLUMNS)
    result = CurriculumImport(report)
    try:
        table = read_table(file, filename, header_aliases(COLUMNS), COLUMNS.keys())
    except TableError as exc:
        report.errors.append(RowError(1, "", str(exc)))
        return result
    if "record" not in table.header:
        report.errors.append(RowError(1, "record", _("The required column is missing.")))
        return result
    report.rows = len(table.rows)
    check = _Checker(report)
    courses: dict[str, tuple[int, Course]] = {}
    modules: dict[str, tuple[int, Module, str]] = {}
    competencies: list[tuple[int, str, Skill, int]] = []
    skills = skill_lookup()
    seen_cells: Counter[tuple[str, int]] = Counter()

    rows_by_kind: dict[str, list[tuple[int, dict[str, str]]]] = {k: [] for k in REQUIRED}
    for row, values in table.rows:
        try:
            kind = _choice(values.get("record", ""), _RecordChoices, str(COLUMNS["record"]))
        except ValidationError as exc:
            check.add(row, "record", exc.messages[0])
            continue
        if not kind:
            check.add(row, "record", _("This field is required."))
            continue
        missing = [c for c in REQUIRED[kind] if not values.get(c, "").strip()]
        for column in missing:
            check.add(row, column, _("This field is required."))
        if not missing:
            rows_by_kind[kind].append((row, values))

    for row, values in rows_by_kind[Record.COURSE]:
        code = values["code"]
        if code in courses:
            check.add(row, "code", _("“%(value)s” appears more than once in the file.") % {"value": code})
            continue
        course = Course(
            code=code,
            name=values["name"],
            name_en=values.get("name_en", ""),
            credits=check.get(row, "credits", _decimal, values.get("credits", "")) or Decimal(0),
            theory_hours=check.get(row, "theory_hours", _int, values.get("theory_hours", "")) or 0,
            practice_hours=check.get(row, "practice_hours", _int, values.get("practice_hours", "")) or 0,
            term=check.get(row, "term", _int, values.get("term", "")) or 1,
        )
        _model_errors(check, row, course, ("version", "revised_on"))
        courses[code] = (row, course)

    for row, values in rows_by_kind[Record.MODULE]:
        code = values["code"]
        if code in modules:
            check.add(row, "code", _("“%(value)s” appears more than once in the file.") % {"value": code})
            continue
        if values["course_code"] not in courses:
            check.add(
                row,
                "course_code",
                _("No course with the code “%(value)s” in this file.") % {"value": values["course_code"]},
            )
        module = Module(
            code=code,
            name=values["name"],
            name_en=values.get("name_en", ""),
            hours=check.get(row, "hours", _int, values.get("hours", "")) or 0,
            credits=check.get(row, "credits", _decimal, values.get("credits", "")) or Decimal(0),
            outcomes="\n".join(
                p.strip() for p in values.get("outcomes", "").replace("；", ";").split(";") if p.strip()
            ),
        )
        _model_errors(check, row, module, ("course",))
        modules[code] = (row, module, values["course_code"])

    for row, values in rows_by_kind[Record.COMPETENCY]:
        module_code = values["module_code"]
        if module_code not in modules:
            check.add(
                row,
                "module_code",
                _("No module with the code “%(value)s” in this file.") % {"value": module_code},
            )
        skill = skills.get(values["skill"].strip().lower())
        if skill is None:
            check.add(row, "skill", _("Unknown skill “%(value)s”.") % {"value": values["skill"]})
        level = check.get(row, "level", _level, values["level"])
        if skill is not None:
            seen_cells[(module_code, skill.pk)] += 1
            if seen_cells[(module_code, skill.pk)] > 1:
                check.add(row, "skill", _("This module already lists this skill in the file."))
        if skill is not None and level is not None:
            competencies.append((row, module_code, skill, level))

    if not report.ok:
        report.errors.sort(key=lambda e: e.row)
        return result
    current = queries.current_version(program)
    if current is not None and _same_as(current, courses, modules, competencies):
        report.errors.append(
            RowError(1, "", _("The file is the same as the curriculum in force: there is nothing to change."))
        )
        return result
    _write(actor, program, result, courses, modules, competencies, effective_term, filename)
    return result


def _same_as(
    version: CurriculumVersion,
    courses: dict[str, tuple[int, Course]],
    modules: dict[str, tuple[int, Module, str]],
    competencies: list[tuple[int, str, Skill, int]],
) -> bool:
    """Whether the file's curriculum equals ``version`` (an import of it would change nothing)."""
    for _row, module, course_code in modules.values():
        module.course = courses[course_code][1]
    imported = snapshot_of(
        [course for _row, course in courses.values()],
        [module for _row, module, _code in modules.values()],
        [(module_code, skill.uri, level) for _row, module_code, skill, level in competencies],
    )
    return diff(snapshot(version), imported).empty


class _RecordChoices:
    """``_choice`` reads ``choices``: record kinds by code or label in either language."""

    choices = list(Record.LABELS.items())


def _model_errors(check: _Checker, row: int, instance: Any, exclude: tuple[str, ...]) -> None:
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            for message in messages:
                check.add(row, name if name != "__all__" else "", message)


def _write(
    actor: User,
    program: Program,
    result: CurriculumImport,
    courses: dict[str, tuple[int, Course]],
    modules: dict[str, tuple[int, Module, str]],
    competencies: list[tuple[int, str, Skill, int]],
    effective_term: str,
    filename: str,
) -> None:
    current = queries.current_version(program)
    term = effective_term or next_term(timezone.localdate())
    with acting_as(actor):
        if current is None:
            version = actions.copy_version(actor, None, program, note=filename[:255])
        else:
            request = actions.open_change_request(
                actor,
                program,
                _("Curriculum imported from %(file)s") % {"file": filename},
                _("Imported curriculum file %(file)s.") % {"file": filename},
                ChangeOrigin.IMPORT,
                term,
            )
            version = request.proposed_version
            version.courses.all().delete()
            result.change_request = request
        saved_courses = {}
        for code, (_row, course) in courses.items():
            course.version = version
            course.save()
            saved_courses[code] = course
        saved_modules = {}
        for code, (_row, module, course_code) in modules.items():
            module.course = saved_courses[course_code]
            module.save()
            saved_modules[code] = module
        ModuleCompetency.objects.bulk_create(
            [ModuleCompetency(module=saved_modules[m], skill=s, level=lv) for _r, m, s, lv in competencies]
        )
        if current is None:
            actions.put_in_force(actor, version, term)
    result.version = version
    result.counts = {"courses": len(courses), "modules": len(modules), "competencies": len(competencies)}
    result.report.created = sum(result.counts.values())


def export_rows(version: CurriculumVersion) -> tuple[list[str], list[list[Any]]]:
    """The version as one table in the import's format, headers in the current language."""
    keys = list(COLUMNS)
    header = [str(COLUMNS[k]) for k in keys]
    rows: list[list[Any]] = []
    for course in queries.version_courses(version):
        rows.append(
            _row(
                keys,
                record=str(Record.LABELS[Record.COURSE]),
                code=course.code,
                name=course.name,
                name_en=course.name_en,
                credits=course.credits,
                theory_hours=course.theory_hours,
                practice_hours=course.practice_hours,
                term=course.term,
            )
        )
        for module in course.modules.all():
            rows.append(
                _row(
                    keys,
                    record=str(Record.LABELS[Record.MODULE]),
                    course_code=course.code,
                    code=module.code,
                    name=module.name,
                    name_en=module.name_en,
                    hours=module.hours,
                    credits=module.credits,
                    outcomes="; ".join(module.outcomes.splitlines()),
                )
            )
            for mc in module.competencies.all():
                rows.append(
                    _row(
                        keys,
                        record=str(Record.LABELS[Record.COMPETENCY]),
                        module_code=module.code,
                        skill=mc.skill.uri,
                        level=mc.level,
                    )
                )
    return header, rows


def _row(keys: list[str], **values: Any) -> list[Any]:
    return [str(values[k]) if k in values else "" for k in keys]


def export_file(version: CurriculumVersion, fmt: str) -> tuple[bytes, str, str]:
    header, rows = export_rows(version)
    name = f"curriculum-{version.program.major_code}-v{version.number}"
    if fmt == "xlsx":
        return (
            write_xlsx(header, rows, name),
            f"{name}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    return write_csv(header, rows), f"{name}.csv", "text/csv"
