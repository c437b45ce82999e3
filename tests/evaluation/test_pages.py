"""Evaluation pages: who may open what, the forms through the web, the outside assessor's form."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iehub.accounts.roles import OrgKind
from iehub.curriculum.models import Program
from iehub.evaluation import actions
from iehub.evaluation.models import AssessorLink, Evaluation, Scheme
from tests.conftest import make_org
from tests.evaluation.conftest import Evaluated

pytestmark = pytest.mark.django_db


def _pages(e: Evaluated) -> list[str]:
    scheme = e.scheme.pk
    return [
        "/evaluation/",
        f"/evaluation/rubrics/{e.rubric.pk}/",
        f"/evaluation/schemes/{scheme}/",
        f"/evaluation/schemes/{scheme}/students/{e.world.student.pk}/",
        "/evaluation/schemes/new/",
    ]


def test_anonymous_callers_are_sent_to_log_in(evaluated: Evaluated) -> None:
    anonymous = evaluated.world.client_for(None)
    for url in _pages(evaluated):
        response = anonymous.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    for url in [
        "/evaluation/policy/",
        "/evaluation/rubrics/new/",
        f"/evaluation/schemes/{evaluated.scheme.pk}/links/",
    ]:
        assert anonymous.post(url).status_code == 302


def test_another_organisation_sees_nothing(evaluated: Evaluated) -> None:
    w = evaluated.world
    for outsider in (w.other_college_admin, w.outsider_admin, w.other_student):
        client = w.client_for(outsider)
        for url in _pages(evaluated)[1:4]:
            assert client.get(url).status_code == 404, (outsider, url)
        new = client.get("/evaluation/schemes/new/")
        if outsider == w.other_college_admin:  # designs for their own college only
            assert new.status_code == 200 and evaluated.rubric.name not in new.content.decode()
        else:
            assert new.status_code == 403
        assert evaluated.scheme.name not in client.get("/evaluation/").content.decode()
        response = client.post(
            f"/evaluation/schemes/{evaluated.scheme.pk}/links/",
            {"student": w.student.pk, "role": "client", "assessor_name": "x"},
        )
        assert response.status_code == 404
    assert not AssessorLink.objects.exists()


def test_a_peer_sees_only_what_they_gave_and_no_mastery(evaluated: Evaluated) -> None:
    w = evaluated.world
    actions.record_evaluation(
        w.teacher,
        evaluated.scheme,
        w.student,
        "teacher",
        {evaluated.grading.pk: 4, evaluated.teamwork.pk: 4},
        "教师评语",
    )
    page = w.client_for(evaluated.peer).get(
        f"/evaluation/schemes/{evaluated.scheme.pk}/students/{w.student.pk}/"
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="evaluate-peer"' in html
    assert "教师评语" not in html and 'data-testid="mastery"' not in html
    # the student sees the teacher's evaluation and the mastery, and may evaluate only themselves
    own = w.client_for(w.student).get(f"/evaluation/schemes/{evaluated.scheme.pk}/students/{w.student.pk}/")
    html = own.content.decode()
    assert "教师评语" in html and 'data-testid="mastery"' in html
    assert 'data-testid="evaluate-self"' in html and 'data-testid="evaluate-teacher"' not in html
    # the mentor may not open another student's page of a scheme they are not on
    assert (
        w.client_for(w.mentor)
        .get(f"/evaluation/schemes/{evaluated.scheme.pk}/students/{w.other_student.pk}/")
        .status_code
        == 404
    )


def test_mentor_evaluates_through_the_page_and_a_bad_role_is_refused(evaluated: Evaluated) -> None:
    w = evaluated.world
    url = f"/evaluation/schemes/{evaluated.scheme.pk}/students/{w.student.pk}/"
    mentor = w.client_for(w.mentor)
    posted = {
        "role": "mentor",
        f"criterion_{evaluated.grading.pk}": "3",
        f"criterion_{evaluated.teamwork.pk}": "4",
    }
    assert mentor.post(url, posted).status_code == 302
    assert Evaluation.objects.get().evaluator == w.mentor
    assert mentor.post(url, {**posted, "role": "teacher"}).status_code == 403
    # a missing mark comes back as a message naming the criterion, nothing is written
    response = mentor.post(url, {"role": "mentor", f"criterion_{evaluated.grading.pk}": "3"}, follow=True)
    assert "团队协作" in response.content.decode() or "Teamwork" in response.content.decode()
    assert Evaluation.objects.count() == 1


def test_scheme_form_refuses_below_policy_with_the_numbers(evaluated: Evaluated) -> None:
    w = evaluated.world
    client = w.client_for(w.teacher)
    form = {
        "college": w.college.pk,
        "name": "课程评价",
        "rubric": evaluated.rubric.pk,
        "process_weight": 60,
        "mastery_method": "latest",
        "mastery_threshold": "2.5",
        "mastery_times": 2,
        "weight_teacher": 80,
        "weight_mentor": 20,
    }
    response = client.post("/evaluation/schemes/new/", form, HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = response.content.decode()
    assert response.status_code == 200 and "20" in html and "30" in html
    assert Scheme.objects.count() == 1
    response = client.post("/evaluation/schemes/new/", {**form, "weight_teacher": 70, "weight_mentor": 30})
    created = Scheme.objects.exclude(pk=evaluated.scheme.pk).get()
    assert response.status_code == 302 and response["Location"] == f"/evaluation/schemes/{created.pk}/"
    assert created.mastery_method == "latest" and created.process_weight == 60


def test_outside_assessor_form_works_once(evaluated: Evaluated) -> None:
    w = evaluated.world
    teacher = w.client_for(w.teacher)
    response = teacher.post(
        f"/evaluation/schemes/{evaluated.scheme.pk}/links/",
        {"student": w.student.pk, "role": "client", "assessor_name": "王导演", "days": 7},
        follow=True,
    )
    url = re.search(r"http://testserver(/assess/[^/\s<]+/)", response.content.decode()).group(1)
    visitor = w.client_for(None)
    form = visitor.get(url)
    assert form.status_code == 200 and f'name="criterion_{evaluated.grading.pk}"' in form.content.decode()
    # the client's variant has no teamwork criterion
    assert f'name="criterion_{evaluated.teamwork.pk}"' not in form.content.decode()
    done = visitor.post(url, {f"criterion_{evaluated.grading.pk}": "4", "comment": "很好"})
    assert done.status_code == 200 and 'data-testid="assess-done"' in done.content.decode()
    assert Evaluation.objects.get().assessor_name == "王导演"
    again = visitor.post(url, {f"criterion_{evaluated.grading.pk}": "1"})
    assert again.status_code == 410 and Evaluation.objects.count() == 1
    assert visitor.get(url).status_code == 410
    assert visitor.get("/assess/not-a-token/").status_code == 410


def test_withdrawn_link_page_and_who_may_withdraw(evaluated: Evaluated) -> None:
    w = evaluated.world
    link, token = actions.issue_link(w.teacher, evaluated.scheme, w.student, "client", "甲")
    assert w.client_for(w.mentor).post(f"/evaluation/links/{link.pk}/revoke/").status_code == 404
    assert w.client_for(w.teacher).post(f"/evaluation/links/{link.pk}/revoke/").status_code == 302
    response = w.client_for(None).get(f"/assess/{token}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 410 and "withdrawn" in response.content.decode()


def test_the_home_page_reads_each_colleges_programs_in_one_query(evaluated: Evaluated) -> None:
    """The policy form lists every college's programs: the platform administrator sees all colleges."""
    client = evaluated.world.client_for(evaluated.world.platform_admin)
    client.get("/evaluation/")

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/evaluation/").status_code == 200
        return len(captured)

    few = count()
    for n in range(5):
        college = make_org(OrgKind.COLLEGE, f"CX{n}", f"新学院{n}")
        Program.objects.create(college=college, major_code=f"58{n:04d}", name=f"专业{n}")
    page = client.get("/evaluation/").content.decode()
    assert "专业4" in page
    assert count() == few
