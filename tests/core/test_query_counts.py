"""List pages and endpoints run the same number of SQL queries for 10 rows as for 200."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iehub.accounts.actions import update_person
from iehub.accounts.models import Membership, Organization, OrgKind, Partnership, Role, User
from iehub.curriculum.models import ClassGroup
from tests.helpers import count_queries

pytestmark = pytest.mark.django_db

LISTS = [
    "/organisations/",
    "/organisations/?kind=enterprise",
    "/people/",
    "/people/?role=student",
    "/audit/",
    "/api/v1/organisations?limit=500",
    "/api/v1/people?limit=500",
    "/api/v1/people?role=student&limit=500",
    "/api/v1/memberships?limit=500",
    "/api/v1/exports/people?format=csv",
    "/api/v1/exports/organizations?format=xlsx",
]


def grow(world, n: int) -> None:
    """Add ``n`` students (with classes) and ``n`` partner enterprises to the world's college."""
    start = User.objects.count()
    for i in range(start, start + n):
        user = User.objects.create(username=f"bulk{i}", full_name=f"学生{i}", phone="13800138000")
        class_group = ClassGroup.objects.create(program=world.program, cohort=2024, name=f"班{i}")
        Membership.objects.create(
            user=user,
            organization=world.college,
            role=Role.STUDENT,
            student_number=f"N{i}",
            program=world.program,
            cohort=2024,
            class_group=class_group,
        )
        enterprise = Organization.objects.create(
            kind=OrgKind.ENTERPRISE,
            code=f"BULK{i}",
            name=f"企业{i}",
            ownership="private",
            scale="small",
            region_code="440300",
        )
        Partnership.objects.create(college=world.college, enterprise=enterprise, status="active")
        update_person(world.college_admin, user, {"name_en": f"Student {i}"})  # one audit entry each


@pytest.mark.parametrize("url", LISTS)
def test_query_count_does_not_grow_with_rows(world, url):
    client = world.client_for(world.college_admin)
    grow(world, 10)
    small = count_queries(client, url)
    grow(world, 190)
    large = count_queries(client, url)
    assert small == large, f"{url}: {small} queries for 10 rows, {large} for 200"


@pytest.mark.parametrize("who", ["teacher", "college_admin", "student"])
def test_what_waits_is_counted_once_per_page(world, who):
    """The dashboard lists what waits for the user and the top bar counts it: one count of each kind per
    request (it was counted twice, the open invitations three times)."""
    client = world.client_for(getattr(world, who))
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    assert invitation_queries(captured) == 1
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/organisations/").status_code == 200
    assert invitation_queries(captured) == 1


def invitation_queries(captured: CaptureQueriesContext) -> int:
    return sum('FROM "accounts_invitation"' in query["sql"] for query in captured.captured_queries)
