"""E-mail to people in their own language."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail, send_mass_mail
from django.utils import translation

if TYPE_CHECKING:
    from iehub.accounts.models import User


def absolute_url(path: str) -> str:
    """A link for e-mails: the site's public address (``IEHUB_BASE_URL``) plus the path."""
    return settings.IEHUB_BASE_URL.rstrip("/") + path


def mail_each(users: Iterable[User], build: Callable[[], tuple[str, str]]) -> int:
    """Send ``build()``'s (subject, body), rendered in each user's preferred language, to every user
    with an address. Failures are not fatal: the in-app record is the source of truth."""
    messages = []
    for user in users:
        if not user.email:
            continue
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            subject, body = build()
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))
    return send_mass_mail(messages, fail_silently=True) if messages else 0


def mail_address(address: str, language: str, build: Callable[[], tuple[str, str]]) -> int:
    """Send ``build()``'s (subject, body) in ``language`` to one address that belongs to no account yet
    (or no longer), such as the old address in an e-mail change."""
    if not address:
        return 0
    with translation.override(language or settings.LANGUAGE_CODE):
        subject, body = build()
    return send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address], fail_silently=True)
