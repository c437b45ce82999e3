"""Authentication: argon2, lockout, password reset, secure sessions, API tokens."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client, override_settings

from iehub import settings as production_settings
from iehub.accounts.actions import create_api_token
from iehub.accounts.models import User
from tests.conftest import PASSWORD
from tests.helpers import api

pytestmark = pytest.mark.django_db


def test_production_hasher_is_argon2(world):
    assert production_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=production_settings.PASSWORD_HASHERS):
        user = User.objects.create_user("argon", password=PASSWORD, full_name="阿尔")
        assert user.password.startswith("argon2")
        assert user.check_password(PASSWORD)


def test_login_and_logout(world):
    client = Client()
    response = client.post("/accounts/login/", {"username": "teacher", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


def test_lockout_after_repeated_failures(world):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "teacher", "password": "wrong password"})
    locked = client.post("/accounts/login/", {"username": "teacher", "password": PASSWORD})
    assert locked.status_code == 429
    assert client.get("/").status_code == 302  # not logged in
    other = Client().post("/accounts/login/", {"username": "student", "password": PASSWORD})
    assert other.status_code in (200, 302)  # other accounts are not locked


def test_password_reset_by_email(world):
    client = Client()
    client.post("/accounts/password/reset/", {"email": "teacher@example.cn"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(
        form_url, {"new_password1": "a new long passphrase", "new_password2": "a new long passphrase"}
    )
    assert response.status_code == 302
    assert User.objects.get(username="teacher").check_password("a new long passphrase")


def test_session_cookie_settings():
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_bearer_tokens(world):
    _token, read_key = create_api_token(world.college_admin, "reader", "read")
    write_token, write_key = create_api_token(world.college_admin, "writer", "write")
    anon = Client()
    me = anon.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {read_key}")
    assert me.status_code == 200 and me.json()["username"] == "cadmin"
    url = f"/api/v1/organisations/{world.college.pk}"
    refused = api(anon, "patch", url, {"name_en": "x"}, HTTP_AUTHORIZATION=f"Bearer {read_key}")
    assert refused.status_code == 403
    allowed = api(anon, "patch", url, {"name_en": "Via token"}, HTTP_AUTHORIZATION=f"Bearer {write_key}")
    assert allowed.status_code == 200
    write_token.refresh_from_db()
    assert write_token.last_used_at is not None
    api(world.client_for(world.college_admin), "delete", f"/api/v1/tokens/{write_token.pk}")
    revoked = anon.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {write_key}")
    assert revoked.status_code == 401
    assert anon.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer iehub_forged").status_code == 401


def test_session_writes_need_csrf(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.college_admin, backend="django.contrib.auth.backends.ModelBackend")
    response = api(client, "patch", f"/api/v1/organisations/{world.college.pk}", {"name_en": "x"})
    assert response.status_code in (401, 403)
    assert client.get("/api/v1/me").status_code == 200
