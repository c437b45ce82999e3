"""Every write leaves who / when / before → after; admins browse it, scoped."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iehub.accounts.actions import create_api_token
from iehub.accounts.models import Organization
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
