"""Drafts stay inside the college: a draft version (its courses, modules, matrix cells, diff and
alignment preview) and a draft micro-course are read by the college's staff and the program's
committee, not by its students nor by other colleges of the same consortium; published ones are."""

from __future__ import annotations

import pytest

from iehub.accounts.models import ConsortiumMember
from iehub.curriculum import actions
from iehub.curriculum.models import Module
from tests.curriculum.conftest import Curriculum
from tests.helpers import api

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(curriculum: Curriculum):
    # The two colleges sit in one consortium: each sees the other, as fellow members do.
    ConsortiumMember.objects.create(consortium=curriculum.world.consortium, member=curriculum.world.college)
    version = actions.copy_version(
        curriculum.world.program_lead, curriculum.version, curriculum.world.program
    )
    module = Module.objects.get(course__version=version, code="M1")
    module.name, module.name_en = "达芬奇调色进阶", "Advanced DaVinci grading"
    module.save()
    return version


def _urls(curriculum: Curriculum, version_id: int) -> list[str]:
    program = curriculum.world.program.pk
    return [
        f"/api/v1/curriculum/versions/{version_id}",
        f"/api/v1/curriculum/versions/{version_id}/diff",
        f"/api/v1/curriculum/programs/{program}/alignment?version={version_id}",
        f"/curriculum/versions/{version_id}/",
        f"/curriculum/versions/{version_id}/diff/",
        f"/curriculum/programs/{program}/gaps/?version={version_id}",
    ]


@pytest.mark.parametrize("reader", ["student", "other_college_admin", "enterprise_admin", "outsider_admin"])
def test_a_draft_is_not_readable_outside_the_college(curriculum, draft, reader):
    client = curriculum.world.client_for(getattr(curriculum.world, reader))
    for url in _urls(curriculum, draft.pk):
        assert client.get(url).status_code == 404, (reader, url)


def test_the_published_version_is_readable_by_the_consortium_and_students(curriculum, draft):
    for reader in ("student", "other_college_admin"):
        client = curriculum.world.client_for(getattr(curriculum.world, reader))
        assert client.get(f"/api/v1/curriculum/versions/{curriculum.version.pk}").status_code == 200, reader
    # …and the program page does not list the draft to them.
    page = curriculum.world.client_for(curriculum.world.student).get(
        f"/curriculum/programs/{draft.program_id}/"
    )
    assert f"/curriculum/versions/{draft.pk}/" not in page.content.decode()


@pytest.mark.parametrize("reader", ["teacher", "program_lead", "college_admin", "mentor"])
def test_staff_and_committee_read_the_draft(curriculum, draft, reader):
    client = curriculum.world.client_for(getattr(curriculum.world, reader))
    assert client.get(f"/api/v1/curriculum/versions/{draft.pk}/diff").status_code == 200, reader


def test_anonymous_is_refused(curriculum, draft):
    client = curriculum.world.client_for(None)
    assert client.get(f"/api/v1/curriculum/versions/{draft.pk}").status_code == 401
    assert client.get(f"/curriculum/versions/{draft.pk}/").status_code == 302


def test_diff_labels_follow_the_request_language(curriculum, draft):
    client = curriculum.world.client_for(curriculum.world.program_lead)
    english = api(
        client, "get", f"/api/v1/curriculum/versions/{draft.pk}/diff", HTTP_ACCEPT_LANGUAGE="en"
    ).json()
    chinese = api(
        client, "get", f"/api/v1/curriculum/versions/{draft.pk}/diff", HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).json()
    assert [c["label"] for c in english["modules"]] == ["M1 Advanced DaVinci grading"]
    assert [c["label"] for c in chinese["modules"]] == ["M1 达芬奇调色进阶"]


def test_a_draft_micro_course_is_for_staff_until_published(curriculum):
    world = curriculum.world
    course = actions.create_micro_course(
        world.teacher, world.program, "AI 视频生成入门", curriculum.new, "提纲"
    )
    student = world.client_for(world.student)
    assert course.pk not in {
        m["id"] for m in api(student, "get", "/api/v1/curriculum/micro-courses").json()["results"]
    }
    assert student.get(f"/curriculum/micro-courses/{course.pk}/").status_code == 404
    other = world.client_for(world.other_college_admin)
    assert other.get(f"/curriculum/micro-courses/{course.pk}/").status_code == 404
    assert (
        world.client_for(world.program_lead).get(f"/curriculum/micro-courses/{course.pk}/").status_code == 200
    )
    actions.publish_micro_course(world.teacher, course)
    assert student.get(f"/curriculum/micro-courses/{course.pk}/").status_code == 200
