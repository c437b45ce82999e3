"""Typical work tasks and the competencies they require (the job side of the matrix)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _

from iehub.accounts.models import User
from iehub.core.audit import acting_as
from iehub.curriculum.actions.common import require_program_change, set_level
from iehub.curriculum.models import (
    CareerDirection,
    Program,
    TaskCompetency,
    WorkTask,
)
from iehub.taxonomy.models import Skill


def add_direction(actor: User, program: Program, name: str, name_en: str = "") -> CareerDirection:
    require_program_change(actor, program)
    if not name.strip():
        raise ValidationError({"name": _("This field is required.")})
    if program.directions.filter(name=name.strip()).exists():
        raise ValidationError({"name": _("The program already has this career direction.")})
    position = (program.directions.aggregate(m=Max("position"))["m"] or 0) + 1
    with acting_as(actor):
        return CareerDirection.objects.create(
            program=program, name=name.strip(), name_en=name_en.strip(), position=position
        )


def add_task(
    actor: User, direction: CareerDirection, name: str, name_en: str = "", description: str = ""
) -> WorkTask:
    require_program_change(actor, direction.program)
    if not name.strip():
        raise ValidationError({"name": _("This field is required.")})
    with acting_as(actor):
        return WorkTask.objects.create(
            direction=direction, name=name.strip(), name_en=name_en.strip(), description=description.strip()
        )


def set_task_competency(actor: User, task: WorkTask, skill: Skill, level: int) -> TaskCompetency | None:
    """Require a skill at a level for a task; level 0 removes the requirement."""
    require_program_change(actor, task.direction.program)
    return set_level(actor, TaskCompetency, level, task=task, skill=skill)
