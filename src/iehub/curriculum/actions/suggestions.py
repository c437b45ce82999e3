"""Enterprise suggestions, followed to their decision."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from iehub.accounts.models import Membership, OrgKind, User
from iehub.accounts.permissions import staff_org_ids, visible_org_ids
from iehub.core.audit import acting_as
from iehub.core.mailing import absolute_url
from iehub.core.models import CHANGE
from iehub.core.notifications import notify
from iehub.curriculum import alerts
from iehub.curriculum.actions import changes
from iehub.curriculum.actions.common import UnknownStep, deny
from iehub.curriculum.models import (
    ChangeOrigin,
    ChangeRequest,
    EnterpriseSuggestion,
    Program,
)
from iehub.taxonomy.models import Skill


def suggest(
    actor: User, program: Program, title: str, body: str, skill: Skill | None = None
) -> EnterpriseSuggestion:
    """An enterprise's staff suggest a change to a program of a college they can see (a partner)."""
    enterprise = (
        Membership.objects.filter(
            user_id=actor.pk,
            is_active=True,
            organization__kind=OrgKind.ENTERPRISE,
            organization_id__in=staff_org_ids(actor),
        )
        .select_related("organization")
        .first()
    )
    if (
        enterprise is None
        or not Program.objects.filter(pk=program.pk, college_id__in=visible_org_ids(actor)).exists()
    ):
        raise deny()
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("This field is required.")
    if not body.strip():
        errors["body"] = _("This field is required.")
    if errors:
        raise ValidationError(errors)
    with acting_as(actor):
        suggestion = EnterpriseSuggestion.objects.create(
            enterprise=enterprise.organization,
            program=program,
            author=actor,
            title=title.strip(),
            body=body.strip(),
            skill=skill,
        )

    path = reverse("suggestions")

    def message() -> tuple[str, str]:
        return (
            _("Curriculum suggestion from %(enterprise)s")
            % {"enterprise": enterprise.organization.display_name},
            f"{program.display_name}: {suggestion.title}\n{absolute_url(path)}",
        )

    leads = alerts.recipients([program])
    transaction.on_commit(lambda: notify(list(leads), "suggestion", message, path))
    return suggestion


def _decide_suggestion(actor: User, suggestion: EnterpriseSuggestion) -> None:
    if not EnterpriseSuggestion.objects.restrict(actor, CHANGE).filter(pk=suggestion.pk).exists():
        raise deny()
    if suggestion.state != EnterpriseSuggestion.State.SUBMITTED:
        raise ValidationError({"state": _("This suggestion has already been answered.")})


def accept_suggestion(
    actor: User, suggestion: EnterpriseSuggestion, note: str, effective_term: str
) -> ChangeRequest:
    """Take the suggestion up: a change request opens from it and the enterprise can follow it."""
    _decide_suggestion(actor, suggestion)
    request = changes.open_change_request(
        actor,
        suggestion.program,
        suggestion.title,
        suggestion.body,
        ChangeOrigin.ENTERPRISE_SUGGESTION,
        effective_term,
        suggestion=suggestion,
    )
    with acting_as(actor):
        suggestion.state = EnterpriseSuggestion.State.ACCEPTED
        suggestion.decision_note = note.strip()
        suggestion.decided_at = timezone.now()
        suggestion.decided_by = actor
        suggestion.save()
    changes.tell_enterprise(suggestion)
    return request


def decline_suggestion(actor: User, suggestion: EnterpriseSuggestion, note: str) -> EnterpriseSuggestion:
    _decide_suggestion(actor, suggestion)
    if not note.strip():
        raise ValidationError({"decision_note": _("Tell the enterprise why.")})
    with acting_as(actor):
        suggestion.state = EnterpriseSuggestion.State.DECLINED
        suggestion.decision_note = note.strip()
        suggestion.decided_at = timezone.now()
        suggestion.decided_by = actor
        suggestion.save()
    changes.tell_enterprise(suggestion)
    return suggestion


def suggestion_step(
    actor: User, suggestion: EnterpriseSuggestion, step: str, data: Mapping[str, str]
) -> ChangeRequest | None:
    """``accept`` (opens a change request from ``effective_term``; returns it) or ``decline``
    (``decision_note`` says why)."""
    if step == "accept":
        return accept_suggestion(
            actor, suggestion, data.get("decision_note", ""), data.get("effective_term", "")
        )
    if step == "decline":
        decline_suggestion(actor, suggestion, data.get("decision_note", ""))
        return None
    raise UnknownStep(step)
