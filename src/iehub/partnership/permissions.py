"""Who may see and write the cooperation ledger.

- The ledger of a partnership is read by the staff of both partners (not their students: it holds
  money and equipment values), by government officers when the college or the enterprise is in their
  province (they judge incentives) and by the officers of a consortium the college belongs to (they
  judge the "four collaborations").
- Activities are recorded by either side: the college's administrators and program leads, the
  enterprise's administrators. A wrong entry is voided (never deleted) by whoever may record.
- Partnerships are created and edited by the college's administrators (``accounts``' rule).
- A feedback pulse is opened and reminded by the college's administrators and read by its staff and
  the officers above it; each enterprise reads and answers only its own request (any of its staff).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from iehub.accounts import permissions as accounts
from iehub.accounts.models import ConsortiumMember, Membership, Partnership
from iehub.accounts.roles import Role
from iehub.core.models import CHANGE, scope_rule
from iehub.partnership.models import (
    Activity,
    AgreementDocument,
    DualQualification,
    Evidence,
    FeedbackPulse,
    PulseRequest,
    QualityReport,
    TeacherPractice,
)

RECORDERS = (Role.COLLEGE_ADMIN, Role.PROGRAM_LEAD, Role.ENTERPRISE_ADMIN)


def _orgs(user: Any, roles: tuple[str, ...]) -> Any:
    return accounts.role_org_ids(user, roles)


def consortium_college_ids(user: Any) -> Any:
    """Members of the consortia where the user is an officer (as an ``__in`` subquery)."""
    return ConsortiumMember.objects.filter(consortium_id__in=_orgs(user, (Role.CONSORTIUM_OFFICER,))).values(
        "member_id"
    )


def ledger_partnerships_q(user: Any, action: str, prefix: str = "") -> Q:
    """Partnerships whose ledger the user may read (``view``) or record into (``change``)."""
    if action == CHANGE:
        mine = _orgs(user, RECORDERS)
        return Q(**{f"{prefix}college_id__in": mine}) | Q(**{f"{prefix}enterprise_id__in": mine})
    staff = accounts.staff_org_ids(user)
    return (
        Q(**{f"{prefix}college_id__in": staff})
        | Q(**{f"{prefix}enterprise_id__in": staff})
        | Q(**{f"{prefix}college_id__in": accounts.governed_org_ids(user)})
        | Q(**{f"{prefix}enterprise_id__in": accounts.governed_org_ids(user)})
        | Q(**{f"{prefix}college_id__in": consortium_college_ids(user)})
    )


@scope_rule(Activity)
def activity_scope(user: Any, action: str) -> Q:
    return ledger_partnerships_q(user, action, "partnership__")


@scope_rule(QualityReport)
def quality_report_scope(user: Any, action: str) -> Q:
    """The college's staff read and its administrators edit; officers read their colleges' reports."""
    if action == CHANGE:
        return Q(college_id__in=_orgs(user, (Role.COLLEGE_ADMIN,)))
    return (
        Q(college_id__in=accounts.staff_org_ids(user))
        | Q(college_id__in=accounts.governed_org_ids(user))
        | Q(college_id__in=consortium_college_ids(user))
    )


@scope_rule(TeacherPractice)
def teacher_practice_scope(user: Any, action: str) -> Q:
    """The teacher reads their own; the college's administrators read and decide."""
    administered = Q(college_id__in=_orgs(user, (Role.COLLEGE_ADMIN,)))
    return administered if action == CHANGE else administered | Q(teacher_id=user.pk)


@scope_rule(DualQualification)
def dual_qualification_scope(user: Any, action: str) -> Q:
    administered = Q(college_id__in=_orgs(user, (Role.COLLEGE_ADMIN,)))
    return administered if action == CHANGE else administered | Q(teacher_id=user.pk)


@scope_rule(AgreementDocument)
def agreement_document_scope(user: Any, action: str) -> Q:
    return ledger_partnerships_q(user, action, "partnership__")


@scope_rule(Evidence)
def evidence_scope(user: Any, action: str) -> Q:
    return ledger_partnerships_q(user, action, "activity__partnership__")


def _pulse_readers_q(user: Any, prefix: str = "") -> Q:
    return (
        Q(**{f"{prefix}college_id__in": accounts.staff_org_ids(user)})
        | Q(**{f"{prefix}college_id__in": accounts.governed_org_ids(user)})
        | Q(**{f"{prefix}college_id__in": consortium_college_ids(user)})
    )


@scope_rule(FeedbackPulse)
def feedback_pulse_scope(user: Any, action: str) -> Q:
    if action == CHANGE:
        return Q(college_id__in=_orgs(user, (Role.COLLEGE_ADMIN,)))
    return _pulse_readers_q(user)


@scope_rule(PulseRequest)
def pulse_request_scope(user: Any, action: str) -> Q:
    """The enterprise answers its own request; the college's side reads every request of its pulses."""
    own = Q(enterprise_id__in=_orgs(user, (Role.ENTERPRISE_ADMIN, Role.ENTERPRISE_MENTOR)))
    return own if action == CHANGE else own | _pulse_readers_q(user, "pulse__")


def ledger_partnerships(user: Any) -> Any:
    """The partnerships whose ledger the user reads (platform administrators: all)."""
    if not user.is_authenticated or not user.is_active:
        return Partnership.objects.none()
    if user.is_superuser:
        return Partnership.objects.all()
    return Partnership.objects.filter(ledger_partnerships_q(user, "view"))


def may_record(user: Any, partnership: Partnership) -> bool:
    if user.is_superuser:
        return True
    return Partnership.objects.filter(ledger_partnerships_q(user, CHANGE), pk=partnership.pk).exists()


def may_create_partnerships(user: Any) -> bool:
    return bool(user.is_superuser or accounts.has_any_role(user, (Role.COLLEGE_ADMIN,)))


def may_see_ledger(user: Any) -> bool:
    return bool(user.is_authenticated and ledger_partnerships(user).exists())


def may_review_consortium(user: Any, consortium: Any) -> bool:
    """The consortium's officers, its members' staff and the province's government officers."""
    if user.is_superuser:
        return True
    staff = accounts.staff_org_ids(user)
    return bool(
        Membership.objects.filter(
            user_id=user.pk, is_active=True, organization=consortium, role=Role.CONSORTIUM_OFFICER
        ).exists()
        or ConsortiumMember.objects.filter(consortium=consortium, member_id__in=staff).exists()
        or accounts.governed_org_ids(user).filter(id=consortium.pk).exists()
    )
