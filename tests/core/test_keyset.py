"""Lists past the first pages: offsets stop at 10,000 with a message naming the cursor parameter, and
the cursor (``after`` = the ``next`` of the page before) walks the whole list through the ordering's
index, in the same order as offsets, with no OFFSET in its SQL."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from iehub.accounts.models import Membership, Organization, Partnership, Role, User
from iehub.core import keyset
from iehub.core.api_support import MAX_OFFSET
from tests.conftest import World, make_user
from tests.core.test_hardening import envelope
from tests.helpers import api


def _students(world: World, count: int) -> None:
    for number in range(count):
        make_user(f"s{number:03d}", world.college, Role.STUDENT, program=world.program)


def _walk(client, path: str, limit: int) -> tuple[list[int], list[str]]:
    """Every id of a list, page by page through ``next``; and the SQL of each cursor page."""
    seen: list[int] = []
    sql: list[str] = []
    page = api(client, "get", f"{path}&limit={limit}").json()
    seen += [row["id"] for row in page["results"]]
    while page["next"]:
        with CaptureQueriesContext(connection) as queries:
            response = api(client, "get", f"{path}&limit={limit}&after={page['next']}")
        assert response.status_code == 200, response.content
        page = response.json()
        sql += [q["sql"] for q in queries.captured_queries]
        seen += [row["id"] for row in page["results"]]
    return seen, sql


def test_an_offset_past_ten_thousand_is_refused_naming_the_cursor(world: World) -> None:
    admin = world.client_for(world.college_admin)
    refused = envelope(api(admin, "get", f"/api/v1/people?offset={MAX_OFFSET + 1}"), 422, "invalid")
    assert "after" in refused["fields"]["offset"][0] and "10,000" in refused["fields"]["offset"][0]
    assert api(admin, "get", f"/api/v1/people?offset={MAX_OFFSET}").json()["results"] == []
    english = api(admin, "get", f"/api/v1/people?offset={2**63}", HTTP_ACCEPT_LANGUAGE="en")
    assert "offset" in envelope(english, 422, "invalid")["fields"]


def test_the_cursor_walks_the_people_list_in_the_offset_order_without_offset(world: World) -> None:
    _students(world, 23)
    admin = world.client_for(world.college_admin)
    path = "/api/v1/people?role=student"
    everyone = api(admin, "get", f"{path}&limit=500").json()
    total = everyone["count"]
    assert total == len(everyone["results"]) > 23 and everyone["next"] is None  # one page: no next
    walked, sql = _walk(admin, path, limit=4)
    assert walked == [row["id"] for row in everyone["results"]]
    page_queries = [s for s in sql if 'FROM "accounts_user"' in s and "LIMIT" in s]
    assert page_queries and not any("OFFSET" in s for s in page_queries)
    # the cursor page counts the whole list, as the offset pages do
    first = api(admin, "get", f"{path}&limit=4").json()
    assert api(admin, "get", f"{path}&limit=4&after={first['next']}").json()["count"] == total


def test_a_descending_ordering_over_a_relation_walks_too(world: World) -> None:
    for number in range(7):
        enterprise = Organization.objects.create(
            kind="enterprise",
            code=f"E9{number}",
            name=f"企业{number}",
            region_code="440100",
            ownership="private",
            scale="small",
            industry="I",
        )
        Partnership.objects.create(college=world.college, enterprise=enterprise, status="active")
    admin = world.client_for(world.college_admin)
    everyone = api(admin, "get", "/api/v1/partnerships?limit=500").json()
    walked, _sql = _walk(admin, "/api/v1/partnerships?", limit=3)
    assert len(walked) == everyone["count"] == 8
    assert walked == [row["id"] for row in everyone["results"]]


def test_a_cursor_that_this_list_did_not_make_is_refused(world: World) -> None:
    _students(world, 5)
    admin = world.client_for(world.college_admin)
    cursor = api(admin, "get", "/api/v1/people?limit=2").json()["next"]
    edited = cursor[:-3] + ("AAA" if not cursor.endswith("AAA") else "BBB")
    for bad in (edited, "not-a-cursor", "\x00"):
        fields = envelope(api(admin, "get", f"/api/v1/people?after={bad}"), 422, "invalid")["fields"]
        assert "after" in fields
    # a cursor of the people list handed to the organisations list
    fields = envelope(api(admin, "get", f"/api/v1/organisations?after={cursor}"), 422, "invalid")["fields"]
    assert "after" in fields
    both = api(admin, "get", f"/api/v1/people?after={cursor}&offset=2")
    assert "after" in envelope(both, 422, "invalid")["fields"]


def test_the_cursor_is_scoped_like_the_list(world: World) -> None:
    """A cursor only names a position: another college's admin reading with it sees their own rows."""
    _students(world, 5)
    cursor = api(world.client_for(world.college_admin), "get", "/api/v1/people?limit=2").json()["next"]
    other = api(world.client_for(world.other_college_admin), "get", f"/api/v1/people?after={cursor}")
    assert other.status_code == 200
    ours = set(Membership.objects.filter(organization=world.college).values_list("user_id", flat=True))
    assert not ours & {row["id"] for row in other.json()["results"]}
    assert api(world.client_for(None), "get", f"/api/v1/people?after={cursor}").status_code == 401


def test_which_orderings_are_keyed(db: None) -> None:
    people = User.objects.order_by("username")
    assert [(k.path, k.descending) for k in keyset.ordering_keys(people) or []] == [
        ("username", False),
        ("id", False),
    ]
    assert keyset.ordering_keys(User.objects.order_by("-date_joined", "-pk")) == [
        keyset.Key("date_joined", True),
        keyset.Key("id", True),
    ]
    assert keyset.ordering_keys(User.objects.order_by("last_login")) is None  # nullable column
    assert keyset.ordering_keys(User.objects.order_by("?")) is None
    assert keyset.ordering_keys(User.objects.values("username").order_by("username")) is None
    assert keyset.ordering_keys(Partnership.objects.order_by("college__code")) == [
        keyset.Key("college__code", False),
        keyset.Key("id", False),
    ]
