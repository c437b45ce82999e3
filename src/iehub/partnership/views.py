"""Quality indicators: the KPI table of the colleges a reader may see, each number's records, and the
XLSX export of both. Thin: the definitions and their computation are in ``kpis.py``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from iehub.accounts.models import ConsortiumMember
from iehub.core.kept_pages import kept_page
from iehub.core.scopes import COOPERATION, CURRICULA, EVALUATIONS, LEDGER, MATCHING, PEOPLE
from iehub.core.views_helpers import (
    BoundedPaginator,
    current_user,
    int_or_none,
    query_string_without_page,
    table_download,
)
from iehub.curriculum.models import Program
from iehub.curriculum.queries import COURSE_UPDATE_DAYS
from iehub.partnership import kpis, programs, trends

PROGRAMS_PER_PAGE = 50


def _scope(request: HttpRequest) -> tuple[list[Any], list[int], Any]:
    """The colleges the reader may see, the ones chosen (all by default) and the chosen one, if any."""
    user = current_user(request)
    colleges = list(kpis.kpi_colleges(user).order_by("code"))
    if not colleges:
        raise PermissionDenied(_("Quality indicators are for colleges' staff, officers and administrators."))
    chosen = next((c for c in colleges if c.pk == int_or_none(request.GET.get("college"))), None)
    if chosen is None and (consortium := int_or_none(request.GET.get("consortium"))):
        # A consortium's member colleges among those the reader sees (the "four collaborations" links).
        members = set(
            ConsortiumMember.objects.filter(consortium_id=consortium).values_list("member_id", flat=True)
        )
        return colleges, [c.pk for c in colleges if c.pk in members], None
    return colleges, [chosen.pk] if chosen else [c.pk for c in colleges], chosen


def _readable(
    records: list[tuple[Any, ...]], personal: tuple[int, ...], user: Any, colleges: list[int]
) -> list[tuple[Any, ...]]:
    """The records with the columns naming students blanked for readers outside those colleges."""
    if not personal or kpis.sees_students_of(user, colleges):
        return records
    hidden = _("(not shown)")
    return [tuple(hidden if i in personal else v for i, v in enumerate(r)) for r in records]


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return "" if value is None else value


def _shown(kpi: kpis.Kpi, measure: kpis.Measure | None) -> Any:
    """A trend cell as the export writes it: the value rounded, empty when nothing was measured."""
    if measure is None or measure.value is None:
        return ""
    return round(measure.value, 1)


def _trend_table(labels: list[str], rows: list[trends.Trend]) -> HttpResponse:
    header = [_("Indicator"), _("Unit"), *labels]
    table = [[str(t.kpi.name), t.kpi.unit, *(_shown(t.kpi, p) for p in t.points)] for t in rows]
    return table_download(header, table, "indicator-trends", "xlsx")


@login_required
@kept_page(COOPERATION, CURRICULA, EVALUATIONS, LEDGER, MATCHING)
def indicators(request: HttpRequest) -> HttpResponse:
    colleges, ids, chosen = _scope(request)
    rows = kpis.measures(ids)
    labels, trend_rows = trends.trends(ids, {k.key: m for k, m in rows})
    if request.GET.get("format") == "xlsx" and request.GET.get("view") == "trends":
        return _trend_table(labels, trend_rows)
    if request.GET.get("format") == "xlsx":
        header = [
            _("Indicator"),
            _("Value"),
            _("Unit"),
            _("Numerator"),
            _("Denominator"),
            _("Baseline"),
            _("Target"),
        ]
        table = [
            [
                str(k.name),
                _cell(None if m.value is None else round(m.value, 2)),
                k.unit,
                m.numerator,
                m.denominator,
                _cell(k.baseline),
                _cell(k.target),
            ]
            for k, m in rows
        ]
        return table_download([str(h) for h in header], table, "indicators", "xlsx")
    return render(
        request,
        "partnership/indicators.html",
        {
            "rows": rows,
            "colleges": colleges,
            "chosen": chosen,
            "query": request.GET.urlencode(),
            "labels": labels,
            "trends": trend_rows,
            "trend_chart": trends.chart(labels, trend_rows),
        },
    )


@login_required
def indicator_records(request: HttpRequest, key: str) -> HttpResponse:
    kpi = kpis.BY_KEY.get(key)
    if kpi is None:
        raise Http404
    _colleges, ids, chosen = _scope(request)
    records = _readable(kpi.records(ids), kpi.personal, current_user(request), ids)
    if request.GET.get("format") == "xlsx":
        table = [[_cell(v) for v in record] for record in records]
        return table_download([str(c) for c in kpi.columns], table, key, "xlsx")
    return render(
        request,
        "partnership/indicator_records.html",
        {
            "kpi": kpi,
            "measure": kpi.measure(ids),
            "records": [[_cell(v) for v in record] for record in records],
            "chosen": chosen,
            "query": request.GET.urlencode(),
        },
    )


def _program_table(rows: list[programs.ProgramRow]) -> HttpResponse:
    header = [
        _("College"),
        _("Program"),
        _("Teachers"),
        _("Dual-qualified share (%)"),
        _("Cooperation activities, last 12 months"),
        _("Partner enterprises involved"),
        _("Enterprise suggestions, last 12 months"),
        _("Change requests decided"),
        _("Median change cycle (days)"),
        _("Courses in force"),
        _("Courses overdue for revision"),
        _("Students"),
        _("Internships"),
    ]
    table = [
        [
            r.program.college.display_name,
            r.program.display_name,
            r.teachers,
            _cell(None if r.dual_share is None else round(r.dual_share, 1)),
            r.activities,
            r.partners,
            r.suggestions,
            r.decided_changes,
            _cell(r.change_cycle_days),
            r.courses,
            r.courses_overdue,
            r.students,
            r.internships,
        ]
        for r in rows
    ]
    return table_download([str(h) for h in header], table, "program-indicators", "xlsx")


@login_required
@kept_page(COOPERATION, CURRICULA, PEOPLE)
def program_indicators(request: HttpRequest) -> HttpResponse:
    """The indicators whose records belong to one program, one row per program of the colleges in scope."""
    colleges, ids, chosen = _scope(request)
    rows = programs.kept_program_rows(ids)
    if request.GET.get("format") == "xlsx":
        return _program_table(rows)
    # A province has hundreds of programs: fifty a page (the export holds them all).
    page = BoundedPaginator(rows, PROGRAMS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "partnership/program_indicators.html",
        {
            "page": page,
            "colleges": colleges,
            "chosen": chosen,
            "query": query_string_without_page(request),
            "query_string": query_string_without_page(request),
            "course_update_days": COURSE_UPDATE_DAYS,
        },
    )


@login_required
@kept_page(COOPERATION, CURRICULA, PEOPLE)
def program_records(request: HttpRequest, pk: int, figure: str) -> HttpResponse:
    """The records behind one number of the program page (students' names for the college's staff)."""
    user = current_user(request)
    found = programs.FIGURES.get(figure)
    colleges = kpis.kpi_colleges(user)
    if not colleges.exists():
        raise PermissionDenied(_("Quality indicators are for colleges' staff, officers and administrators."))
    if found is None:
        raise Http404
    program = get_object_or_404(Program.objects.filter(college__in=colleges).select_related("college"), pk=pk)
    records = _readable(
        found.records(program, timezone.localdate()), found.personal, user, [program.college_id]
    )
    rows = [[_cell(v) for v in record] for record in records]
    if request.GET.get("format") == "xlsx":
        return table_download([str(c) for c in found.columns], rows, f"program-{program.pk}-{figure}", "xlsx")
    return render(
        request,
        "partnership/program_records.html",
        {"figure": found, "program": program, "records": rows},
    )
