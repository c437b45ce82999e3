"""The annual quality report (质量年报) of a college: a generated draft its administrators edit, then
export as PDF (WeasyPrint) or DOCX (python-docx).

The numbers come from the KPI framework and the cooperation ledger at the time of export, never typed
in: what the administrators edit is the text around them. Charts are SVG in the PDF; the DOCX shows the
same figures as tables with a bar drawn in text, which every word processor renders without fonts or
images of ours.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from html import escape
from typing import Any

from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from iehub.accounts.models import Organization, Partnership
from iehub.engines import depth
from iehub.partnership import kpis, queries
from iehub.partnership.models import REPORT_SECTIONS as SECTIONS
from iehub.partnership.models import Activity, ActivityKind, QualityReport


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str


@dataclass(frozen=True)
class ReportData:
    """Everything the report shows, computed once for the page, the PDF and the DOCX alike."""

    college: Organization
    year: int
    generated: dt.datetime
    indicators: list[tuple[kpis.Kpi, kpis.Measure]]
    forms: list[Bar]
    tiers: list[Bar]
    totals: queries.Totals
    partnerships: int


def report_data(college: Organization, year: int) -> ReportData:
    ids = [college.pk]
    active = list(Partnership.objects.active().filter(college=college).values_list("pk", flat=True))
    running = queries.in_window(Activity.objects.filter(partnership_id__in=active))
    totals = queries.totals(running)
    with_kind = dict(
        queries.standing(running)
        .values_list("kind")
        .annotate(n=Count("partnership_id", distinct=True))
        .order_by()
    )
    forms = [
        Bar(
            str(label),
            _percent(with_kind.get(kind, 0), len(active)),
            f"{with_kind.get(kind, 0)}/{len(active)}",
        )
        for kind, label in ActivityKind.choices
    ]
    counts = queries.tier_counts(found.tier for found in queries.assessments(active).values())
    tiers = [
        Bar(str(queries.TIER_NAMES[depth.Tier(tier)]), _percent(n, len(active)), str(n))
        for tier, n in counts.items()
    ]
    return ReportData(
        college=college,
        year=year,
        generated=timezone.now(),
        indicators=kpis.measures(ids),
        forms=forms,
        tiers=tiers,
        totals=totals,
        partnerships=len(active),
    )


def _percent(part: int, whole: int) -> float:
    return 100 * part / whole if whole else 0.0


def value_text(kpi: kpis.Kpi, measure: kpis.Measure) -> str:
    """The value as the report prints it: 72.0%, 85 days, 4 — or a dash without data."""
    if measure.value is None:
        return "—"
    if kpi.unit == kpis.PERCENT:
        return f"{measure.value:.1f}%"
    if kpi.unit == kpis.DAYS:
        return _("%(d)s days") % {"d": f"{measure.value:.0f}"}
    return f"{measure.value:.0f}"


def target_text(kpi: kpis.Kpi, value: float | None) -> str:
    if value is None:
        return "—"
    if kpi.unit == kpis.DAYS:
        return _("%(d)s days") % {"d": f"{value:.0f}"}
    return f"{value:g}%" if kpi.unit == kpis.PERCENT else f"{value:g}"


def draft_sections(data: ReportData) -> dict[str, str]:
    """A first draft of each section from the figures, in the reader's language, for the
    administrators to rewrite."""
    by_key = {kpi.key: (kpi, measure) for kpi, measure in data.indicators}

    def shown(key: str) -> str:
        kpi, measure = by_key[key]
        return value_text(kpi, measure)

    top_forms = sorted(data.forms, key=lambda bar: -bar.value)[:3]
    deep = next(bar for bar in data.tiers if bar.label == str(queries.TIER_NAMES[depth.Tier.COGNITIVE]))
    return {
        "overview": _(
            "In %(year)s %(college)s worked with %(n)s partner enterprises in active partnerships; the "
            "ledger records %(activities)s cooperation activities over the last twelve months involving "
            "%(students)s students."
        )
        % {
            "year": data.year,
            "college": data.college.display_name,
            "n": data.partnerships,
            "activities": data.totals.activities,
            "students": data.totals.students,
        },
        "cooperation": _(
            "The most common forms of cooperation were %(forms)s. %(deep)s partnerships reached the "
            "cognitive tier (curricula and research developed together); %(depth)s of partnerships are "
            "institutional or deeper. Partner enterprises giving feedback: %(feedback)s."
        )
        % {
            "forms": "、".join(f"{bar.label} ({bar.value:.0f}%)" for bar in top_forms),
            "deep": deep.text,
            "depth": shown("institutional_depth"),
            "feedback": shown("enterprise_feedback"),
        },
        "teaching": _(
            "Skill alerts answered within 30 days: %(alerts)s; median curriculum change cycle: %(cycle)s; "
            "dual-qualified teachers: %(dual)s; training bases on real production: %(bases)s; evaluation "
            "schemes meeting the enterprise-weight policy: %(weight)s."
        )
        % {
            "alerts": shown("alert_response"),
            "cycle": shown("change_cycle"),
            "dual": shown("dual_qualified"),
            "bases": shown("real_production_bases"),
            "weight": shown("enterprise_weight_compliance"),
        },
        "employment": _(
            "The college arranged %(placements)s internships and apprenticeships; %(rate)s of the students "
            "in published allocation rounds were placed. Graduates working in their field (graduate "
            "tracking): %(relevance)s; enterprises satisfied with the cooperation (enterprise surveys): "
            "%(satisfaction)s."
        )
        % {
            "placements": shown("internships"),
            "rate": shown("round_match_rate"),
            "relevance": shown("graduate_relevance"),
            "satisfaction": shown("enterprise_satisfaction"),
        },
        "outlook": _("Describe the problems found and the measures planned for next year."),
    }


def report_for(college: Organization, year: int) -> QualityReport:
    """The stored report of the college and year, or an unsaved one (drafts are generated on display)."""
    found = QualityReport.objects.filter(college=college, year=year).first()
    return found or QualityReport(college=college, year=year, sections={})


def sections_of(report: QualityReport, data: ReportData) -> list[tuple[str, Any, str]]:
    """(key, title, text) per section: the edited text where there is one, the draft elsewhere."""
    draft = draft_sections(data)
    stored = report.sections or {}
    return [(key, title, str(stored.get(key) or draft[key])) for key, title in SECTIONS]


# --- charts and exports -----------------------------------------------------------------------------


def bar_svg(bars: list[Bar], width: int = 460) -> str:
    """Horizontal bars (0–100 %) as inline SVG for the PDF; labels escaped."""
    row, label_width = 18, 150
    height = row * len(bars) + 6
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-size="8">'
    ]
    scale = (width - label_width - 60) / 100
    for index, bar in enumerate(bars):
        y = index * row + 3
        length = max(0.0, min(100.0, bar.value)) * scale
        parts.append(f'<text x="{label_width - 6}" y="{y + 11}" text-anchor="end">{escape(bar.label)}</text>')
        parts.append(f'<rect x="{label_width}" y="{y + 2}" width="{length:.1f}" height="12" fill="#1f5fa8"/>')
        caption = f"{escape(bar.text)} · {bar.value:.0f}%"
        parts.append(f'<text x="{label_width + length + 4:.1f}" y="{y + 11}">{caption}</text>')
    parts.append("</svg>")
    return "".join(parts)


def text_bar(value: float, cells: int = 20) -> str:
    """A bar of block characters for the DOCX tables (0–100 %)."""
    filled = round(max(0.0, min(100.0, value)) / 100 * cells)
    return "█" * filled + "░" * (cells - filled)


def indicator_rows(data: ReportData) -> list[tuple[kpis.Kpi, str, str, str, kpis.Measure]]:
    """Each indicator with its value, baseline and target as the report prints them."""
    return [
        (kpi, value_text(kpi, m), target_text(kpi, kpi.baseline), target_text(kpi, kpi.target), m)
        for kpi, m in data.indicators
    ]


def context(report: QualityReport, data: ReportData) -> dict[str, Any]:
    return {
        "report": report,
        "data": data,
        "sections": sections_of(report, data),
        "rows": indicator_rows(data),
        "forms_chart": bar_svg(data.forms),
        "tiers_chart": bar_svg(data.tiers),
    }


def report_pdf(report: QualityReport, data: ReportData) -> bytes:
    # WeasyPrint takes a second to import: only the download pays for it.
    from weasyprint import HTML

    html = render_to_string("partnership/quality_report_pdf.html", context(report, data))
    return bytes(HTML(string=html).write_pdf())


def report_docx(report: QualityReport, data: ReportData) -> bytes:
    """The same report as an editable Word document."""
    from docx import Document

    document = Document()
    document.add_heading(_("Annual quality report %(year)s") % {"year": data.year}, level=0)
    document.add_paragraph(
        f"{data.college.display_name} · {_('generated')} {timezone.localtime(data.generated):%Y-%m-%d %H:%M}"
    )
    for key, title, text in sections_of(report, data):
        document.add_heading(str(title), level=1)
        for paragraph in text.splitlines():
            if paragraph.strip():
                document.add_paragraph(paragraph.strip())
        if key == "cooperation":
            _bar_table(document, _("Cooperation forms (share of active partnerships)"), data.forms)
            _bar_table(document, _("Depth tiers"), data.tiers)
    document.add_heading(_("Indicators"), level=1)
    table = document.add_table(rows=1, cols=5)
    table.style = "Light Grid Accent 1"
    for cell, text in zip(
        table.rows[0].cells,
        (_("Indicator"), _("Value"), _("Counted"), _("Baseline (papers)"), _("Target")),
        strict=True,
    ):
        cell.text = str(text)
    for kpi, value, baseline, target, measure in indicator_rows(data):
        counted = (
            f"{measure.numerator}/{measure.denominator}"
            if kpi.unit == kpis.PERCENT
            else str(measure.denominator)
        )
        for cell, text in zip(
            table.add_row().cells, (str(kpi.name), value, counted, baseline, target), strict=True
        ):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _bar_table(document: Any, title: str, bars: list[Bar]) -> None:
    document.add_paragraph(title)
    table = document.add_table(rows=0, cols=3)
    for bar in bars:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = (
            bar.label,
            text_bar(bar.value),
            f"{bar.text} · {bar.value:.0f}%",
        )
