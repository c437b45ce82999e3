"""Micro-courses: the fast answer to a skill alert."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from iehub.accounts.models import User
from iehub.core.audit import acting_as
from iehub.core.models import CHANGE
from iehub.curriculum import alerts, permissions
from iehub.curriculum.actions.common import MICRO_COURSE_DAYS, deny
from iehub.curriculum.models import (
    AlertAssignment,
    MicroCourse,
    Program,
)
from iehub.taxonomy.models import Skill


def create_micro_course(
    actor: User,
    program: Program,
    title: str,
    skill: Skill,
    outline: str,
    owner: User | None = None,
    alert_assignment: AlertAssignment | None = None,
    due_on: dt.date | None = None,
    materials: str = "",
    module_code: str = "",
    now: dt.datetime | None = None,
) -> MicroCourse:
    """A fast answer to an alert or a skill; due in 30 days unless said otherwise. Answering an alert
    with it plans the alert's response (micro-course) straight away."""
    if not (permissions.may_change_program(actor, program) or permissions.teaches_at(actor, program)):
        raise deny()
    owner = owner or actor
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("This field is required.")
    if not outline.strip():
        errors["outline"] = _("This field is required.")
    if not permissions.teaches_at(owner, program):
        errors["owner"] = _("The owner must teach at the program's college.")
    if alert_assignment is not None and alert_assignment.program_id != program.pk:
        errors["alert_assignment"] = _("This alert was not sent to this program.")
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    with acting_as(actor):
        course = MicroCourse.objects.create(
            program=program,
            title=title.strip(),
            skill=skill,
            alert_assignment=alert_assignment,
            owner=owner,
            due_on=due_on or timezone.localdate(now) + dt.timedelta(days=MICRO_COURSE_DAYS),
            outline=outline.strip(),
            materials=materials.strip(),
            module_code=module_code.strip(),
        )
        if alert_assignment is not None:
            alerts.record_response(actor, alert_assignment, AlertAssignment.Response.MICRO_COURSE, False, now)
    return course


def publish_micro_course(actor: User, course: MicroCourse, now: dt.datetime | None = None) -> MicroCourse:
    """Publish it to students; an alert it answers is then done."""
    if not MicroCourse.objects.restrict(actor, CHANGE).filter(pk=course.pk).exists():
        raise deny()
    if course.state == MicroCourse.State.PUBLISHED:
        raise ValidationError({"state": _("The micro-course is already published.")})
    now = now or timezone.now()
    with acting_as(actor):
        course.state = MicroCourse.State.PUBLISHED
        course.published_at = now
        course.save()
        if course.alert_assignment is not None:
            alerts.record_response(
                actor, course.alert_assignment, AlertAssignment.Response.MICRO_COURSE, True, now
            )
    return course
