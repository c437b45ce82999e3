"""Partnership use cases: one function per thing a user does; the only place this app writes.

Each refuses with a translated ``ValidationError`` naming the field, or ``PermissionDenied``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from iehub.accounts import permissions as accounts
from iehub.accounts.models import Membership, Organization, Partnership, User
from iehub.accounts.roles import OrgKind, Role
from iehub.core.audit import acting_as
from iehub.core.notifications import notify
from iehub.curriculum.models import Program
from iehub.partnership import permissions
from iehub.partnership.models import (
    FLAG_KINDS,
    MAX_SECTION_CHARS,
    REPORT_SECTIONS,
    SINGLE_DAY_KINDS,
    Activity,
    ActivityKind,
    AgreementDocument,
    Evidence,
    QualityReport,
)
from iehub.practice.actions.projects import checked_upload

# Far enough for a planned order class or a multi-year base, near enough to catch a typed year.
MAX_YEARS_AHEAD = 5
MAX_STUDENTS = 100_000
MAX_HOURS = Decimal("100000")
MAX_MONEY = Decimal("100000000000")  # 100 billion yuan: a typo, not a donation


@dataclass(frozen=True)
class ActivityInput:
    kind: str
    title: str
    starts_on: dt.date | None
    ends_on: dt.date | None = None
    program_id: int | None = None
    students: int = 0
    hours: Decimal = Decimal(0)
    amount: Decimal = Decimal(0)
    equipment_value: Decimal = Decimal(0)
    description: str = ""


def _deny(message: str) -> PermissionDenied:
    return PermissionDenied(message)


# --- partnerships -----------------------------------------------------------------------------------


def _check_dates(started_on: dt.date | None, ends_on: dt.date | None, start_field: str) -> dt.date:
    if started_on is None:
        raise ValidationError({start_field: _("Enter a date as YYYY-MM-DD.")})
    limit = timezone.localdate() + dt.timedelta(days=365 * MAX_YEARS_AHEAD)
    if started_on > limit:
        raise ValidationError({start_field: _("The date is more than five years ahead.")})
    if ends_on is not None and ends_on < started_on:
        raise ValidationError({"ends_on": _("The end date is before the start date.")})
    return started_on


def create_partnership(
    actor: User,
    college: Organization,
    enterprise: Organization | None,
    status: str,
    started_on: dt.date | None,
    ends_on: dt.date | None = None,
    scope: str = "",
) -> Partnership:
    """A college's administrator records an agreement with an enterprise."""
    if not (actor.is_superuser or _administers(actor, college)):
        raise _deny(_("Only the college's administrators record its partnerships."))
    if college.kind != OrgKind.COLLEGE:
        raise ValidationError({"college": _("Choose a college.")})
    if enterprise is None or enterprise.kind != OrgKind.ENTERPRISE or not enterprise.is_active:
        raise ValidationError({"enterprise": _("Choose an enterprise.")})
    if status not in Partnership.Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    started = _check_dates(started_on, ends_on, "started_on")
    if Partnership.objects.filter(college=college, enterprise=enterprise).exists():
        raise ValidationError(
            {"enterprise": _("The college already has a partnership with this enterprise.")}
        )
    with acting_as(actor):
        try:
            return Partnership.objects.create(
                college=college,
                enterprise=enterprise,
                status=status,
                started_on=started,
                ends_on=ends_on,
                scope=_scope_text(scope),
            )
        except IntegrityError as error:  # a concurrent request made the same pair
            raise ValidationError(
                {"enterprise": _("The college already has a partnership with this enterprise.")}
            ) from error


def _scope_text(scope: str) -> str:
    text = scope.replace("\x00", "").strip()
    if len(text) > 4000:
        raise ValidationError({"scope": _("Keep the scope under 4,000 characters.")})
    return text


def update_partnership(
    actor: User,
    partnership: Partnership,
    status: str,
    started_on: dt.date | None,
    ends_on: dt.date | None,
    scope: str = "",
) -> Partnership:
    if not Partnership.objects.restrict(actor, "change").filter(pk=partnership.pk).exists():
        raise _deny(_("Only the college's administrators change its partnerships."))
    if status not in Partnership.Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    partnership.started_on = _check_dates(started_on, ends_on, "started_on")
    partnership.status, partnership.ends_on, partnership.scope = status, ends_on, _scope_text(scope)
    with acting_as(actor):
        partnership.save(update_fields=["status", "started_on", "ends_on", "scope", "updated_at"])
    return partnership


# --- the ledger -------------------------------------------------------------------------------------


def sync_flags(partnership: Partnership) -> None:
    """Set the partnership's cooperation flags from its ledger: a flag holds while an activity of its
    kind stands (not voided). The flags are kept for what reads them below this app."""
    kinds = set(
        Activity.objects.filter(partnership=partnership, voided_at__isnull=True).values_list(
            "kind", flat=True
        )
    )
    changed = [flag for flag, kind in FLAG_KINDS.items() if getattr(partnership, flag) != (kind in kinds)]
    for flag in changed:
        setattr(partnership, flag, FLAG_KINDS[flag] in kinds)
    if changed:
        partnership.save(update_fields=[*changed, "updated_at"])


def _bounded(value: Decimal, limit: Decimal, field: str) -> Decimal:
    if value < 0:
        raise ValidationError({field: _("Enter a number that is not negative.")})
    if value > limit:
        raise ValidationError({field: _("The number is too large.")})
    return value


def _program(partnership: Partnership, program_id: int | None) -> Program | None:
    if program_id is None:
        return None
    program = Program.objects.filter(pk=program_id, college_id=partnership.college_id).first()
    if program is None:
        raise ValidationError({"program": _("Choose a program of the partner college.")})
    return program


def _validated(partnership: Partnership, data: ActivityInput) -> ActivityInput:
    if data.kind not in ActivityKind.values:
        raise ValidationError({"kind": _("Choose a kind of activity.")})
    title = data.title.strip()
    if not title or "\x00" in title:
        raise ValidationError({"title": _("Give the activity a title.")})
    if len(title) > 200:
        raise ValidationError({"title": _("Keep the title under 200 characters.")})
    if "\x00" in data.description or len(data.description) > 4000:
        raise ValidationError({"description": _("Keep the description under 4,000 characters.")})
    _check_dates(data.starts_on, data.ends_on, "starts_on")
    if not 0 <= data.students <= MAX_STUDENTS:
        raise ValidationError({"students": _("Enter a number of students between 0 and 100,000.")})
    _bounded(data.hours, MAX_HOURS, "hours")
    _bounded(data.amount, MAX_MONEY, "amount")
    _bounded(data.equipment_value, MAX_MONEY, "equipment_value")
    return data


def _side(actor: User, partnership: Partnership) -> Organization | None:
    """The partner the actor records for (the college when the actor works for both)."""
    orgs = set(
        Membership.objects.filter(user=actor, is_active=True, role__in=permissions.RECORDERS).values_list(
            "organization_id", flat=True
        )
    )
    if partnership.college_id in orgs:
        return partnership.college
    return partnership.enterprise if partnership.enterprise_id in orgs else None


def _other_side_admins(partnership: Partnership, side: Organization | None) -> list[User]:
    other = (
        partnership.enterprise
        if side is not None and side.pk == partnership.college_id
        else partnership.college
    )
    role = Role.ENTERPRISE_ADMIN if other.kind == OrgKind.ENTERPRISE else Role.COLLEGE_ADMIN
    return [
        m.user
        for m in Membership.objects.filter(organization=other, role=role, is_active=True).select_related(
            "user"
        )
    ]


def record_activity(
    actor: User, partnership: Partnership, data: ActivityInput, evidence: UploadedFile | None = None
) -> Activity:
    """Either partner records what they did together, with an evidence file if given (one write: a
    refused file records nothing); the other partner's administrators are told."""
    if not permissions.may_record(actor, partnership):
        raise _deny(_("Only the partners' administrators and the college's program leads record activities."))
    data = _validated(partnership, data)
    starts_on = _check_dates(data.starts_on, data.ends_on, "starts_on")
    ends_on = data.ends_on or (data.starts_on if data.kind in SINGLE_DAY_KINDS else None)
    side = _side(actor, partnership)
    with acting_as(actor):
        activity = Activity.objects.create(
            partnership=partnership,
            kind=data.kind,
            title=data.title.strip(),
            program=_program(partnership, data.program_id),
            starts_on=starts_on,
            ends_on=ends_on,
            students=data.students,
            hours=data.hours,
            amount=data.amount,
            equipment_value=data.equipment_value,
            description=data.description.strip(),
            recorded_by=actor,
            recorded_for=side,
        )
        if evidence is not None:
            _attach(actor, activity, evidence)
        sync_flags(partnership)
        url = reverse("partnership_detail", args=[partnership.pk])
        notify(
            _other_side_admins(partnership, side),
            "cooperation_activity",
            lambda: (
                _("A cooperation activity was recorded: %(title)s") % {"title": activity.title},
                _("%(who)s recorded “%(title)s” in the ledger of %(partnership)s.")
                % {"who": actor.display_name, "title": activity.title, "partnership": partnership},
            ),
            url=url,
        )
    return activity


def void_activity(actor: User, activity: Activity, reason: str) -> Activity:
    """Mark a wrong entry void with the reason; it stays in the ledger, struck through."""
    if not permissions.may_record(actor, activity.partnership):
        raise _deny(_("Only the partners' administrators and the college's program leads void activities."))
    if activity.voided_at is not None:
        raise ValidationError({"reason": _("This activity is already void.")})
    reason = reason.strip()
    if not reason or "\x00" in reason:
        raise ValidationError({"reason": _("Say why the activity is void.")})
    with acting_as(actor):
        activity.voided_at, activity.voided_by, activity.void_reason = timezone.now(), actor, reason[:300]
        activity.save(update_fields=["voided_at", "voided_by", "void_reason", "updated_at"])
        sync_flags(activity.partnership)
    return activity


def add_evidence(actor: User, activity: Activity, upload: UploadedFile) -> Evidence:
    """Attach a file (PDF, image, video or ZIP/Office) that proves the activity."""
    if not permissions.may_record(actor, activity.partnership):
        raise _deny(_("Only the partners' administrators and the college's program leads add evidence."))
    if activity.voided_at is not None:
        raise ValidationError({"file": _("This activity is void.")})
    with acting_as(actor):
        return _attach(actor, activity, upload)


def add_agreement_document(actor: User, partnership: Partnership, upload: UploadedFile) -> AgreementDocument:
    """Attach a document of the agreement (the signed agreement, an annex, a renewal)."""
    if not permissions.may_record(actor, partnership):
        raise _deny(_("Only the partners' administrators and the college's program leads add documents."))
    name, extension = checked_upload(upload)
    document = AgreementDocument(
        partnership=partnership, name=name, extension=extension, size=upload.size or 0, uploaded_by=actor
    )
    with acting_as(actor):
        document.file.save(name, upload, save=False)
        document.save()
    return document


def _attach(actor: User, activity: Activity, upload: UploadedFile) -> Evidence:
    name, extension = checked_upload(upload)
    evidence = Evidence(
        activity=activity, name=name, extension=extension, size=upload.size or 0, uploaded_by=actor
    )
    evidence.file.save(name, upload, save=False)
    evidence.save()
    return evidence


# --- the annual quality report ----------------------------------------------------------------------


def save_report(actor: User, college: Organization, year: int, texts: dict[str, str]) -> QualityReport:
    """Keep the administrators' text of the report's sections (an empty section falls back to the
    generated draft)."""
    if not (actor.is_superuser or _administers(actor, college)):
        raise _deny(_("Only the college's administrators edit its quality report."))
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": _("Enter a year between 2000 and 2100.")})
    sections: dict[str, str] = {}
    for key, _title in REPORT_SECTIONS:
        text = texts.get(key, "").replace("\x00", "").strip()
        if len(text) > MAX_SECTION_CHARS:
            raise ValidationError({key: _("Keep each section under 20,000 characters.")})
        if text:
            sections[key] = text
    with acting_as(actor):
        report, _created = QualityReport.objects.update_or_create(
            college=college, year=year, defaults={"sections": sections, "updated_by": actor}
        )
    return report


def _administers(actor: User, org: Organization) -> bool:
    return accounts.admin_org_ids(actor).filter(organization_id=org.pk).exists()
