"""The page shell kept between requests: which menu pages the user may use, and how many things wait
for them (the dashboard's list and the top bar's badges).

Both were computed on every page — a dozen queries, a third of the cheapest page's time on PostgreSQL
at 100,000 students (bench/web/RESULTS.md) — although they change only when memberships, partnerships,
alerts, invitations and the like are written. They are kept in the cache under the tokens of
:mod:`iehub.core.data_versions` (one query a request reads them), so a write to any table they are
computed from makes the next request compute them afresh: never a stale menu.

What the tables cannot show is time alone: an invitation that expires, a survey that closes, a
partnership that ends at midnight. The key holds the date, and the counts are kept one minute at most.

:data:`SHELL_TABLES` must name every table the shell reads; a test reads the SQL of the shell for
users of every role and fails when a table is missing, and the install after every ``migrate`` raises if a
named table does not exist.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from iehub.core import data_versions, kept_pages
from iehub.core.notifications import unread_count
from iehub.core.scopes import ACCESS, ACTIVITY
from iehub.core.scopes import NOTIFICATIONS as NOTIFICATION_SCOPE
from iehub.core.views_helpers import current_user
from iehub.web.navigation import NavGroup, groups_for, pages_for
from iehub.web.todo import Waiting, counts_for, waiting_from

VERSIONED_TABLES: dict[str, tuple[str, ...]] = {
    # Who may use which page: roles, organisations and the relations between them.
    ACCESS: (
        "accounts_consortiummember",
        "accounts_membership",
        "accounts_organization",
        "accounts_partnership",
        "curriculum_committeemember",
        "curriculum_program",
        "partnership_pulserequest",
    ),
    # What waits for someone: written often, so kept apart from the menu's scope.
    ACTIVITY: (
        "accounts_invitation",
        "curriculum_alertassignment",
        "curriculum_changerequest",
        "curriculum_changevote",
        "curriculum_enterprisesuggestion",
        "curriculum_recognitionrequest",
        "curriculum_recognitionrule",
        "surveys_invitation",
        "surveys_response",
        "surveys_survey",
    ),
}
COUNTS_KEPT_SECONDS = 60
MENU_KEPT_SECONDS = 3600
NOTIFICATIONS = "notifications"


data_versions.register(VERSIONED_TABLES)
# Notifications: written for many people at once (an alert fans out to a college's staff) and read only
# by the shell's unread count, so they move no value kept under every scope (the analytics).
data_versions.register({NOTIFICATION_SCOPE: ("core_notification",)}, in_every_scope=False)
SHELL_TABLES = {**VERSIONED_TABLES, NOTIFICATION_SCOPE: ("core_notification",)}


def menu_pages(request: HttpRequest) -> frozenset[str]:
    """The URL names of the menu pages the request's user may use."""
    return _kept(request, "menu", (ACCESS,), MENU_KEPT_SECONDS, lambda: pages_for(current_user(request)))


def navigation_for_request(request: HttpRequest) -> list[NavGroup]:
    """The top bar's stages and pages for the request's user."""
    return groups_for(menu_pages(request))


def waiting_counts(request: HttpRequest) -> dict[str, int]:
    """How many things of each kind wait for the request's user, and their unread notifications."""
    return _kept(
        request,
        "counts",
        (ACCESS, ACTIVITY, NOTIFICATION_SCOPE),
        COUNTS_KEPT_SECONDS,
        lambda: {**counts_for(current_user(request)), NOTIFICATIONS: unread_count(current_user(request))},
    )


def waiting_for_request(request: HttpRequest) -> list[Waiting]:
    """The kinds with something waiting for the request's user (the dashboard lists them)."""
    return waiting_from(waiting_counts(request))


def waiting_count(request: HttpRequest, key: str) -> int:
    """How many things of one kind wait for the request's user (0 when none)."""
    return waiting_counts(request).get(key, 0)


def _kept(request: HttpRequest, name: str, scopes: tuple[str, ...], seconds: int, compute: Any) -> Any:
    """``compute()`` once a request, and from the cache while the scopes' tokens stand (read once a
    request; ``None`` inside a transaction or before ``migrate``, and then computed afresh)."""
    memo: dict[str, Any] = request.__dict__.setdefault("_iehub_shell", {})
    if name not in memo:
        user = request.user
        # The user row's own flags decide too (a platform administrator sees every page).
        key = ":".join(
            ["shell", name, str(user.pk), str(user.is_superuser), timezone.localdate().isoformat()]
        )
        memo[name] = data_versions.kept(
            key, scopes, compute, seconds, versions=data_versions.tokens_for_request(request)
        )
    return memo[name]


def shell_of(request: HttpRequest) -> tuple[object, ...]:
    """What the top bar shows the request's user, for the key of a kept page: its pages, the counts
    waiting (kept for up to a minute, and the page with them), the user's name."""
    counts = waiting_counts(request)
    return (sorted(menu_pages(request)), sorted(counts.items()), current_user(request).display_name)


kept_pages.vary_every_page_on((ACCESS, ACTIVITY, NOTIFICATION_SCOPE), shell_of)
