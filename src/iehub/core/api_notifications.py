"""The caller's own notifications over the API (``/api/v1/notifications``): what the bell shows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from iehub.core import notifications
from iehub.core.api_support import Page, PageQuery, paged
from iehub.core.limits import DbId
from iehub.core.models import Notification
from iehub.core.views_helpers import current_user

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    title_zh: str
    title_en: str
    url: str
    created_at: dt.datetime
    read_at: dt.datetime | None


class NotificationQuery(PageQuery):
    unread: bool = False


class ReadAllOut(Schema):
    marked: int


def _out(notification: Notification) -> dict[str, Any]:
    return {
        "id": notification.pk,
        "kind": notification.kind,
        "title": notification.title,
        "title_zh": notification.title_zh,
        "title_en": notification.title_en,
        "url": notification.url,
        "created_at": notification.created_at,
        "read_at": notification.read_at,
    }


@router.get("/notifications", response=Page[NotificationOut])
def list_notifications(request: HttpRequest, query: Query[NotificationQuery]) -> dict[str, Any]:
    """The caller's notifications, newest first (``unread=true``: only those not read yet)."""
    qs = notifications.notifications_of(current_user(request))
    if query.unread:
        qs = qs.filter(read_at__isnull=True)
    return paged(qs, query, _out)


@router.post("/notifications/{notification_id}/read", response=NotificationOut)
def read_notification(request: HttpRequest, notification_id: DbId) -> dict[str, Any]:
    """Mark one of the caller's notifications read (someone else's is 404)."""
    notification = get_object_or_404(
        notifications.notifications_of(current_user(request)), pk=notification_id
    )
    notifications.mark_read(notification)
    return _out(notification)


@router.post("/notifications/read-all", response=ReadAllOut)
def read_all_notifications(request: HttpRequest) -> dict[str, int]:
    """Mark all of the caller's notifications read; answers how many were unread."""
    return {"marked": notifications.mark_all_read(current_user(request))}
