"""Who may see and do what in matching.

- An organisation's administrators post and edit its opportunities (an enterprise's jobs, internships
  and apprenticeship places; a government body's or consortium's programmes); its staff see them all.
- Students and every other member see an opportunity only once it is published by a *vetted*
  organisation and has no open complaint. Platform administrators, government officers (for the
  organisations of their provinces) and the administrators of a partner college vet an enterprise.
- A student's matching profile, scores and recommendations are theirs alone. An enterprise sees a
  student (their score, explanation, portfolio summary) only when the student consented to share with
  enterprises *and* applied to, or ranked in a round, one of its opportunities (PIPL).
- A student's college staff see the student's applications and round choices (they answer for the
  internship); a round is run by the college's administrators and program leads.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from iehub.accounts import permissions as accounts
from iehub.accounts.models import Membership, Organization, Partnership
from iehub.accounts.roles import OrgKind, Role
from iehub.core.models import CHANGE, scope_rule
from iehub.matching.models import (
    AllocationRound,
    Application,
    ApplicationEvent,
    Complaint,
    MatchingProfile,
    MatchScore,
    Opportunity,
    OpportunitySkill,
    RoundAssignment,
    RoundChoice,
    RoundPosition,
    RoundRanking,
    Vetting,
)

ROUND_RUNNERS = (Role.COLLEGE_ADMIN, Role.PROGRAM_LEAD)
COLLEGE_STAFF = (Role.COLLEGE_ADMIN, Role.PROGRAM_LEAD, Role.TEACHER)
POSTING_KINDS = {
    OrgKind.ENTERPRISE: (Opportunity.Kind.JOB, Opportunity.Kind.INTERNSHIP, Opportunity.Kind.APPRENTICESHIP),
    OrgKind.GOVERNMENT: (Opportunity.Kind.PROGRAMME,),
    OrgKind.CONSORTIUM: (Opportunity.Kind.PROGRAMME,),
}


def open_to_students_q(prefix: str = "") -> Q:
    """Published by a vetted organisation and not under review (no open complaint)."""
    under_review = Complaint.objects.filter(resolved_at__isnull=True).values("opportunity_id")
    return (
        Q(**{f"{prefix}status": Opportunity.Status.PUBLISHED})
        & Q(**{f"{prefix}organization__vetting__isnull": False})
        & ~Q(**{f"{prefix}id__in": under_review})
    )


def _own_opportunities_q(user: Any, action: str, prefix: str = "") -> Q:
    orgs = accounts.admin_org_ids(user) if action == CHANGE else accounts.staff_org_ids(user)
    return Q(**{f"{prefix}organization_id__in": orgs})


@scope_rule(Opportunity)
def opportunity_scope(user: Any, action: str) -> Q:
    if action == CHANGE:
        return _own_opportunities_q(user, CHANGE)
    return (
        _own_opportunities_q(user, action)
        | Q(organization_id__in=accounts.governed_org_ids(user))
        | (open_to_students_q() if accounts.is_member_anywhere(user) else Q(pk__in=[]))
    )


@scope_rule(OpportunitySkill)
def opportunity_skill_scope(user: Any, action: str) -> Q:
    return Q(opportunity__in=Opportunity.objects.restrict(user, action).values("id"))


@scope_rule(Vetting)
def vetting_scope(user: Any, action: str) -> Q | None:
    return Q(organization_id__in=accounts.visible_org_ids(user)) if action != CHANGE else None


@scope_rule(Complaint)
def complaint_scope(user: Any, action: str) -> Q | None:
    if action == CHANGE:
        return None
    return (
        Q(raised_by_id=user.pk)
        | Q(opportunity__organization_id__in=accounts.admin_org_ids(user))
        | Q(opportunity__organization_id__in=accounts.governed_org_ids(user))
        | Q(opportunity__organization_id__in=_partners_of_administered_colleges(user))
    )


def _partners_of_administered_colleges(user: Any) -> QuerySet[Any, Any]:
    """Enterprises in an active partnership with a college the user administers (they may vet them)."""
    colleges = Membership.objects.filter(user_id=user.pk, role=Role.COLLEGE_ADMIN, is_active=True).values(
        "organization_id"
    )
    return Partnership.objects.active().filter(college_id__in=colleges).values("enterprise_id")


@scope_rule(MatchingProfile)
def profile_scope(user: Any, action: str) -> Q:
    return Q(student_id=user.pk)


def consenting_students() -> QuerySet[Any, Any]:
    """Students who agreed to share their matching profile with enterprises."""
    return MatchingProfile.objects.filter(share_with_enterprises=True).values("student_id")


def college_student_ids(user: Any) -> QuerySet[Any, Any]:
    """Students of the colleges where the user is on the staff."""
    colleges = Membership.objects.filter(user_id=user.pk, role__in=COLLEGE_STAFF, is_active=True).values(
        "organization_id"
    )
    return Membership.objects.filter(organization_id__in=colleges, role=Role.STUDENT).values("user_id")


def _enterprise_sees_student_q(user: Any, student_field: str, opportunity_field: str) -> Q:
    """The user's organisation owns the opportunity and the student consented to share."""
    return Q(**{f"{opportunity_field}__organization_id__in": accounts.staff_org_ids(user)}) & Q(
        **{f"{student_field}__in": consenting_students()}
    )


@scope_rule(MatchScore)
def score_scope(user: Any, action: str) -> Q | None:
    if action == CHANGE:
        return None
    applied = Application.objects.filter(
        student_id=OuterRef("student_id"), opportunity_id=OuterRef("opportunity_id")
    )
    ranked = RoundChoice.objects.filter(
        student_id=OuterRef("student_id"), position__opportunity_id=OuterRef("opportunity_id")
    )
    return Q(student_id=user.pk) | (
        _enterprise_sees_student_q(user, "student_id", "opportunity")
        & (Q(Exists(applied)) | Q(Exists(ranked)))
    )


@scope_rule(Application)
def application_scope(user: Any, action: str) -> Q:
    seen = Q(student_id=user.pk) | _enterprise_sees_student_q(user, "student_id", "opportunity")
    if action == CHANGE:
        return seen
    return seen | Q(student_id__in=college_student_ids(user))


@scope_rule(ApplicationEvent)
def application_event_scope(user: Any, action: str) -> Q:
    return Q(application__in=Application.objects.restrict(user, action).values("id"))


def _round_college_q(user: Any, action: str, prefix: str = "") -> Q:
    roles = ROUND_RUNNERS if action == CHANGE else COLLEGE_STAFF
    colleges = Membership.objects.filter(user_id=user.pk, role__in=roles, is_active=True).values(
        "organization_id"
    )
    return Q(**{f"{prefix}college_id__in": colleges})


def eligible_round_ids(user: Any) -> QuerySet[Any, Any]:
    """Rounds (open or later) of the student's college, program and cohort."""
    seats = Membership.objects.filter(user_id=user.pk, role=Role.STUDENT, is_active=True)
    condition = Q(pk__in=[])
    for seat in seats.values("organization_id", "program_id", "cohort"):
        condition |= (
            Q(college_id=seat["organization_id"])
            & (Q(program__isnull=True) | Q(program_id=seat["program_id"]))
            & (Q(cohort__isnull=True) | Q(cohort=seat["cohort"]))
        )
    return AllocationRound.objects.filter(condition).exclude(status=AllocationRound.Status.DRAFT).values("id")


@scope_rule(AllocationRound)
def round_scope(user: Any, action: str) -> Q:
    if action == CHANGE:
        return _round_college_q(user, CHANGE)
    return (
        _round_college_q(user, action)
        | Q(id__in=eligible_round_ids(user))
        | Q(
            id__in=RoundPosition.objects.filter(opportunity__organization_id__in=accounts.staff_org_ids(user))
            .exclude(round__status=AllocationRound.Status.DRAFT)
            .values("round_id")
        )
    )


@scope_rule(RoundPosition)
def round_position_scope(user: Any, action: str) -> Q:
    return Q(round__in=AllocationRound.objects.restrict(user, action).values("id"))


@scope_rule(RoundChoice, RoundAssignment)
def round_choice_scope(user: Any, action: str) -> Q | None:
    if action == CHANGE:
        return None
    return (
        Q(student_id=user.pk)
        | Q(student_id__in=college_student_ids(user))
        | _enterprise_sees_student_q(user, "student_id", "position__opportunity")
    )


@scope_rule(RoundRanking)
def round_ranking_scope(user: Any, action: str) -> Q | None:
    if action == CHANGE:
        return None
    return Q(position__opportunity__organization_id__in=accounts.staff_org_ids(user)) | Q(
        position__round__in=AllocationRound.objects.filter(_round_college_q(user, action)).values("id")
    )


# --- who may ----------------------------------------------------------------------------------------


def posting_orgs(user: Any) -> QuerySet[Organization]:
    """Organisations the user may post opportunities for (administrators of an enterprise, government
    body or consortium)."""
    orgs = Organization.objects.filter(kind__in=list(POSTING_KINDS), is_active=True)
    if user.is_superuser:
        return orgs
    return orgs.filter(id__in=accounts.admin_org_ids(user))


def may_vet(user: Any, organization: Organization) -> bool:
    """Platform administrators; government officers of the province; a partner college's administrators."""
    if user.is_superuser:
        return True
    if Organization.objects.filter(pk=organization.pk, id__in=accounts.governed_org_ids(user)).exists():
        return True
    return _partners_of_administered_colleges(user).filter(enterprise_id=organization.pk).exists()


def may_resolve_complaint(user: Any, opportunity: Opportunity) -> bool:
    """Whoever may vet the organisation decides on complaints about its opportunities."""
    return may_vet(user, opportunity.organization)


def round_colleges(user: Any) -> QuerySet[Organization]:
    """Colleges where the user may run allocation rounds."""
    colleges = Organization.objects.filter(kind=OrgKind.COLLEGE, is_active=True)
    if user.is_superuser:
        return colleges
    return colleges.filter(
        id__in=Membership.objects.filter(user_id=user.pk, role__in=ROUND_RUNNERS, is_active=True).values(
            "organization_id"
        )
    )


def may_see_matching(user: Any) -> bool:
    return accounts.is_member_anywhere(user)


def may_see_supply_demand(user: Any) -> bool:
    """Regional supply and demand: government and consortium officers, college administrators."""
    return bool(
        user.is_superuser
        or accounts.has_any_role(user, (Role.GOVERNMENT_OFFICER, Role.CONSORTIUM_OFFICER, Role.COLLEGE_ADMIN))
    )
