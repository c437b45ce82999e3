"""Curriculum versions and their content: draft copies, courses, modules, matrix cells, putting a
version in force."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from iehub.accounts.models import User
from iehub.core.audit import acting_as
from iehub.curriculum import terms
from iehub.curriculum.actions.common import VersionState, require_version_edit, set_level
from iehub.curriculum.models import (
    Course,
    CurriculumVersion,
    Module,
    ModuleCompetency,
    Program,
)
from iehub.taxonomy.models import Skill


def _next_number(program: Program) -> int:
    return (program.versions.aggregate(m=Max("number"))["m"] or 0) + 1


def copy_version(
    actor: User, base: CurriculumVersion | None, program: Program, note: str = ""
) -> CurriculumVersion:
    """A draft copy of ``base`` (an empty draft without one): courses, modules and competencies."""
    draft = CurriculumVersion.objects.create(
        program=program, number=_next_number(program), based_on=base, note=note, created_by=actor
    )
    if base is None:
        return draft
    for course in base.courses.prefetch_related("modules__competencies"):
        modules = list(course.modules.all())
        course.pk = None
        course.version = draft
        course.save()
        for module in modules:
            competencies = list(module.competencies.all())
            module.pk = None
            module.course = course
            module.save()
            ModuleCompetency.objects.bulk_create(
                [ModuleCompetency(module=module, skill_id=c.skill_id, level=c.level) for c in competencies]
            )
    return draft


def _check_module_code(version: CurriculumVersion, code: str, exclude: int | None = None) -> None:
    clash = Module.objects.filter(course__version=version, code=code)
    if exclude:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationError(
            {"code": _("Another module of this curriculum already has the code %(code)s.") % {"code": code}}
        )


COURSE_FIELDS = ("code", "name", "name_en", "credits", "theory_hours", "practice_hours", "term")
MODULE_FIELDS = ("code", "name", "name_en", "outcomes", "hours", "credits")


def save_course(
    actor: User, version: CurriculumVersion, data: dict[str, Any], course: Course | None = None
) -> Course:
    require_version_edit(actor, version)
    course = course or Course(version=version)
    for name in COURSE_FIELDS:
        if name in data:
            setattr(course, name, data[name])
    course.full_clean(exclude=["version", "revised_on"])
    with acting_as(actor):
        course.save()
    return course


def delete_course(actor: User, course: Course) -> None:
    require_version_edit(actor, course.version)
    with acting_as(actor):
        course.delete()


def save_module(actor: User, course: Course, data: dict[str, Any], module: Module | None = None) -> Module:
    version = course.version
    require_version_edit(actor, version)
    module = module or Module(course=course)
    for name in MODULE_FIELDS:
        if name in data:
            setattr(module, name, data[name])
    module.course = course
    module.full_clean(exclude=["course"])
    _check_module_code(version, module.code, exclude=module.pk)
    with acting_as(actor):
        module.save()
    return module


def delete_module(actor: User, module: Module) -> None:
    require_version_edit(actor, module.course.version)
    with acting_as(actor):
        module.delete()


def set_module_competency(actor: User, module: Module, skill: Skill, level: int) -> ModuleCompetency | None:
    """One cell of the competency matrix; level 0 clears it."""
    version = module.course.version
    require_version_edit(actor, version)
    return set_level(actor, ModuleCompetency, level, module=module, skill=skill)


def put_in_force(
    actor: User, version: CurriculumVersion, effective_term: str, now: dt.datetime | None = None
) -> CurriculumVersion:
    """Approve ``version`` for its effective term: in force at once when the term has begun, otherwise
    scheduled for the term's first day (the version in force stays until then; see ``terms``)."""
    now = now or timezone.now()
    starts = terms.start_moment(effective_term)
    with acting_as(actor):
        version.effective_term = effective_term
        if starts <= now:
            return terms.take_effect(version, now)
        version.state = VersionState.SCHEDULED
        version.in_force_from = starts
        version.save()
    return version
