"""What every curriculum action checks first: permission, a draft, a valid term."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from iehub.accounts.models import User
from iehub.core.audit import acting_as
from iehub.curriculum import permissions
from iehub.curriculum.models import (
    ChangeRequest,
    CurriculumVersion,
    Level,
    Program,
)

MICRO_COURSE_DAYS = 30
TERM_FORMAT_HELP = "2026-2027-1"

VersionState = CurriculumVersion.State
RequestState = ChangeRequest.State


def deny() -> PermissionDenied:
    return PermissionDenied(_("You do not have permission to do this."))


def require_program_change(actor: User, program: Program) -> None:
    if not permissions.may_change_program(actor, program):
        raise deny()


def require_version_edit(actor: User, version: CurriculumVersion) -> None:
    if not permissions.may_edit_version(actor, version):
        raise deny()
    require_draft(version)


def require_draft(version: CurriculumVersion) -> None:
    if version.state != VersionState.DRAFT:
        raise ValidationError(
            {
                "version": _(
                    "Only a draft version can be edited; open a change request to change the curriculum."
                )
            }
        )
    request = getattr(version, "change_request", None)
    if request is not None and request.state != RequestState.DRAFT:
        raise ValidationError(
            {"version": _("The change request is with the committee; its version is frozen.")}
        )


def valid_term(term: str) -> str:
    term = term.strip()
    parts = term.split("-")
    ok = (
        len(parts) == 3
        and all(p.isdigit() for p in parts)
        and int(parts[1]) == int(parts[0]) + 1
        and parts[2] in ("1", "2")
    )
    if not ok:
        raise ValidationError(
            {
                "effective_term": _("Write the term as start year-end year-term, e.g. %(example)s.")
                % {"example": TERM_FORMAT_HELP}
            }
        )
    return term


def set_level(actor: User, model: Any, level: int, **cell: Any) -> Any:
    """Upsert one (thing, skill) → level row, or delete it for level 0: a matrix cell either way."""
    if level not in (0, *Level.values):
        raise ValidationError({"level": _("Choose one of the allowed values.")})
    with acting_as(actor):
        if level == 0:
            model.objects.filter(**cell).delete()
            return None
        found, _created = model.objects.update_or_create(**cell, defaults={"level": level})
        return found


class UnknownStep(LookupError):
    """A step name that the object's workflow does not have (pages say so, the API answers 404)."""
