"""Tell people what needs them: a notification in the app (the bell in the top bar) and an e-mail, both in
the person's language. Every app raises its notifications through ``notify``.

Why both: most enterprise partners never open the e-mails (DOMAIN.md); the in-app list is what the
dashboard and the top bar count, and the e-mail brings people back to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django.db import models
from django.utils import timezone, translation

from iehub.core.mailing import mail_each
from iehub.core.models import Notification, scope_rule

if TYPE_CHECKING:
    from iehub.accounts.models import User

TITLE_LENGTH = 300


@scope_rule(Notification)
def notification_scope(user: User, action: str) -> models.Q:
    """A notification is its recipient's alone (to read and to mark read)."""
    return models.Q(recipient_id=user.pk)


def notify(users: Iterable[User], kind: str, build: Callable[[], tuple[str, str]], url: str = "") -> int:
    """Record a notification for each user and e-mail those with an address.

    ``build()`` returns (subject, body) in the active language; it is called once per language for the
    stored titles and once per recipient for the e-mail. Returns how many notifications were recorded.
    """
    people = list({user.pk: user for user in users if user.is_active}.values())
    if not people:
        return 0
    titles = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            titles[language] = str(build()[0])[:TITLE_LENGTH]
    Notification.objects.bulk_create(
        Notification(recipient=person, kind=kind, title_zh=titles["zh-hans"], title_en=titles["en"], url=url)
        for person in people
    )
    mail_each(people, build)
    return len(people)


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def notifications_of(user: User) -> models.QuerySet[Notification]:
    """The user's own notifications, newest first (administrators too see only theirs)."""
    return Notification.objects.filter(recipient_id=user.pk)


def mark_read(notification: Notification) -> None:
    """Mark one of ``notifications_of(user)`` read (callers look it up there, so others' are 404)."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def mark_all_read(user: User) -> int:
    return notifications_of(user).filter(read_at__isnull=True).update(read_at=timezone.now())
