"""Training base pages and API: scoped to who sees the college or hosts the base, a conflict answered
with the booking in the way, and query counts that do not grow with bookings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from iehub.practice import actions
from iehub.practice.models import Booking
from tests.helpers import api, count_queries
from tests.practice.conftest import Bases, at


def _future(bases: Bases):  # type: ignore[no-untyped-def]
    """A booking tomorrow and a day later, relative to the real clock (pages validate against now)."""
    start = timezone.localtime() + dt.timedelta(days=1)
    start = start.replace(hour=9, minute=0, second=0, microsecond=0)
    return start, start + dt.timedelta(hours=3)


def test_who_sees_a_base(bases: Bases) -> None:
    w = bases.world
    lab, stage = (
        reverse("training_base", args=[bases.lab.pk]),
        reverse("training_base", args=[bases.stage.pk]),
    )
    for user in (w.college_admin, w.teacher, w.student, w.enterprise_admin, w.mentor, w.platform_admin):
        client = w.client_for(user)
        assert client.get(stage).status_code == 200, user
    for user in (w.other_college_admin, w.other_student, w.outsider_admin):
        client = w.client_for(user)
        assert client.get(lab).status_code == 404 and client.get(stage).status_code == 404, user
        assert api(client, "get", f"/api/v1/practice/bases/{bases.lab.pk}").status_code == 404
        assert api(client, "get", "/api/v1/practice/bases").json()["count"] == 0
    anonymous = w.client_for(None)
    assert anonymous.get(lab).status_code == 302
    assert api(anonymous, "get", "/api/v1/practice/bases").status_code == 401


def test_the_list_shows_the_real_production_share(bases: Bases) -> None:
    page = bases.world.client_for(bases.world.teacher).get(
        reverse("training_bases"), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    html = page.content.decode()
    assert "影视后期实训室" in html and "虚拟制作基地" in html
    assert page.context["share"] == 50.0
    assert 'data-testid="new-base"' not in html  # teachers book; administrators set up
    admin_page = bases.world.client_for(bases.world.college_admin).get(reverse("training_bases"))
    assert 'data-testid="new-base"' in admin_page.content.decode()


def test_booking_on_the_page_and_the_conflict_message(bases: Bases) -> None:
    w = bases.world
    start, end = _future(bases)
    form = {
        "equipment": "",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": end.strftime("%Y-%m-%dT%H:%M"),
        "purpose": "实训课",
        "headcount": "30",
    }
    url = reverse("training_base_book", args=[bases.lab.pk])
    ok = w.client_for(w.teacher).post(url, form)
    assert ok.status_code == 302 and Booking.objects.count() == 1
    clash = w.client_for(w.program_lead).post(
        url, {**form, "purpose": "调色"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert clash.status_code == 400
    html = clash.content.decode()
    assert (
        "已被 用户teacher 预约（实训课）" in html and 'value="调色"' in html
    )  # the form keeps what was typed
    student = w.client_for(w.student).post(url, form)
    assert student.status_code == 403
    detail = w.client_for(w.student).get(reverse("training_base", args=[bases.lab.pk])).content.decode()
    assert 'data-testid="book-form"' not in detail and "实训课" in detail  # the schedule, without the form


def test_booking_over_the_api(bases: Bases) -> None:
    w = bases.world
    start, end = _future(bases)
    body = {
        "base_id": bases.lab.pk,
        "equipment_id": bases.camera.pk,
        "starts_at": start.isoformat(),
        "ends_at": end.isoformat(),
        "purpose": "试机",
        "headcount": 2,
    }
    created = api(w.client_for(w.teacher), "post", "/api/v1/practice/bookings", body)
    assert created.status_code == 201 and created.json()["what"].startswith("CAM-01")
    clash = api(
        w.client_for(w.program_lead), "post", "/api/v1/practice/bookings", body, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert clash.status_code == 422
    assert "CAM-01 Camera kit is already booked" in clash.json()["error"]["fields"]["starts_at"][0]
    assert api(w.client_for(w.student), "post", "/api/v1/practice/bookings", body).status_code == 403
    assert api(w.client_for(w.outsider_admin), "post", "/api/v1/practice/bookings", body).status_code == 404
    listed = api(
        w.client_for(w.student), "get", f"/api/v1/practice/bases/{bases.lab.pk}/bookings?days=7"
    ).json()
    assert [b["purpose"] for b in listed] == ["试机"]
    booking = created.json()["id"]
    assert (
        api(w.client_for(w.program_lead), "post", f"/api/v1/practice/bookings/{booking}/cancel").status_code
        == 403
    )
    assert (
        api(w.client_for(w.teacher), "post", f"/api/v1/practice/bookings/{booking}/cancel").json()["state"]
        == "cancelled"
    )


def test_setting_up_a_base_over_the_api(bases: Bases) -> None:
    w = bases.world
    body = {"college_id": w.college.pk, "name": "无人机实训场", "location": "on_campus", "capacity": 12}
    assert api(w.client_for(w.teacher), "post", "/api/v1/practice/bases", body).status_code == 403
    assert api(w.client_for(w.other_college_admin), "post", "/api/v1/practice/bases", body).status_code == 404
    created = api(w.client_for(w.college_admin), "post", "/api/v1/practice/bases", body)
    assert created.status_code == 201 and created.json()["capacity"] == 12
    off = {**body, "location": "off_campus"}
    refused = api(w.client_for(w.college_admin), "post", "/api/v1/practice/bases", off)
    assert refused.status_code == 422 and "partner" in refused.json()["error"]["fields"]


@pytest.mark.parametrize("path", ["list", "detail"])
def test_pages_cost_the_same_queries_for_few_and_many_bookings(bases: Bases, path: str) -> None:
    w = bases.world
    client = w.client_for(w.teacher)
    url = reverse("training_bases") if path == "list" else reverse("training_base", args=[bases.lab.pk])
    url += "" if path == "list" else "?from=2026-12-07"
    actions.book(w.teacher, bases.lab, at(7, 9), at(7, 10), "a", 1, now=at(1, 0))
    few = count_queries(client, url)
    for day in range(8, 20):
        actions.book(w.teacher, bases.lab, at(day, 9), at(day, 10), "b", 1, now=at(1, 0))
        actions.book(w.program_lead, bases.lab, at(day, 14), at(day, 15), "c", 1, bases.camera, now=at(1, 0))
    assert count_queries(client, url) == few
