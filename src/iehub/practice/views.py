"""Training base pages: the list, a base with its equipment and two-week schedule, booking, setting up."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iehub.accounts.models import Organization
from iehub.core.kept_pages import kept_page
from iehub.core.scopes import BASES, COOPERATION, PEOPLE
from iehub.core.views_helpers import (
    BoundedPaginator,
    current_user,
    flash_errors,
    int_or_none,
    perform,
    query_string_without_page,
)
from iehub.practice import actions, permissions, queries
from iehub.practice.forms import TrainingBaseForm
from iehub.practice.models import Booking, Equipment, TrainingBase


def _filters(request: HttpRequest) -> queries.BaseFilters:
    production = request.GET.get("real_production", "")
    return queries.BaseFilters(
        location=request.GET.get("location", ""),
        real_production={"yes": True, "no": False}.get(production),
        q=request.GET.get("q", "").strip(),
    )


@login_required
@kept_page(BASES, COOPERATION, seconds=600)  # its "my bookings" end at a time of day
def base_list(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    filters = _filters(request)
    bases = queries.bases_for(user, filters)
    page = BoundedPaginator(bases, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "practice/base_list.html",
        {
            "page": page,
            "filters": filters,
            "production": request.GET.get("real_production", ""),
            "locations": TrainingBase.Location.choices,
            "share": queries.real_production_share(queries.bases_for(user)),
            "may_add": permissions.managed_colleges(user).exists(),
            "my_bookings": queries.my_bookings(user)[:20],
            "query_string": query_string_without_page(request),
        },
    )


def _base(request: HttpRequest, pk: int) -> TrainingBase:
    return get_object_or_404(queries.bases_for(current_user(request)), pk=pk)


def _partners(colleges: Any) -> Any:
    return Organization.objects.filter(
        id__in=[p.pk for college in colleges for p in queries.partner_choices(college)]
    ).order_by("name")


@login_required
def base_new(request: HttpRequest) -> HttpResponse:
    return _base_form(request, None)


@login_required
def base_edit(request: HttpRequest, pk: int) -> HttpResponse:
    base = _base(request, pk)
    return _base_form(request, base)


def _base_form(request: HttpRequest, base: TrainingBase | None) -> HttpResponse:
    user = current_user(request)
    colleges = permissions.managed_colleges(user)
    if base is not None:
        colleges = colleges.filter(pk=base.college_id)
    if not colleges.exists():
        raise PermissionDenied(_("Only the college's administrators set up its training bases."))
    form = TrainingBaseForm(
        colleges,
        _partners(colleges),
        request.POST or None,
        instance=base,
        initial={
            "college": base.college_id if base else colleges.first(),
            "partner": base.partner_id if base else None,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = {field: form.cleaned_data[field] for field in actions.BASE_FIELDS}
        partner = form.cleaned_data.get("partner")
        data["partner"] = partner.pk if partner else None
        try:
            saved = actions.save_base(user, form.cleaned_data["college"], data, base)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("training_base", pk=saved.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "practice/base_form.html", {"form": form, "base": base}, status=status)


def _start(request: HttpRequest) -> dt.date:
    return parse_date(request.GET.get("from", "") or "") or timezone.localdate()


@login_required
@kept_page(BASES, COOPERATION, PEOPLE)
def base_detail(
    request: HttpRequest, pk: int, values: dict[str, str] | None = None, status: int = 200
) -> HttpResponse:
    user = current_user(request)
    base = _base(request, pk)
    start = _start(request)
    return render(
        request,
        "practice/base_detail.html",
        {
            "base": base,
            "equipment": queries.equipment_of(base),
            "schedule": queries.schedule(base, start),
            "start": start,
            "previous": start - dt.timedelta(days=queries.SCHEDULE_DAYS),
            "next": start + dt.timedelta(days=queries.SCHEDULE_DAYS),
            "may_book": permissions.may_book(user, base),
            "may_manage": permissions.may_manage_bases(user, base.college_id),
            "values": values or {},
        },
        status=status,
    )


def _moment(value: str) -> dt.datetime | None:
    """A ``datetime-local`` value (``2026-12-01T09:00``) in the platform's time zone."""
    parsed = parse_datetime(value) if value else None
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


@login_required
@require_POST
def base_book(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    base = _base(request, pk)
    values = {
        k: request.POST.get(k, "") for k in ("equipment", "starts_at", "ends_at", "purpose", "headcount")
    }
    starts_at, ends_at = _moment(values["starts_at"]), _moment(values["ends_at"])
    equipment_pk = int_or_none(values["equipment"])
    equipment = get_object_or_404(Equipment, pk=equipment_pk, base=base) if equipment_pk else None
    try:
        if starts_at is None or ends_at is None:
            raise ValidationError(
                {"starts_at" if starts_at is None else "ends_at": _("Enter a date and time.")}
            )
        booking = actions.book(
            user,
            base,
            starts_at,
            ends_at,
            values["purpose"],
            int_or_none(values["headcount"]) or 1,
            equipment,
        )
    except ValidationError as exc:
        flash_errors(request, exc, Booking)
        return base_detail(request, pk, values, status=400)
    messages.success(request, _("Booked: %(thing)s.") % {"thing": booking.thing})
    day = timezone.localtime(booking.starts_at).date()
    return redirect(reverse("training_base", args=[base.pk]) + f"?from={day:%Y-%m-%d}")


@login_required
@require_POST
def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    booking = get_object_or_404(Booking.objects.restrict(user).select_related("base"), pk=pk)
    perform(request, lambda: actions.cancel(user, booking), Booking, _("Booking cancelled."))
    return redirect("training_base", pk=booking.base_id)


@login_required
@require_POST
def equipment_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    base = _base(request, pk)
    code, name, name_en = (request.POST.get(field, "") for field in ("code", "name", "name_en"))
    perform(request, lambda: actions.add_equipment(user, base, code, name, name_en), Equipment, _("Saved."))
    return redirect("training_base", pk=base.pk)
