"""The evaluation API: scoped reads, recording through the same rules, query counts that do not grow."""

from __future__ import annotations

import pytest

from iehub.accounts.roles import Role
from iehub.evaluation import actions
from iehub.evaluation.models import Evaluation
from iehub.practice.actions import projects as project_actions
from iehub.practice.models import ProjectMember
from tests.conftest import make_user
from tests.evaluation.conftest import Evaluated
from tests.helpers import api, count_queries

pytestmark = pytest.mark.django_db


def _student_url(e: Evaluated) -> str:
    return f"/api/v1/evaluation/schemes/{e.scheme.pk}/students/{e.world.student.pk}"


def test_anonymous_and_other_organisations_are_refused(evaluated: Evaluated) -> None:
    w = evaluated.world
    anonymous = w.client_for(None)
    for path in [
        "/api/v1/evaluation/schemes",
        f"/api/v1/evaluation/schemes/{evaluated.scheme.pk}",
        _student_url(evaluated),
    ]:
        assert api(anonymous, "get", path).status_code == 401
    assert api(anonymous, "post", _student_url(evaluated), {"role": "client", "marks": []}).status_code == 401
    for outsider in (w.other_college_admin, w.outsider_admin, w.other_student):
        client = w.client_for(outsider)
        assert api(client, "get", "/api/v1/evaluation/schemes").json()["count"] == 0
        assert api(client, "get", f"/api/v1/evaluation/schemes/{evaluated.scheme.pk}").status_code == 404
        assert api(client, "get", _student_url(evaluated)).status_code == 404
        posted = api(
            client,
            "post",
            _student_url(evaluated),
            {"role": "teacher", "marks": [{"criterion_id": evaluated.grading.pk, "level": 4}]},
        )
        assert posted.status_code == 404
    assert not Evaluation.objects.exists()


def test_mentor_records_student_reads_history_and_mastery(evaluated: Evaluated) -> None:
    w = evaluated.world
    mentor = w.client_for(w.mentor)
    marks = [
        {"criterion_id": evaluated.grading.pk, "level": 4},
        {"criterion_id": evaluated.teamwork.pk, "level": 3},
    ]
    created = api(
        mentor, "post", _student_url(evaluated), {"role": "mentor", "marks": marks, "comment": "好"}
    )
    assert created.status_code == 201, created.content
    first = created.json()["id"]
    # the role must be one the caller holds: the mentor is not the client
    assert (
        api(mentor, "post", _student_url(evaluated), {"role": "client", "marks": marks[:1]}).status_code
        == 403
    )
    # a correction must name one of the caller's own evaluations
    teacher = w.client_for(w.teacher)
    refused = api(
        teacher, "post", _student_url(evaluated), {"role": "teacher", "marks": marks, "corrects_id": first}
    )
    assert refused.status_code == 422 and "corrects_id" in refused.json()["error"]["fields"]
    corrected = api(
        mentor,
        "post",
        _student_url(evaluated),
        {"role": "mentor", "marks": [{**marks[0], "level": 2}, marks[1]], "corrects_id": first},
    )
    assert corrected.status_code == 201
    seen = api(w.client_for(w.student), "get", _student_url(evaluated)).json()
    assert [(e["id"], e["counts"]) for e in seen["evaluations"]] == [
        (corrected.json()["id"], True),
        (first, False),
    ]
    grading = next(m for m in seen["mastery"] if m["skill_id"] == evaluated.grading.skill_id)
    assert grading["score"] == pytest.approx(1 + 2 * (2 - 1) / 3) and not grading["mastered"]
    # the peer sees no mastery and none of the mentor's evaluations
    peer_view = api(w.client_for(evaluated.peer), "get", _student_url(evaluated)).json()
    assert peer_view == {"evaluations": [], "mastery": None}


def test_bad_marks_name_the_criterion(evaluated: Evaluated) -> None:
    teacher = evaluated.world.client_for(evaluated.world.teacher)
    response = api(
        teacher,
        "post",
        _student_url(evaluated),
        {"role": "teacher", "marks": [{"criterion_id": evaluated.grading.pk, "level": 2}]},
    )
    assert response.status_code == 422
    assert f"criterion_{evaluated.teamwork.pk}" in response.json()["error"]["fields"]
    too_high = api(
        teacher,
        "post",
        _student_url(evaluated),
        {"role": "teacher", "marks": [{"criterion_id": evaluated.grading.pk, "level": 99}]},
    )
    assert too_high.status_code == 422


def test_scheme_page_queries_do_not_grow_with_students(evaluated: Evaluated) -> None:
    w = evaluated.world
    both = (evaluated.grading.pk, evaluated.teamwork.pk)
    client = w.client_for(w.teacher)
    url = f"/evaluation/schemes/{evaluated.scheme.pk}/"
    actions.record_evaluation(w.teacher, evaluated.scheme, w.student, "teacher", dict.fromkeys(both, 3))
    few = count_queries(client, url)
    for n in range(6):
        student = make_user(f"more{n}", w.college, Role.STUDENT, program=w.program, cohort=2024)
        project_actions.add_member(w.teacher, evaluated.project, student, ProjectMember.Kind.STUDENT)
        actions.record_evaluation(w.teacher, evaluated.scheme, student, "teacher", dict.fromkeys(both, 2))
        actions.record_evaluation(w.mentor, evaluated.scheme, student, "mentor", dict.fromkeys(both, 2))
    assert count_queries(client, url) == few
    assert count_queries(client, "/api/v1/evaluation/schemes") == count_queries(
        client, "/api/v1/evaluation/schemes"
    )
