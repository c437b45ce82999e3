"""Answering skill alerts: route each alert to the programs concerned, and let them answer within 30 days.

Demand raises an alert (``demand.alerts.raise_alert``) and announces it (``demand.signals.alert_raised``);
this module, connected in ``CurriculumConfig.ready``, assigns it to every active program whose key skills
include the skill and e-mails their program leads. The states run new → acknowledged → response planned
(a micro-course, a curriculum change, or no action with a reason) → done. The clock starts when the alert
is raised; an assignment is *overdue* when it has no planned response by its due date, and *answered in
time* when the response was planned by then — the papers' measure (only 25 % of colleges manage a
micro-course within a month).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from iehub.accounts.models import User
from iehub.core import notifications
from iehub.core.audit import acting_as
from iehub.core.mailing import absolute_url
from iehub.core.models import CHANGE
from iehub.curriculum import permissions
from iehub.curriculum.models import AlertAssignment, Program
from iehub.demand.models import SkillAlert
from iehub.taxonomy.models import Skill

RESPONSE_DAYS = 30
State = AlertAssignment.State


def concerned_programs(skill: Skill) -> QuerySet[Program]:
    """Active programs whose key skills include the skill."""
    return Program.objects.filter(is_active=True, key_skills=skill, college__is_active=True)


def recipients(programs: list[Program]) -> QuerySet[User]:
    """The program leads of these programs: exactly the people who must answer."""
    return permissions.alert_recipients([p.pk for p in programs])


def route_alert(alert: SkillAlert, now: dt.datetime, notify: bool) -> list[AlertAssignment]:
    """Assign a newly raised alert to every concerned program, due in 30 days, and (``notify``) e-mail
    their program leads once the transaction commits. Receives ``demand.signals.alert_raised``."""
    due = timezone.localdate(now) + dt.timedelta(days=RESPONSE_DAYS)
    programs = list(concerned_programs(alert.skill).select_related("college"))
    assignments = AlertAssignment.objects.bulk_create(
        [AlertAssignment(alert=alert, program=p, college=p.college, due_on=due) for p in programs]
    )
    if notify:
        transaction.on_commit(lambda: send_notifications(alert, programs))
    return assignments


def on_alert_raised(sender: Any, alert: SkillAlert, now: dt.datetime, notify: bool, **kwargs: Any) -> None:
    route_alert(alert, now, notify)


def send_notifications(alert: SkillAlert, programs: list[Program]) -> int:
    """One notification and e-mail per program lead, in their preferred language (Chinese by default)."""

    def message() -> tuple[str, str]:
        subject = _("Skill alert: %(skill)s (%(direction)s, %(period)s)") % {
            "skill": alert.skill.display_name,
            "direction": alert.get_direction_display(),
            "period": alert.period,
        }
        values = {
            "skill": alert.skill.display_name,
            "growth": alert.growth_percent,
            "period": alert.period,
            "days": RESPONSE_DAYS,
        }
        if alert.direction == SkillAlert.Direction.EMERGING:
            template = _(
                "%(skill)s is emerging in job postings in %(period)s. Your program is concerned. "
                "Please acknowledge the alert and plan a response within %(days)s days."
            )
        else:
            template = _(
                "Demand for %(skill)s changed by %(growth)s in %(period)s. Your program is concerned. "
                "Please acknowledge the alert and plan a response within %(days)s days."
            )
        return subject, template % values + "\n" + absolute_url(path)

    path = reverse("alert_inbox")
    return notifications.notify(recipients(programs), "alert", message, path)


def assignments_for(user: User) -> QuerySet[AlertAssignment]:
    """The alerts the user must see: as program lead of the program or administrator of its college."""
    return (
        AlertAssignment.objects.restrict(user)
        .select_related("alert__skill", "program", "college", "handled_by")
        .order_by("state", "due_on", "id")
    )


def _changeable(actor: User, assignment: AlertAssignment) -> None:
    if not AlertAssignment.objects.restrict(actor, CHANGE).filter(pk=assignment.pk).exists():
        raise PermissionDenied(_("You do not have permission to do this."))


def _move(
    actor: User,
    assignment: AlertAssignment,
    allowed_from: tuple[str, ...],
    to: str,
    now: dt.datetime | None,
    **fields: Any,
) -> AlertAssignment:
    _changeable(actor, assignment)
    if assignment.state not in allowed_from:
        raise ValidationError(
            {
                "state": _("This alert is “%(state)s”; that step is not possible now.")
                % {"state": assignment.get_state_display()}
            }
        )
    now = now or timezone.now()
    for name, value in fields.items():
        setattr(assignment, name, value)
    assignment.state = to
    assignment.handled_by = actor
    if to == State.ACKNOWLEDGED:
        assignment.acknowledged_at = now
    elif to == State.PLANNED:
        assignment.acknowledged_at = assignment.acknowledged_at or now
        assignment.planned_at = now
    elif to == State.DONE:
        assignment.done_at = now
    with acting_as(actor):
        assignment.save()
    return assignment


def acknowledge(actor: User, assignment: AlertAssignment, now: dt.datetime | None = None) -> AlertAssignment:
    return _move(actor, assignment, (State.NEW,), State.ACKNOWLEDGED, now)


def plan_response(
    actor: User, assignment: AlertAssignment, response: str, note: str = "", now: dt.datetime | None = None
) -> AlertAssignment:
    """Choose the answer; "no action" needs a reason."""
    if response not in AlertAssignment.Response.values:
        raise ValidationError({"response": _("Choose one of the allowed values.")})
    if response == AlertAssignment.Response.NO_ACTION and not note.strip():
        raise ValidationError({"note": _("Give the reason for taking no action.")})
    return _move(
        actor,
        assignment,
        (State.NEW, State.ACKNOWLEDGED),
        State.PLANNED,
        now,
        response=response,
        note=note.strip(),
    )


def close_without_action(
    actor: User, assignment: AlertAssignment, reason: str, now: dt.datetime | None = None
) -> AlertAssignment:
    """Answer "no action" with its reason and close the alert at once (nothing more will happen)."""
    with transaction.atomic():
        plan_response(actor, assignment, AlertAssignment.Response.NO_ACTION, reason, now)
        return complete(actor, assignment, now)


def complete(actor: User, assignment: AlertAssignment, now: dt.datetime | None = None) -> AlertAssignment:
    return _move(actor, assignment, (State.PLANNED,), State.DONE, now)


def record_response(
    actor: User, assignment: AlertAssignment, response: str, finished: bool, now: dt.datetime | None = None
) -> AlertAssignment:
    """The curriculum side answers an alert (a micro-course published, a change request opened or
    approved): plan the response if nobody has yet, and close it when ``finished``.

    The caller has already checked that ``actor`` may act for the program; a teacher who owns the
    micro-course answers the alert even though the inbox belongs to the program lead.
    """
    now = now or timezone.now()
    if assignment.state in (State.NEW, State.ACKNOWLEDGED):
        assignment.response = response
        assignment.acknowledged_at = assignment.acknowledged_at or now
        assignment.planned_at = now
        assignment.state = State.PLANNED
    if finished and assignment.state == State.PLANNED:
        assignment.state = State.DONE
        assignment.done_at = now
    assignment.handled_by = actor
    with acting_as(actor):
        assignment.save()
    return assignment


def is_overdue(assignment: AlertAssignment, today: dt.date | None = None) -> bool:
    """No planned response yet and the due date has passed."""
    today = today or timezone.localdate()
    return assignment.planned_at is None and today > assignment.due_on


def open_and_overdue(assignments: QuerySet[AlertAssignment], today: dt.date | None = None) -> tuple[int, int]:
    """Counts, in the database, of assignments not done and of those overdue (the rule of ``is_overdue``)."""
    open_ = assignments.exclude(state=State.DONE)
    overdue = open_.filter(planned_at__isnull=True, due_on__lt=today or timezone.localdate())
    return open_.count(), overdue.count()


def answered_late(assignment: AlertAssignment) -> bool:
    """A response was planned, but after the due date."""
    return assignment.planned_at is not None and timezone.localdate(assignment.planned_at) > assignment.due_on


def days_left(assignment: AlertAssignment, today: dt.date | None = None) -> int:
    return (assignment.due_on - (today or timezone.localdate())).days


@dataclass(frozen=True)
class ResponseRate:
    college_id: int
    college: str
    alerts: int  # assignments whose clock has run out or that were answered
    answered_in_time: int

    @property
    def share(self) -> float | None:
        return self.answered_in_time / self.alerts if self.alerts else None


def response_rates(
    assignments: QuerySet[AlertAssignment], today: dt.date | None = None
) -> list[ResponseRate]:
    """Per college: of the alerts that are due or answered, how many were answered within 30 days."""
    today = today or timezone.localdate()
    in_time = Q(planned_at__isnull=False, planned_at__date__lte=F("due_on"))
    settled = Q(due_on__lt=today) | Q(planned_at__isnull=False)
    rows = (
        assignments.filter(settled)
        .values("college_id", "college__name")
        .annotate(alerts=Count("id"), answered=Count("id", filter=in_time))
        .order_by("college__name")
    )
    return [ResponseRate(r["college_id"], r["college__name"], r["alerts"], r["answered"]) for r in rows]
