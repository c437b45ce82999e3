"""A small curriculum with demand data whose alignment can be computed by hand (see test_gaps.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from iehub.curriculum import actions
from iehub.curriculum.models import (
    CareerDirection,
    CommitteeMember,
    Course,
    CurriculumVersion,
    Module,
    ModuleCompetency,
    TaskCompetency,
    WorkTask,
)
from iehub.demand.models import Cut, Granularity, PostingVolume, SkillDemand
from iehub.taxonomy.models import Field, Skill
from tests.conftest import World

IN_FORCE_SINCE = dt.datetime(2025, 9, 1, tzinfo=dt.UTC)
PERIODS = ("2025Q4", "2026Q1", "2026Q2", "2026Q3")


@dataclass
class Curriculum:
    world: World
    grading: Skill
    ops: Skill
    new: Skill
    version: CurriculumVersion
    course: Course
    task: WorkTask


def _skill(key: str, en: str, zh: str, **tags: bool) -> Skill:
    return Skill.objects.create(
        uri=f"urn:iehub:skill:{key}", label_en=en, label_zh=zh, field=Field.FILM_TV, **tags
    )


@pytest.fixture
def curriculum(world: World) -> Curriculum:
    program = world.program
    program.field = Field.FILM_TV
    program.save()
    grading = _skill("grading", "colour grading", "调色", digital=True)
    ops = _skill("dit", "on-set data management", "现场数据管理", digital=True)
    new = _skill("aigc", "AI-generated video", "AI 视频生成", digital=True, innovation=True)
    for period in PERIODS:
        PostingVolume.objects.create(granularity=Granularity.QUARTER, period=period, cut=Cut.ALL, total=1000)
    counts = {grading: (100, 100, 100, 100), ops: (50, 50, 50, 50), new: (0, 0, 10, 40)}
    for skill, series in counts.items():
        for period, count in zip(PERIODS, series, strict=True):
            if count:
                SkillDemand.objects.create(
                    skill=skill, granularity=Granularity.QUARTER, period=period, cut=Cut.ALL, count=count
                )
    direction = CareerDirection.objects.create(program=program, name="数字影像工程师", name_en="DIT")
    task = WorkTask.objects.create(
        direction=direction, name="现场素材管理与调色", name_en="Manage and grade footage"
    )
    TaskCompetency.objects.create(task=task, skill=grading, level=3)
    TaskCompetency.objects.create(task=task, skill=ops, level=2)
    version = actions.copy_version(world.program_lead, None, program)
    course = Course.objects.create(version=version, code="C101", name="数字调色", credits=4, term=3)
    m1 = Module.objects.create(course=course, code="M1", name="达芬奇调色", credits=2, hours=32)
    m2 = Module.objects.create(course=course, code="M2", name="素材管理", credits=2, hours=32)
    ModuleCompetency.objects.create(module=m1, skill=grading, level=3)
    ModuleCompetency.objects.create(module=m2, skill=ops, level=1)
    actions.put_in_force(world.program_lead, version, "2025-2026-1", now=IN_FORCE_SINCE)
    CommitteeMember.objects.create(program=program, user=world.program_lead, seat=CommitteeMember.Seat.CHAIR)
    CommitteeMember.objects.create(program=program, user=world.mentor)
    CommitteeMember.objects.create(program=program, user=world.teacher)
    program.key_skills.add(new)
    return Curriculum(world, grading, ops, new, version, course, task)
