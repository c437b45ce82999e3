"""Alignment and gaps against hand-computed numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from iehub.curriculum import actions, queries
from iehub.curriculum.models import CurriculumVersion, Module, ModuleCompetency
from iehub.demand.models import Cut, Granularity, SkillDemand
from iehub.engines.alignment import Demand, Status, align, shares_and_growth
from iehub.taxonomy.models import Field, Skill
from tests.curriculum.conftest import PERIODS, Curriculum


def test_align_matches_hand_computation() -> None:
    demand = {
        "A": Demand(0.10, 0.0),
        "B": Demand(0.05, 0.5),
        "C": Demand(0.02, 2.0),  # growth capped at +100 %
        "D": Demand(0.001, 0.0),  # below the minimum share and not required: not demanded
        "E": Demand(0.0, 0.0),  # required by a task, no postings: floor weight
    }
    result = align(demand, required={"A": 3, "E": 2}, taught={"A": 2, "B": 2, "F": 1})
    by_key = {row.skill: row for row in result.demanded}
    assert sorted(by_key) == ["A", "B", "C", "E"]
    assert by_key["A"].weight == pytest.approx(0.10)
    assert by_key["B"].weight == pytest.approx(0.075)
    assert by_key["C"].weight == pytest.approx(0.04)
    assert by_key["E"].weight == pytest.approx(0.005)
    assert by_key["A"].coverage == pytest.approx(2 / 3) and by_key["A"].status == Status.PARTIAL
    assert by_key["B"].status == Status.COVERED
    assert by_key["C"].status == Status.NOT_COVERED and by_key["C"].required_level == 2
    assert by_key["E"].status == Status.NOT_COVERED
    # 100 × (0.10 × 2/3 + 0.075) / 0.22
    assert result.score == pytest.approx(64.4)
    assert [row.skill for row in result.demanded] == ["A", "B", "C", "E"]  # heaviest first
    assert [(row.skill, row.status) for row in result.not_demanded] == [("F", Status.NOT_DEMANDED)]


def test_no_demand_means_no_score() -> None:
    assert align({}, {}, {"A": 3}).score is None


def test_shares_and_growth_pool_the_last_four_periods() -> None:
    totals = dict.fromkeys(("P1", "P2", "P3", "P4", "P5"), 100)
    counts = {"x": {"P1": 10, "P2": 10, "P3": 10, "P4": 10, "P5": 20}, "y": {"P5": 5}}
    found = shares_and_growth(counts, totals, ["P1", "P2", "P3", "P4", "P5"])
    assert found["x"].share == pytest.approx(50 / 400)
    assert found["x"].growth == pytest.approx(1.0)  # 0.20 against a mean of 0.10
    assert found["y"].growth == pytest.approx(1.0)  # absent before: the cap


def test_program_gap_list_from_the_database(curriculum: Curriculum) -> None:
    result = queries.program_alignment(curriculum.world.program)
    rows = {skill.uri: row for row, skill in result.rows()}
    assert rows[curriculum.grading.uri].status == Status.COVERED
    assert rows[curriculum.ops.uri].status == Status.PARTIAL
    assert rows[curriculum.new.uri].status == Status.NOT_COVERED
    # weights: grading 0.1; DIT 0.05; AIGC 0.0125 × 2 (growth capped) = 0.025
    assert result.result.score == pytest.approx(round(100 * (0.1 + 0.025) / 0.175, 1))
    assert result.period == "2026Q3"


def test_history_uses_the_version_in_force_each_quarter(curriculum: Curriculum) -> None:
    program = curriculum.world.program
    lead = curriculum.world.program_lead
    v2 = actions.copy_version(lead, curriculum.version, program)
    module = Module.objects.get(course__version=v2, code="M2")
    actions.set_module_competency(lead, module, curriculum.ops, 2)
    actions.put_in_force(lead, v2, "2025-2026-2", now=dt.datetime(2026, 5, 1, tzinfo=dt.UTC))
    history = queries.alignment_history(program)
    assert [period for period, _ in history] == ["2025Q4", "2026Q1", "2026Q2", "2026Q3"]
    scores = [score for _, score in history]
    assert scores[0] == scores[1] and scores[2] is not None and scores[1] is not None
    assert scores[2] > scores[1]  # v2 covers the DIT skill fully from 2026Q2 on
    assert scores[-1] == queries.program_alignment(program).result.score
    v1_only = queries.alignment_history(program)[:2]
    assert all(score is not None for _, score in v1_only)


def test_no_history_before_a_curriculum_was_in_force(curriculum: Curriculum) -> None:
    CurriculumVersion.objects.filter(pk=curriculum.version.pk).update(
        in_force_from=dt.datetime(2026, 8, 1, tzinfo=dt.UTC)
    )
    scores = [score for _, score in queries.alignment_history(curriculum.world.program)]
    assert scores[:3] == [None, None, None] and scores[3] is not None


def test_gap_analysis_for_one_career_direction(curriculum: Curriculum) -> None:
    from iehub.curriculum.models import CareerDirection, TaskCompetency, WorkTask

    program = curriculum.world.program
    colourist = CareerDirection.objects.create(program=program, name="调色师", name_en="Colourist")
    task = WorkTask.objects.create(direction=colourist, name="AI 辅助调色")
    TaskCompetency.objects.create(task=task, skill=curriculum.new, level=3)
    dit = curriculum.task.direction

    def levels(direction: CareerDirection) -> dict[str, int]:
        return {
            s.uri: r.required_level for r, s in queries.program_alignment(program, direction=direction).rows()
        }

    assert levels(colourist)[curriculum.new.uri] == 3
    assert curriculum.grading.uri not in levels(colourist)  # not this direction's, not rising: not demanded
    assert levels(dit)[curriculum.grading.uri] == 3
    assert levels(dit)[curriculum.new.uri] == 2  # rising in the field: demanded at the default level


def _demanded_and_taught(curriculum: Curriculum, key: str, field: str, count: int, taught: int) -> Skill:
    skill = Skill.objects.create(uri=f"urn:iehub:skill:{key}", label_en=key, label_zh=key, field=field)
    for period in PERIODS:
        if count:
            SkillDemand.objects.create(
                skill=skill, granularity=Granularity.QUARTER, period=period, cut=Cut.ALL, count=count
            )
    if count:
        curriculum.world.program.key_skills.add(skill)
    if taught:
        module = Module.objects.get(course__version=curriculum.version, code="M1")
        ModuleCompetency.objects.create(module=module, skill=skill, level=taught)
    return skill


def test_the_gap_page_shows_gaps_and_heavy_skills_first_and_folds_the_rest(curriculum: Curriculum) -> None:
    """12 light, fully taught skills, a lighter gap and 5 cross-cutting skills: the light ones past the
    ten heaviest and the cross-cutting ones neither taught nor demanded are folded; every gap stays in
    view, however light."""
    light = [_demanded_and_taught(curriculum, f"light{i:02}", Field.FILM_TV, 20, 3) for i in range(12)]
    lightest_gap = _demanded_and_taught(curriculum, "lightest-gap", Field.FILM_TV, 10, 0)
    taught_cross = _demanded_and_taught(curriculum, "teamwork", Field.CROSS_CUTTING, 0, 2)
    quiet_cross = [_demanded_and_taught(curriculum, f"quiet{i}", Field.CROSS_CUTTING, 0, 0) for i in range(4)]
    client = curriculum.world.client_for(curriculum.world.program_lead)
    response = client.get(f"/curriculum/programs/{curriculum.world.program.pk}/gaps/")
    assert response.status_code == 200
    shown = [skill for _row, skill, _label in response.context["rows"]]
    folded = [skill for _row, skill, _label in response.context["folded_rows"]]
    # heaviest first: grading 10 %, DIT 5 %, AIGC 2.5 % (with growth), the light ones 2 %, the gap 1 %
    assert shown[:3] == [curriculum.grading, curriculum.ops, curriculum.new]
    assert len(shown) == queries.HEAVIEST_SHOWN + 1 and shown[-1] == lightest_gap
    assert len(folded) == 5 and set(folded) <= set(light)
    assert set(shown) | set(folded) == {
        curriculum.grading,
        curriculum.ops,
        curriculum.new,
        lightest_gap,
        *light,
    }
    dimension_keys = [d.key for d in response.context["dimensions"]]
    assert dimension_keys == ["digital", "green", "innovation", taught_cross.uri]
    assert {d.key for d in response.context["quiet_dimensions"]} == {s.uri for s in quiet_cross}
    page = response.content.decode()
    assert 'data-testid="folded-gaps"' in page and 'data-testid="folded-dimensions"' in page
    assert "quiet0" in page  # folded, not hidden
