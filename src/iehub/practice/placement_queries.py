"""Reads of placements and logbooks, scoped to the person asking."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from iehub.accounts.models import Membership, Organization, Partnership, User
from iehub.accounts.roles import Role
from iehub.practice.models import CheckIn, LogEntry, Placement, Project, Task


def placements_for(user: User, kind: str = "") -> QuerySet[Placement]:
    """Visible placements with their people, and how many logs and flagged logs each has."""
    qs = (
        Placement.objects.restrict(user)
        .select_related("student", "college", "enterprise", "teacher", "mentor")
        .annotate(
            log_count=Count("logs", distinct=True),
            flagged_count=Count("logs", filter=Q(logs__similar_to__isnull=False), distinct=True),
        )
        .order_by("-starts_on", "-id")
    )
    return qs.filter(kind=kind) if kind else qs


def form_choices(user: User, colleges: QuerySet[Organization]) -> dict[str, Any]:
    """The placement form's choices: the colleges' students and teachers, their active partners and
    those partners' mentors and administrators."""
    partners = Partnership.objects.active().filter(college__in=colleges).values("enterprise_id")

    def people(organizations: Any, roles: tuple[str, ...]) -> QuerySet[User]:
        members = Membership.objects.filter(organization__in=organizations, role__in=roles, is_active=True)
        return User.objects.filter(id__in=members.values("user_id"), is_active=True).order_by("username")

    return {
        "college": colleges,
        "student": people(colleges, (Role.STUDENT,)),
        "teacher": people(colleges, (Role.TEACHER, Role.PROGRAM_LEAD, Role.COLLEGE_ADMIN)),
        "enterprise": Organization.objects.filter(id__in=partners).order_by("name"),
        "mentor": people(partners, (Role.ENTERPRISE_MENTOR, Role.ENTERPRISE_ADMIN)),
    }


def logbook(placement: Placement) -> QuerySet[LogEntry]:
    return placement.logs.select_related(
        "similar_to", "similar_to__author", "co_signed_by", "task", "author"
    ).order_by("-day", "-id")


def logbook_summary(placement: Placement) -> dict[str, Any]:
    """Hours logged (and off the job, for apprentices), logs co-signed and logs flagged as copied."""
    totals = placement.logs.aggregate(
        total_hours=Sum("hours"),
        off_job=Sum("hours", filter=Q(off_the_job=True)),
        logs=Count("id"),
        signed=Count("id", filter=Q(co_signed_at__isnull=False)),
        flagged=Count("id", filter=Q(similar_to__isnull=False)),
    )
    return {key: value or 0 for key, value in totals.items()}


def tasks_of(student: User) -> QuerySet[Task]:
    """Tasks of running projects the student is on, for tying a log to one."""
    return (
        Task.objects.filter(
            stage__project__members__user=student, stage__project__state=Project.State.RUNNING
        )
        .select_related("stage__project")
        .distinct()
        .order_by("-id")[:100]
    )


def attendance(placement: Placement) -> dict[str, Any]:
    """Days checked in so far, and what the student did today (for the buttons)."""
    today = timezone.localdate()
    today_kinds = set(placement.check_ins.filter(day=today).values_list("kind", flat=True))
    return {
        "days": placement.check_ins.filter(kind=CheckIn.Kind.IN).count(),
        "checked_in_today": CheckIn.Kind.IN in today_kinds,
        "checked_out_today": CheckIn.Kind.OUT in today_kinds,
    }


def evaluations_coming(user: User, days: int = 14) -> QuerySet[Placement]:
    """Placements the user teaches or mentors whose mid-term or final evaluation falls from a week ago
    to ``days`` ahead: the hook evaluation will fill with its forms."""
    today = timezone.localdate()
    window = (today - dt.timedelta(days=7), today + dt.timedelta(days=days))
    return (
        Placement.objects.filter(Q(teacher=user) | Q(mentor=user))
        .filter(Q(midterm_on__range=window) | Q(final_on__range=window))
        .select_related("student", "enterprise")
        .order_by("midterm_on", "id")
    )
