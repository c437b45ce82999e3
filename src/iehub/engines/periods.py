"""Reporting periods: quarters (``2024Q3``) and months (``2024-07``)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True, order=True)
class Period:
    """A quarter or a month; ``index`` counts periods since year 0, so consecutive periods differ by 1."""

    index: int
    per_year: int  # 4 for quarters, 12 for months

    @classmethod
    def parse(cls, text: str) -> Period:
        text = text.strip()
        if m := _QUARTER.match(text):
            return cls(int(m.group(1)) * 4 + int(m.group(2)) - 1, 4)
        if m := _MONTH.match(text):
            return cls(int(m.group(1)) * 12 + int(m.group(2)) - 1, 12)
        raise ValueError(f"period {text!r} is neither like 2024Q3 nor like 2024-07")

    @property
    def season(self) -> int:
        """0-based quarter or month within the year."""
        return self.index % self.per_year

    def __str__(self) -> str:
        year, season = divmod(self.index, self.per_year)
        return f"{year}Q{season + 1}" if self.per_year == 4 else f"{year}-{season + 1:02d}"

    @property
    def end(self) -> dt.date:
        """The last day of the period."""
        year, season = divmod(self.index + 1, self.per_year)
        months = 12 // self.per_year
        return dt.date(year, season * months + 1, 1) - dt.timedelta(days=1)
