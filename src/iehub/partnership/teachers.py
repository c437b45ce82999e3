"""Teachers' side of the partnership issue: enterprise practice (submitted by the teacher, approved by
the college's administrators) and dual-qualified status with its basis and evidence.

An approval adds the days to the teacher's total (``Membership.enterprise_practice_days``) and, where
the college and the enterprise are active partners, records a "teacher enterprise practice" activity in
their ledger, so the practice counts toward the partnership's depth. Use cases and reads live here
together: the app is small and every function is one thing a user does or sees.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import F, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from iehub.accounts import permissions as accounts
from iehub.accounts.models import Membership, Organization, Partnership, User
from iehub.accounts.roles import OrgKind, Role
from iehub.core.audit import acting_as
from iehub.core.notifications import notify
from iehub.curriculum.models import Program
from iehub.partnership import actions, queries
from iehub.partnership.models import Activity, ActivityKind, DualQualification, TeacherPractice
from iehub.practice.actions.projects import checked_upload

HOURS_PER_DAY = 8
MAX_SPAN_DAYS = 366
YEARLY_DAYS = 30  # the national rule: at least a month of enterprise practice a year


def _teaching(user: Any) -> QuerySet[Organization]:
    return Organization.objects.filter(
        memberships__user_id=user.pk,
        memberships__role__in=(Role.TEACHER, Role.PROGRAM_LEAD),
        memberships__is_active=True,
        kind=OrgKind.COLLEGE,
    ).distinct()


def _administered(user: Any) -> QuerySet[Organization]:
    colleges = Organization.objects.filter(kind=OrgKind.COLLEGE, is_active=True)
    if not user.is_superuser:
        colleges = colleges.filter(pk__in=accounts.admin_org_ids(user))
    return colleges.order_by("code")


def teaching_colleges(user: Any) -> list[Organization]:
    """Colleges where the user teaches (teachers and program leads)."""
    return list(_teaching(user))


def administered_colleges(user: Any) -> list[Organization]:
    return list(_administered(user))


def may_see_teacher_practice(user: Any) -> bool:
    """Whether the teachers' enterprise practice page is for the user: they teach at or administer a
    college (asked, not listed: the platform administrator administers every college)."""
    return _teaching(user).exists() or _administered(user).exists()


def submit(
    actor: User,
    college: Organization,
    enterprise: Organization | None,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    days: int | None,
    description: str,
) -> TeacherPractice:
    """A teacher submits days of practice at a partner enterprise; the college's administrators are told."""
    if college not in teaching_colleges(actor):
        raise PermissionDenied(_("Only the college's teachers submit enterprise practice."))
    if enterprise is None or not queries.partner_enterprises([college.pk]).filter(pk=enterprise.pk).exists():
        raise ValidationError({"enterprise": _("Choose a partner enterprise of the college.")})
    if starts_on is None or ends_on is None:
        raise ValidationError({"starts_on": _("Enter a date as YYYY-MM-DD.")})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date is before the start date.")})
    if ends_on > timezone.localdate():
        raise ValidationError({"ends_on": _("Submit practice once it has taken place.")})
    span = (ends_on - starts_on).days + 1
    if span > MAX_SPAN_DAYS:
        raise ValidationError({"ends_on": _("Submit at most a year of practice at a time.")})
    if days is None or not 1 <= days <= span:
        raise ValidationError(
            {"days": _("Enter between 1 and %(n)s days (the length of the period).") % {"n": span}}
        )
    text = description.replace("\x00", "").strip()
    if not text or len(text) > 4000:
        raise ValidationError({"description": _("Say what you did, in at most 4,000 characters.")})
    with acting_as(actor):
        practice = TeacherPractice.objects.create(
            teacher=actor,
            college=college,
            enterprise=enterprise,
            starts_on=starts_on,
            ends_on=ends_on,
            days=days,
            description=text,
        )
        admins = [
            m.user
            for m in Membership.objects.filter(
                organization=college, role=Role.COLLEGE_ADMIN, is_active=True
            ).select_related("user")
        ]
        notify(
            admins,
            "teacher_practice",
            lambda: (
                _("Enterprise practice to approve: %(teacher)s") % {"teacher": actor.display_name},
                _("%(teacher)s submitted %(days)s days at %(enterprise)s.")
                % {"teacher": actor.display_name, "days": days, "enterprise": enterprise.display_name},
            ),
            url=reverse("teacher_practice"),
        )
    return practice


def decide(actor: User, practice: TeacherPractice, approve: bool, note: str) -> TeacherPractice:
    """The college's administrators approve (days counted, ledger entry) or reject (with a note)."""
    if practice.college not in administered_colleges(actor):
        raise PermissionDenied(_("Only the college's administrators approve enterprise practice."))
    if practice.state != TeacherPractice.State.SUBMITTED:
        raise ValidationError({"state": _("This practice has already been decided.")})
    note = note.replace("\x00", "").strip()[:300]
    if not approve and not note:
        raise ValidationError({"decision_note": _("Say why the practice is rejected.")})
    with acting_as(actor):
        practice.state = TeacherPractice.State.APPROVED if approve else TeacherPractice.State.REJECTED
        practice.decided_by, practice.decided_at, practice.decision_note = actor, timezone.now(), note
        if approve:
            Membership.objects.filter(
                user=practice.teacher, organization=practice.college, role=Role.TEACHER
            ).update(enterprise_practice_days=F("enterprise_practice_days") + practice.days)
            practice.activity = _ledger_entry(actor, practice)
        practice.save()
        notify(
            [practice.teacher],
            "teacher_practice_decided",
            lambda: (
                (
                    _("Your enterprise practice was approved.")
                    if approve
                    else _("Your enterprise practice was rejected.")
                ),
                note,
            ),
            url=reverse("teacher_practice"),
        )
    return practice


def _ledger_entry(actor: User, practice: TeacherPractice) -> Activity | None:
    partnership = (
        Partnership.objects.active().filter(college=practice.college, enterprise=practice.enterprise).first()
    )
    if partnership is None:
        return None
    activity = Activity.objects.create(
        partnership=partnership,
        kind=ActivityKind.TEACHER_PRACTICE,
        title=practice.teacher.display_name,
        starts_on=practice.starts_on,
        ends_on=practice.ends_on,
        hours=Decimal(practice.days * HOURS_PER_DAY),
        description=practice.description[:4000],
        recorded_by=actor,
        recorded_for=practice.college,
    )
    actions.sync_flags(partnership)
    return activity


def set_dual_qualified(
    actor: User, membership: Membership, qualified: bool, basis: str, evidence: UploadedFile | None
) -> DualQualification:
    """Record a decision on a teacher's dual-qualified status (with its basis and, optionally, a file)."""
    if membership.organization not in administered_colleges(actor) or membership.role != Role.TEACHER:
        raise PermissionDenied(_("Only the college's administrators decide its teachers' status."))
    basis = basis.replace("\x00", "").strip()
    if not basis or len(basis) > 300:
        raise ValidationError(
            {"basis": _("Give the basis (a certificate, enterprise experience) in at most 300 characters.")}
        )
    decision = DualQualification(
        teacher=membership.user,
        college=membership.organization,
        qualified=qualified,
        basis=basis,
        decided_by=actor,
    )
    if evidence is not None:
        try:
            decision.evidence_name, decision.evidence_extension = checked_upload(evidence)
        except ValidationError as error:  # the form's field is "evidence", not "file"
            raise ValidationError({"evidence": error.message_dict.get("file", error.messages)}) from error
    with acting_as(actor):
        if evidence is not None:
            decision.evidence.save(decision.evidence_name, evidence, save=False)
        decision.save()
        membership.dual_qualified = qualified
        membership.save(update_fields=["dual_qualified"])
    return decision


def set_program(actor: User, membership: Membership, program: Program | None) -> Membership:
    """The college's administrators say which program a teacher teaches in (none: the college at
    large), so the dual-qualified share can be read per program."""
    if membership.organization not in administered_colleges(actor) or membership.role != Role.TEACHER:
        raise PermissionDenied(_("Only the college's administrators decide its teachers' status."))
    if program is not None and program.college_id != membership.organization_id:
        raise ValidationError({"program": _("The program belongs to another college.")})
    with acting_as(actor):
        membership.program = program
        membership.save(update_fields=["program"])
    return membership


@dataclass(frozen=True)
class ProgramShare:
    """A program's active teachers and how many of them are dual-qualified (program None: teachers
    not assigned to a program)."""

    program: Program | None
    qualified: int
    teachers: int

    @property
    def share(self) -> float | None:
        return 100 * self.qualified / self.teachers if self.teachers else None


def shares_by_program(college: Organization) -> list[ProgramShare]:
    """The dual-qualified share of each of the college's programs (the papers' 72 % is per college;
    a program far below it is where the next decisions are needed). Two queries."""
    counts: dict[int | None, list[int]] = {}
    for program_id, qualified in Membership.objects.filter(
        organization=college, role=Role.TEACHER, is_active=True
    ).values_list("program_id", "dual_qualified"):
        tally = counts.setdefault(program_id, [0, 0])
        tally[0] += int(qualified)
        tally[1] += 1
    programs = Program.objects.filter(college=college).order_by("major_code", "pk")
    rows = [ProgramShare(p, *counts.get(p.pk, [0, 0])) for p in programs if p.pk in counts or p.is_active]
    if None in counts:
        rows.append(ProgramShare(None, *counts[None]))
    return rows


@dataclass(frozen=True)
class TeacherRow:
    membership: Membership
    days_last_year: int
    latest: DualQualification | None

    @property
    def meets_yearly_practice(self) -> bool:
        return self.days_last_year >= YEARLY_DAYS


def teacher_rows(college: Organization) -> list[TeacherRow]:
    """Each active teacher with approved practice days in the last twelve months and the latest
    dual-qualified decision (three queries)."""
    teachers = list(
        Membership.objects.filter(organization=college, role=Role.TEACHER, is_active=True)
        .select_related("user", "program")
        .order_by("user__username")
    )
    since = timezone.localdate() - dt.timedelta(days=365)
    days = dict(
        TeacherPractice.objects.filter(
            college=college, state=TeacherPractice.State.APPROVED, ends_on__gte=since
        )
        .values_list("teacher_id")
        .annotate(total=Sum("days"))
        .order_by()
    )
    latest: dict[int, DualQualification] = {}
    for decision in DualQualification.objects.filter(college=college).order_by("decided_at", "pk"):
        latest[decision.teacher_id] = decision
    return [TeacherRow(m, int(days.get(m.user_id, 0)), latest.get(m.user_id)) for m in teachers]
