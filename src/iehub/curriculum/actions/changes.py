"""Change requests through the program's committee: open, submit, vote, comment, decide, withdraw."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from iehub.accounts.models import User
from iehub.core.audit import acting_as
from iehub.core.mailing import absolute_url
from iehub.core.notifications import notify
from iehub.curriculum import alerts, permissions, queries
from iehub.curriculum.actions import versions
from iehub.curriculum.actions.common import RequestState, UnknownStep, VersionState, deny, valid_term
from iehub.curriculum.models import (
    AlertAssignment,
    ChangeComment,
    ChangeOrigin,
    ChangeRequest,
    ChangeVote,
    CommitteeMember,
    EnterpriseSuggestion,
    Program,
)


def open_change_request(
    actor: User,
    program: Program,
    title: str,
    rationale: str,
    origin: str,
    effective_term: str,
    alert_assignment: AlertAssignment | None = None,
    suggestion: EnterpriseSuggestion | None = None,
    now: dt.datetime | None = None,
) -> ChangeRequest:
    """Start a proposal: a draft copy of the curriculum in force, to be edited and then submitted.

    Teachers of the college may propose; the program lead and college administrators too.
    """
    if not (permissions.may_change_program(actor, program) or permissions.teaches_at(actor, program)):
        raise deny()
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("This field is required.")
    if not rationale.strip():
        errors["rationale"] = _("This field is required.")
    if origin not in ChangeOrigin.values:
        errors["origin"] = _("Choose one of the allowed values.")
    if origin == ChangeOrigin.ALERT and alert_assignment is None:
        errors["alert_assignment"] = _("Choose the skill alert this change answers.")
    if alert_assignment is not None and alert_assignment.program_id != program.pk:
        errors["alert_assignment"] = _("This alert was not sent to this program.")
    if errors:
        raise ValidationError(errors)
    term = valid_term(effective_term)
    base = queries.current_version(program)
    with acting_as(actor):
        draft = versions.copy_version(actor, base, program, note=title.strip()[:255])
        request = ChangeRequest.objects.create(
            program=program,
            title=title.strip(),
            rationale=rationale.strip(),
            origin=origin,
            alert_assignment=alert_assignment,
            suggestion=suggestion,
            proposed_by=actor,
            base_version=base,
            proposed_version=draft,
            effective_term=term,
        )
        if now is not None:
            ChangeRequest.objects.filter(pk=request.pk).update(created_at=now)
            request.refresh_from_db()
        if alert_assignment is not None:
            alerts.record_response(
                actor, alert_assignment, AlertAssignment.Response.CURRICULUM_CHANGE, False, now
            )
    return request


def submit_change_request(
    actor: User, request: ChangeRequest, now: dt.datetime | None = None
) -> ChangeRequest:
    """Send the proposal to the committee; the proposed version is frozen from now on."""
    if not permissions.may_edit_request(actor, request):
        raise deny()
    if request.state != RequestState.DRAFT:
        raise ValidationError({"state": _("Only a draft can be submitted.")})
    members = active_committee(request.program)
    if not members:
        raise ValidationError({"committee": _("The program has no committee members to review the request.")})
    if queries.version_diff(request.base_version, request.proposed_version).empty:
        raise ValidationError({"version": _("The proposed version does not change anything yet.")})
    with acting_as(actor):
        request.state = RequestState.IN_REVIEW
        request.submitted_at = now or timezone.now()
        request.save()

    path = reverse("change_request", args=[request.pk])
    link = absolute_url(path)

    def message() -> tuple[str, str]:
        return (
            _("Curriculum change for review: %(title)s") % {"title": request.title},
            _("%(program)s: a curriculum change request awaits your vote. Read it and vote here:\n%(link)s")
            % {"program": request.program.display_name, "link": link},
        )

    transaction.on_commit(lambda: notify([m.user for m in members], "vote", message, path))
    return request


def active_committee(program: Program) -> list[CommitteeMember]:
    return list(program.committee.filter(is_active=True, user__is_active=True).select_related("user"))


def quorum(program: Program, members: int) -> int:
    """Votes needed: the program's own setting, else a majority of the committee."""
    if program.committee_quorum:
        return program.committee_quorum
    return math.floor(members / 2) + 1


def vote(actor: User, request: ChangeRequest, choice: str, comment: str = "") -> ChangeVote:
    """A committee member's vote; it may be changed until the request is decided."""
    member = request.program.committee.filter(user_id=actor.pk, is_active=True).first()
    if member is None:
        raise deny()
    if request.state != RequestState.IN_REVIEW:
        raise ValidationError({"state": _("Votes are only taken while the request is with the committee.")})
    if choice not in ChangeVote.Choice.values:
        raise ValidationError({"choice": _("Choose one of the allowed values.")})
    with acting_as(actor):
        found, _created = ChangeVote.objects.update_or_create(
            request=request, member=member, defaults={"choice": choice, "comment": comment.strip()}
        )
    return found


def comment(actor: User, request: ChangeRequest, body: str) -> ChangeComment:
    if not queries.change_requests_for(actor).filter(pk=request.pk).exists():
        raise deny()
    if not body.strip():
        raise ValidationError({"body": _("This field is required.")})
    with acting_as(actor):
        return ChangeComment.objects.create(request=request, author=actor, body=body.strip())


def tally(request: ChangeRequest) -> dict[str, int]:
    counts = dict.fromkeys(ChangeVote.Choice.values, 0)
    for choice in request.votes.values_list("choice", flat=True):
        counts[choice] += 1
    members = len(active_committee(request.program))
    counts["cast"] = sum(counts[c] for c in ChangeVote.Choice.values)
    counts["members"] = members
    counts["quorum"] = quorum(request.program, members)
    return counts


def decide_change_request(
    actor: User, request: ChangeRequest, reason: str, now: dt.datetime | None = None
) -> ChangeRequest:
    """Close the vote. With the quorum reached, more approvals than rejections approve it and put the
    proposed version in force from its term; otherwise it is rejected. Reasons are always recorded."""
    chair = request.program.committee.filter(
        user_id=actor.pk, is_active=True, seat=CommitteeMember.Seat.CHAIR
    ).exists()
    if not (chair or permissions.may_change_program(actor, request.program)):
        raise deny()
    if request.state != RequestState.IN_REVIEW:
        raise ValidationError({"state": _("Only a request with the committee can be decided.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reasons for the decision.")})
    counts = tally(request)
    if counts["cast"] < counts["quorum"]:
        raise ValidationError(
            {
                "votes": _("The quorum is not reached: %(cast)s of %(quorum)s votes needed.")
                % {"cast": counts["cast"], "quorum": counts["quorum"]}
            }
        )
    now = now or timezone.now()
    approved = counts["approve"] > counts["reject"]
    with acting_as(actor):
        request.state = RequestState.APPROVED if approved else RequestState.REJECTED
        request.decided_at = now
        request.decided_by = actor
        request.decision_reason = reason.strip()
        request.save()
        if approved:
            # The alert's response and the change that answers it are one write: both or neither.
            if request.alert_assignment is not None:
                alerts.record_response(
                    actor, request.alert_assignment, AlertAssignment.Response.CURRICULUM_CHANGE, True, now
                )
            versions.put_in_force(actor, request.proposed_version, request.effective_term, now)
        else:
            request.proposed_version.state = VersionState.DISCARDED
            request.proposed_version.save(update_fields=["state", "updated_at"])
    if request.suggestion is not None:
        tell_enterprise(request.suggestion)
    return request


def withdraw_change_request(actor: User, request: ChangeRequest) -> ChangeRequest:
    if not permissions.may_edit_request(actor, request):
        raise deny()
    if request.state not in (RequestState.DRAFT, RequestState.IN_REVIEW):
        raise ValidationError({"state": _("A decided request cannot be withdrawn.")})
    with acting_as(actor):
        request.state = RequestState.WITHDRAWN
        request.save()
        request.proposed_version.state = VersionState.DISCARDED
        request.proposed_version.save(update_fields=["state", "updated_at"])
    return request


def tell_enterprise(suggestion: EnterpriseSuggestion) -> None:
    if suggestion.author is None:
        return
    author = suggestion.author
    path = reverse("suggestions")

    def message() -> tuple[str, str]:
        return (
            _("Your curriculum suggestion was answered: %(title)s") % {"title": suggestion.title},
            f"{suggestion.get_state_display()}\n{suggestion.decision_note}\n{absolute_url(path)}",
        )

    transaction.on_commit(lambda: notify([author], "suggestion_answered", message, path))


def change_request_step(actor: User, request: ChangeRequest, step: str, data: Mapping[str, str]) -> None:
    """One step of a change request by name, as pages and the API both offer them: ``submit``, ``vote``
    (``choice``, ``comment``), ``comment`` (``body``), ``decide`` (``reason``), ``withdraw``."""
    if step == "submit":
        submit_change_request(actor, request)
    elif step == "vote":
        vote(actor, request, data.get("choice", ""), data.get("comment", ""))
    elif step == "comment":
        comment(actor, request, data.get("body", ""))
    elif step == "decide":
        decide_change_request(actor, request, data.get("reason", ""))
    elif step == "withdraw":
        withdraw_change_request(actor, request)
    else:
        raise UnknownStep(step)
