"""Enterprise input to the demand database: skill needs and technology updates (actions and reads)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from iehub.accounts import permissions
from iehub.accounts.models import Organization, OrgKind
from iehub.core.audit import acting_as
from iehub.demand.models import NeedKind, SkillNeed, Timeframe
from iehub.taxonomy.models import Skill

if TYPE_CHECKING:
    from iehub.accounts.models import User

MAX_HEADCOUNT = 10_000


def enterprises_of(user: User) -> QuerySet[Organization]:
    """The enterprises whose staff the user is: where they may state needs."""
    return Organization.objects.filter(id__in=permissions.staff_org_ids(user), kind=OrgKind.ENTERPRISE)


def submit_need(
    actor: User,
    enterprise: Organization | None,
    skill: Skill | None,
    kind: str,
    headcount: int | str | None,
    timeframe: str,
    description: str,
) -> SkillNeed:
    """Validate every field at once (errors name the field) and record the need for the enterprise."""
    if enterprise is None or not enterprises_of(actor).filter(pk=enterprise.pk).exists():
        raise PermissionDenied(_("Only the staff of an enterprise can state its needs."))
    errors: dict[str, str] = {}
    if skill is None or not skill.is_active:
        errors["skill"] = _("Choose a skill from the taxonomy.")
    if kind not in NeedKind.values:
        errors["kind"] = _("Choose a kind.")
    if timeframe not in Timeframe.values:
        errors["timeframe"] = _("Choose a timeframe.")
    try:
        count = int(str(headcount).strip())
    except ValueError:
        count = 0
    if not 1 <= count <= MAX_HEADCOUNT:
        errors["headcount"] = _("Enter a whole number from 1 to %(max)s.") % {"max": MAX_HEADCOUNT}
    if not description.strip():
        errors["description"] = _("This field is required.")
    if errors:
        raise ValidationError(errors)
    assert skill is not None
    with acting_as(actor):
        return SkillNeed.objects.create(
            enterprise=enterprise,
            skill=skill,
            kind=kind,
            headcount=count,
            timeframe=timeframe,
            description=description.strip(),
            submitted_by=actor,
        )


def withdraw_need(actor: User, need: SkillNeed) -> SkillNeed:
    """A withdrawn need stays on record but leaves the demand series at the next refresh."""
    if not SkillNeed.objects.restrict(actor, "change").filter(pk=need.pk).exists():
        raise PermissionDenied(_("Only the enterprise's staff can withdraw its needs."))
    if need.withdrawn_at is None:
        need.withdrawn_at = timezone.now()
        with acting_as(actor):
            need.save(update_fields=["withdrawn_at", "updated_at"])
    return need


def visible_needs(user: User) -> QuerySet[SkillNeed]:
    return SkillNeed.objects.restrict(user).select_related("enterprise", "skill", "submitted_by")
