"""Chart options (ECharts) shared by the pages that show a skill's demand."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The two sides of a detected break, as the page and the chart name them.
SIDES = (
    ("before", gettext_lazy("Level before the break")),
    ("after", gettext_lazy("Level from the break on")),
)


@dataclass(frozen=True)
class LevelShown:
    """One side of a detected break, as the alert page prints it."""

    label: str
    share: str  # "0.212 %"
    interval: str  # "0.201–0.224 %"
    periods: int
    postings: int


def _percent(share: float) -> str:
    return f"{100 * share:.3f}"


def break_levels(evidence: dict[str, Any]) -> list[LevelShown]:
    """The share before and after the break with their 95 % intervals (none for an emergence)."""
    shown = []
    for key, label in SIDES:
        level = evidence.get(key)
        if not isinstance(level, dict):
            continue
        shown.append(
            LevelShown(
                str(label),
                f"{_percent(level['share'])} %",
                f"{_percent(level['low'])}–{_percent(level['high'])} %",
                int(level["periods"]),
                int(level["postings"]),
            )
        )
    return shown


def test_description(evidence: dict[str, Any], direction: str) -> str:
    """Which test raised the alert, in the reader's language."""
    if direction == "emerging":
        return str(_("Exact binomial test: postings now against the (almost empty) periods before"))
    if "before" not in evidence:
        return ""
    return str(
        _(
            "Change-point scan of the skill's share (overdispersed, autocorrelated noise), "
            "corrected for every break position tried, then for every skill tested (Benjamini–Hochberg)"
        )
    )


def _level_line(series: list[dict[str, Any]], evidence: dict[str, Any], key: str) -> list[float | None]:
    """The level of one side of the break on the periods it covers, empty elsewhere."""
    periods = [p["period"] for p in series]
    at = periods.index(evidence["break_period"])
    level = evidence[key]
    span = range(at - int(level["periods"]), at) if key == "before" else range(at, at + int(level["periods"]))
    value = round(100 * float(level["share"]), 3)
    return [value if i in span else None for i in range(len(periods))]


def share_chart(
    series: list[dict[str, Any]], evidence: dict[str, Any] | None = None
) -> dict[str, Any] | None:
    """ECharts options: the skill's share of postings per period (%), from the alert's evidence; with a
    detected break, the levels before and after it (dashed) and the break period marked."""
    if not series:
        return None
    lines: list[dict[str, Any]] = [
        {
            "type": "line",
            "name": str(_("Share of postings")),
            "data": [round(100 * p["count"] / p["total"], 3) if p["total"] else 0 for p in series],
        }
    ]
    evidence = evidence or {}
    periods = [p["period"] for p in series]
    if evidence.get("break_period") in periods and "before" in evidence and "after" in evidence:
        lines[0]["markLine"] = {
            "symbol": "none",
            "label": {"formatter": str(_("break"))},
            "data": [{"xAxis": evidence["break_period"]}],
        }
        for key, name in SIDES:
            lines.append(
                {
                    "type": "line",
                    "name": str(name),
                    # a level over one period is a single point: a line needs two, so mark the point
                    "symbol": "diamond" if int(evidence[key]["periods"]) == 1 else "none",
                    "lineStyle": {"type": "dashed"},
                    "data": _level_line(series, evidence, key),
                }
            )
    return {
        "animation": False,
        "grid": {"left": 50, "right": 20, "top": 30, "bottom": 30},
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "xAxis": {"type": "category", "data": periods},
        "yAxis": {"type": "value", "axisLabel": {"formatter": "{value}%"}},
        "series": lines,
    }
