"""Training bases and bookings over the API (``/api/v1/practice/…``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from pydantic import Field

from iehub.accounts.models import Organization
from iehub.core.api_support import Page, PageQuery, paged
from iehub.core.kept_pages import kept_answer
from iehub.core.limits import DbId
from iehub.core.scopes import BASES, COOPERATION
from iehub.core.views_helpers import current_user
from iehub.practice import actions, queries
from iehub.practice.models import Booking, Equipment, TrainingBase

router = Router(tags=["practice"])


class EquipmentOut(Schema):
    id: int
    code: str
    name: str
    name_en: str


class BaseOut(Schema):
    id: int
    name: str
    name_en: str
    college_id: int
    college_name: str
    partner_id: int | None
    partner_name: str
    location: str
    address: str
    capacity: int
    real_production: bool
    is_active: bool


class BaseDetailOut(BaseOut):
    description: str
    equipment: list[EquipmentOut]


class BaseIn(Schema):
    college_id: DbId
    name: str = Field(max_length=200)
    name_en: str = Field("", max_length=200)
    location: TrainingBase.Location
    address: str = Field("", max_length=300)
    capacity: int = Field(ge=1, le=100_000)
    real_production: bool = False
    description: str = Field("", max_length=5000)
    partner_id: DbId | None = None


class BaseQuery(PageQuery):
    location: str = ""
    real_production: bool | None = None
    q: str = ""


class BookingOut(Schema):
    id: int
    base_id: int
    equipment_id: int | None
    what: str
    booked_by: str
    purpose: str
    headcount: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    state: str


class BookingIn(Schema):
    base_id: DbId
    equipment_id: DbId | None = None
    starts_at: dt.datetime
    ends_at: dt.datetime
    purpose: str = Field(max_length=200)
    headcount: int = Field(1, ge=1, le=100_000)


class ScheduleQuery(Schema):
    start: dt.date | None = None
    days: int = Field(queries.SCHEDULE_DAYS, ge=1, le=62)


def _base_out(base: TrainingBase) -> dict[str, Any]:
    return {
        "id": base.pk,
        "name": base.name,
        "name_en": base.name_en,
        "college_id": base.college_id,
        "college_name": base.college.display_name,
        "partner_id": base.partner_id,
        "partner_name": base.partner.display_name if base.partner else "",
        "location": base.location,
        "address": base.address,
        "capacity": base.capacity,
        "real_production": base.real_production,
        "is_active": base.is_active,
    }


def _equipment_out(item: Equipment) -> dict[str, Any]:
    return {"id": item.pk, "code": item.code, "name": item.name, "name_en": item.name_en}


def _booking_out(booking: Booking) -> dict[str, Any]:
    return {
        "id": booking.pk,
        "base_id": booking.base_id,
        "equipment_id": booking.equipment_id,
        "what": booking.thing,
        "booked_by": booking.booked_by.display_name,
        "purpose": booking.purpose,
        "headcount": booking.headcount,
        "starts_at": booking.starts_at,
        "ends_at": booking.ends_at,
        "state": booking.state,
    }


def _aware(moment: dt.datetime) -> dt.datetime:
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


@router.get("/practice/bases", response=Page[BaseOut])
@kept_answer(BASES, COOPERATION)
def list_bases(request: HttpRequest, query: Query[BaseQuery]) -> dict[str, Any]:
    """Visible training bases (filters ``location``, ``real_production``, ``q``)."""
    filters = queries.BaseFilters(query.location, query.real_production, query.q.strip())
    return paged(queries.bases_for(current_user(request), filters), query, _base_out)


@router.post("/practice/bases", response={201: BaseDetailOut})
def create_base(request: HttpRequest, payload: BaseIn) -> Status[dict[str, Any]]:
    """Set up a training base (the college's administrators)."""
    user = current_user(request)
    college = get_object_or_404(Organization.objects.restrict(user), pk=payload.college_id)
    data = payload.model_dump(exclude={"college_id", "partner_id"})
    data["partner"] = payload.partner_id
    base = actions.save_base(user, college, data)
    return Status(201, {**_base_out(base), "description": base.description, "equipment": []})


@router.get("/practice/bases/{base_id}", response=BaseDetailOut)
def get_base(request: HttpRequest, base_id: DbId) -> dict[str, Any]:
    base = get_object_or_404(queries.bases_for(current_user(request)), pk=base_id)
    equipment = [_equipment_out(item) for item in queries.equipment_of(base)]
    return {**_base_out(base), "description": base.description, "equipment": equipment}


@router.get("/practice/bases/{base_id}/bookings", response=list[BookingOut])
def base_bookings(request: HttpRequest, base_id: DbId, query: Query[ScheduleQuery]) -> list[dict[str, Any]]:
    """Confirmed bookings of ``days`` days (at most 62) from ``start`` (today by default)."""
    base = get_object_or_404(queries.bases_for(current_user(request)), pk=base_id)
    start = query.start or timezone.localdate()
    seen: dict[int, Booking] = {}
    for _day, bookings in queries.schedule(base, start, query.days):
        for booking in bookings:
            seen.setdefault(booking.pk, booking)
    return [_booking_out(booking) for booking in seen.values()]


@router.post("/practice/bookings", response={201: BookingOut})
def create_booking(request: HttpRequest, payload: BookingIn) -> Status[dict[str, Any]]:
    """Book a base (no ``equipment_id``) or one item of its equipment; 422 names a conflicting booking."""
    user = current_user(request)
    base = get_object_or_404(queries.bases_for(user), pk=payload.base_id)
    equipment = (
        get_object_or_404(Equipment, pk=payload.equipment_id, base=base) if payload.equipment_id else None
    )
    booking = actions.book(
        user,
        base,
        _aware(payload.starts_at),
        _aware(payload.ends_at),
        payload.purpose,
        payload.headcount,
        equipment,
    )
    return Status(201, _booking_out(booking))


@router.post("/practice/bookings/{booking_id}/cancel", response=BookingOut)
def cancel_booking(request: HttpRequest, booking_id: DbId) -> dict[str, Any]:
    user = current_user(request)
    booking = get_object_or_404(
        Booking.objects.restrict(user).select_related("base", "booked_by", "equipment"), pk=booking_id
    )
    return _booking_out(actions.cancel(user, booking))
