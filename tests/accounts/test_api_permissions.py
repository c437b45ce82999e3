"""Every API endpoint: the allowed role succeeds, another organisation's user is refused, and an
anonymous caller gets 401 — all in the one error format."""

from __future__ import annotations

import io

import pytest

from iehub.accounts.models import Membership, Role
from tests.helpers import api

pytestmark = pytest.mark.django_db


def assert_error(response, status: int, code: str) -> None:
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    assert isinstance(body["error"]["fields"], dict)


ANONYMOUS_ENDPOINTS = [
    ("get", "/api/v1/organisations"),
    ("post", "/api/v1/organisations"),
    ("get", "/api/v1/organisations/distribution"),
    ("get", "/api/v1/organisations/1"),
    ("patch", "/api/v1/organisations/1"),
    ("get", "/api/v1/people"),
    ("post", "/api/v1/people"),
    ("get", "/api/v1/people/1"),
    ("patch", "/api/v1/people/1"),
    ("get", "/api/v1/memberships"),
    ("post", "/api/v1/memberships"),
    ("patch", "/api/v1/memberships/1"),
    ("post", "/api/v1/imports/people"),
    ("get", "/api/v1/exports/people"),
    ("get", "/api/v1/me"),
    ("get", "/api/v1/tokens"),
    ("post", "/api/v1/tokens"),
    ("delete", "/api/v1/tokens/1"),
]


@pytest.mark.parametrize(("method", "path"), ANONYMOUS_ENDPOINTS)
def test_anonymous_is_refused_everywhere(world, method, path):
    assert_error(api(world.client_for(None), method, path, {}), 401, "unauthenticated")


def ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def test_organisation_list_is_scoped(world):
    admin = api(world.client_for(world.college_admin), "get", "/api/v1/organisations?limit=100")
    assert admin.status_code == 200
    assert {world.college.pk, world.enterprise.pk} <= ids(admin)
    assert world.outsider_enterprise.pk not in ids(admin)
    outsider = api(world.client_for(world.outsider_admin), "get", "/api/v1/organisations")
    assert ids(outsider) == {world.outsider_enterprise.pk}


def test_government_sees_its_province_only(world):
    visible = ids(api(world.client_for(world.gov_officer), "get", "/api/v1/organisations?limit=100"))
    assert {world.college.pk, world.other_college.pk, world.enterprise.pk} <= visible
    assert world.outsider_enterprise.pk not in visible  # Shanghai is another province


def test_organisation_create_is_for_platform_admins(world):
    payload = {
        "kind": "enterprise",
        "code": "E9",
        "name": "深圳市新创软件有限公司",
        "ownership": "private",
        "scale": "small",
        "region_code": "440300",
        "industry": "I",
    }
    created = api(world.client_for(world.platform_admin), "post", "/api/v1/organisations", payload)
    assert created.status_code == 201, created.content
    assert created.json()["code"] == "E9"
    assert_error(
        api(
            world.client_for(world.college_admin), "post", "/api/v1/organisations", {**payload, "code": "E10"}
        ),
        403,
        "forbidden",
    )


def test_organisation_detail_and_update(world):
    url = f"/api/v1/organisations/{world.college.pk}"
    assert api(world.client_for(world.teacher), "get", url).status_code == 200
    assert_error(api(world.client_for(world.outsider_admin), "get", url), 404, "not_found")
    updated = api(world.client_for(world.college_admin), "patch", url, {"name_en": "Nanyue Film College"})
    assert updated.status_code == 200
    assert updated.json()["name_en"] == "Nanyue Film College"
    assert_error(api(world.client_for(world.teacher), "patch", url, {"name_en": "x"}), 403, "forbidden")
    assert_error(
        api(world.client_for(world.other_college_admin), "patch", url, {"name_en": "x"}), 404, "not_found"
    )


def test_organisation_update_validates_fields(world):
    url = f"/api/v1/organisations/{world.enterprise.pk}"
    response = api(
        world.client_for(world.enterprise_admin),
        "patch",
        url,
        {"region_code": "999999"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert_error(response, 422, "invalid")
    assert "region_code" in response.json()["error"]["fields"]
    schema_error = api(world.client_for(world.enterprise_admin), "patch", url, {"certified_iei": "perhaps"})
    assert_error(schema_error, 422, "invalid")
    assert "certified_iei" in schema_error.json()["error"]["fields"]


def test_distribution_counts_only_visible_enterprises(world):
    gov = api(world.client_for(world.gov_officer), "get", "/api/v1/organisations/distribution").json()
    assert gov["total"] == 1  # the Guangzhou enterprise; the Shanghai one is outside the province
    root = api(world.client_for(world.platform_admin), "get", "/api/v1/organisations/distribution").json()
    assert root["total"] == 2
    assert {s["key"]: s["count"] for s in root["ownership"]}["private"] == 2


def test_people_list_is_scoped_and_masked(world):
    admin = api(world.client_for(world.college_admin), "get", "/api/v1/people?limit=100").json()
    by_id = {row["id"]: row for row in admin["results"]}
    assert by_id[world.student.pk]["phone"] == "13800138000"
    partner = api(world.client_for(world.enterprise_admin), "get", "/api/v1/people?role=student").json()
    partner_ids = {row["id"] for row in partner["results"]}
    assert partner_ids == {world.student.pk}
    row = partner["results"][0]
    assert row["phone"] == "138****8000"
    assert row["id_card_number"] == "4401**********0013"
    assert row["email"] == ""
    outsider = api(world.client_for(world.outsider_admin), "get", "/api/v1/people").json()
    assert world.student.pk not in {r["id"] for r in outsider["results"]}
    student = api(world.client_for(world.student), "get", "/api/v1/people").json()
    assert {r["id"] for r in student["results"]} == {world.student.pk}


def test_partner_visibility_ends_with_the_partnership(world):
    world.enterprise.college_partnerships.update(status="ended")
    partner = api(world.client_for(world.enterprise_admin), "get", "/api/v1/people?role=student").json()
    assert partner["count"] == 0
    response = api(world.client_for(world.enterprise_admin), "get", f"/api/v1/people/{world.student.pk}")
    assert_error(response, 404, "not_found")


def test_person_detail_and_update(world):
    url = f"/api/v1/people/{world.student.pk}"
    assert (
        api(world.client_for(world.college_admin), "get", url).json()["id_card_number"]
        == "440106199001010013"
    )
    assert_error(api(world.client_for(world.outsider_admin), "get", url), 404, "not_found")
    assert_error(
        api(world.client_for(world.enterprise_admin), "patch", url, {"name_en": "x"}), 403, "forbidden"
    )
    changed = api(world.client_for(world.college_admin), "patch", url, {"phone": "13912345678"})
    assert changed.status_code == 200
    assert changed.json()["phone"] == "13912345678"
    own = api(world.client_for(world.student), "patch", url, {"name_en": "Chen Yu"})
    assert own.json()["name_en"] == "Chen Yu"
    bad = api(world.client_for(world.student), "patch", url, {"id_card_number": "440106199001010031"})
    assert_error(bad, 422, "invalid")
    assert "id_card_number" in bad.json()["error"]["fields"]


def test_person_create(world):
    payload = {
        "username": "newstudent",
        "full_name": "林晓",
        "phone": "13700001111",
        "membership": {
            "organization_id": world.college.pk,
            "role": "student",
            "student_number": "2025010101",
            "program_id": world.program.pk,
            "cohort": 2025,
        },
    }
    created = api(world.client_for(world.college_admin), "post", "/api/v1/people", payload)
    assert created.status_code == 201, created.content
    assert created.json()["memberships"][0]["student_number"] == "2025010101"
    refused = api(
        world.client_for(world.other_college_admin),
        "post",
        "/api/v1/people",
        {**payload, "username": "other"},
    )
    assert_error(refused, 403, "forbidden")
    missing = api(
        world.client_for(world.college_admin),
        "post",
        "/api/v1/people",
        {**payload, "username": "x2", "membership": {**payload["membership"], "student_number": ""}},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert_error(missing, 422, "invalid")
    assert missing.json()["error"]["fields"]["student_number"] == ["A student needs a student number."]


def test_membership_endpoints(world):
    client = world.client_for(world.college_admin)
    listing = api(client, "get", f"/api/v1/memberships?organization={world.college.pk}").json()
    assert world.student.pk in {m["user_id"] for m in listing["results"]}
    outsider = api(world.client_for(world.outsider_admin), "get", "/api/v1/memberships").json()
    assert {m["organization_id"] for m in outsider["results"]} == {world.outsider_enterprise.pk}
    wrong_role = api(
        client,
        "post",
        "/api/v1/memberships",
        {"user_id": world.student.pk, "organization_id": world.college.pk, "role": "enterprise_mentor"},
    )
    assert_error(wrong_role, 422, "invalid")
    assert "role" in wrong_role.json()["error"]["fields"]
    created = api(
        client,
        "post",
        "/api/v1/memberships",
        {
            "user_id": world.teacher.pk,
            "organization_id": world.college.pk,
            "role": "program_lead",
            "program_id": world.program.pk,
        },
    )
    assert created.status_code == 201, created.content
    stranger = api(
        client,
        "post",
        "/api/v1/memberships",
        {"user_id": world.outsider_admin.pk, "organization_id": world.college.pk, "role": "teacher"},
    )
    assert_error(stranger, 403, "forbidden")
    refused = api(
        world.client_for(world.other_college_admin),
        "post",
        "/api/v1/memberships",
        {"user_id": world.other_student.pk, "organization_id": world.college.pk, "role": "teacher"},
    )
    assert_error(refused, 403, "forbidden")
    membership = Membership.objects.get(user=world.teacher, role=Role.TEACHER)
    url = f"/api/v1/memberships/{membership.pk}"
    assert (
        api(client, "patch", url, {"enterprise_practice_days": 45}).json()["enterprise_practice_days"] == 45
    )
    assert_error(
        api(world.client_for(world.other_college_admin), "patch", url, {"title": "x"}), 404, "not_found"
    )
    assert_error(api(world.client_for(world.teacher), "patch", url, {"title": "x"}), 403, "forbidden")


def test_import_and_export_endpoints(world):
    csv = (
        "username,full_name,organization_code,role,student_number,program_code,cohort,class_name\n"
        "s1,李明,C1,student,2025010199,560206,2025,2025级影视摄影1班\n"
    ).encode()
    ok = world.client_for(world.college_admin).post("/api/v1/imports/people", {"file": io.BytesIO(csv)})
    assert ok.status_code == 200, ok.content
    assert ok.json()["created"] == 1
    refused = world.client_for(world.outsider_admin).post(
        "/api/v1/imports/people", {"file": io.BytesIO(csv.replace(b"s1,", b"s2,").replace(b"0199", b"0198"))}
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "organization_code"
    export = world.client_for(world.college_admin).get("/api/v1/exports/people?format=csv")
    assert export.status_code == 200
    assert "2025010199" in export.content.decode("utf-8-sig")
    outsider_export = world.client_for(world.outsider_admin).get("/api/v1/exports/people?format=csv")
    assert "2025010199" not in outsider_export.content.decode("utf-8-sig")


def test_me_and_tokens(world):
    client = world.client_for(world.teacher)
    me = api(client, "get", "/api/v1/me").json()
    assert me["username"] == "teacher"
    assert [m["role"] for m in me["memberships"]] == ["teacher"]
    created = api(client, "post", "/api/v1/tokens", {"name": "sync", "scope": "write"})
    assert created.status_code == 201
    token_id = created.json()["id"]
    assert [t["id"] for t in api(client, "get", "/api/v1/tokens").json()["results"]] == [token_id]
    assert api(world.client_for(world.student), "get", "/api/v1/tokens").json()["count"] == 0
    assert_error(
        api(world.client_for(world.student), "delete", f"/api/v1/tokens/{token_id}"), 404, "not_found"
    )
    assert api(client, "delete", f"/api/v1/tokens/{token_id}").status_code == 204
