"""Scoping relations for roles the user does not hold drop out of the SQL (they cost no subquery and
no query), and a role the user gains is seen from the next request on."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from iehub.accounts import permissions
from iehub.accounts.models import Membership, Organization, Role, User

pytestmark = pytest.mark.django_db


def fresh(user: User) -> User:
    """The user as a new request loads it (no roles cached)."""
    return User.objects.get(pk=user.pk)


def visible_ids(user: User) -> set[int]:
    return set(Organization.objects.filter(permissions.visible_org_q(user)).values_list("pk", flat=True))


def test_relations_of_roles_not_held_run_no_query(world):
    teacher = fresh(world.teacher)
    permissions.active_roles(teacher)  # the one query a request spends on roles
    with CaptureQueriesContext(connection) as queries:
        governed = list(Organization.objects.filter(id__in=permissions.governed_org_ids(teacher)))
        partners = list(permissions.partner_college_ids_of_enterprise_admins(teacher))
        consortia = list(permissions.role_org_ids(teacher, (Role.CONSORTIUM_OFFICER,)))
    assert (governed, partners, consortia) == ([], [], [])
    assert len(queries) == 0


def test_visible_organisations_leave_out_the_government_branch_for_a_teacher(world):
    teacher, officer = fresh(world.teacher), fresh(world.gov_officer)
    teacher_sql = str(Organization.objects.filter(permissions.visible_org_q(teacher)).query)
    officer_sql = str(Organization.objects.filter(permissions.visible_org_q(officer)).query)
    government_branch = 'province_code" IN (SELECT'
    assert government_branch not in teacher_sql
    assert government_branch in officer_sql
    # The shorter SQL answers the same: the teacher sees their college, not the other province's.
    assert world.college.pk in visible_ids(teacher)
    assert world.outsider_enterprise.pk not in visible_ids(teacher)
    assert world.college.pk in visible_ids(officer)


def test_a_role_gained_is_seen_from_the_next_request(world):
    teacher = fresh(world.teacher)
    assert not permissions.role_org_ids(teacher, (Role.GOVERNMENT_OFFICER,)).exists()
    Membership.objects.create(user=world.teacher, organization=world.government, role=Role.GOVERNMENT_OFFICER)
    next_request = fresh(world.teacher)
    assert list(permissions.role_org_ids(next_request, (Role.GOVERNMENT_OFFICER,))) == [
        {"organization_id": world.government.pk}
    ]
    assert Organization.objects.filter(
        pk=world.college.pk, id__in=permissions.governed_org_ids(next_request)
    ).exists()


def test_the_people_a_user_sees_are_read_as_one_union_of_ids(world):
    """Not an OR of IN-subqueries, which PostgreSQL can only answer by scanning every user."""
    admin = fresh(world.college_admin)
    sql = str(User.objects.filter(permissions.visible_user_q(admin, "view")).query)
    assert "UNION" in sql and ' OR "accounts_user"."id" IN' not in sql
    seen = set(User.objects.filter(permissions.visible_user_q(admin, "view")).values_list("pk", flat=True))
    assert {world.college_admin.pk, world.teacher.pk, world.student.pk} <= seen
    assert world.other_student.pk not in seen and world.outsider_admin.pk not in seen


def test_the_memberships_a_user_sees_are_read_as_one_union_of_ids(world):
    admin, partner = fresh(world.college_admin), fresh(world.enterprise_admin)
    sql = str(Membership.objects.filter(permissions.visible_membership_q(admin, "view")).query)
    assert "UNION" in sql and ' OR "accounts_membership"."' not in sql

    def seen(user: User) -> set[int]:
        rows = Membership.objects.filter(permissions.visible_membership_q(user, "view"))
        return set(rows.values_list("user_id", flat=True))

    assert {world.teacher.pk, world.student.pk, world.college_admin.pk} <= seen(admin)
    assert world.other_student.pk not in seen(admin)
    # The partner enterprise's administrator: its own people, the partner college's students and
    # teachers — not the college's administrators, nor another college's students.
    assert {world.enterprise_admin.pk, world.mentor.pk, world.student.pk, world.teacher.pk} <= seen(partner)
    assert world.college_admin.pk not in seen(partner) and world.other_student.pk not in seen(partner)


def test_the_visible_organisations_are_built_once_a_request_and_read_live(world, monkeypatch):
    """The subquery is built once per user object (a request) and day, and run by each query that uses
    it: an organisation that becomes visible in between is seen."""
    admin = fresh(world.college_admin)
    first = permissions.visible_org_ids(admin)
    assert permissions.visible_org_ids(admin) is first
    before = set(Organization.objects.filter(id__in=first).values_list("pk", flat=True))
    assert world.other_college.pk not in before
    Membership.objects.create(user=admin, organization=world.other_college, role=Role.COLLEGE_ADMIN)
    assert world.other_college.pk in set(
        Organization.objects.filter(id__in=first).values_list("pk", flat=True)
    )
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr(permissions.timezone, "localdate", lambda: tomorrow)
    assert permissions.visible_org_ids(admin) is not first
