"""Shared base models.

``RestrictedQuerySet.restrict(user, action)`` is the one door through which every user-facing read goes
(NetBox's pattern): views, the API and exports call ``restrict`` instead of filtering by hand. What a
user may see or change of a model is a *scope rule* that the model's app registers in its
``permissions.py`` (``@scope_rule(Model)``), next to the app's other who-may rules; a model without a
rule shows nothing to anyone but platform administrators.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from iehub.accounts.models import User

VIEW = "view"
CHANGE = "change"
ACTIONS = (VIEW, CHANGE)

# (user, action) → the Q a non-superuser's rows must match, or None for nothing. Scopes use ``__in``
# subqueries rather than joins so that results never need ``distinct()``.
ScopeRule = Callable[[Any, str], "models.Q | None"]
_SCOPE_RULES: dict[type[models.Model], ScopeRule] = {}


def scope_rule(*model_classes: type[models.Model]) -> Callable[[ScopeRule], ScopeRule]:
    """Register the scope rule of these models (used in each app's ``permissions.py``)."""

    def register(rule: ScopeRule) -> ScopeRule:
        for model_class in model_classes:
            _SCOPE_RULES[model_class] = rule
        return rule

    return register


def reference_data(user: Any, action: str) -> models.Q | None:
    """Reference data (taxonomies, catalogues): every signed-in person reads; platform admins edit."""
    return models.Q() if action == VIEW else None


class RestrictedQuerySet(models.QuerySet[Any]):
    """A queryset that can narrow itself to what one user may do."""

    def restrict(self, user: User | Any, action: str = VIEW) -> Self:
        """Rows of this queryset that ``user`` may ``action`` ("view" or "change").

        Anonymous and inactive users get nothing; platform administrators get everything; everyone
        else gets what the model's registered scope rule allows (nothing without one).
        """
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        rule = _SCOPE_RULES.get(self.model)
        scope = rule(user, action) if rule is not None else None
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


def bilingual(english: str, chinese: str) -> str:
    """The English name on English pages when there is one; the Chinese name otherwise."""
    if english and (get_language() or "").startswith("en"):
        return english
    return chinese


class Notification(models.Model):
    """Something that happened that one person should see, in the app as well as by e-mail.

    The title is stored in both languages, rendered when it is raised, so the list reads right whichever
    language the person switches to later. ``url`` is the page where it is handled (a path).
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=40)
    title_zh = models.CharField(_("title (Chinese)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=("recipient", "read_at"), name="notification_unread")]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return bilingual(self.title_en, self.title_zh)


class DataVersion(models.Model):
    """The token of one scope of tables, moved by database triggers on every write to them
    (:mod:`iehub.core.data_versions`): values computed from those tables are cached under it."""

    scope = models.CharField(_("scope"), max_length=40, primary_key=True)
    token = models.CharField(_("token"), max_length=64)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"{self.scope}: {self.token}"
