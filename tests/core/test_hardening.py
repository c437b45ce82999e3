"""Every bad request gets the documented answer: the error envelope (with a request id) in the API, a
translated error page elsewhere — never a server error. Also the headers, the lockout behind a proxy,
tokens of locked or deactivated people, and the audit trail of every app with the client address."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.db import OperationalError
from django.test import Client, override_settings

from iehub.accounts.actions import create_api_token
from iehub.accounts.models import Organization
from iehub.api import api as ninja_api
from iehub.core.audit import NOT_AUDITED, audited_models
from iehub.demand.models import SkillNeed
from iehub.taxonomy.actions import load_curated_skills
from iehub.taxonomy.models import Skill
from tests.conftest import PASSWORD
from tests.helpers import api

pytestmark = pytest.mark.django_db

BIG = str(2**70)


def envelope(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == code and error["message"]
    assert error["request_id"] == response["X-Request-ID"]
    return error


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("post", "/api/v1/organisations"),
        ("patch", "/api/v1/people/1"),
        ("post", "/api/v1/memberships"),
        ("post", "/api/v1/invitations"),
        ("post", "/api/v1/demand/needs"),
        ("post", "/api/v1/curriculum/change-requests"),
        ("delete", "/api/v1/tokens/1"),
    ],
)
def test_anonymous_writes_are_401_even_without_a_csrf_token(world, method, path):
    client = Client(enforce_csrf_checks=True)
    envelope(api(client, method, path, {}), 401, "unauthenticated")


def test_a_session_write_without_csrf_is_a_translated_403(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.teacher, backend="django.contrib.auth.backends.ModelBackend")
    error = envelope(
        api(client, "patch", f"/api/v1/people/{world.teacher.pk}", {"full_name": "x"}), 403, "forbidden"
    )
    assert "CSRF" in error["message"] and "Failed" not in error["message"]


def test_nul_characters_are_422_naming_the_field(world):
    admin = world.client_for(world.college_admin)
    error = envelope(api(admin, "get", "/api/v1/people?q=a%00b"), 422, "invalid")
    assert list(error["fields"]) == ["q"]
    error = envelope(
        api(admin, "patch", f"/api/v1/organisations/{world.college.pk}", {"name_en": "x\u0000y"}),
        422,
        "invalid",
    )
    assert list(error["fields"]) == ["name_en"]
    page = admin.get("/people/?q=%00")
    assert page.status_code == 422 and 'data-testid="error-page"' in page.content.decode()


@pytest.mark.parametrize(
    ("path", "payload", "field"),
    [
        ("/api/v1/organisations/{college}", {"name": None}, "name"),
        ("/api/v1/people/{teacher}", {"full_name": None}, "full_name"),
        ("/api/v1/people/{teacher}", {"phone": None}, "phone"),
    ],
)
def test_null_for_a_field_that_cannot_be_empty_is_422(world, path, payload, field):
    url = path.format(college=world.college.pk, teacher=world.teacher.pk)
    error = envelope(api(world.client_for(world.college_admin), "patch", url, payload), 422, "invalid")
    assert field in error["fields"]


def test_null_membership_title_is_422(world):
    membership = world.teacher.memberships.get()
    error = envelope(
        api(
            world.client_for(world.college_admin),
            "patch",
            f"/api/v1/memberships/{membership.pk}",
            {"title": None},
        ),
        422,
        "invalid",
    )
    assert "title" in error["fields"]


def test_an_unknown_role_is_422_naming_role(world):
    payload = {"user_id": world.teacher.pk, "organization_id": world.college.pk, "role": "overlord"}
    error = envelope(
        api(world.client_for(world.college_admin), "post", "/api/v1/memberships", payload), 422, "invalid"
    )
    assert "role" in error["fields"]


def test_numbers_beyond_the_database_range(world):
    admin = world.client_for(world.college_admin)
    error = envelope(api(admin, "get", f"/api/v1/people/{BIG}"), 422, "invalid")
    assert "person_id" in error["fields"]
    assert (
        "organization"
        in envelope(api(admin, "get", f"/api/v1/people?organization={BIG}"), 422, "invalid")["fields"]
    )
    assert (
        "user_id"
        in envelope(
            api(
                admin,
                "post",
                "/api/v1/memberships",
                {"user_id": 2**70, "organization_id": 1, "role": "teacher"},
            ),
            422,
            "invalid",
        )["fields"]
    )
    far = api(admin, "get", f"/api/v1/people?offset={2**63 - 1}")  # offsets stop at 10,000: use after
    assert "offset" in envelope(far, 422, "invalid")["fields"]
    assert admin.get(f"/people/{BIG}/").status_code == 404
    assert admin.get(f"/people/?organization={BIG}").status_code == 200


def test_unknown_api_paths_and_oversized_bodies_answer_the_envelope(world):
    admin = world.client_for(world.college_admin)
    envelope(admin.get("/api/v1/no-such-thing"), 404, "not_found")
    with override_settings(IEHUB_UPLOAD_MAX_BYTES=10):
        response = admin.post(
            "/api/v1/imports/people", data=b"x" * (2 * 1024 * 1024), content_type="text/csv"
        )
    envelope(response, 413, "too_large")


def test_a_crash_answers_the_envelope_with_a_request_id_and_no_trace(world, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("iehub.accounts.queries.organizations_for", crash)
    client = world.client_for(world.college_admin)
    client.raise_request_exception = False
    error = envelope(api(client, "get", "/api/v1/organisations"), 500, "server_error")
    assert "secret internals" not in str(error) and error["request_id"] in error["message"]
    page = client.get("/organisations/")
    assert page.status_code == 500
    body = page.content.decode()
    assert page["X-Request-ID"] in body and "secret internals" not in body and "Traceback" not in body


def test_a_lost_database_is_503_in_the_api_and_on_pages(world, monkeypatch):
    def down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("iehub.accounts.queries.organizations_for", down)
    client = world.client_for(world.college_admin)
    client.raise_request_exception = False
    envelope(api(client, "get", "/api/v1/organisations", HTTP_ACCEPT_LANGUAGE="en"), 503, "unavailable")
    page = client.get("/organisations/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 503 and "try again" in page.content.decode()


def test_every_operation_declares_its_errors():
    schema = ninja_api.get_openapi_schema()
    assert len(schema["paths"]) >= 30
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            declared = set(operation["responses"])
            assert {"401", "403", "404", "422", "500"} <= declared, (method, path, declared)
    assert "request_id" in schema["components"]["schemas"]["ErrorDetail"]["properties"]


def test_pages_carry_csp_and_permissions_policy(world):
    response = world.client_for(world.teacher).get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self';" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert "camera=()" in response["Permissions-Policy"]
    assert 'style="' not in response.content.decode()


def _fail_logins(client: Client, username: str, times: int, **headers: str) -> None:
    for _ in range(times):
        client.post("/accounts/login/", {"username": username, "password": "wrong password"}, **headers)


def test_a_spoofed_forwarded_for_does_not_escape_the_lockout(world):
    client = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        _fail_logins(client, "teacher", 1, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    locked = client.post(
        "/accounts/login/", {"username": "teacher", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="10.9.9.9"
    )
    assert locked.status_code == 429
    text = locked.content.decode().replace("\xa0", " ")
    assert "PT1H" not in text and "1 小时" in text


@override_settings(IEHUB_TRUSTED_PROXIES=1)
def test_behind_one_trusted_proxy_the_forwarded_address_is_the_client(world):
    client = Client()
    _fail_logins(client, "teacher", settings.AXES_FAILURE_LIMIT, HTTP_X_FORWARDED_FOR="203.0.113.7")
    other_address = client.post(
        "/accounts/login/", {"username": "teacher", "password": PASSWORD}, HTTP_X_FORWARDED_FOR="198.51.100.1"
    )
    assert other_address.status_code == 302  # the lockout is per (username, client address)


def test_tokens_of_locked_out_or_deactivated_people_are_refused(world):
    _token, key = create_api_token(world.teacher, "sync")
    header = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert Client().get("/api/v1/me", **header).status_code == 200
    _fail_logins(Client(), "teacher", settings.AXES_FAILURE_LIMIT)
    envelope(Client().get("/api/v1/me", **header), 401, "unauthenticated")
    _token, other_key = create_api_token(world.student, "sync")
    world.student.is_active = False
    world.student.save()
    envelope(Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {other_key}"), 401, "unauthenticated")


def test_every_app_is_audited_except_derived_data():
    labels = {model._meta.label for model in audited_models()}
    assert {
        "accounts.Invitation",
        "demand.SkillNeed",
        "curriculum.AlertAssignment",
        "demand.PostingImport",
    } <= labels
    assert {"curriculum.ChangeRequest", "accounts.Partnership", "taxonomy.Skill"} <= labels
    from django.apps import apps

    assert all(apps.get_model(label) for label in NOT_AUDITED)


def test_an_enterprise_need_is_audited_with_the_client_address(world):
    load_curated_skills()
    skill = Skill.objects.get(label_en="colour grading")
    _token, key = create_api_token(world.enterprise_admin, "sync", scope="write")
    created = api(
        Client(REMOTE_ADDR="203.0.113.9"),
        "post",
        "/api/v1/demand/needs",
        {"skill_uri": skill.uri, "headcount": 2, "timeframe": "now", "description": "调色师"},
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert created.status_code == 201, created.content
    entry = LogEntry.objects.get_for_object(SkillNeed.objects.get()).get()
    assert entry.actor == world.enterprise_admin
    assert entry.remote_addr == "203.0.113.9"


def test_organisation_update_over_the_api_keeps_the_address(world):
    client = world.client_for(world.college_admin)
    api(
        client,
        "patch",
        f"/api/v1/organisations/{world.college.pk}",
        {"name_en": "Nanyue"},
        REMOTE_ADDR="198.51.100.4",
    )
    entry = LogEntry.objects.get_for_object(Organization.objects.get(pk=world.college.pk)).latest("timestamp")
    assert entry.remote_addr == "198.51.100.4" and entry.actor == world.college_admin


def test_a_reloaded_form_target_answers_a_translated_page_not_an_empty_405(world):
    """Reloading after a refused form (GET on a POST-only address) gets the error page with the
    navigation, in the caller's language, and keeps the Allow header."""
    client = world.client_for(world.program_lead)
    response = client.get(f"/curriculum/programs/{world.program.pk}/tasks/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    page = response.content.decode()
    assert 'data-testid="error-page"' in page and "返回" in page
    assert response.context["request_id"] in page
