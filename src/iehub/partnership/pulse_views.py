"""Feedback pages: the college's pulses and who gives feedback (``/partnerships/feedback/``), one pulse
with its answers and reminders, and the enterprise's one-minute answer form. Thin: ``pulses.py`` writes
and reads."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from iehub.core.kept_pages import kept_page
from iehub.core.scopes import COOPERATION, PEOPLE
from iehub.core.views_helpers import (
    BoundedPaginator,
    current_user,
    date_or_none,
    int_or_none,
    perform,
    table_download,
)
from iehub.curriculum.models import Program
from iehub.partnership import kpis, pulses
from iehub.partnership.models import FeedbackPulse, Outlook, PulseRequest
from iehub.partnership.teachers import administered_colleges

SHOWN = ("all", "never", "silent", "suggesting")
PAGE_SIZE = 50  # a province's officer reads thousands of partner enterprises (the export has all)


def _shown(rows: list[pulses.EnterpriseFeedback], show: str) -> list[pulses.EnterpriseFeedback]:
    if show == "never":
        return [r for r in rows if r.never]
    if show == "silent":
        return [r for r in rows if not r.gave_recently]
    if show == "suggesting":
        return [r for r in rows if r.suggestions_recent]
    return rows


def _yes(value: bool) -> str:
    return _("yes") if value else _("no")


def _feedback_table(rows: list[pulses.EnterpriseFeedback]) -> HttpResponse:
    header = [
        _("Enterprise"),
        _("Pulses asked"),
        _("Pulses answered"),
        _("Curriculum suggestions, last 12 months"),
        _("Curriculum suggestions, in all"),
        _("Skill needs stated, last 12 months"),
        _("Last feedback"),
        _("Feedback in the last 12 months"),
    ]
    table = [
        [
            r.enterprise.display_name,
            r.asked,
            r.answered,
            r.suggestions_recent,
            r.suggestions_total,
            r.needs_recent,
            timezone.localtime(r.last_feedback).strftime("%Y-%m-%d") if r.last_feedback else _("never"),
            _yes(r.gave_recently),
        ]
        for r in rows
    ]
    return table_download(header, table, "enterprise-feedback", "xlsx")


@login_required
@kept_page(COOPERATION)
def feedback(request: HttpRequest) -> HttpResponse:
    """The college side: pulses, opening one, and each partner enterprise's feedback. The enterprise
    side: its requests to answer."""
    user = current_user(request)
    colleges = list(kpis.kpi_colleges(user).order_by("code"))
    own_requests = list(
        pulses.requests_to_answer(user)
        .select_related("pulse__college", "enterprise")
        .order_by("answered_at", "pulse__closes_on", "pk")[:200]
    )
    if not colleges and not own_requests:
        raise PermissionDenied(_("Feedback is for colleges' staff, officers and partner enterprises."))
    administered = administered_colleges(user)
    if request.method == "POST":
        college = next((c for c in administered if c.pk == int_or_none(request.POST.get("college"))), None)
        if college is None:
            raise PermissionDenied(_("Only the college's administrators ask its partners for feedback."))
        post = request.POST
        perform(
            request,
            lambda: pulses.open_pulse(
                user,
                college,
                post.get("term", ""),
                date_or_none(post.get("closes_on")),
                post.get("message", ""),
            ),
            FeedbackPulse,
            _("The partner enterprises have been asked."),
        )
        return redirect(f"{request.path}?college={college.pk}")
    chosen = next((c for c in colleges if c.pk == int_or_none(request.GET.get("college"))), None)
    ids = [chosen.pk] if chosen else [c.pk for c in colleges]
    show = request.GET.get("show") or "all"
    show = show if show in SHOWN else "all"
    rows = _shown(pulses.kept_feedback_rows(ids), show) if colleges else []
    if colleges and request.GET.get("format") == "xlsx":
        return _feedback_table(rows)
    pulse_list = list(
        FeedbackPulse.objects.restrict(user).filter(college_id__in=ids).select_related("college")[:50]
    )
    today = timezone.localdate()
    return render(
        request,
        "partnership/feedback.html",
        {
            "colleges": colleges,
            "chosen": chosen,
            "administered": administered,
            "pulses": [
                (p, s) for p, s in zip(pulse_list, pulses.summaries(pulse_list).values(), strict=True)
            ],
            "page": BoundedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
            "show": show,
            "own_requests": own_requests,
            "term": pulses.term_of(today),
            "default_close": today + dt.timedelta(days=21),
            "latest_close": today + dt.timedelta(days=pulses.MAX_OPEN_DAYS),
            "today": today,
            "never_count": sum(1 for r in rows if r.never),
            "query": _without_page(request),
        },
    )


def _without_page(request: HttpRequest) -> str:
    """The query string without ``page``, for the pager's and the export's links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _requests_table(pulse: FeedbackPulse, requests: list[PulseRequest]) -> HttpResponse:
    header = [
        _("Enterprise"),
        _("Answered at"),
        _("Satisfaction with the cooperation"),
        _("Students' preparation"),
        _("Next term"),
        _("Skills the students lacked"),
        _("Comment"),
        _("Curriculum suggestion"),
        _("Reminders sent"),
    ]
    table = [
        [
            r.enterprise.display_name,
            timezone.localtime(r.answered_at).strftime("%Y-%m-%d %H:%M") if r.answered_at else "",
            r.cooperation_rating or "",
            r.students_rating or "",
            r.get_outlook_display() if r.outlook else "",
            r.skills_lacking,
            r.comment,
            r.suggestion.title if r.suggestion else "",
            r.reminders,
        ]
        for r in requests
    ]
    return table_download(header, table, f"feedback-{pulse.term}", "xlsx")


@login_required
@kept_page(COOPERATION, PEOPLE)
def pulse_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    pulse = get_object_or_404(FeedbackPulse.objects.restrict(user).select_related("college"), pk=pk)
    may_remind = FeedbackPulse.objects.restrict(user, "change").filter(pk=pulse.pk).exists()
    if request.method == "POST":
        if not may_remind:
            raise PermissionDenied(_("Only the college's administrators send reminders."))
        count = pulses.remind_manually(user, pulse)
        messages.success(request, _("Reminded %(n)s enterprises.") % {"n": count})
        return redirect("pulse_detail", pk=pulse.pk)
    requests = list(pulse.requests.select_related("enterprise", "answered_by", "suggestion"))
    if request.GET.get("format") == "xlsx":
        return _requests_table(pulse, requests)
    summary = pulses.summary(requests)
    return render(
        request,
        "partnership/pulse_detail.html",
        {
            "pulse": pulse,
            "requests": requests,
            "summary": summary,
            "outlook": [(label, summary.outlook[value]) for value, label in Outlook.choices],
            "may_remind": may_remind and pulse.is_open(),
        },
    )


def _students_rating(value: str | None) -> int | None:
    """None for "no students this term"; 0 (refused by the action, naming the field) for junk."""
    if value in (None, "", "none"):
        return None
    return int_or_none(value) or 0


def _answer_input(post: Any) -> pulses.Answer:
    return pulses.Answer(
        cooperation_rating=int_or_none(post.get("cooperation_rating")),
        students_rating=_students_rating(post.get("students_rating")),
        outlook=post.get("outlook", ""),
        skills_lacking=post.get("skills_lacking", ""),
        comment=post.get("comment", ""),
        program_id=int_or_none(post.get("program")),
        suggestion_title=post.get("suggestion_title", ""),
        suggestion=post.get("suggestion", ""),
    )


@login_required
@kept_page(COOPERATION)
def pulse_answer(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    found = get_object_or_404(
        PulseRequest.objects.restrict(user, "change").select_related("pulse__college", "enterprise"), pk=pk
    )
    if request.method == "POST":
        if perform(
            request,
            lambda: pulses.answer_request(user, found, _answer_input(request.POST)),
            PulseRequest,
            _("Thank you: your feedback has been sent to %(college)s.")
            % {"college": found.pulse.college.display_name},
        ):
            return redirect("pulse_answer", pk=found.pk)
        found.refresh_from_db()
    return render(
        request,
        "partnership/pulse_answer.html",
        {
            "item": found,
            "pulse": found.pulse,
            "open": found.pulse.is_open() and not found.answered,
            "programs": Program.objects.filter(college_id=found.pulse.college_id, is_active=True).order_by(
                "major_code", "pk"
            ),
            "outlooks": Outlook.choices,
            "ratings": pulses.RATINGS,
            "posted": request.POST if request.method == "POST" else {},
        },
    )
