"""Shared base models.

``RestrictedQuerySet.restrict(user, action)`` is the one door through which every user-facing read goes
(NetBox's pattern): each model says in one method what a user may see or change, and views, the API
and exports call ``restrict`` instead of filtering by hand.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from iehub.accounts.models import User

VIEW = "view"
CHANGE = "change"
ACTIONS = (VIEW, CHANGE)


class RestrictedQuerySet(models.QuerySet[Any]):
    """A queryset that can narrow itself to what one user may do."""

    def restrict(self, user: User | Any, action: str = VIEW) -> Self:
        """Rows of this queryset that ``user`` may ``action`` ("view" or "change").

        Anonymous and inactive users get nothing; platform administrators get everything; everyone
        else gets what the model's ``scope_filter`` allows.
        """
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        scope = self.model.scope_filter(user, action)
        if scope is None:
            return self.none()
        return self.filter(scope)


class TimeStampedModel(models.Model):
    """Creation and last-change times on every business record."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True

    @classmethod
    def scope_filter(cls, user: User, action: str) -> models.Q | None:
        """The Q a non-superuser's rows must match; ``None`` means nothing. Override per model.

        Scopes use ``__in`` subqueries rather than joins so that results never need ``distinct()``.
        """
        return None


def bilingual(english: str, chinese: str) -> str:
    """The English name on English pages when there is one; the Chinese name otherwise."""
    if english and (get_language() or "").startswith("en"):
        return english
    return chinese
