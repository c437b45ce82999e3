"""Booking a base or an item of its equipment: no two confirmed bookings of the same thing overlap, and
the refusal names the booking in the way — in Chinese and in English."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from iehub.practice import actions
from iehub.practice.models import Booking
from tests.practice.conftest import NOW, Bases, at


def _book(bases: Bases, user=None, start=None, end=None, equipment=None, purpose="实训课", people=30):  # type: ignore[no-untyped-def]
    return actions.book(
        user or bases.world.teacher,
        bases.lab,
        start or at(7, 9),
        end or at(7, 12),
        purpose,
        people,
        equipment,
        now=NOW,
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "zh-hans",
            "影视后期实训室 在 2026-12-07 09:00 至 2026-12-07 12:00 已被 用户teacher 预约（实训课）。",
        ),
        (
            "en",
            "Post-production lab is already booked from 2026-12-07 09:00 to 2026-12-07 12:00 "
            "by Teacher (实训课).",
        ),
    ],
)
def test_an_overlapping_booking_is_refused_naming_the_conflict(bases: Bases, language, expected) -> None:
    _book(bases)
    with translation.override(language), pytest.raises(ValidationError) as refused:
        _book(bases, bases.world.program_lead, at(7, 11), at(7, 13), purpose="调色")
    assert refused.value.message_dict == {"starts_at": [expected]}
    assert Booking.objects.count() == 1


def test_back_to_back_and_other_things_do_not_conflict(bases: Bases) -> None:
    _book(bases)
    _book(bases, start=at(7, 12), end=at(7, 14))  # starts when the other ends
    _book(bases, start=at(7, 10), end=at(7, 11), equipment=bases.camera, people=2)  # the camera, not the room
    with pytest.raises(ValidationError, match="CAM-01"):
        _book(bases, start=at(7, 10, 30), end=at(7, 10, 45), equipment=bases.camera, people=1)
    assert Booking.objects.count() == 3


def test_a_cancelled_booking_frees_its_slot(bases: Bases) -> None:
    first = _book(bases)
    actions.cancel(bases.world.teacher, first)
    _book(bases, bases.world.program_lead)
    with pytest.raises(ValidationError, match="该预约已取消"):
        actions.cancel(bases.world.teacher, first)


@pytest.mark.parametrize(
    ("start", "end", "people", "field"),
    [
        (at(7, 12), at(7, 9), 10, "ends_at"),
        (at(7, 9), at(7, 9), 10, "ends_at"),
        (at(1, 6), at(1, 7), 10, "starts_at"),  # before NOW
        (at(2, 9), at(31, 9) + (at(7, 0) - at(1, 0)), 10, "ends_at"),  # longer than 31 days
        (at(7, 9), at(7, 12), 41, "headcount"),  # over capacity
        (at(7, 9), at(7, 12), 0, "headcount"),
    ],
)
def test_bad_spans_are_refused_naming_the_field(bases: Bases, start, end, people, field) -> None:
    with pytest.raises(ValidationError) as refused:
        _book(bases, start=start, end=end, people=people)
    assert field in refused.value.message_dict


def test_equipment_of_another_base_is_refused(bases: Bases) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.book(bases.world.teacher, bases.stage, at(7, 9), at(7, 10), "x", 1, bases.camera, now=NOW)
    assert "equipment" in refused.value.message_dict


def test_who_books(bases: Bases) -> None:
    w = bases.world
    for outsider in (w.student, w.other_college_admin, w.outsider_admin, w.gov_officer, w.mentor):
        with pytest.raises(PermissionDenied):
            _book(bases, outsider)
    # the host enterprise's mentor books the base at the enterprise, not the college's lab
    actions.book(w.mentor, bases.stage, at(8, 9), at(8, 18), "企业真实项目拍摄", 12, now=NOW)


def test_who_cancels(bases: Bases) -> None:
    w = bases.world
    booking = _book(bases)
    with pytest.raises(PermissionDenied):
        actions.cancel(w.program_lead, booking)
    actions.cancel(w.college_admin, booking)
    assert booking.state == Booking.State.CANCELLED


def test_setting_up_bases(bases: Bases) -> None:
    w = bases.world
    with pytest.raises(PermissionDenied):
        actions.save_base(w.teacher, w.college, {"name": "x", "location": "on_campus", "capacity": 1})
    with pytest.raises(ValidationError) as refused:
        actions.save_base(w.college_admin, w.college, {"name": "x", "location": "off_campus", "capacity": 1})
    assert "partner" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        actions.save_base(
            w.college_admin,
            w.college,
            {"name": "x", "location": "off_campus", "capacity": 1, "partner": w.outsider_enterprise.pk},
        )
    assert "partner" in refused.value.message_dict  # no partnership with that enterprise
