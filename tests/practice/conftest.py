"""Two bases of the world's college: a lab on campus with a camera, and a stage at the partner
enterprise. Times are fixed in the future of a fixed ``NOW``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from iehub.practice import actions
from iehub.practice.actions import placements as placement_actions
from iehub.practice.actions import projects as project_actions
from iehub.practice.actions import qa as qa_actions
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
    """A running film project with the world's student and mentor (one PDF delivered), an NDA one with
    only the teacher on it, the student's post internship with one log, and an answered question."""
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
    secret = create("保密项目", True)
    placement = placement_actions.create_placement(
        world.teacher,
        world.college,
        world.student,
        world.enterprise,
        world.teacher,
        world.mentor,
        {
            "kind": "post",
            "post": "调色助理",
            "starts_on": today - dt.timedelta(days=10),
            "ends_on": today + dt.timedelta(days=60),
            "birth_date": dt.date(today.year - 19, 1, 1),
            "study_year": 3,
            "agreement_signed_on": today - dt.timedelta(days=20),
            "insurance_policy": "PICC-1",
            "stipend_monthly": 3600,
            "probation_wage": 4000,
        },
    )
    placement_actions.write_log(
        world.student, placement, today, "今天在调色室完成了第一场戏的一级校色，并学习了示波器的用法。"
    )
    question = qa_actions.ask(world.student, world.college, "调色台怎么开机？", base=None)
    qa_actions.answer(world.teacher, question, "先开主机再开面板。")
    return Projects(world, open_project, secret)
