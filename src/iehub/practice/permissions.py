"""Who may see and change training bases and bookings.

- A base is seen by whoever sees its college (its people, partner enterprises, the consortium, the
  provincial government) and by the people of the enterprise that hosts it.
- The college's administrators set up bases and equipment.
- The college's staff (teachers, program leads, administrators) book; so do the host enterprise's
  administrators and mentors for an off-campus base. Students see the schedule but do not book.
- A booking is cancelled by the person who made it or by the college's administrators.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from iehub.accounts import permissions as accounts
from iehub.accounts.models import Membership, Organization, User
from iehub.accounts.roles import OrgKind, Role
from iehub.core.models import CHANGE, scope_rule
from iehub.practice.models import Booking, Equipment, TrainingBase

COLLEGE_BOOKERS = (Role.COLLEGE_ADMIN, Role.PROGRAM_LEAD, Role.TEACHER)
ENTERPRISE_BOOKERS = (Role.ENTERPRISE_ADMIN, Role.ENTERPRISE_MENTOR)


def _base_q(user: User, action: str, prefix: str = "") -> Q:
    if action == CHANGE:
        return Q(**{f"{prefix}college_id__in": accounts.admin_org_ids(user)})
    return Q(**{f"{prefix}college_id__in": accounts.visible_org_ids(user)}) | Q(
        **{f"{prefix}partner_id__in": accounts.member_org_ids(user)}
    )


@scope_rule(TrainingBase)
def training_base_scope(user: User, action: str) -> Q:
    return _base_q(user, action)


@scope_rule(Equipment)
def equipment_scope(user: User, action: str) -> Q:
    return _base_q(user, action, "base__")


@scope_rule(Booking)
def booking_scope(user: User, action: str) -> Q:
    if action == CHANGE:
        return Q(booked_by_id=user.pk) | _base_q(user, CHANGE, "base__")
    return _base_q(user, action, "base__")


def _holds(user: Any, organization_id: int | None, roles: tuple[str, ...]) -> bool:
    if organization_id is None:
        return False
    return Membership.objects.filter(
        user_id=user.pk, organization_id=organization_id, role__in=roles, is_active=True
    ).exists()


def may_manage_bases(user: Any, college_id: int) -> bool:
    """Set up and edit the college's bases and equipment."""
    return bool(user.is_superuser) or _holds(user, college_id, (Role.COLLEGE_ADMIN,))


def may_book(user: Any, base: TrainingBase) -> bool:
    return (
        bool(user.is_superuser)
        or _holds(user, base.college_id, COLLEGE_BOOKERS)
        or _holds(user, base.partner_id, ENTERPRISE_BOOKERS)
    )


def may_cancel(user: Any, booking: Booking) -> bool:
    return booking.booked_by_id == user.pk or may_manage_bases(user, booking.base.college_id)


def managed_colleges(user: Any) -> QuerySet[Organization]:
    """Colleges whose bases the user may set up (the "new base" form's choices)."""
    colleges = Organization.objects.filter(kind=OrgKind.COLLEGE, is_active=True)
    if user.is_superuser:
        return colleges
    return colleges.filter(id__in=accounts.admin_org_ids(user))


def may_see_practice(user: Any) -> bool:
    """The practice menu: anyone who belongs somewhere (what they see is scoped)."""
    return accounts.is_member_anywhere(user)
