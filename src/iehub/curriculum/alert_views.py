"""Pages of the skill-alert inbox: the alerts a program must answer, one alert with its evidence, and
the steps of its response. Thin: they call ``curriculum.alerts``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iehub.core.kept_pages import kept_page
from iehub.core.scopes import ALERTS, OFFERINGS, PEOPLE, POSTINGS
from iehub.core.views_helpers import BoundedPaginator
from iehub.core.views_helpers import current_user as _user
from iehub.curriculum import alerts
from iehub.curriculum.forms import PlanResponseForm
from iehub.demand.charts import break_levels, share_chart, test_description


@login_required
@kept_page(ALERTS, PEOPLE, POSTINGS)
def alert_inbox(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    assignments = alerts.assignments_for(user)
    state = request.GET.get("state", "")
    if state:
        assignments = assignments.filter(state=state)
    page = BoundedPaginator(assignments, 50).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = []
    for a in page.object_list:
        left = alerts.days_left(a, today)
        rows.append((a, alerts.is_overdue(a, today), left, -left))
    return render(
        request,
        "demand/alert_inbox.html",
        {
            "page": page,
            "rows": rows,
            "state": state,
            "states": alerts.State.choices,
            "rates": alerts.response_rates(alerts.assignments_for(user), today),
        },
    )


def _probability_text(value: float) -> str:
    """A p- or q-value as printed: four decimals, or "< 0.0001"."""
    return "< 0.0001" if value < 1e-4 else f"{value:.4f}"


@login_required
@kept_page(ALERTS, OFFERINGS, PEOPLE, POSTINGS)
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(alerts.assignments_for(_user(request)), pk=pk)
    today = timezone.localdate()
    evidence = assignment.alert.evidence
    return render(
        request,
        "demand/alert_detail.html",
        {
            "a": assignment,
            "overdue": alerts.is_overdue(assignment, today),
            "days_left": alerts.days_left(assignment, today),
            "answered_late": alerts.answered_late(assignment),
            "p_display": _probability_text(assignment.alert.p_value),
            "series": evidence.get("series", []),
            "chart": share_chart(evidence.get("series", []), evidence),
            "levels": break_levels(evidence),
            "break_period": evidence.get("break_period", ""),
            "q_display": _probability_text(evidence["q_value"]) if "q_value" in evidence else "",
            "test": test_description(evidence, assignment.alert.direction),
        },
    )


@login_required
@require_POST
def alert_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    user = _user(request)
    assignment = get_object_or_404(alerts.assignments_for(user), pk=pk)
    try:
        if step == "acknowledge":
            alerts.acknowledge(user, assignment)
        elif step == "plan":
            form = PlanResponseForm(request.POST)
            if not form.is_valid():
                raise ValidationError(form.errors.as_text())
            alerts.plan_response(user, assignment, form.cleaned_data["response"], form.cleaned_data["note"])
        elif step == "no_action":
            alerts.close_without_action(user, assignment, request.POST.get("note", ""))
        elif step == "done":
            alerts.complete(user, assignment)
        else:
            return redirect("alert_detail", pk=pk)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Saved."))
    return redirect("alert_detail", pk=pk)
