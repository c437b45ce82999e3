"""Enterprise projects: a film project run from brief to client acceptance, who sees an NDA project,
what a mentor sees of the partner college, deliverables checked by content, and the pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from weasyprint import HTML

from iehub.core.models import Notification
from iehub.demand.models import SkillNeed
from iehub.practice.actions import projects as actions
from iehub.practice.models import Placement, ProcessRecord, Project, ProjectMember, Question, Stage
from iehub.taxonomy.models import Skill
from tests.conftest import World, make_user
from tests.helpers import api, count_queries
from tests.practice.conftest import Projects, film_template, projects  # noqa: F401 - the fixture

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def pdf(name: str = "分镜脚本.pdf", body: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, body, content_type="application/pdf")


@dataclass
class Film:
    world: World
    project: Project
    second_student: object


def _film(world: World, confidential: bool = False, title: str = "品牌宣传片") -> Project:
    template = film_template()
    today = timezone.localdate()
    return actions.create_project(
        world.teacher,
        world.college,
        world.enterprise,
        {
            "kind": Project.Kind.ENTERPRISE_PROJECT,
            "title": title,
            "title_en": "Brand film",
            "brief": "为客户拍摄一支 90 秒的品牌宣传片。",
            "budget": 50000,
            "starts_on": today,
            "due_on": today + dt.timedelta(days=60),
            "confidential": confidential,
        },
        template,
    )


@pytest.fixture
def film(world: World) -> Film:
    project = _film(world)
    second = make_user("stu3", world.college, "student", class_group=world.class_group, program=world.program)
    director = project.template.roles.get(name_en="Director")  # type: ignore[union-attr]
    actions.add_member(world.teacher, project, world.student, ProjectMember.Kind.STUDENT, director, "A组")
    actions.add_member(world.teacher, project, second, ProjectMember.Kind.STUDENT, None, "A组")
    actions.add_member(world.teacher, project, world.mentor, ProjectMember.Kind.MENTOR)
    actions.add_member(world.teacher, project, world.enterprise_admin, ProjectMember.Kind.CLIENT)
    return Film(world, project, second)


def _deliver_and_pass(film: Film, stage: Stage) -> None:
    w = film.world
    actions.upload_deliverable(w.student, stage, pdf(f"stage{stage.position}.pdf"))
    actions.submit_stage(w.student, stage)
    actions.sign_off(w.mentor, stage, "好")
    stage.refresh_from_db()
    if stage.client_gate:
        assert stage.state == Stage.State.SIGNED_OFF
        actions.accept(w.enterprise_admin, stage, "通过")


def test_a_film_project_runs_from_brief_to_client_acceptance(
    film: Film, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    w = film.world
    with django_capture_on_commit_callbacks(execute=True):
        _run_to_acceptance(film)
    assert Notification.objects.filter(recipient=w.student, kind="project").count() == 2  # started, accepted
    assert (
        Notification.objects.filter(recipient=w.enterprise_admin, kind="project_gate").count() == 2
    )  # gates


def _run_to_acceptance(film: Film) -> None:
    w, project = film.world, film.project
    stages = list(project.stages.order_by("position"))
    assert [s.name_en for s in stages][:3] == ["Client communication", "Budget", "Planning"]
    assert stages[0].planned_start == project.starts_on and stages[-1].planned_end == project.due_on
    actions.start_project(w.teacher, project)
    stages[0].refresh_from_db()
    task = actions.add_task(w.mentor, stages[0], "与客户确认创意方向", w.student)
    with pytest.raises(ValidationError) as refused:
        actions.submit_stage(w.student, stages[0])
    assert set(refused.value.message_dict) == {"tasks", "deliverables"}
    actions.complete_task(w.student, task)
    for stage in stages:
        stage.refresh_from_db()
        assert stage.state == Stage.State.OPEN
        _deliver_and_pass(film, stage)
    project.refresh_from_db()
    assert project.state == Project.State.ACCEPTED
    kinds = list(ProcessRecord.objects.filter(project=project).values_list("kind", flat=True))
    assert kinds.count(ProcessRecord.Kind.SIGNED_OFF) == 7 and kinds.count(ProcessRecord.Kind.ACCEPTED) == 2
    assert {ProcessRecord.Kind.CREATED, ProcessRecord.Kind.STARTED, ProcessRecord.Kind.TASK_DONE} <= set(
        kinds
    )


def test_a_project_starts_only_with_a_student_and_an_enterprise_mentor(world: World) -> None:
    project = _film(world)
    with pytest.raises(ValidationError) as refused:
        actions.start_project(world.teacher, project)
    assert "members" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        actions.start_project(world.student, project)


def test_who_may_take_each_step(film: Film) -> None:
    w, project = film.world, film.project
    actions.start_project(w.teacher, project)
    first = project.stages.get(position=1)
    with pytest.raises(PermissionDenied):
        actions.upload_deliverable(w.mentor, first, pdf())  # mentors sign off; students deliver
    actions.upload_deliverable(w.student, first, pdf())
    actions.submit_stage(w.student, first)
    with pytest.raises(PermissionDenied):
        actions.sign_off(w.student, first)
    with pytest.raises(ValidationError) as refused:
        actions.return_stage(w.mentor, first, "  ")
    assert "reason" in refused.value.message_dict
    actions.return_stage(w.mentor, first, "镜头语言需再推敲")
    first.refresh_from_db()
    assert first.state == Stage.State.OPEN
    with pytest.raises(PermissionDenied):
        actions.add_member(w.other_college_admin, project, w.other_student, ProjectMember.Kind.STUDENT)
    with pytest.raises(ValidationError) as wrong_person:
        actions.add_member(w.teacher, project, w.other_student, ProjectMember.Kind.STUDENT)
    assert "user" in wrong_person.value.message_dict


def test_a_client_must_be_an_active_partner(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.create_project(
            world.teacher,
            world.college,
            world.outsider_enterprise,
            {
                "kind": "research",
                "title": "课题",
                "brief": "…",
                "starts_on": dt.date(2027, 1, 1),
                "due_on": dt.date(2027, 6, 1),
            },
        )
    assert "client" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        actions.create_project(world.student, world.college, world.enterprise, {"title": "x", "brief": "x"})


def test_an_nda_project_is_seen_only_by_its_members_and_the_client(world: World) -> None:
    secret = _film(world, confidential=True, title="保密项目")
    actions.add_member(world.teacher, secret, world.student, ProjectMember.Kind.STUDENT)
    classmate = make_user(
        "stu4", world.college, "student", class_group=world.class_group, program=world.program
    )
    url = reverse("project", args=[secret.pk])
    for user in (world.student, world.teacher, world.enterprise_admin, world.platform_admin):
        assert world.client_for(user).get(url).status_code == 200, user
    for user in (
        classmate,
        world.college_admin,
        world.program_lead,
        world.mentor,
        world.other_college_admin,
        world.gov_officer,
        world.outsider_admin,
    ):
        assert world.client_for(user).get(url).status_code == 404, user
    assert world.client_for(None).get(url).status_code == 302
    board = world.client_for(classmate).get(reverse("projects")).content.decode()
    assert "保密项目" not in board
    open_project = _film(world, title="公开项目")
    assert world.client_for(classmate).get(reverse("project", args=[open_project.pk])).status_code == 200
    assert (
        world.client_for(world.other_student).get(reverse("project", args=[open_project.pk])).status_code
        == 404
    )


def test_a_mentor_sees_only_the_students_they_mentor(world: World) -> None:
    person = reverse("person_detail", args=[world.student.pk])
    mentor = world.client_for(world.mentor)
    assert mentor.get(person).status_code == 404
    assert world.client_for(world.enterprise_admin).get(person).status_code == 200  # partnership-wide view
    people = mentor.get(reverse("person_list") + "?role=student").content.decode()
    assert world.student.full_name not in people
    project = _film(world)
    actions.add_member(world.teacher, project, world.student, ProjectMember.Kind.STUDENT)
    actions.add_member(world.teacher, project, world.mentor, ProjectMember.Kind.MENTOR)
    assert mentor.get(person).status_code == 200
    assert mentor.get(reverse("person_detail", args=[world.teacher.pk])).status_code == 200  # their teacher
    classmate = make_user(
        "stu5", world.college, "student", class_group=world.class_group, program=world.program
    )
    assert mentor.get(reverse("person_detail", args=[classmate.pk])).status_code == 404


def test_deliverables_are_checked_by_content_and_versioned(film: Film) -> None:
    w, project = film.world, film.project
    actions.start_project(w.teacher, project)
    stage = project.stages.get(position=1)
    for upload, field in (
        (SimpleUploadedFile("script.pdf", b"MZ\x90\x00 not a pdf"), "file"),
        (SimpleUploadedFile("run.exe", b"MZ\x90\x00"), "file"),
        (SimpleUploadedFile("empty.pdf", b""), "file"),
        (SimpleUploadedFile("poster.png", PDF), "file"),
    ):
        with pytest.raises(ValidationError) as refused:
            actions.upload_deliverable(w.student, stage, upload)
        assert field in refused.value.message_dict, upload.name
    with override_settings(IEHUB_UPLOAD_MAX_BYTES=100):
        with pytest.raises(ValidationError) as too_big:
            actions.upload_deliverable(w.student, stage, pdf(body=PDF + b"0" * 200))
        assert "MB" in too_big.value.message_dict["file"][0]
    first = actions.upload_deliverable(w.student, stage, pdf("cut.pdf"))
    second = actions.upload_deliverable(w.student, stage, pdf("cut.pdf"))
    still = actions.upload_deliverable(w.student, stage, SimpleUploadedFile("still.png", PNG))
    assert (first.version, second.version, still.version) == (1, 2, 1)
    url = reverse("deliverable_file", args=[first.pk])
    response = w.client_for(w.mentor).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    for user in (w.other_college_admin, w.outsider_admin, w.other_student):
        assert w.client_for(user).get(url).status_code == 404
    assert w.client_for(None).get(url).status_code == 302


def test_a_need_becomes_a_project_and_the_link_shows_both_ways(world: World) -> None:
    skill = Skill.objects.create(
        uri="iehub:skill/virtual-production", label_en="Virtual production", label_zh="虚拟制片", digital=True
    )
    need = SkillNeed.objects.create(
        enterprise=world.enterprise,
        skill=skill,
        kind="technology_update",
        headcount=3,
        description="LED 虚拟棚拍摄流程",
    )
    today = timezone.localdate()
    project = actions.transform_need(
        world.program_lead,
        need,
        world.college,
        {
            "kind": Project.Kind.TRAINING_SCENARIO,
            "title": "虚拟制片实训",
            "brief": need.description,
            "starts_on": today,
            "due_on": today + dt.timedelta(days=30),
        },
        film_template(),
    )
    assert list(project.needs.all()) == [need] and project.client == world.enterprise
    lead = world.client_for(world.program_lead)
    needs_page = lead.get(reverse("practice_needs")).content.decode()
    assert reverse("project", args=[project.pk]) in needs_page
    project_page = lead.get(reverse("project", args=[project.pk])).content.decode()
    assert "LED 虚拟棚拍摄流程" in project_page
    assert world.client_for(world.student).get(reverse("practice_needs")).status_code == 200
    form = lead.get(reverse("project_new") + f"?need={need.pk}")
    assert form.status_code == 200 and 'data-testid="from-need"' in form.content.decode()
    assert (
        world.client_for(world.other_college_admin)
        .get(reverse("project_new") + f"?need={need.pk}")
        .status_code
        == 404
    )


def test_pages_run_the_workflow_and_refuse_outsiders(film: Film) -> None:
    w, project = film.world, film.project
    teacher = w.client_for(w.teacher)
    assert teacher.post(reverse("project_start", args=[project.pk])).status_code == 302
    stage = project.stages.get(position=1)
    upload = w.client_for(w.student).post(
        reverse("stage_upload", args=[stage.pk]), {"file": pdf(), "note": "初稿"}
    )
    assert upload.status_code == 302 and stage.deliverables.count() == 1
    refused = w.client_for(w.student).post(
        reverse("stage_upload", args=[stage.pk]),
        {"file": SimpleUploadedFile("x.pdf", b"<script>")},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
        follow=True,
    )
    assert "文件" in refused.content.decode() and stage.deliverables.count() == 1
    w.client_for(w.student).post(reverse("stage_step", args=[stage.pk, "submit"]))
    outsider = w.client_for(w.outsider_admin).post(reverse("stage_step", args=[stage.pk, "sign-off"]))
    assert outsider.status_code == 404
    w.client_for(w.mentor).post(reverse("stage_step", args=[stage.pk, "sign-off"]))
    stage.refresh_from_db()
    assert stage.state == Stage.State.DONE
    page = w.client_for(w.student).get(reverse("project", args=[project.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = page.content.decode()
    assert "阶段已签收" in html and "用户mentor" in html
    assert w.client_for(None).post(reverse("stage_step", args=[stage.pk, "submit"])).status_code == 302
    tasks = w.client_for(w.mentor).get(reverse("my_work")).content.decode()
    assert w.student.full_name in tasks  # the mentor's students


def test_page_queries_do_not_grow_with_projects(world: World) -> None:
    film = _film(world)
    actions.add_member(world.teacher, film, world.student, ProjectMember.Kind.STUDENT)
    client = world.client_for(world.teacher)
    board_small = count_queries(client, reverse("projects"))
    detail_small = count_queries(client, reverse("project", args=[film.pk]))
    for n in range(6):
        extra = _film(world, title=f"项目{n}")
        actions.add_member(world.teacher, extra, world.student, ProjectMember.Kind.STUDENT)
        actions.add_member(
            world.teacher, film, make_user(f"s{n}", world.college, "student"), ProjectMember.Kind.STUDENT
        )
    assert count_queries(client, reverse("projects")) == board_small
    assert count_queries(client, reverse("project", args=[film.pk])) == detail_small


def test_the_api_is_scoped_and_takes_the_gate_steps(projects: Projects) -> None:  # noqa: F811
    w = projects.world
    open_id, secret_id = projects.open_project.pk, projects.secret.pk
    student = w.client_for(w.student)
    listed = {p["id"] for p in api(student, "get", "/api/v1/practice/projects").json()["results"]}
    assert listed == {open_id}  # the NDA project is not the student's
    assert api(student, "get", f"/api/v1/practice/projects/{secret_id}").status_code == 404
    detail = api(student, "get", f"/api/v1/practice/projects/{open_id}").json()
    assert detail["stage_list"][0]["deliverables"][0]["name"] == "brief.pdf"
    assert {m["kind"] for m in detail["members"]} == {"teacher", "student", "mentor"}
    records = api(student, "get", f"/api/v1/practice/projects/{open_id}/records").json()
    assert records["count"] >= 4 and records["results"][0]["kind"] == "delivered"
    for user in (w.other_college_admin, w.outsider_admin, w.other_student):
        client = w.client_for(user)
        assert api(client, "get", "/api/v1/practice/projects").json()["count"] == 0
        assert api(client, "get", f"/api/v1/practice/projects/{open_id}").status_code == 404
    assert api(w.client_for(None), "get", "/api/v1/practice/projects").status_code == 401
    stage_id = detail["stage_list"][0]["id"]
    assert api(student, "post", f"/api/v1/practice/stages/{stage_id}/submit").status_code == 200
    refused = api(student, "post", f"/api/v1/practice/stages/{stage_id}/sign-off", {"note": "自己签"})
    assert refused.status_code == 403
    mentor = w.client_for(w.mentor)
    signed = api(mentor, "post", f"/api/v1/practice/stages/{stage_id}/sign-off", {"note": "好"})
    assert signed.status_code == 200 and signed.json()["state"] == "done"
    again = api(
        mentor, "post", f"/api/v1/practice/stages/{stage_id}/sign-off", {}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert again.status_code == 422
    assert again.json()["error"]["fields"]["stage"] == ["只有已提交的阶段可以签收。"]
    assert api(mentor, "post", f"/api/v1/practice/stages/{stage_id}/bogus").status_code == 422


def test_a_pdf_deliverable_gets_a_first_page_preview(film: Film) -> None:
    w, project = film.world, film.project
    actions.start_project(w.teacher, project)
    stage = project.stages.get(position=1)
    storyboard = HTML(string="<h1>分镜脚本</h1><p>第一场：外景，清晨。</p>").write_pdf()
    deliverable = actions.upload_deliverable(w.student, stage, pdf("分镜.pdf", storyboard))
    assert deliverable.preview, "pdftoppm (poppler-utils) renders the first page"
    response = w.client_for(w.mentor).get(reverse("deliverable_preview", args=[deliverable.pk]))
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert response.status_code == 200 and body.startswith(b"\x89PNG")
    assert (
        w.client_for(w.outsider_admin).get(reverse("deliverable_preview", args=[deliverable.pk])).status_code
        == 404
    )
    page = w.client_for(w.mentor).get(reverse("project", args=[project.pk])).content.decode()
    assert 'data-testid="pdf-preview"' in page
    broken = actions.upload_deliverable(w.student, stage, pdf("坏文件.pdf", b"%PDF-1.4 not really"))
    assert not broken.preview  # no preview, still stored


def test_every_practice_page_and_list_endpoint_asks_an_anonymous_caller_to_log_in(projects: Projects) -> None:  # noqa: F811
    anonymous = projects.world.client_for(None)
    project = projects.open_project
    stage = project.stages.get(position=1)
    placement, question = Placement.objects.get(), Question.objects.get()
    pages = [
        reverse(name)
        for name in (
            "projects",
            "project_new",
            "my_work",
            "practice_needs",
            "placements",
            "placement_new",
            "questions",
        )
    ] + [
        reverse("project", args=[project.pk]),
        reverse("placement", args=[placement.pk]),
        reverse("question", args=[question.pk]),
    ]
    for url in pages:
        response = anonymous.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    posts = [
        reverse("project_start", args=[project.pk]),
        reverse("stage_upload", args=[stage.pk]),
        reverse("stage_step", args=[stage.pk, "submit"]),
        reverse("placement_log", args=[placement.pk]),
        reverse("placement_check_in", args=[placement.pk]),
        reverse("question_ask"),
    ]
    for url in posts:
        assert anonymous.post(url).status_code == 302, url
    for path in ("projects", "placements", "questions"):
        assert api(anonymous, "get", f"/api/v1/practice/{path}").status_code == 401, path
