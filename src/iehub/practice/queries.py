"""Reads of training bases and their schedules, scoped to the person asking."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from iehub.accounts.models import Organization, Partnership, User
from iehub.core import data_versions
from iehub.core.scopes import BASES, PLACEMENT_DAYS, PROJECTS, QUESTIONS
from iehub.practice.models import Booking, Equipment, TrainingBase

# Read by pages only (kept pages, core.kept_pages), so outside every scope. Apart, because they are
# written at different paces: a student's daily check-in moves no project page.
data_versions.register(
    {
        PROJECTS: (
            "practice_project",
            "practice_project_needs",
            "practice_projectmember",
            "practice_stage",
            "practice_stagetemplate",
            "practice_task",
            "practice_deliverable",
            "practice_fieldtemplate",
            "practice_processrecord",
            "practice_productionrole",
            "practice_rolecompetency",
        ),
        BASES: ("practice_equipment", "practice_booking"),
        QUESTIONS: ("practice_question", "practice_answer"),
        PLACEMENT_DAYS: ("practice_checkin", "practice_logentry", "practice_problemreport"),
    },
    in_every_scope=False,
)

SCHEDULE_DAYS = 14


@dataclass(frozen=True)
class BaseFilters:
    location: str = ""
    real_production: bool | None = None
    q: str = ""


def bases_for(user: User, filters: BaseFilters | None = None) -> QuerySet[TrainingBase]:
    """Visible bases with their college, partner and how many items of equipment."""
    f = filters or BaseFilters()
    qs = (
        TrainingBase.objects.restrict(user)
        .select_related("college", "partner")
        .annotate(equipment_count=Count("equipment", filter=Q(equipment__is_active=True)))
        .order_by("college__name", "name", "id")
    )
    if f.location:
        qs = qs.filter(location=f.location)
    if f.real_production is not None:
        qs = qs.filter(real_production=f.real_production)
    if f.q:
        qs = qs.filter(Q(name__icontains=f.q) | Q(name_en__icontains=f.q) | Q(college__name__icontains=f.q))
    return qs


def real_production_share(bases: QuerySet[TrainingBase]) -> float | None:
    """Share of the active bases that train on real production (the papers: 40 %)."""
    active = bases.filter(is_active=True)
    total = active.count()
    return round(100 * active.filter(real_production=True).count() / total, 1) if total else None


def equipment_of(base: TrainingBase) -> QuerySet[Equipment]:
    return base.equipment.filter(is_active=True)


def schedule(
    base: TrainingBase, start: dt.date, days: int = SCHEDULE_DAYS
) -> list[tuple[dt.date, list[Booking]]]:
    """The confirmed bookings of ``days`` days from ``start``, by local day (a booking spanning days
    shows on each), in one query."""
    zone = timezone.get_current_timezone()
    begin = dt.datetime.combine(start, dt.time.min, tzinfo=zone)
    end = begin + dt.timedelta(days=days)
    bookings = (
        base.bookings.filter(state=Booking.State.CONFIRMED, starts_at__lt=end, ends_at__gt=begin)
        .select_related("booked_by", "equipment")
        .order_by("starts_at")
    )
    by_day: dict[dt.date, list[Booking]] = defaultdict(list)
    for booking in bookings:
        first = max(timezone.localtime(booking.starts_at, zone).date(), start)
        last = min(
            timezone.localtime(booking.ends_at - dt.timedelta(microseconds=1), zone).date(),
            start + dt.timedelta(days=days - 1),
        )
        day = first
        while day <= last:
            by_day[day].append(booking)
            day += dt.timedelta(days=1)
    return [(start + dt.timedelta(days=i), by_day.get(start + dt.timedelta(days=i), [])) for i in range(days)]


def my_bookings(user: User) -> QuerySet[Booking]:
    return (
        Booking.objects.filter(
            booked_by_id=user.pk, state=Booking.State.CONFIRMED, ends_at__gt=timezone.now()
        )
        .select_related("base", "equipment")
        .order_by("starts_at")
    )


def partner_choices(college: Organization) -> QuerySet[Organization]:
    """Enterprises in an active partnership with the college (where an off-campus base may sit)."""
    partners = Partnership.objects.active().filter(college=college).values("enterprise_id")
    return Organization.objects.filter(id__in=partners).order_by("name")
