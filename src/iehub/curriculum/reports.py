"""The gap analysis as a file (XLSX for working on it, PDF for the committee's papers) and as a chart."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from iehub.core.tabular import write_xlsx
from iehub.curriculum.queries import ProgramAlignment
from iehub.engines.alignment import Status


def status_label(status: Status) -> str:
    return {
        Status.COVERED: _("Covered"),
        Status.PARTIAL: _("Partially covered"),
        Status.NOT_COVERED: _("Not covered"),
        Status.NOT_DEMANDED: _("Taught but not demanded"),
    }[status]


def gap_rows(analysis: ProgramAlignment) -> tuple[list[str], list[list[Any]]]:
    header = [
        _("Skill"),
        _("URI"),
        _("Status"),
        _("Demand weight"),
        _("Share of postings"),
        _("Growth"),
        _("Required level"),
        _("Taught level"),
        _("Coverage"),
        _("Required by a work task"),
    ]
    rows = [
        [
            str(skill),
            skill.uri,
            status_label(row.status),
            round(row.weight, 5),
            round(row.share, 5),
            round(row.growth, 3),
            row.required_level,
            row.taught_level,
            round(row.coverage, 3),
            _("yes") if row.required_by_tasks else _("no"),
        ]
        for row, skill in analysis.rows() + analysis.extra_rows()
    ]
    return header, rows


def gap_report(analysis: ProgramAlignment, fmt: str) -> tuple[bytes, str, str]:
    name = f"alignment-{analysis.program.major_code}-{analysis.period or 'none'}"
    if fmt == "xlsx":
        header, rows = gap_rows(analysis)
        score = analysis.result.score
        rows.insert(
            0, [_("Alignment score"), "", score if score is not None else "—"] + [""] * (len(header) - 3)
        )
        return (
            write_xlsx(header, rows, name),
            f"{name}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    from weasyprint import HTML

    html = render_to_string(
        "curriculum/gaps_pdf.html",
        {
            "analysis": analysis,
            "rows": [(r, s, status_label(r.status)) for r, s in analysis.rows()],
            "extra": analysis.extra_rows(),
            "generated": timezone.localtime(),
        },
    )
    return HTML(string=html).write_pdf(), f"{name}.pdf", "application/pdf"


def history_chart(history: list[tuple[str, float | None]]) -> dict[str, Any] | None:
    if not any(score is not None for _, score in history):
        return None
    return {
        "animation": False,
        "grid": {"left": 40, "right": 20, "top": 20, "bottom": 30},
        "tooltip": {"trigger": "axis"},
        "xAxis": {"type": "category", "data": [period for period, _ in history]},
        "yAxis": {"type": "value", "min": 0, "max": 100},
        "series": [{"type": "line", "name": str(_("Alignment score")), "data": [s for _, s in history]}],
    }
