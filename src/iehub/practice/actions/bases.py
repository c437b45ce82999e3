"""Writes for training bases and bookings. Every write checks who may do it, is audited, and fails with
a translated message that names the field — or, for a booking, the booking it collides with."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from iehub.accounts.models import Organization, Partnership, User
from iehub.accounts.roles import OrgKind
from iehub.core.audit import acting_as
from iehub.practice import permissions
from iehub.practice.models import Booking, Equipment, TrainingBase

BASE_FIELDS = ("name", "name_en", "location", "address", "capacity", "real_production", "description")
MAX_BOOKING = dt.timedelta(days=31)


def save_base(
    actor: User, college: Organization, data: dict[str, Any], base: TrainingBase | None = None
) -> TrainingBase:
    """Create a base for ``college`` (or update ``base``); ``data`` may name a ``partner`` enterprise id."""
    if not permissions.may_manage_bases(actor, college.pk):
        raise PermissionDenied(_("Only the college's administrators set up its training bases."))
    base = base or TrainingBase(college=college)
    for field in BASE_FIELDS:
        if field in data:
            setattr(base, field, data[field])
    partner_id = data.get("partner")
    base.partner = _partner(college, partner_id) if partner_id else None
    if base.location == TrainingBase.Location.OFF_CAMPUS and base.partner is None:
        raise ValidationError({"partner": _("An off-campus base sits at a partner enterprise: choose it.")})
    base.full_clean()
    with acting_as(actor):
        base.save()
    return base


def _partner(college: Organization, partner_id: Any) -> Organization:
    """An enterprise in an active partnership with the college (a base needs one, like a project)."""
    partners = Partnership.objects.active().filter(college=college).values("enterprise_id")
    partner = Organization.objects.filter(pk=partner_id, kind=OrgKind.ENTERPRISE, id__in=partners).first()
    if partner is None:
        raise ValidationError(
            {"partner": _("Choose an enterprise in an active partnership with the college.")}
        )
    return partner


def add_equipment(actor: User, base: TrainingBase, code: str, name: str, name_en: str = "") -> Equipment:
    if not permissions.may_manage_bases(actor, base.college_id):
        raise PermissionDenied(_("Only the college's administrators set up its training bases."))
    item = Equipment(base=base, code=code.strip(), name=name.strip(), name_en=name_en.strip())
    item.full_clean()
    with acting_as(actor):
        item.save()
    return item


def book(
    actor: User,
    base: TrainingBase,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    purpose: str,
    headcount: int = 1,
    equipment: Equipment | None = None,
    now: dt.datetime | None = None,
) -> Booking:
    """Book the whole base, or one item of its equipment, unless something already holds it then.

    The check and the insert run under a lock on the base row, so two people booking the same slot at
    the same moment cannot both succeed.
    """
    if not permissions.may_book(actor, base):
        raise PermissionDenied(
            _("Only the college's teachers and the host enterprise's staff book this base.")
        )
    _check_span(base, starts_at, ends_at, purpose, headcount, equipment, now or timezone.now())
    with transaction.atomic():
        TrainingBase.objects.select_for_update().filter(pk=base.pk).first()
        clash = conflict(base, starts_at, ends_at, equipment)
        if clash is not None:
            raise ValidationError({"starts_at": conflict_message(clash)})
        booking = Booking(
            base=base,
            equipment=equipment,
            booked_by=actor,
            purpose=purpose.strip(),
            headcount=headcount,
            starts_at=starts_at,
            ends_at=ends_at,
        )
        with acting_as(actor):
            booking.save()
    return booking


def _check_span(
    base: TrainingBase,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    purpose: str,
    headcount: int,
    equipment: Equipment | None,
    now: dt.datetime,
) -> None:
    errors: dict[str, str] = {}
    if not base.is_active:
        errors["base"] = _("This base is not in use.")
    if equipment is not None and (equipment.base_id != base.pk or not equipment.is_active):
        errors["equipment"] = _("Choose equipment of this base that is in use.")
    if ends_at <= starts_at:
        errors["ends_at"] = _("The end must be after the start.")
    elif ends_at - starts_at > MAX_BOOKING:
        errors["ends_at"] = _("A booking lasts at most 31 days; book longer periods in parts.")
    if starts_at < now - dt.timedelta(minutes=5):
        errors["starts_at"] = _("The start is in the past.")
    if not purpose.strip():
        errors["purpose"] = _("Say what the booking is for.")
    if headcount < 1:
        errors["headcount"] = _("At least one person.")
    elif equipment is None and headcount > base.capacity:
        errors["headcount"] = _("The base holds at most %(capacity)s people.") % {"capacity": base.capacity}
    if errors:
        raise ValidationError(errors)


def conflict(
    base: TrainingBase, starts_at: dt.datetime, ends_at: dt.datetime, equipment: Equipment | None
) -> Booking | None:
    """The first confirmed booking of the same thing (the whole base, or the same item) that overlaps."""
    overlapping = Booking.objects.filter(
        base=base, state=Booking.State.CONFIRMED, starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    same = (
        overlapping.filter(equipment=equipment)
        if equipment is not None
        else overlapping.filter(equipment__isnull=True)
    )
    return same.select_related("booked_by", "equipment", "base").order_by("starts_at").first()


def conflict_message(clash: Booking) -> str:
    """Names the booking in the way: what, when, by whom, for what."""
    start = timezone.localtime(clash.starts_at)
    end = timezone.localtime(clash.ends_at)
    return _("%(thing)s is already booked from %(start)s to %(end)s by %(person)s (%(purpose)s).") % {
        "thing": clash.thing,
        "start": date_format(start, "Y-m-d H:i"),
        "end": date_format(end, "Y-m-d H:i"),
        "person": clash.booked_by.display_name,
        "purpose": clash.purpose,
    }


def cancel(actor: User, booking: Booking) -> Booking:
    if not permissions.may_cancel(actor, booking):
        raise PermissionDenied(
            _("Only the person who booked, or the college's administrators, cancel a booking.")
        )
    if booking.state == Booking.State.CANCELLED:
        raise ValidationError({"state": _("This booking is already cancelled.")})
    booking.state = Booking.State.CANCELLED
    with acting_as(actor):
        booking.save(update_fields=["state", "updated_at"])
    return booking
