"""Certificate recognition (课证融通): a student's request, its decision, recognition rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from iehub.accounts.models import User
from iehub.core.audit import acting_as
from iehub.core.models import CHANGE
from iehub.curriculum import permissions, queries
from iehub.curriculum.actions.common import UnknownStep, deny, require_program_change
from iehub.curriculum.models import (
    Module,
    Program,
    RecognitionRequest,
    RecognitionRule,
    TranscriptEntry,
)


def request_recognition(
    actor: User,
    rule: RecognitionRule,
    certificate_number: str,
    obtained_on: dt.date | None,
    evidence: Any = None,
) -> RecognitionRequest:
    """A student of the rule's program asks for the module's credits."""
    if not permissions.studies_in(actor, rule.program_id):
        raise deny()
    errors: dict[str, str] = {}
    if not rule.is_active:
        errors["rule"] = _("This rule is no longer in use.")
    if not certificate_number.strip():
        errors["certificate_number"] = _("This field is required.")
    if obtained_on is None:
        errors["obtained_on"] = _("This field is required.")
    elif obtained_on > timezone.localdate():
        errors["obtained_on"] = _("The date cannot be in the future.")
    if RecognitionRequest.objects.filter(
        student=actor,
        rule__program=rule.program,
        rule__module_code=rule.module_code,
        state__in=(RecognitionRequest.State.PENDING, RecognitionRequest.State.APPROVED),
    ).exists():
        errors["rule"] = _("You already have a pending or approved request for this module.")
    if errors:
        raise ValidationError(errors)
    assert obtained_on is not None  # checked above
    with acting_as(actor):
        request = RecognitionRequest(
            student=actor, rule=rule, certificate_number=certificate_number.strip(), obtained_on=obtained_on
        )
        if evidence:
            request.evidence = evidence
        request.save()
    return request


def _decidable(actor: User, request: RecognitionRequest) -> RecognitionRequest:
    """Lock the row so two approvals racing each other cannot both pass the state check."""
    if not RecognitionRequest.objects.restrict(actor, CHANGE).filter(pk=request.pk).exists():
        raise deny()
    locked = RecognitionRequest.objects.select_for_update().select_related("rule").get(pk=request.pk)
    if locked.state != RecognitionRequest.State.PENDING:
        raise ValidationError({"state": _("This request has already been decided.")})
    return locked


def approve_recognition(
    actor: User, request: RecognitionRequest, now: dt.datetime | None = None
) -> TranscriptEntry:
    """Approve once: the credits go on the student's transcript."""
    with acting_as(actor):
        locked = _decidable(actor, request)
        locked.state = RecognitionRequest.State.APPROVED
        locked.decided_by = actor
        locked.decided_at = now or timezone.now()
        locked.save()
        rule = locked.rule
        entry = TranscriptEntry.objects.create(
            student_id=locked.student_id,
            program_id=rule.program_id,
            module_code=rule.module_code,
            module_name=rule.module_name,
            module_name_en=rule.module_name_en,
            credits=rule.credits,
            source=TranscriptEntry.Source.CERTIFICATE,
            recognition=locked,
            note=f"{rule.certificate} {locked.certificate_number}",
        )
    request.refresh_from_db()
    return entry


def reject_recognition(actor: User, request: RecognitionRequest, reason: str) -> RecognitionRequest:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for rejecting the request.")})
    with acting_as(actor):
        locked = _decidable(actor, request)
        locked.state = RecognitionRequest.State.REJECTED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.reason = reason.strip()
        locked.save()
    request.refresh_from_db()
    return request


def save_rule(
    actor: User, program: Program, certificate: Any, module_code: str, credits: Decimal | None
) -> RecognitionRule:
    """A certificate substitutes a module of the curriculum in force."""
    require_program_change(actor, program)
    version = queries.current_version(program)
    module = (
        Module.objects.filter(course__version=version, code=module_code.strip()).first() if version else None
    )
    if module is None:
        raise ValidationError({"module_code": _("The curriculum in force has no module with this code.")})
    if credits is None or credits <= 0 or credits > module.credits:
        raise ValidationError(
            {
                "credits": _("Credits must be more than 0 and at most the module's %(credits)s.")
                % {"credits": module.credits}
            }
        )
    with acting_as(actor):
        rule, _created = RecognitionRule.objects.update_or_create(
            program=program,
            certificate=certificate,
            module_code=module.code,
            defaults={
                "module_name": module.name,
                "module_name_en": module.name_en,
                "credits": credits,
                "is_active": True,
            },
        )
    return rule


def recognition_step(actor: User, request: RecognitionRequest, step: str, data: Mapping[str, str]) -> None:
    """``approve`` (the credits go on the transcript, once) or ``reject`` (``reason``)."""
    if step == "approve":
        approve_recognition(actor, request)
    elif step == "reject":
        reject_recognition(actor, request, data.get("reason", ""))
    else:
        raise UnknownStep(step)
