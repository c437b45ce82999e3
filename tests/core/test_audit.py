"""Every write leaves who / when / before → after; admins browse it, scoped."""

from __future__ import annotations

import contextvars

import pytest
from auditlog.context import auditlog_value
from auditlog.models import LogEntry
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iehub.accounts.actions import create_api_token
from iehub.accounts.models import Organization
from iehub.core.audit import acting_as
from tests.helpers import api

pytestmark = pytest.mark.django_db


def entries_for(obj):
    return LogEntry.objects.get_for_object(obj).order_by("-timestamp", "-id")


def test_api_write_is_audited_with_actor_and_change(world):
    api(
        world.client_for(world.college_admin),
        "patch",
        f"/api/v1/organisations/{world.college.pk}",
        {"name_en": "Nanyue Film College"},
    )
    entry = entries_for(world.college).first()
    assert entry.actor == world.college_admin
    assert entry.changes_dict["name_en"] == ["南粤影视职业学院 (en)", "Nanyue Film College"]


def test_token_write_is_attributed_to_the_token_owner(world):
    _t, key = create_api_token(world.enterprise_admin, "hr", "write")
    client = world.client_for(None)
    api(
        client,
        "patch",
        f"/api/v1/organisations/{world.enterprise.pk}",
        {"website": "https://gy.example.cn"},
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    entry = entries_for(Organization.objects.get(pk=world.enterprise.pk)).first()
    assert entry.actor == world.enterprise_admin
    assert entry.changes_dict["website"][1] == "https://gy.example.cn"


def test_secrets_never_reach_the_log(world):
    _t, key = create_api_token(world.teacher, "x", "read")
    world.teacher.set_password("another long password")
    world.teacher.save()
    for entry in LogEntry.objects.all():
        text = str(entry.changes)
        assert "key_hash" not in text and "password" not in text and key not in text


def test_audit_page_is_scoped(world):
    api(
        world.client_for(world.college_admin),
        "patch",
        f"/api/v1/organisations/{world.college.pk}",
        {"name_en": "Audited name"},
    )
    api(
        world.client_for(world.enterprise_admin),
        "patch",
        f"/api/v1/organisations/{world.enterprise.pk}",
        {"name_en": "Enterprise audited"},
    )
    college_page = world.client_for(world.college_admin).get("/audit/").content.decode()
    assert "Audited name" in college_page and "Enterprise audited" not in college_page
    root_page = world.client_for(world.platform_admin).get("/audit/").content.decode()
    assert "Audited name" in root_page and "Enterprise audited" in root_page
    assert world.client_for(world.teacher).get("/audit/").status_code == 403
    assert world.client_for(world.student).get("/audit/").status_code == 403


def test_audit_page_shows_labels_not_bookkeeping(world):
    api(
        world.client_for(world.college_admin),
        "patch",
        f"/api/v1/organisations/{world.college.pk}",
        {"website": "https://www.nyfilm.edu.cn"},
    )
    page = world.client_for(world.college_admin).get("/audit/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<strong>website</strong>" in page
    assert "updated_at" not in page and "<strong>id</strong>" not in page
    assert "None" not in page
    zh_page = (
        world.client_for(world.college_admin).get("/audit/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    )
    assert "<strong>网站</strong>" in zh_page


@pytest.mark.django_db(transaction=True)
def test_the_kept_audit_page_shows_the_next_write(world):
    """Kept between views (core.kept_pages), the page is computed afresh once a write adds an entry."""
    cache.clear()
    client = world.client_for(world.college_admin)
    first = client.get("/audit/").content.decode()
    with CaptureQueriesContext(connection) as again:
        assert client.get("/audit/").status_code == 200
    assert len(again) <= 3  # the session, the user, the data versions: served as kept
    assert "Kept then audited" not in first
    api(client, "patch", f"/api/v1/organisations/{world.college.pk}", {"name_en": "Kept then audited"})
    assert "Kept then audited" in client.get("/audit/").content.decode()


def test_a_request_leaves_nothing_of_itself_in_the_audit_context(world):
    """django-auditlog sets its context variable for each request and never resets it: a server thread
    kept its last request alive (the user's lazy wrapper holds the request) until its next one."""
    client = world.client_for(world.college_admin)

    def serve() -> object:
        auditlog_value.set({"before": True})
        assert client.get("/").status_code == 200
        return auditlog_value.get()

    assert contextvars.copy_context().run(serve) == {"before": True}


def test_acting_as_gives_the_requests_actor_back(world):
    """An action's writes are attributed to its actor; what follows in the request, to the request's
    own again, with the request's client address throughout."""
    request_context = {"actor": world.college_admin, "remote_addr": "10.0.0.7", "remote_port": None}

    def act() -> tuple[object, object]:
        auditlog_value.set(request_context)
        with acting_as(world.teacher):
            inside = auditlog_value.get()
        return inside, auditlog_value.get()

    inside, after = contextvars.copy_context().run(act)
    assert inside["actor"] == world.teacher and inside["remote_addr"] == "10.0.0.7"
    assert after is request_context
