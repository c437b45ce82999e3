"""Every page: the allowed role succeeds, another organisation's user is refused (404/403 or its data
absent from lists), and an anonymous visitor is sent to the login page."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN_REQUIRED_PAGES = [
    "/",
    "/organisations/",
    "/organisations/export/",
    "/people/",
    "/people/export/",
    "/import/",
    "/settings/tokens/",
    "/audit/",
    "/organisations/1/",
    "/organisations/1/edit/",
    "/people/1/",
]


@pytest.mark.parametrize("path", LOGIN_REQUIRED_PAGES)
def test_anonymous_is_sent_to_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_dashboard_per_role(world):
    expectations = {
        world.platform_admin: "Platform",
        world.college_admin: "Dual-qualified teachers",
        world.program_lead: "Cohort 2024",
        world.teacher: "Enterprise practice days",
        world.student: "2024010101",
        world.enterprise_admin: "Partner colleges",
        world.mentor: "Enterprise mentors",
        world.gov_officer: "Active partnerships",
        world.consortium_officer: "Members",
    }
    for user, text in expectations.items():
        response = world.client_for(user).get("/", HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        assert text in response.content.decode(), (user.username, text)


def test_dashboard_shows_honest_empty_states(world):
    page = world.client_for(world.student).get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Your digital competency portfolio will appear here" in page


def test_organisation_pages(world):
    admin = world.client_for(world.college_admin)
    listing = admin.get("/organisations/").content.decode()
    assert world.college.name in listing and world.enterprise.name in listing
    assert world.outsider_enterprise.name not in listing
    outsider = world.client_for(world.outsider_admin)
    assert world.college.name not in outsider.get("/organisations/").content.decode()
    detail = f"/organisations/{world.college.pk}/"
    assert admin.get(detail).status_code == 200
    assert outsider.get(detail).status_code == 404
    edit = f"/organisations/{world.college.pk}/edit/"
    assert admin.get(edit).status_code == 200
    assert world.client_for(world.teacher).get(edit).status_code == 403
    assert outsider.get(edit).status_code == 404
    response = admin.post(
        edit,
        {
            "name": "南粤影视职业学院",
            "name_en": "Nanyue Film College",
            "region_code": "440100",
            "industry": "",
            "website": "",
            "description": "影视",
        },
    )
    assert response.status_code == 302
    world.college.refresh_from_db()
    assert world.college.name_en == "Nanyue Film College"


def test_organisation_edit_reports_errors(world):
    admin = world.client_for(world.enterprise_admin)
    response = admin.post(
        f"/organisations/{world.enterprise.pk}/edit/",
        {"name": "", "ownership": "private", "scale": "small"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


def test_people_pages(world):
    admin = world.client_for(world.college_admin)
    listing = admin.get("/people/").content.decode()
    assert world.student.full_name in listing and "13800138000" in listing
    partner = world.client_for(world.enterprise_admin).get("/people/?role=student").content.decode()
    assert world.student.full_name in partner and "138****8000" in partner and "13800138000" not in partner
    outsider = world.client_for(world.outsider_admin).get("/people/").content.decode()
    assert world.student.full_name not in outsider
    assert world.client_for(world.student).get("/people/").status_code == 403
    detail = f"/people/{world.student.pk}/"
    assert admin.get(detail).status_code == 200
    assert world.client_for(world.outsider_admin).get(detail).status_code == 404
    assert world.client_for(world.other_college_admin).get(detail).status_code == 404


def test_exports_are_scoped_and_masked(world):
    admin_csv = (
        world.client_for(world.college_admin).get("/people/export/?format=csv").content.decode("utf-8-sig")
    )
    assert "2024010101" in admin_csv and "13800138000" in admin_csv
    partner_csv = world.client_for(world.enterprise_admin).get("/people/export/?format=csv")
    student_row = next(
        line for line in partner_csv.content.decode("utf-8-sig").splitlines() if "2024010101" in line
    )
    assert student_row.split(",")[3:6] == ["", "138****8000", "4401**********0013"]
    mentor_row = next(
        line for line in partner_csv.content.decode("utf-8-sig").splitlines() if line.startswith("mentor,")
    )
    assert "13800138000" in mentor_row  # the enterprise administers its own mentors
    outsider_csv = (
        world.client_for(world.outsider_admin).get("/people/export/?format=csv").content.decode("utf-8-sig")
    )
    assert "2024010101" not in outsider_csv
    xlsx = world.client_for(world.college_admin).get("/organisations/export/?format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert world.client_for(world.college_admin).get("/people/export/?format=pdf").status_code == 404


def test_import_page_permissions(world):
    assert world.client_for(world.college_admin).get("/import/").status_code == 200
    assert world.client_for(world.teacher).get("/import/").status_code == 403
    assert world.client_for(world.student).get("/import/").status_code == 403


def test_token_pages(world):
    client = world.client_for(world.teacher)
    response = client.post("/settings/tokens/", {"name": "sync", "scope": "read"})
    assert response.status_code == 200
    assert "iehub_" in response.content.decode()
    token = world.teacher.api_tokens.get()
    assert world.client_for(world.student).post(f"/settings/tokens/{token.pk}/revoke/").status_code == 404
    assert client.post(f"/settings/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_admin_site_is_for_platform_admins(world):
    assert world.client_for(world.platform_admin).get("/admin/accounts/organization/").status_code == 200
    assert world.client_for(world.platform_admin).get("/admin/accounts/membership/?q=stu").status_code == 200
    assert world.client_for(world.college_admin).get("/admin/accounts/organization/").status_code == 302


def test_healthz(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_organisation_page_lists_visible_partnerships(world):
    page = world.client_for(world.college_admin).get(f"/organisations/{world.college.pk}/").content.decode()
    assert world.enterprise.name in page
    enterprise_page = world.client_for(world.enterprise_admin).get(f"/organisations/{world.enterprise.pk}/")
    assert world.college.name in enterprise_page.content.decode()
