"""An internship of the world's partner enterprise, asking for three skills, and a student whose
portfolio holds two of them (one below the level asked)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from iehub.evaluation import actions as evaluation
from iehub.matching import actions
from iehub.matching.models import Opportunity
from iehub.taxonomy.models import Field, Skill
from tests.conftest import World


@dataclass
class Market:
    world: World
    grading: Skill
    editing: Skill
    lighting: Skill
    opportunity: Opportunity


def make_skill(key: str, zh: str, en: str) -> Skill:
    return Skill.objects.create(uri=f"urn:iehub:skill:{key}", label_en=en, label_zh=zh, field=Field.FILM_TV)


def internship_data(**changes: object) -> dict[str, object]:
    starts = timezone.localdate() + dt.timedelta(days=60)
    data: dict[str, object] = {
        "kind": Opportunity.Kind.INTERNSHIP,
        "title": "调色实习生",
        "title_en": "Grading intern",
        "description": "负责调色和剪辑",
        "region_code": "440100",
        "places": 3,
        "starts_on": starts,
        "ends_on": starts + dt.timedelta(days=120),
        "stipend_monthly": Decimal("3000"),
        "probation_wage": Decimal("3200"),
    }
    data.update(changes)
    return data


@pytest.fixture
def market(world: World) -> Market:
    grading = make_skill("grading", "调色", "colour grading")
    editing = make_skill("editing", "剪辑", "video editing")
    lighting = make_skill("lighting", "灯光", "lighting")
    opportunity = actions.save_opportunity(
        world.enterprise_admin,
        world.enterprise,
        internship_data(),
        [
            actions.RequiredSkill(grading, 2, 3),
            actions.RequiredSkill(editing, 3, 2),
            actions.RequiredSkill(lighting, 2, 1),
        ],
    )
    actions.publish_opportunity(world.enterprise_admin, opportunity)
    actions.vet_organization(world.platform_admin, world.enterprise, "checked")
    evaluate(world, {grading: 4, editing: 3})
    return Market(world, grading, editing, lighting, opportunity)


def evaluate(world: World, levels: dict[Skill, int]) -> None:
    """The teacher marks the world's student on a four-level rubric of the program (4 → 3.0 on the
    portfolio's scale, 3 → 2.33)."""
    rubric = evaluation.create_rubric(world.teacher, world.college, {"name": "作品评价", "levels": 4})
    criteria = {
        skill: evaluation.add_criterion(
            world.teacher,
            rubric,
            skill,
            {"component": "product", "name": skill.label_zh, "roles": ["teacher"]},
        )
        for skill in levels
    }
    scheme = evaluation.save_scheme(
        world.teacher,
        world.college,
        {"name": "课程评价", "rubric": rubric, "program": world.program},
        {"teacher": 70, "mentor": 30},
    )
    evaluation.record_evaluation(
        world.teacher,
        scheme,
        world.student,
        "teacher",
        {criteria[s].pk: level for s, level in levels.items()},
    )
