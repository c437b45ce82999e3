"""The placement form's people pickers search the server: the page carries only the people chosen,
whatever the size of the college, and the search answers only the form's own choices."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from iehub.accounts.models import Membership, Role, User
from tests.conftest import World

pytestmark = pytest.mark.django_db

NEW = "/practice/placements/new/"


def search(client: Any, field: str, q: str, **extra: str) -> Any:
    return client.get(reverse("placement_people_search", args=[field]), {"q": q, **extra})


def found(response: Any) -> list[str]:
    assert response.status_code == 200, response.content[:300]
    return [option["text"] for option in response.json()["results"]]


def enrol(world: World, n: int) -> None:
    start = User.objects.count()
    for i in range(start, start + n):
        user = User.objects.create(username=f"extra{i}", full_name=f"批量生{i}")
        Membership.objects.create(
            user=user, organization=world.college, role=Role.STUDENT, program=world.program
        )


def test_the_form_carries_no_student_list_whatever_the_college_size(world: World) -> None:
    client = world.client_for(world.college_admin)
    enrol(world, 5)
    small = client.get(NEW).content.decode()
    enrol(world, 60)
    large = client.get(NEW).content.decode()
    assert "批量生" not in large and "用户stu" not in large
    assert large.count("<option") == small.count("<option")
    assert f'data-picker-search="{reverse("placement_people_search", args=["student"])}"' in large


def test_a_form_sent_back_keeps_the_chosen_student_only(world: World) -> None:
    enrol(world, 3)
    client = world.client_for(world.college_admin)
    response = client.post(NEW, {"college": world.college.pk, "student": world.student.pk})
    assert response.status_code == 400
    page = response.content.decode()
    assert "用户stu · stu" in page
    assert "批量生" not in page


def test_a_student_of_another_college_is_refused_on_save(world: World) -> None:
    client = world.client_for(world.college_admin)
    response = client.post(NEW, {"college": world.college.pk, "student": world.other_student.pk})
    assert response.status_code == 400
    assert "student" in response.context["form"].errors


def test_the_search_answers_the_forms_own_choices(world: World) -> None:
    admin = world.client_for(world.college_admin)
    assert found(search(admin, "student", "用户stu")) == ["用户stu · stu"]  # not stu2 of the other college
    assert found(search(admin, "student", "STU")) == ["用户stu · stu"]  # the username, any case
    assert "用户teacher · teacher" in found(search(admin, "teacher", "teacher"))
    assert found(search(admin, "teacher", "用户stu")) == []  # students are not teachers
    mentors = found(search(admin, "mentor", "用户"))
    assert "用户mentor · mentor" in mentors and "用户e2admin · e2admin" not in mentors  # partners only
    other = world.client_for(world.other_college_admin)
    assert found(search(other, "student", "用户stu")) == ["用户stu2 · stu2"]


def test_the_search_refuses_who_arranges_no_placement(world: World) -> None:
    response = search(world.client_for(None), "student", "用户")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for user in (world.student, world.enterprise_admin, world.mentor, world.gov_officer):
        assert search(world.client_for(user), "student", "用户").status_code == 403, user.username


@pytest.mark.parametrize("field", ["college", "enterprise", "password", "..", "student2"])
def test_only_people_fields_are_searched(world: World, field: str) -> None:
    assert search(world.client_for(world.college_admin), field, "用户").status_code == 404


def test_hostile_search_text(world: World) -> None:
    enrol(world, 60)
    admin = world.client_for(world.college_admin)
    assert found(search(admin, "student", "批" * 10_000)) == []  # cut to 100 characters, no match
    assert found(search(admin, "student", "   ")) == []
    assert len(found(search(admin, "student", "批量生", limit="100000"))) == 50  # at most 50 an answer
    assert len(found(search(admin, "student", "批量生", limit="-5"))) == 1
    assert search(admin, "student", "批\x00量").status_code == 422  # the input guard
