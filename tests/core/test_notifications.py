"""Notifications: recorded for each recipient in both languages beside the e-mail, counted in the top bar,
listed and marked read by their recipient only — on pages and in the API."""

from __future__ import annotations

from django.core import mail
from django.utils.translation import gettext as _

from iehub.core import notifications
from iehub.core.models import Notification
from tests.helpers import api, count_queries


def _raise(world, users, url="/alerts/"):  # type: ignore[no-untyped-def]
    def message() -> tuple[str, str]:
        return _("Notifications"), _("No notifications yet.")

    return notifications.notify(users, "test", message, url)


def test_notify_records_both_languages_and_mails_each_in_theirs(world) -> None:
    world.teacher.preferred_language = "en"
    world.teacher.save()
    assert _raise(world, [world.teacher, world.mentor, world.teacher]) == 2  # once per person
    row = Notification.objects.get(recipient=world.teacher)
    assert (row.title_zh, row.title_en, row.url, row.read_at) == ("通知", "Notifications", "/alerts/", None)
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects[world.teacher.email] == "Notifications" and subjects[world.mentor.email] == "通知"


def test_the_bell_counts_unread_and_the_list_is_the_recipients_own(world) -> None:
    _raise(world, [world.teacher, world.platform_admin])
    _raise(world, [world.teacher])
    teacher = world.client_for(world.teacher)
    page = teacher.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'data-testid="unread-count">2<' in page
    listing = teacher.get("/notifications/")
    assert len(listing.context["rows"]) == 2
    # a platform administrator sees only their own, not everyone's
    assert len(world.client_for(world.platform_admin).get("/notifications/").context["rows"]) == 1


def test_opening_marks_read_and_goes_to_the_object_only_for_the_recipient(world) -> None:
    _raise(world, [world.teacher], url="/alerts/")
    notification = Notification.objects.get()
    other = world.client_for(world.mentor).post(f"/notifications/{notification.pk}/open/")
    assert other.status_code == 404
    anonymous = world.client_for(None).post(f"/notifications/{notification.pk}/open/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    response = world.client_for(world.teacher).post(f"/notifications/{notification.pk}/open/")
    assert response.status_code == 302 and response["Location"] == "/alerts/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_a_foreign_link_is_never_followed(world) -> None:
    _raise(world, [world.teacher], url="https://evil.example/")
    notification = Notification.objects.get()
    response = world.client_for(world.teacher).post(f"/notifications/{notification.pk}/open/")
    assert response["Location"] == "/notifications/"


def test_read_all(world) -> None:
    _raise(world, [world.teacher])
    _raise(world, [world.teacher])
    client = world.client_for(world.teacher)
    client.post("/notifications/read-all/")
    assert notifications.unread_count(world.teacher) == 0


def test_the_api_lists_and_marks_the_callers_own(world) -> None:
    _raise(world, [world.teacher])
    _raise(world, [world.mentor])
    teacher = world.client_for(world.teacher)
    body = api(teacher, "get", "/api/v1/notifications?unread=true").json()
    assert body["count"] == 1 and body["results"][0]["title_en"] == "Notifications"
    mine = body["results"][0]["id"]
    theirs = Notification.objects.get(recipient=world.mentor).pk
    assert api(teacher, "post", f"/api/v1/notifications/{theirs}/read").status_code == 404
    assert api(teacher, "post", f"/api/v1/notifications/{mine}/read").json()["read_at"] is not None
    assert api(world.client_for(None), "get", "/api/v1/notifications").status_code == 401
    assert api(world.client_for(world.mentor), "post", "/api/v1/notifications/read-all").json() == {
        "marked": 1
    }


def test_the_list_costs_the_same_queries_for_few_and_many(world) -> None:
    client = world.client_for(world.teacher)
    for _i in range(3):
        _raise(world, [world.teacher])
    few = count_queries(client, "/notifications/")
    for _i in range(57):
        _raise(world, [world.teacher])
    assert count_queries(client, "/notifications/") == few
