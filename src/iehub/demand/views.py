"""Alert inbox and alert pages. Thin: they call ``alerts`` and render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iehub.accounts.models import Ownership
from iehub.core import reference
from iehub.core.views_helpers import current_user as _user
from iehub.core.views_helpers import flash_errors, int_or_none
from iehub.curriculum.models import Program
from iehub.demand import alerts, needs, occupations, queries
from iehub.demand.forms import PlanResponseForm
from iehub.demand.ingest import COLUMNS, may_import_postings, reap_stalled_imports, start_posting_import
from iehub.demand.models import Cut, Granularity, NeedKind, PostingImport, SkillDemand, SkillNeed, Timeframe
from iehub.taxonomy.models import Field, Occupation, Skill


@login_required
def alert_inbox(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    assignments = alerts.assignments_for(user)
    state = request.GET.get("state", "")
    if state:
        assignments = assignments.filter(state=state)
    page = Paginator(assignments, 50).get_page(request.GET.get("page"))
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


def share_chart(series: list[dict[str, Any]]) -> dict[str, Any] | None:
    """ECharts options: the skill's share of postings per period (%), from the alert's evidence."""
    if not series:
        return None
    return {
        "animation": False,
        "grid": {"left": 50, "right": 20, "top": 20, "bottom": 30},
        "tooltip": {"trigger": "axis"},
        "xAxis": {"type": "category", "data": [p["period"] for p in series]},
        "yAxis": {"type": "value", "axisLabel": {"formatter": "{value}%"}},
        "series": [
            {
                "type": "line",
                "name": str(_("Share of postings")),
                "data": [round(100 * p["count"] / p["total"], 3) if p["total"] else 0 for p in series],
            }
        ],
    }


@login_required
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_object_or_404(alerts.assignments_for(_user(request)), pk=pk)
    today = timezone.localdate()
    return render(
        request,
        "demand/alert_detail.html",
        {
            "a": assignment,
            "overdue": alerts.is_overdue(assignment, today),
            "days_left": alerts.days_left(assignment, today),
            "form": PlanResponseForm(),
            "answered_late": alerts.answered_late(assignment),
            "p_display": "< 0.0001" if assignment.alert.p_value < 1e-4 else f"{assignment.alert.p_value:.4f}",
            "series": assignment.alert.evidence.get("series", []),
            "chart": share_chart(assignment.alert.evidence.get("series", [])),
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


def _filter(request: HttpRequest) -> queries.DemandFilter:
    g = request.GET
    granularity = g.get("granularity", Granularity.QUARTER)
    cut = g.get("cut", Cut.ALL)
    return queries.DemandFilter(
        granularity=granularity if granularity in Granularity.values else Granularity.QUARTER,
        cut=cut if cut in Cut.values else Cut.ALL,
        value=g.get("value", "") if cut != Cut.ALL else "",
        period=g.get("period", ""),
        field=g.get("field", ""),
        dimension=g.get("dimension", ""),
        sort="rising" if g.get("sort") == "rising" else "top",
    )


@login_required
def demand_explorer(request: HttpRequest) -> HttpResponse:
    """Top and rising skills, filtered; public labour-market information for every signed-in person."""
    f = _filter(request)
    period, ranked = queries.ranking(f)
    return render(
        request,
        "demand/explorer.html",
        {
            "f": f,
            "period": period,
            "ranked": ranked,
            "periods": queries.periods(f.granularity, f.cut, f.value),
            "cut_values": [(v, _cut_label(f.cut, v)) for v in queries.cut_values(f.granularity, f.cut)]
            if f.cut != Cut.ALL
            else [],
            "cuts": Cut.choices,
            "granularities": Granularity.choices,
            "fields": Field.choices,
            "chart": queries.trend_chart(ranked, f.granularity),
            "dimensions": queries.dimension_breakdown(f.granularity),
        },
    )


def _cut_label(cut: str, value: str) -> str:
    if cut == Cut.PROVINCE:
        return reference.region_name(value)
    if cut == Cut.INDUSTRY:
        return f"{value} {reference.industry_name(value)}"
    if cut == Cut.OWNERSHIP:
        return str(Ownership(value).label) if value in Ownership.values else value
    return value


@login_required
def skill_detail(request: HttpRequest, pk: int) -> HttpResponse:
    skill = get_object_or_404(Skill.objects.restrict(_user(request)), pk=pk)
    points = queries.series(skill)
    provinces = SkillDemand.objects.filter(
        skill=skill,
        granularity=Granularity.QUARTER,
        cut=Cut.PROVINCE,
        period=points[-1]["period"] if points else "",
    ).order_by("-count")[:10]
    return render(
        request,
        "demand/skill_detail.html",
        {
            "skill": skill,
            "points": points,
            "chart": share_chart(points),
            "provinces": [(reference.region_name(p.value), p.count) for p in provinces],
            "postings": queries.recent_postings(skill),
            "programs": Program.objects.restrict(_user(request))
            .filter(key_skills=skill)
            .select_related("college"),
            "alerts": alerts.assignments_for(_user(request)).filter(alert__skill=skill),
            "needs": needs.visible_needs(_user(request)).filter(skill=skill, withdrawn_at__isnull=True)[:20],
        },
    )


@login_required
def occupation_demand(request: HttpRequest) -> HttpResponse:
    """Occupations of a quarter by postings (titles normalised), with the titles no occupation matched."""
    result = occupations.ranking(request.GET.get("period", ""))
    return render(
        request,
        "demand/occupations.html",
        {"result": result, "periods": result.periods},
    )


@login_required
def occupation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    occupation = get_object_or_404(Occupation.objects.restrict(_user(request)), pk=pk)
    found = occupations.profile(occupation)
    return render(
        request,
        "demand/occupation_detail.html",
        {"profile": found, "occupation": occupation, "chart": share_chart(found.series)},
    )


@login_required
def posting_imports(request: HttpRequest) -> HttpResponse:
    """Upload a postings file (queued for the task worker) and list the caller's imports."""

    user = _user(request)
    if not may_import_postings(user):
        raise PermissionDenied
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ValidationError({"file": _("This field is required.")})
            batch = start_posting_import(user, upload)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            return redirect("posting_import_detail", pk=batch.pk)
    reap_stalled_imports()
    imports = PostingImport.objects.restrict(user).select_related("imported_by")[:50]
    return render(request, "demand/posting_imports.html", {"imports": imports, "columns": COLUMNS})


@login_required
def posting_import_detail(request: HttpRequest, pk: int) -> HttpResponse:

    reap_stalled_imports()
    batch = get_object_or_404(PostingImport.objects.restrict(_user(request)), pk=pk)
    template = (
        "demand/_import_status.html" if request.headers.get("HX-Request") else "demand/posting_import.html"
    )
    return render(request, template, {"batch": batch})


@login_required
def skill_needs(request: HttpRequest) -> HttpResponse:
    """Enterprises state skill needs and technology updates; partners and government read them."""
    user = _user(request)
    enterprises = needs.enterprises_of(user)
    if request.method == "POST":
        try:
            needs.submit_need(
                user,
                enterprises.filter(pk=int_or_none(request.POST.get("enterprise")) or 0).first()
                or enterprises.first(),
                Skill.objects.filter(pk=int_or_none(request.POST.get("skill")) or 0).first(),
                request.POST.get("kind", ""),
                request.POST.get("headcount", ""),
                request.POST.get("timeframe", ""),
                request.POST.get("description", ""),
            )
            messages.success(request, _("Thank you. Your need enters the demand data at the next refresh."))
            return redirect("skill_needs")
        except ValidationError as exc:
            flash_errors(request, exc, SkillNeed)
    return render(
        request,
        "demand/skill_needs.html",
        {
            "needs": needs.visible_needs(user)[:300],
            "enterprises": list(enterprises),
            "changeable": set(SkillNeed.objects.restrict(user, "change").values_list("pk", flat=True)),
            "skills": Skill.objects.filter(is_active=True).exclude(label_zh="").order_by("field", "label_en"),
            "kinds": NeedKind.choices,
            "timeframes": Timeframe.choices,
            "values": request.POST if request.method == "POST" else {},
        },
    )


@login_required
@require_POST
def skill_need_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    need = get_object_or_404(needs.visible_needs(user), pk=pk)
    needs.withdraw_need(user, need)
    messages.success(request, _("Withdrawn."))
    return redirect("skill_needs")
