"""Project demo data, run through ``practice.actions.projects`` by the printed logins so that every
stage, sign-off and process record is what those people would have produced:

- the film school: a brand film for the demo enterprise accepted by the client, a second one in
  post-production waiting for the mentor's sign-off, and a project under NDA the demo student is not on;
- the AI college: a customer-service model project in development;
- the manufacturing college: a training scenario made from an enterprise's stated need.

Deliverables are real files (a PDF storyboard and PNG stills drawn here), stored like any upload.
"""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from iehub.accounts.models import Membership, Organization, Partnership, Role, User
from iehub.demand.models import SkillNeed
from iehub.demo import colleges as spec
from iehub.practice.actions import projects as actions
from iehub.practice.field_templates import ensure_field_templates
from iehub.practice.models import FieldTemplate, Project, ProjectMember, Stage

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>"
    b"endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def still(width: int = 320, height: int = 180, tint: int = 0) -> bytes:
    """A small PNG frame (a graded sky over a horizon), drawn without an imaging library."""
    rows = []
    for y in range(height):
        sky = y < height * 0.62
        row = bytearray([0])
        for x in range(width):
            if sky:
                row += bytes(((40 + y + tint) % 256, (90 + y // 2) % 256, (160 + x // 8) % 256))
            else:
                row += bytes(((70 + tint) % 256, 60, 40 + x // 16))
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 6))
        + chunk(b"IEND", b"")
    )


def _user(username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).first()


def _people(college: Organization, role: str, count: int, first: str = "") -> list[User]:
    """The printed login ``first`` (when it belongs here) and then others of the role, by id."""
    people: list[User] = []
    printed = _user(first) if first else None
    if printed is not None and Membership.objects.filter(user=printed, organization=college).exists():
        people.append(printed)
    others = (
        Membership.objects.filter(organization=college, role=role, is_active=True)
        .exclude(user__in=people)
        .select_related("user")
        .order_by("id")[: max(0, count - len(people))]
    )
    return people + [m.user for m in others]


def _enterprise_person(enterprise: Organization, role: str) -> User | None:
    membership = (
        Membership.objects.filter(organization=enterprise, role=role, is_active=True).order_by("id").first()
    )
    return membership.user if membership else None


def _client_for(college: Organization, preferred: User | None) -> Organization | None:
    """The enterprise of the printed mentor if it partners the college; else a partner with mentors."""
    partners = Partnership.objects.active().filter(college=college).values("enterprise_id")
    if preferred is not None:
        mine = Organization.objects.filter(
            id__in=partners, memberships__user=preferred, memberships__role=Role.ENTERPRISE_MENTOR
        ).first()
        if mine is not None:
            return mine
    return (
        Organization.objects.filter(id__in=partners, memberships__role=Role.ENTERPRISE_MENTOR)
        .order_by("id")
        .first()
    )


def _run(
    college: Organization,
    client: Organization,
    kind: str,
    field: str,
    title: str,
    title_en: str,
    brief: str,
    stages_done: int,
    submit_next: bool = False,
    confidential: bool = False,
    students: int = 2,
    need: SkillNeed | None = None,
) -> Project | None:
    teacher = _people(college, Role.TEACHER, 1, "teacher")
    mentor = _user("mentor")
    if mentor is None or not Membership.objects.filter(user=mentor, organization=client).exists():
        mentor = _enterprise_person(client, Role.ENTERPRISE_MENTOR)
    client_person = _user("enterprise_admin")
    if (
        client_person is None
        or not Membership.objects.filter(user=client_person, organization=client).exists()
    ):
        client_person = _enterprise_person(client, Role.ENTERPRISE_ADMIN)
    if not teacher or mentor is None or client_person is None:
        return None
    today = timezone.localdate()
    data = {
        "kind": kind,
        "title": title,
        "title_en": title_en,
        "brief": brief,
        "deliverable_specs": "成片 4K ProRes 422 HQ；字幕文件 SRT；调色前后对比图。"
        if field == "film"
        else "",
        "budget": 60000 if field == "film" else 30000,
        "starts_on": today - dt.timedelta(days=45),
        "due_on": today + dt.timedelta(days=45),
        "confidential": confidential,
    }
    template = FieldTemplate.objects.filter(field=field, is_active=True).first()
    lead = teacher[0]
    if need is not None:
        project = actions.transform_need(lead, need, college, data, template)
    else:
        project = actions.create_project(lead, college, client, data, template)
    roles = list(template.roles.all()) if template else []
    skip = [] if not confidential else [u.pk for u in [_user("student")] if u]
    crew = [s for s in _people(college, Role.STUDENT, students + len(skip), "student") if s.pk not in skip][
        :students
    ]
    for index, student in enumerate(crew):
        role = roles[index % len(roles)] if roles else None
        actions.add_member(
            lead, project, student, ProjectMember.Kind.STUDENT, role, "A组" if index < 3 else "B组"
        )
    actions.add_member(lead, project, mentor, ProjectMember.Kind.MENTOR)
    if client_person.pk != mentor.pk:
        actions.add_member(lead, project, client_person, ProjectMember.Kind.CLIENT)
    actions.start_project(lead, project)
    _advance(project, lead, crew, mentor, client_person, stages_done, submit_next)
    return project


def _advance(
    project: Project,
    lead: User,
    crew: list[User],
    mentor: User,
    client: User,
    stages_done: int,
    submit_next: bool,
) -> None:
    """Take the first ``stages_done`` stages through tasks, deliverables and gates."""
    worker = crew[0]
    for stage in project.stages.order_by("position")[: stages_done + (1 if submit_next else 0)]:
        stage.refresh_from_db()
        assignee = crew[stage.position % len(crew)]
        task = actions.add_task(mentor, stage, f"{stage.name}：完成并提交成果", assignee)
        actions.complete_task(assignee, task)
        if stage.position % 2:
            upload = SimpleUploadedFile(f"{stage.name}-剧照.png", still(tint=stage.position * 30))
        else:
            upload = SimpleUploadedFile(f"{stage.name}.pdf", PDF)
        actions.upload_deliverable(assignee, stage, upload, "初稿")
        actions.submit_stage(worker, stage)
        if stage.position > stages_done:
            return  # left submitted: waiting for the mentor's sign-off
        actions.sign_off(mentor, stage, "符合要求")
        stage.refresh_from_db()
        if stage.state == Stage.State.SIGNED_OFF:
            actions.accept(client, stage, "同意验收")
        actions.record_cost(lead, stage, Decimal(5000 * stage.position), Decimal(4800 * stage.position))


def load_projects() -> int:
    """The demo projects; colleges that have projects are left alone. Returns projects created."""
    ensure_field_templates()
    created: list[Project | None] = []
    colleges = [Organization.objects.filter(code=c.code).first() for c in spec.COLLEGES]
    film, ai, mfg = [*colleges, None, None, None][:3]
    if film is not None and not film.projects.exists():
        client = _client_for(film, _user("mentor"))
        if client is not None:
            created.append(
                _run(
                    film,
                    client,
                    Project.Kind.ENTERPRISE_PROJECT,
                    "film",
                    "城市文旅宣传片",
                    "City tourism promotional film",
                    "为客户拍摄一支 90 秒城市文旅宣传片，用于新媒体投放。",
                    stages_done=7,
                )
            )
            created.append(
                _run(
                    film,
                    client,
                    Project.Kind.ENTERPRISE_PROJECT,
                    "film",
                    "新能源汽车品牌短片",
                    "EV brand short film",
                    "为客户新车型拍摄 60 秒品牌短片，含 LED 虚拟棚镜头。",
                    stages_done=4,
                    submit_next=True,
                    students=3,
                )
            )
            created.append(
                _run(
                    film,
                    client,
                    Project.Kind.ENTERPRISE_PROJECT,
                    "film",
                    "未公开影视项目（保密）",
                    "Unreleased feature (under NDA)",
                    "客户未公开项目的调色与后期，按保密协议执行。",
                    stages_done=2,
                    confidential=True,
                )
            )
    if ai is not None and not ai.projects.exists():
        client = _client_for(ai, None)
        if client is not None:
            created.append(
                _run(
                    ai,
                    client,
                    Project.Kind.ENTERPRISE_PROJECT,
                    "software",
                    "智能客服意图识别模型",
                    "Customer-service intent model",
                    "基于企业真实工单数据训练意图识别模型并上线灰度测试。",
                    stages_done=2,
                )
            )
    if mfg is not None and not mfg.projects.exists():
        partners = Partnership.objects.active().filter(college=mfg).values("enterprise_id")
        need = (
            SkillNeed.objects.filter(enterprise_id__in=partners, withdrawn_at__isnull=True)
            .order_by("id")
            .first()
        )
        client = need.enterprise if need is not None else _client_for(mfg, None)
        if client is not None:
            created.append(
                _run(
                    mfg,
                    client,
                    Project.Kind.TRAINING_SCENARIO,
                    "manufacturing",
                    "工业机器人上下料实训",
                    "Robot loading training scenario",
                    "把企业的机器人上下料产线改造需求转化为实训场景。",
                    stages_done=1,
                    need=need,
                )
            )
    return sum(1 for project in created if project is not None)
