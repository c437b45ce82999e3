"""Depth-tier rules: one test per tier boundary, the window's edges, and the quarterly history."""

from __future__ import annotations

import datetime as dt

import pytest

from iehub.engines.depth import Fact, Tier, assess, history, quarter_ends, window

TODAY = dt.date(2026, 11, 29)
RECENT = TODAY - dt.timedelta(days=30)


def tier(*facts: Fact) -> Tier:
    return assess(facts, TODAY).tier


def test_nothing_recorded_is_dormant_and_the_next_step_is_any_activity() -> None:
    found = assess([], TODAY)
    assert found.tier == Tier.DORMANT
    assert [c.code for c in found.next_steps] == ["activity"]
    assert found.reasons == ()


def test_one_guest_lecture_is_physical() -> None:
    found = assess([Fact("guest_lecture", RECENT, RECENT)], TODAY)
    assert found.tier == Tier.PHYSICAL
    assert [c.code for c in found.reasons] == ["activity"]
    assert [c.code for c in found.next_steps] == ["institutional_form"]


@pytest.mark.parametrize("kind", ["order_class", "apprenticeship", "curriculum", "teacher_practice"])
def test_each_institutional_form_alone_is_institutional(kind: str) -> None:
    assert tier(Fact(kind, RECENT)) == Tier.INSTITUTIONAL


def test_enterprise_teaching_counts_from_16_hours_in_the_window() -> None:
    assert tier(Fact("part_time_teaching", RECENT, RECENT, 15.5)) == Tier.PHYSICAL
    assert tier(Fact("part_time_teaching", RECENT, RECENT, 16)) == Tier.INSTITUTIONAL
    # Two terms of 8 hours add up; hours outside the window do not.
    assert (
        tier(Fact("part_time_teaching", RECENT, RECENT, 8), Fact("part_time_teaching", RECENT, RECENT, 8))
        == Tier.INSTITUTIONAL
    )
    old = TODAY - dt.timedelta(days=400)
    assert tier(Fact("part_time_teaching", RECENT, RECENT, 8), Fact("part_time_teaching", old, old, 8)) == (
        Tier.PHYSICAL
    )


def test_research_without_a_joint_curriculum_stays_institutional() -> None:
    found = assess([Fact("joint_research", RECENT), Fact("order_class", RECENT)], TODAY)
    assert found.tier == Tier.INSTITUTIONAL
    assert [c.code for c in found.next_steps] == ["joint_curriculum"]


def test_curriculum_with_research_or_a_platform_is_cognitive() -> None:
    assert tier(Fact("curriculum", RECENT), Fact("joint_research", RECENT)) == Tier.COGNITIVE
    found = assess([Fact("curriculum", RECENT), Fact("shared_platform", RECENT)], TODAY)
    assert found.tier == Tier.COGNITIVE and found.next_steps == ()
    assert {c.code for c in found.reasons} == {
        "activity",
        "institutional_form",
        "joint_curriculum",
        "co_creation",
    }


def test_a_platform_without_an_institution_is_only_physical() -> None:
    """Cumulative: the cognitive conditions count only once the institutional one holds."""
    assert tier(Fact("shared_platform", RECENT), Fact("joint_research", RECENT)) == Tier.PHYSICAL


def test_the_window_is_the_last_365_days_both_ends_included() -> None:
    first, last = window(TODAY)
    assert (last - first).days == 364 and last == TODAY
    assert tier(Fact("order_class", first, first)) == Tier.INSTITUTIONAL
    day_before = first - dt.timedelta(days=1)
    assert tier(Fact("order_class", day_before, day_before)) == Tier.DORMANT
    assert tier(Fact("order_class", TODAY + dt.timedelta(days=1))) == Tier.DORMANT  # not started yet


def test_a_long_activity_counts_while_it_runs_and_an_open_one_is_still_running() -> None:
    start = TODAY - dt.timedelta(days=3 * 365)
    assert tier(Fact("apprenticeship", start, TODAY + dt.timedelta(days=10))) == Tier.INSTITUTIONAL
    assert tier(Fact("apprenticeship", start)) == Tier.INSTITUTIONAL
    assert tier(Fact("apprenticeship", start, start + dt.timedelta(days=365))) == Tier.DORMANT


def test_quarter_ends_are_calendar_quarters_up_to_today() -> None:
    assert quarter_ends(dt.date(2026, 2, 10), 3) == [
        dt.date(2025, 9, 30),
        dt.date(2025, 12, 31),
        dt.date(2026, 2, 10),
    ]
    assert quarter_ends(dt.date(2026, 7, 1), 2) == [dt.date(2026, 6, 30), dt.date(2026, 7, 1)]


def test_history_shows_a_partnership_deepening() -> None:
    facts = [
        Fact("internship_hosting", dt.date(2025, 3, 1), dt.date(2025, 7, 31)),
        Fact("curriculum", dt.date(2026, 3, 1), dt.date(2026, 6, 30)),
        Fact("joint_research", dt.date(2026, 9, 1)),
    ]
    found = dict(history(facts, TODAY, quarters=8))
    assert found["2025 Q1"] == Tier.PHYSICAL
    assert found["2025 Q4"] == Tier.PHYSICAL
    assert found["2026 Q2"] == Tier.INSTITUTIONAL
    assert found["2026 Q3"] == Tier.COGNITIVE
    assert list(found) == [f"{y} Q{q}" for y in (2025, 2026) for q in (1, 2, 3, 4)]
