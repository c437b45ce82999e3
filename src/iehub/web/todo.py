"""What is waiting for the user, from every app: the dashboard lists it and the top bar counts it.

Each line is one kind of thing with its count and the page where it is handled; a kind with nothing
waiting is left out. A new app adds its own kinds here (an evaluation to give, a placement to confirm).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
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


def waiting_for_request(request: HttpRequest) -> list[Waiting]:
    """:func:`waiting_for` the request's user, counted once per request: the dashboard lists it and the
    top bar counts it on the same page."""
    cached: list[Waiting] | None = getattr(request, "_iehub_waiting", None)
    if cached is None:
        cached = waiting_for(request.user)
        setattr(request, "_iehub_waiting", cached)  # noqa: B010 - HttpRequest declares no such attribute
    return cached


def waiting_count(request: HttpRequest, key: str) -> int:
    """How many things of one kind wait for the request's user (0 when none)."""
    return next((item.count for item in waiting_for_request(request) if item.key == key), 0)


def waiting_for(user: Any) -> list[Waiting]:
    """The kinds of things waiting for the user, each with how many and where to handle them."""
    found = [
        Waiting(
            _("Votes on change requests"),
            curriculum.votes_awaited(user).count(),
            reverse("change_requests") + "?awaiting=vote",
        ),
        Waiting(
            _("Skill alerts to answer"),
            assignments_for(user).filter(state__in=(State.NEW, State.ACKNOWLEDGED)).count(),
            reverse("alert_inbox"),
        ),
        Waiting(
            _("Certificate recognitions to decide"),
            curriculum.recognitions_to_decide(user).count(),
            reverse("certificates"),
        ),
        Waiting(
            _("Enterprise suggestions to answer"),
            curriculum.suggestions_to_answer(user).count(),
            reverse("suggestions"),
        ),
        Waiting(
            _("Invitations to answer"),
            open_invitations_to(user).count(),
            reverse("invitation_list"),
            INVITATIONS,
        ),
        Waiting(_("Surveys to answer"), len(survey_links_for(user)), reverse("my_surveys")),
    ]
    return [item for item in found if item.count]
