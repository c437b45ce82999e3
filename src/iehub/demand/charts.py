"""Chart options (ECharts) shared by the pages that show a skill's demand."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


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
