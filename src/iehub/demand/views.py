"""Alert inbox and alert pages. Thin: they call ``alerts`` and render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iehub.accounts.models import Ownership
from iehub.core import reference
from iehub.core.kept_pages import kept_page
from iehub.core.scopes import COOPERATION, PEOPLE, POSTING_IMPORTS, POSTINGS, SERIES
from iehub.core.tabular import column_label
from iehub.core.views_helpers import current_user as _user
from iehub.core.views_helpers import flash_errors, int_or_none
from iehub.demand import actions, occupations, permissions, queries
from iehub.demand.charts import share_chart
from iehub.demand.ingest import COLUMNS, reap_stalled_imports
from iehub.demand.models import Cut, Granularity, NeedKind, PostingImport, SkillNeed, Timeframe
from iehub.taxonomy.models import Field, Occupation, Skill


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
@kept_page(POSTINGS, SERIES)
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
@kept_page(POSTINGS)
def occupation_demand(request: HttpRequest) -> HttpResponse:
    """Occupations of a quarter by postings (titles normalised), with the titles no occupation matched."""
    result = occupations.ranking(request.GET.get("period", ""))
    return render(
        request,
        "demand/occupations.html",
        {"result": result, "periods": result.periods},
    )


@login_required
@kept_page(POSTINGS)
def occupation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    occupation = get_object_or_404(Occupation.objects.restrict(_user(request)), pk=pk)
    found = occupations.profile(occupation)
    return render(
        request,
        "demand/occupation_detail.html",
        {"profile": found, "occupation": occupation, "chart": share_chart(found.series)},
    )


# Viewing the imports marks the stalled ones failed (``reap_stalled_imports``, by the clock): the page is
# kept a minute at most, so that this runs at most a minute late; the worker's progress moves its scope.
IMPORTS_KEPT_SECONDS = 60


@login_required
@kept_page(POSTING_IMPORTS, PEOPLE, seconds=IMPORTS_KEPT_SECONDS)
def posting_imports(request: HttpRequest) -> HttpResponse:
    """Upload a postings file (queued for the task worker) and list the caller's imports."""

    user = _user(request)
    if not permissions.may_import_postings(user):
        raise PermissionDenied
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ValidationError({"file": _("This field is required.")})
            batch = actions.start_posting_import(user, upload)
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
    errors = [(e["row"], column_label(COLUMNS, e["field"]), e["message"]) for e in batch.errors]
    template = (
        "demand/_import_status.html" if request.headers.get("HX-Request") else "demand/posting_import.html"
    )
    return render(request, template, {"batch": batch, "errors": errors})


@login_required
@kept_page(COOPERATION, PEOPLE, POSTINGS)
def skill_needs(request: HttpRequest) -> HttpResponse:
    """Enterprises state skill needs and technology updates; partners and government read them."""
    user = _user(request)
    enterprises = queries.enterprises_of(user)
    if request.method == "POST":
        try:
            actions.submit_need(
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
            "needs": queries.visible_needs(user)[:300],
            "enterprises": list(enterprises),
            "changeable": set(SkillNeed.objects.restrict(user, "change").values_list("pk", flat=True)),
            "kinds": NeedKind.choices,
            "timeframes": Timeframe.choices,
            "values": request.POST if request.method == "POST" else {},
        },
    )


@login_required
@require_POST
def skill_need_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    need = get_object_or_404(queries.visible_needs(user), pk=pk)
    actions.withdraw_need(user, need)
    messages.success(request, _("Withdrawn."))
    return redirect("skill_needs")
