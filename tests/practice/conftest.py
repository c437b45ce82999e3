"""Two bases of the world's college: a lab on campus with a camera, and a stage at the partner
enterprise. Times are fixed in the future of a fixed ``NOW``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from iehub.practice import actions
from iehub.practice.actions import projects as project_actions
from iehub.practice.field_templates import ensure_field_templates
from iehub.practice.models import Equipment, FieldTemplate, Project, ProjectMember, TrainingBase
from tests.conftest import World

NOW = timezone.make_aware(dt.datetime(2026, 12, 1, 8, 0))


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A moment in December 2026, in the platform's time zone."""
    return timezone.make_aware(dt.datetime(2026, 12, day, hour, minute))


@dataclass
class Bases:
    world: World
    lab: TrainingBase
    stage: TrainingBase
    camera: Equipment


@pytest.fixture
def bases(world: World) -> Bases:
    lab = actions.save_base(
        world.college_admin,
        world.college,
        {"name": "影视后期实训室", "name_en": "Post-production lab", "location": "on_campus", "capacity": 40},
    )
    stage = actions.save_base(
        world.college_admin,
        world.college,
        {
            "name": "虚拟制作基地",
            "location": "off_campus",
            "capacity": 20,
            "real_production": True,
            "partner": world.enterprise.pk,
        },
    )
    camera = actions.add_equipment(world.college_admin, lab, "CAM-01", "摄影机套件", "Camera kit")
    return Bases(world, lab, stage, camera)


def film_template() -> FieldTemplate:
    """The film template of the data migration (recreated where a transactional test flushed it)."""
    ensure_field_templates()
    return FieldTemplate.objects.get(field="film")


@dataclass
class Projects:
    world: World
    open_project: Project
    secret: Project


@pytest.fixture
def projects(world: World) -> Projects:
    """A running film project with the world's student and mentor (one PDF delivered), and an NDA one
    with only the teacher on it."""
    template = film_template()
    today = timezone.localdate()

    def create(title: str, confidential: bool) -> Project:
        data = {
            "kind": Project.Kind.ENTERPRISE_PROJECT,
            "title": title,
            "brief": "真实项目",
            "starts_on": today,
            "due_on": today + dt.timedelta(days=30),
            "confidential": confidential,
        }
        return project_actions.create_project(world.teacher, world.college, world.enterprise, data, template)

    open_project = create("品牌宣传片", False)
    project_actions.add_member(world.teacher, open_project, world.student, ProjectMember.Kind.STUDENT)
    project_actions.add_member(world.teacher, open_project, world.mentor, ProjectMember.Kind.MENTOR)
    project_actions.start_project(world.teacher, open_project)
    first = open_project.stages.get(position=1)
    pdf = SimpleUploadedFile("brief.pdf", b"%PDF-1.4\n%%EOF\n")
    project_actions.upload_deliverable(world.student, first, pdf)
    return Projects(world, open_project, create("保密项目", True))
