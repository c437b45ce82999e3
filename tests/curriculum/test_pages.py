"""Every curriculum page: who gets it, who is refused, and what it shows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from iehub.curriculum import actions
from iehub.curriculum.models import (
    Certificate,
    ChangeOrigin,
    ChangeRequest,
    Course,
    CurriculumVersion,
    EnterpriseSuggestion,
    MicroCourse,
    Module,
    ModuleCompetency,
    Program,
    TaskCompetency,
)
from iehub.demand.models import Cut, Granularity, SkillDemand
from iehub.taxonomy.models import Field, Skill
from tests.curriculum.conftest import Curriculum
from tests.helpers import count_queries, rows_on_two_pages


@pytest.fixture
def objects(curriculum: Curriculum) -> dict[str, object]:
    w = curriculum.world
    change = actions.open_change_request(
        w.program_lead, w.program, "新增模块", "理由", ChangeOrigin.TEACHER, "2026-2027-1"
    )
    micro = actions.create_micro_course(w.teacher, w.program, "AIGC 微课", curriculum.new, "大纲")
    cert = Certificate.objects.create(
        code="1X-A", name="影视后期", issuer="评价组织", kind=Certificate.Kind.ONE_PLUS_X
    )
    rule = actions.save_rule(w.program_lead, w.program, cert, "M1", 2)
    recognition = actions.request_recognition(w.student, rule, "N-1", curriculum.version.created_at.date())
    suggestion = actions.suggest(w.enterprise_admin, w.program, "加入虚拟制作", "建议增加")
    return {
        "change": change,
        "micro": micro,
        "rule": rule,
        "recognition": recognition,
        "suggestion": suggestion,
    }


def _pages(c: Curriculum, o: dict[str, object]) -> list[str]:
    program = c.world.program.pk
    version = c.version.pk
    return [
        reverse("curriculum_program", args=[program]),
        reverse("curriculum_gaps", args=[program]),
        reverse("curriculum_version", args=[version]),
        reverse("curriculum_version_diff", args=[o["change"].proposed_version.pk]),  # type: ignore[attr-defined]
        reverse("curriculum_version_export", args=[version, "xlsx"]),
        reverse("change_request", args=[o["change"].pk]),  # type: ignore[attr-defined]
        reverse("micro_course", args=[o["micro"].pk]),  # type: ignore[attr-defined]
    ]


def test_college_staff_see_every_page(curriculum: Curriculum, objects: dict[str, object]) -> None:
    client = curriculum.world.client_for(curriculum.world.program_lead)
    for url in [
        *_pages(curriculum, objects),
        reverse("curriculum_programs"),
        reverse("curriculum_overview"),
        reverse("change_requests"),
        reverse("micro_courses"),
        reverse("certificates"),
        reverse("suggestions"),
        reverse("change_request_new"),
        reverse("micro_course_new"),
        reverse("curriculum_gaps", args=[curriculum.world.program.pk]) + "?format=pdf",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url


def test_other_college_and_anonymous_are_refused(curriculum: Curriculum, objects: dict[str, object]) -> None:
    other = curriculum.world.client_for(curriculum.world.other_college_admin)
    anonymous = curriculum.world.client_for(None)
    for url in _pages(curriculum, objects):
        assert other.get(url).status_code == 404, url
        response = anonymous.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_other_college_cannot_act(curriculum: Curriculum, objects: dict[str, object]) -> None:
    w = curriculum.world
    other = w.client_for(w.other_college_admin)
    change = objects["change"]
    module = change.proposed_version.courses.get(code="C101").modules.get(code="M1")  # type: ignore[attr-defined]
    posts = [
        (reverse("change_request_step", args=[change.pk, "submit"]), {}),  # type: ignore[attr-defined]
        (
            reverse("curriculum_version_cell", args=[change.proposed_version.pk]),  # type: ignore[attr-defined]
            {"module": module.pk, "skill": curriculum.new.pk, "level": 2},
        ),
        (reverse("micro_course_publish", args=[objects["micro"].pk]), {}),  # type: ignore[attr-defined]
        (reverse("recognition_step", args=[objects["recognition"].pk, "approve"]), {}),  # type: ignore[attr-defined]
        (reverse("suggestion_step", args=[objects["suggestion"].pk, "decline"]), {"decision_note": "x"}),  # type: ignore[attr-defined]
        (reverse("curriculum_program_tasks", args=[w.program.pk]), {"op": "direction", "name": "x"}),
    ]
    for url, data in posts:
        assert other.post(url, data).status_code == 404, url
    assert MicroCourse.objects.get().state == MicroCourse.State.DRAFT
    assert EnterpriseSuggestion.objects.get().state == EnterpriseSuggestion.State.SUBMITTED


def test_matrix_cell_edit_by_htmx(curriculum: Curriculum, objects: dict[str, object]) -> None:
    w = curriculum.world
    draft = objects["change"].proposed_version  # type: ignore[attr-defined]
    module = draft.courses.get(code="C101").modules.get(code="M2")
    client = w.client_for(w.program_lead)
    url = reverse("curriculum_version_cell", args=[draft.pk])
    response = client.post(
        url, {"module": module.pk, "skill": curriculum.ops.pk, "level": 3}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and b'value="3" selected' in response.content
    assert module.competencies.get(skill=curriculum.ops).level == 3
    # a teacher of the college who did not propose it may not edit
    assert (
        w.client_for(w.teacher)
        .post(url, {"module": module.pk, "skill": curriculum.ops.pk, "level": 1})
        .status_code
        == 403
    )
    # the version in force is read-only: the cell answers with the error
    current_module = curriculum.course.modules.get(code="M2")
    response = client.post(
        reverse("curriculum_version_cell", args=[curriculum.version.pk]),
        {"module": current_module.pk, "skill": curriculum.ops.pk, "level": 3},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400 and current_module.competencies.get(skill=curriculum.ops).level == 1


def test_enterprise_follows_its_suggestion_to_the_decision(
    curriculum: Curriculum, objects: dict[str, object]
) -> None:
    w = curriculum.world
    suggestion = objects["suggestion"]
    lead = w.client_for(w.program_lead)
    response = lead.post(
        reverse("suggestion_step", args=[suggestion.pk, "accept"]),  # type: ignore[attr-defined]
        {"decision_note": "采纳", "effective_term": "2026-2027-2"},
    )
    assert response.status_code == 302
    enterprise = w.client_for(w.enterprise_admin)
    page = enterprise.get(reverse("suggestions")).content.decode()
    assert "采纳" in page and "加入虚拟制作" in page
    change = suggestion.change_requests.get()  # type: ignore[attr-defined]
    assert enterprise.get(reverse("change_request", args=[change.pk])).status_code == 200
    assert w.client_for(w.outsider_admin).get(reverse("change_request", args=[change.pk])).status_code == 404
    assert "加入虚拟制作" not in w.client_for(w.outsider_admin).get(reverse("suggestions")).content.decode()


def test_import_page_reports_rows(curriculum: Curriculum) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    w = curriculum.world
    bad = "record,code,name,course_code\nmodule,M9,孤立,C404\n".encode()
    response = w.client_for(w.program_lead).post(
        reverse("curriculum_program_import", args=[w.program.pk]),
        {"file": SimpleUploadedFile("bad.csv", bad, content_type="text/csv")},
    )
    assert response.status_code == 400
    assert "C404" in response.content.decode()


def test_list_pages_cost_the_same_queries_whatever_their_length(curriculum: Curriculum) -> None:
    w = curriculum.world
    lead = w.client_for(w.program_lead)
    urls = [reverse(n) for n in ("curriculum_programs", "change_requests", "micro_courses", "suggestions")]

    def add(n: int) -> None:
        for i in range(n):
            actions.open_change_request(
                w.program_lead, w.program, f"变更{i}", "理由", ChangeOrigin.TEACHER, "2026-2027-1"
            )
            actions.create_micro_course(w.teacher, w.program, f"微课{i}", curriculum.new, "大纲")
            actions.suggest(w.enterprise_admin, w.program, f"建议{i}", "内容")

    add(1)
    before = [count_queries(lead, url) for url in urls]
    add(6)
    assert [count_queries(lead, url) for url in urls] == before


def test_admin_pages_of_curriculum_models_open(curriculum: Curriculum, objects: dict[str, object]) -> None:
    """Every curriculum model is in the admin, its list and one change page open for a platform admin."""
    from django.contrib import admin

    client = curriculum.world.client_for(curriculum.world.platform_admin)
    models = [m for m in admin.site._registry if m._meta.app_label == "curriculum"]
    assert len(models) >= 15
    for model in models:
        opts = model._meta
        assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code == 200
        first = model.objects.first()
        if first is not None:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[first.pk])
            assert client.get(url).status_code == 200, url


def test_a_student_has_no_micro_course_button_and_is_refused_with_the_translated_page(
    curriculum: Curriculum,
) -> None:
    w = curriculum.world
    student = w.client_for(w.student)
    listing = student.get(reverse("micro_courses"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'data-testid="new-micro"' not in listing and "新建微课" not in listing
    teacher_listing = w.client_for(w.teacher).get(reverse("micro_courses")).content.decode()
    assert 'data-testid="new-micro"' in teacher_listing  # the button exists for those who may use it
    response = student.post(
        reverse("micro_course_new"),
        {"program": w.program.pk, "title": "x", "skill": curriculum.new.pk, "outline": "y"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "微课由本校教师编写。" in page and "<html" in page and "Traceback" not in page
    assert not w.program.micro_courses.exists()


def test_the_change_request_list_is_paginated(curriculum: Curriculum) -> None:
    w = curriculum.world
    versions = CurriculumVersion.objects.bulk_create(
        CurriculumVersion(program=w.program, number=10 + i, state=CurriculumVersion.State.DISCARDED)
        for i in range(60)
    )
    ChangeRequest.objects.bulk_create(
        ChangeRequest(
            program=w.program,
            title=f"变更 {i:02}",
            rationale="理由",
            origin=ChangeOrigin.TEACHER,
            proposed_version=version,
            state=ChangeRequest.State.REJECTED,
            effective_term="2025-2026-1",
        )
        for i, version in enumerate(versions)
    )
    client = w.client_for(w.program_lead)
    first = client.get(reverse("change_requests"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    second = client.get(reverse("change_requests") + "?state=rejected&page=2", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert len(first.context["requests"]) == 50 and len(second.context["requests"]) == 10
    assert "第 2 页，共 2 页 · 共 60 条" in second.content.decode()
    assert "state=rejected&amp;page=1" in second.content.decode()  # the filter is kept across pages


def _grow_curriculum(curriculum: Curriculum, start: int, count: int) -> None:
    """``count`` more skills, each in demand, a task competency and a module of its own course."""
    for i in range(start, start + count):
        skill = Skill.objects.create(
            uri=f"urn:iehub:skill:grown{i}", label_en=f"skill {i}", label_zh=f"技能{i}", field=Field.FILM_TV
        )
        SkillDemand.objects.create(
            skill=skill, granularity=Granularity.QUARTER, period="2026Q3", cut=Cut.ALL, count=10 + i
        )
        TaskCompetency.objects.create(task=curriculum.task, skill=skill, level=2)
        course = Course.objects.create(
            version=curriculum.version, code=f"G{i}", name=f"课程{i}", credits=1, term=2
        )
        module = Module.objects.create(course=course, code=f"GM{i}", name=f"模块{i}", credits=1, hours=16)
        ModuleCompetency.objects.create(module=module, skill=skill, level=2)


def test_program_version_and_gap_pages_cost_the_same_queries_at_10_and_200_rows(
    curriculum: Curriculum,
) -> None:
    """The pages the scale bench measures: their SQL does not grow with the curriculum's rows."""
    w = curriculum.world
    lead = w.client_for(w.program_lead)
    urls = [
        reverse("curriculum_program", args=[w.program.pk]),
        reverse("curriculum_version", args=[curriculum.version.pk]),
        reverse("curriculum_gaps", args=[w.program.pk]),
    ]
    _grow_curriculum(curriculum, 0, 10)
    small = [count_queries(lead, url) for url in urls]
    _grow_curriculum(curriculum, 10, 190)
    large = [count_queries(lead, url) for url in urls]
    assert large == small, list(zip(urls, small, large, strict=True))


def test_the_program_list_is_paged(curriculum: Curriculum) -> None:
    w = curriculum.world
    Program.objects.bulk_create(
        Program(college=w.college, major_code=f"59{n:04d}", name=f"专业{n}") for n in range(59)
    )
    client = w.client_for(w.college_admin)
    rows = 'href="/curriculum/programs/'  # twice a row: the program and its gap analysis
    assert rows_on_two_pages(client, reverse("curriculum_programs"), rows) == (50 * 2, 10 * 2)
