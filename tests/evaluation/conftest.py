"""A film project evaluated by self, peer, teacher, mentor and client under one scheme."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from iehub.accounts.models import User
from iehub.accounts.roles import Role
from iehub.evaluation import actions
from iehub.evaluation.models import Criterion, Rubric, Scheme
from iehub.practice.actions import projects as project_actions
from iehub.practice.models import Project, ProjectMember
from iehub.taxonomy.models import Field, Skill
from tests.conftest import World, make_user
from tests.practice.conftest import film_template

WEIGHTS = {"self": 10, "peer": 10, "teacher": 40, "mentor": 20, "client": 20}


@dataclass
class Evaluated:
    world: World
    project: Project
    peer: User
    rubric: Rubric
    grading: Criterion
    teamwork: Criterion
    scheme: Scheme


def skill(key: str, zh: str, en: str) -> Skill:
    return Skill.objects.create(uri=f"urn:iehub:skill:{key}", label_en=en, label_zh=zh, field=Field.FILM_TV)


@pytest.fixture
def evaluated(world: World) -> Evaluated:
    today = timezone.localdate()
    project = project_actions.create_project(
        world.teacher,
        world.college,
        world.enterprise,
        {
            "kind": Project.Kind.ENTERPRISE_PROJECT,
            "title": "品牌宣传片",
            "brief": "真实项目",
            "starts_on": today,
            "due_on": today + dt.timedelta(days=30),
            "program": world.program,
        },
        film_template(),
    )
    peer = make_user("peer", world.college, Role.STUDENT, program=world.program, cohort=2024)
    for person, kind in [
        (world.student, ProjectMember.Kind.STUDENT),
        (peer, ProjectMember.Kind.STUDENT),
        (world.mentor, ProjectMember.Kind.MENTOR),
    ]:
        project_actions.add_member(world.teacher, project, person, kind)
    rubric = actions.create_rubric(
        world.teacher,
        world.college,
        {"name": "影视项目评价量表", "name_en": "Film project rubric", "levels": 4},
    )
    grading = actions.add_criterion(
        world.teacher,
        rubric,
        skill("grading", "调色", "colour grading"),
        {
            "component": "product",
            "name": "调色质量",
            "name_en": "Grading quality",
            "descriptors": ["色彩失衡", "基本一致", "风格统一", "达到播出标准"],
            "descriptors_en": ["Unbalanced", "Mostly consistent", "Consistent look", "Broadcast ready"],
        },
    )
    teamwork = actions.add_criterion(
        world.teacher,
        rubric,
        skill("teamwork", "团队协作", "teamwork"),
        {
            "component": "teamwork",
            "name": "团队协作",
            "name_en": "Teamwork",
            "roles": ["self", "peer", "teacher", "mentor"],
        },
    )
    scheme = actions.save_scheme(
        world.teacher,
        world.college,
        {"name": "宣传片项目评价", "rubric": rubric, "project": project, "mastery_threshold": 2.5},
        WEIGHTS,
    )
    return Evaluated(world, project, peer, rubric, grading, teamwork, scheme)
