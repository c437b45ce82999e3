"""What is waiting for the user, from every app: the dashboard lists it and the top bar counts it.

Each line is one kind of thing with its count and the page where it is handled; a kind with nothing
waiting is left out. A new app adds its own kinds here (an evaluation to give, a placement to confirm).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from iehub.accounts.queries import open_invitations_to
from iehub.curriculum import queries as curriculum
from iehub.curriculum.alerts import State, assignments_for
from iehub.surveys.queries import links_for as survey_links_for

INVITATIONS = "invitations"


@dataclass(frozen=True)
class Waiting:
    label: Any
    count: int
    url: str
    key: str = ""  # for the few kinds the top bar shows on their own


@dataclass(frozen=True)
class Kind:
    """One kind of thing that waits: how to count it for a user and where it is handled."""

    key: str
    label: Any
    count: Callable[[Any], int]
    url_name: str
    query: str = ""

    @property
    def url(self) -> str:
        return reverse(self.url_name) + self.query


KINDS: tuple[Kind, ...] = (
    Kind(
        "votes",
        _("Votes on change requests"),
        lambda user: curriculum.votes_awaited(user).count(),
        "change_requests",
        "?awaiting=vote",
    ),
    Kind(
        "alerts",
        _("Skill alerts to answer"),
        lambda user: assignments_for(user).filter(state__in=(State.NEW, State.ACKNOWLEDGED)).count(),
        "alert_inbox",
    ),
    Kind(
        "recognitions",
        _("Certificate recognitions to decide"),
        lambda user: curriculum.recognitions_to_decide(user).count(),
        "certificates",
    ),
    Kind(
        "suggestions",
        _("Enterprise suggestions to answer"),
        lambda user: curriculum.suggestions_to_answer(user).count(),
        "suggestions",
    ),
    Kind(
        INVITATIONS,
        _("Invitations to answer"),
        lambda user: open_invitations_to(user).count(),
        "invitation_list",
    ),
    Kind("surveys", _("Surveys to answer"), lambda user: len(survey_links_for(user)), "my_surveys"),
)
"""The kinds, in the order the dashboard lists them."""


def counts_for(user: Any) -> dict[str, int]:
    """How many things of each kind wait for the user (every kind, zeros included): what
    :mod:`iehub.web.shell` keeps between requests."""
    return {kind.key: kind.count(user) for kind in KINDS}


def waiting_from(counts: dict[str, int]) -> list[Waiting]:
    """The kinds with something waiting, in order, each with its count and page."""
    return [
        Waiting(kind.label, counts[kind.key], kind.url, kind.key if kind.key == INVITATIONS else "")
        for kind in KINDS
        if counts.get(kind.key)
    ]


def waiting_for(user: Any) -> list[Waiting]:
    """The kinds of things waiting for the user, each with how many and where to handle them."""
    return waiting_from(counts_for(user))
