"""How deep a school–enterprise partnership is: the physical, institutional and cognitive tiers.

The three tiers are the layered model of the SZPU case (seed 003): cooperation deepens from sharing
resources (the *physical* layer: interns hosted, a co-built training base, equipment, guest lectures),
to shared rules and responsibilities (the *institutional* layer: order classes, modern apprenticeships,
curriculum co-development, enterprise staff teaching, teachers' enterprise practice), to co-created
knowledge (the *cognitive* layer: joint curriculum *and* joint R&D or a shared technology platform).

The rule set is deliberately small and cumulative, so a college can read why a partnership sits where
it does and what would move it up; every condition looks at the activities of the ledger that run
during the last ``WINDOW_DAYS`` up to the date of the assessment (an activity counts while it runs; one
without an end date is still running). Pure: no Django, no database; the web layer names the
conditions in both languages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum

WINDOW_DAYS = 365
# Enterprise staff who teach a handful of hours give a lecture; a course needs a term's hours.
TEACHING_HOURS_FOR_INSTITUTIONAL = 16.0

PHYSICAL_KINDS = frozenset({"internship_hosting", "training_base", "equipment_funding", "guest_lecture"})
INSTITUTIONAL_KINDS = frozenset(
    {"curriculum", "order_class", "apprenticeship", "teacher_practice", "part_time_teaching"}
)
CO_CREATION_KINDS = frozenset({"joint_research", "shared_platform"})
ALL_KINDS = PHYSICAL_KINDS | INSTITUTIONAL_KINDS | CO_CREATION_KINDS


class Tier(IntEnum):
    DORMANT = 0
    PHYSICAL = 1
    INSTITUTIONAL = 2
    COGNITIVE = 3


@dataclass(frozen=True)
class Fact:
    """One ledger activity as the rules see it: its kind, when it ran (no end date: still running) and
    the hours it counts."""

    kind: str
    starts_on: dt.date
    ends_on: dt.date | None = None
    hours: float = 0.0

    def runs_during(self, first: dt.date, last: dt.date) -> bool:
        return self.starts_on <= last and (self.ends_on is None or self.ends_on >= first)


@dataclass(frozen=True)
class Condition:
    """One rule: its code (named in the UI), the tier it belongs to, whether it holds and the kinds of
    activity that made it hold."""

    code: str
    tier: Tier
    met: bool
    kinds: tuple[str, ...]


@dataclass(frozen=True)
class Assessment:
    tier: Tier
    conditions: tuple[Condition, ...]

    @property
    def reasons(self) -> tuple[Condition, ...]:
        """The conditions that hold (why the partnership sits at its tier)."""
        return tuple(c for c in self.conditions if c.met and c.tier <= self.tier)

    @property
    def next_steps(self) -> tuple[Condition, ...]:
        """The conditions of the next tier still missing (what would move it up); none at the top."""
        return tuple(c for c in self.conditions if not c.met and c.tier == self.tier + 1)


def window(as_of: dt.date, days: int = WINDOW_DAYS) -> tuple[dt.date, dt.date]:
    """The first and last day the assessment on ``as_of`` looks at (both included)."""
    return as_of - dt.timedelta(days=days - 1), as_of


def assess(facts: Iterable[Fact], as_of: dt.date, days: int = WINDOW_DAYS) -> Assessment:
    """The tier of one partnership on ``as_of`` from its activities, with the conditions behind it."""
    first, last = window(as_of, days)
    running = [f for f in facts if f.runs_during(first, last)]
    kinds = {f.kind for f in running}
    teaching_hours = sum(f.hours for f in running if f.kind == "part_time_teaching")
    institutional = sorted(kinds & (INSTITUTIONAL_KINDS - {"part_time_teaching"}))
    if teaching_hours >= TEACHING_HOURS_FOR_INSTITUTIONAL:
        institutional = sorted([*institutional, "part_time_teaching"])
    co_creation = sorted(kinds & CO_CREATION_KINDS)
    curriculum = sorted(kinds & {"curriculum"})
    conditions = (
        Condition("activity", Tier.PHYSICAL, bool(kinds), tuple(sorted(kinds))),
        Condition("institutional_form", Tier.INSTITUTIONAL, bool(institutional), tuple(institutional)),
        Condition("joint_curriculum", Tier.COGNITIVE, bool(curriculum), tuple(curriculum)),
        Condition("co_creation", Tier.COGNITIVE, bool(co_creation), tuple(co_creation)),
    )
    tier = Tier.DORMANT
    for level in (Tier.PHYSICAL, Tier.INSTITUTIONAL, Tier.COGNITIVE):
        if not all(c.met for c in conditions if c.tier == level):
            break
        tier = level
    return Assessment(tier, conditions)


def quarter_ends(as_of: dt.date, count: int) -> list[dt.date]:
    """The last days of the ``count`` quarters up to the one holding ``as_of`` (that one ends on
    ``as_of`` itself), oldest first."""
    ends: list[dt.date] = [as_of]
    year, quarter = as_of.year, (as_of.month - 1) // 3  # the quarter before as_of's, 0-based
    while len(ends) < count:
        if quarter == 0:
            year, quarter = year - 1, 4
        ends.append(dt.date(year, 3 * quarter, 31 if quarter in (1, 4) else 30))
        quarter -= 1
    return ends[::-1]


def quarter_label(day: dt.date) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def history(facts: Sequence[Fact], as_of: dt.date, quarters: int = 8) -> list[tuple[str, Tier]]:
    """The tier at the end of each of the last ``quarters`` quarters (the current one up to today)."""
    return [(quarter_label(end), assess(facts, end).tier) for end in quarter_ends(as_of, quarters)]
