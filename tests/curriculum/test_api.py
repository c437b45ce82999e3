"""The curriculum API: the loop over JSON, scoping, and the one error format."""

from __future__ import annotations

import datetime as dt

from iehub.curriculum.models import CurriculumVersion, MicroCourse
from tests.curriculum.conftest import Curriculum
from tests.helpers import api


def test_loop_over_the_api(curriculum: Curriculum) -> None:
    w = curriculum.world
    lead, mentor, teacher = w.client_for(w.program_lead), w.client_for(w.mentor), w.client_for(w.teacher)
    programs = api(lead, "get", "/api/v1/curriculum/programs").json()
    assert w.program.pk in {p["id"] for p in programs["results"]}
    before = api(lead, "get", f"/api/v1/curriculum/programs/{w.program.pk}/alignment").json()
    assert before["score"] == 71.4
    response = api(
        lead,
        "post",
        "/api/v1/curriculum/change-requests",
        {
            "program_id": w.program.pk,
            "title": "AIGC",
            "rationale": "新兴",
            "origin": "teacher",
            "effective_term": "2025-2026-2",  # a term that has begun: in force at once
        },
    )
    assert response.status_code == 201, response.json()
    change = response.json()
    draft = api(lead, "get", f"/api/v1/curriculum/versions/{change['proposed_version_id']}").json()
    module_id = draft["courses"][0]["modules"][0]["id"]
    cell = {"module_id": module_id, "skill_uri": curriculum.new.uri, "level": 2}
    assert api(lead, "put", f"/api/v1/curriculum/versions/{draft['id']}/matrix", cell).status_code == 200
    diff = api(lead, "get", f"/api/v1/curriculum/versions/{draft['id']}/diff").json()
    assert [c["kind"] for c in diff["competencies"]] == ["added"]
    base = f"/api/v1/curriculum/change-requests/{change['id']}"
    assert api(lead, "post", f"{base}/submit").status_code == 200
    assert api(mentor, "post", f"{base}/vote", {"choice": "approve"}).status_code == 200
    refused = api(lead, "post", f"{base}/decide", {"reason": "同意"})
    assert refused.status_code == 422 and "votes" in refused.json()["error"]["fields"]
    assert api(teacher, "post", f"{base}/vote", {"choice": "approve"}).status_code == 200
    decided = api(lead, "post", f"{base}/decide", {"reason": "同意"}).json()
    assert decided["state"] == "approved" and decided["cycle_days"] == 0
    after = api(lead, "get", f"/api/v1/curriculum/programs/{w.program.pk}/alignment").json()
    assert after["score"] == 85.7 and after["version_id"] == draft["id"]


def test_refusals(curriculum: Curriculum) -> None:
    w = curriculum.world
    version = curriculum.version.pk
    other, anonymous = w.client_for(w.other_college_admin), w.client_for(None)
    for path in (
        f"/api/v1/curriculum/versions/{version}",
        f"/api/v1/curriculum/programs/{w.program.pk}/alignment",
    ):
        assert other.get(path).status_code == 404
        assert anonymous.get(path).status_code == 401
    assert w.program.pk not in {p["id"] for p in other.get("/api/v1/curriculum/programs").json()["results"]}
    cell = {"module_id": curriculum.course.modules.first().pk, "skill_uri": curriculum.new.uri, "level": 2}  # type: ignore[union-attr]
    response = api(w.client_for(w.program_lead), "put", f"/api/v1/curriculum/versions/{version}/matrix", cell)
    assert response.status_code == 422 and "version" in response.json()["error"]["fields"]
    assert (
        api(w.client_for(w.student), "put", f"/api/v1/curriculum/versions/{version}/matrix", cell).status_code
        == 403
    )
    assert CurriculumVersion.objects.count() == 1


def test_micro_course_and_recognition_over_the_api(curriculum: Curriculum) -> None:
    from iehub.curriculum import actions
    from iehub.curriculum.models import Certificate

    w = curriculum.world
    teacher = w.client_for(w.teacher)
    created = api(
        teacher,
        "post",
        "/api/v1/curriculum/micro-courses",
        {
            "program_id": w.program.pk,
            "title": "AIGC",
            "skill_uri": curriculum.new.uri,
            "outline": "1. 2. 3.",
        },
    )
    assert created.status_code == 201
    micro = created.json()
    assert (
        api(
            w.client_for(w.other_college_admin),
            "post",
            f"/api/v1/curriculum/micro-courses/{micro['id']}/publish",
        ).status_code
        == 404
    )
    assert (
        api(teacher, "post", f"/api/v1/curriculum/micro-courses/{micro['id']}/publish").json()["state"]
        == "published"
    )
    assert MicroCourse.objects.get().published_at is not None
    cert = Certificate.objects.create(code="X", name="证书", issuer="发证机构", kind=Certificate.Kind.VENDOR)
    rule = actions.save_rule(w.program_lead, w.program, cert, "M1", 2)
    student = w.client_for(w.student)
    asked = api(
        student,
        "post",
        "/api/v1/curriculum/recognition-requests",
        {
            "rule_id": rule.pk,
            "certificate_number": "N1",
            "obtained_on": str(dt.date(2026, 1, 5)),
        },
    )
    assert asked.status_code == 201
    path = f"/api/v1/curriculum/recognition-requests/{asked.json()['id']}/approve"
    assert api(student, "post", path).status_code == 403  # students see their request but cannot decide it
    assert api(w.client_for(w.program_lead), "post", path).json()["state"] == "approved"
    again = api(w.client_for(w.program_lead), "post", path)
    assert again.status_code == 422
    assert [e["credits"] for e in api(student, "get", "/api/v1/curriculum/transcript").json()["results"]] == [
        "2.0"
    ]
