"""Who may see and do what in evaluation.

- A college's administrators set its evaluation policy (minimum enterprise weight).
- The college's staff (administrators, program leads, teachers) write rubrics and schemes and issue
  outside assessors' links; rubrics and schemes are seen by whoever sees the college.
- Who may evaluate a student in a role follows from the work they share:
  self — the student; peer — another student on the scheme's project; teacher — the college's staff,
  or a teacher on the project / the internship's teacher; enterprise mentor — a mentor on the project
  or the internship's mentor; client — the client's representatives on the project or the client
  enterprise's administrators; industry expert — only through an outside assessor's link.
- An evaluation is seen by the student it is about, by whoever gave it, and by the college's staff.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from iehub.accounts import permissions as accounts
from iehub.accounts.models import Membership, Organization
from iehub.accounts.roles import OrgKind, Role
from iehub.core.models import CHANGE, scope_rule
from iehub.evaluation.models import (
    AssessorLink,
    Credential,
    Criterion,
    Evaluation,
    EvaluationPolicy,
    EvaluatorRole,
    LinkUse,
    Mark,
    Moderation,
    PortfolioShare,
    Rubric,
    Scheme,
    SchemeWeight,
)
from iehub.practice.models import ProjectMember
from iehub.practice.permissions import holds_role, member_kinds

COLLEGE_STAFF = (Role.COLLEGE_ADMIN, Role.PROGRAM_LEAD, Role.TEACHER)
Kind = ProjectMember.Kind


def _college_q(user: Any, action: str, prefix: str = "") -> Q:
    if action == CHANGE:
        staff = accounts.staff_org_ids(user)
        return Q(**{f"{prefix}college_id__in": staff})
    return Q(**{f"{prefix}college_id__in": accounts.visible_org_ids(user)})


@scope_rule(EvaluationPolicy, Rubric, Scheme)
def college_owned_scope(user: Any, action: str) -> Q:
    return _college_q(user, action)


@scope_rule(Criterion)
def criterion_scope(user: Any, action: str) -> Q:
    return _college_q(user, action, "rubric__")


@scope_rule(SchemeWeight)
def scheme_weight_scope(user: Any, action: str) -> Q:
    return _college_q(user, action, "scheme__")


@scope_rule(AssessorLink)
def assessor_link_scope(user: Any, action: str) -> Q:
    """Links name outside people and their addresses: the college's staff only, to see or withdraw."""
    return _college_q(user, CHANGE, "scheme__")


@scope_rule(LinkUse)
def link_use_scope(user: Any, action: str) -> Q | None:
    return None if action == CHANGE else _college_q(user, CHANGE, "link__scheme__")


def _evaluation_q(user: Any, prefix: str = "") -> Q:
    staff = accounts.staff_org_ids(user)
    return (
        Q(**{f"{prefix}student_id": user.pk})
        | Q(**{f"{prefix}evaluator_id": user.pk})
        | Q(**{f"{prefix}scheme__college_id__in": staff})
    )


@scope_rule(Evaluation)
def evaluation_scope(user: Any, action: str) -> Q | None:
    return None if action == CHANGE else _evaluation_q(user)


@scope_rule(Mark)
def mark_scope(user: Any, action: str) -> Q | None:
    return None if action == CHANGE else _evaluation_q(user, "evaluation__")


def is_college_staff(user: Any, college_id: int) -> bool:
    return bool(user.is_superuser) or holds_role(user, college_id, COLLEGE_STAFF)


def may_set_policy(user: Any, college_id: int) -> bool:
    return bool(user.is_superuser) or holds_role(user, college_id, (Role.COLLEGE_ADMIN,))


def may_design(user: Any, college_id: int) -> bool:
    """Write rubrics and schemes, issue and revoke outside assessors' links."""
    return is_college_staff(user, college_id)


def designer_colleges(user: Any) -> QuerySet[Organization]:
    colleges = Organization.objects.filter(kind=OrgKind.COLLEGE, is_active=True)
    if user.is_superuser:
        return colleges
    return colleges.filter(id__in=accounts.staff_org_ids(user))


def evaluator_roles(user: Any, scheme: Scheme, student_id: int) -> list[str]:
    """The roles in which ``user`` may evaluate the student under the scheme (none: refused)."""
    return roles_for_student(scheme, shared_roles(user, scheme), user, student_id)


def shared_roles(user: Any, scheme: Scheme) -> list[str]:
    """The roles ``user`` holds towards every student of the scheme (self set aside)."""
    roles: list[str] = []
    project, placement = scheme.project, scheme.placement
    kinds = member_kinds(user, project) if project is not None else set()
    if project is not None and Kind.STUDENT in kinds:
        roles.append(EvaluatorRole.PEER)
    if (
        is_college_staff(user, scheme.college_id)
        or Kind.TEACHER in kinds
        or (placement is not None and placement.teacher_id == user.pk)
    ):
        roles.append(EvaluatorRole.TEACHER)
    if Kind.MENTOR in kinds or (placement is not None and placement.mentor_id == user.pk):
        roles.append(EvaluatorRole.MENTOR)
    if project is not None and (
        Kind.CLIENT in kinds or holds_role(user, project.client_id, (Role.ENTERPRISE_ADMIN,))
    ):
        roles.append(EvaluatorRole.CLIENT)
    return roles


def roles_for_student(scheme: Scheme, shared: list[str], user: Any, student_id: int) -> list[str]:
    """``shared_roles`` applied to one student: one evaluates oneself as self, never as a peer; only
    roles with a weight in the scheme count."""
    itself = user.pk == student_id
    roles: list[str] = [EvaluatorRole.SELF] if itself else []
    roles += [role for role in shared if not (itself and role == EvaluatorRole.PEER)]
    weighted = scheme_roles(scheme)
    return [role for role in roles if role in weighted]


def scheme_roles(scheme: Scheme) -> set[str]:
    """The evaluator roles the scheme gives a weight to."""
    return {weight.role for weight in scheme.weights.all() if weight.weight > 0}


@scope_rule(PortfolioShare)
def portfolio_share_scope(user: Any, action: str) -> Q:
    """A student's share links are the student's own."""
    return Q(student_id=user.pk)


def may_see_portfolio(user: Any, student: Any) -> bool:
    """The student, and the staff of a college where they study."""
    if user.pk == student.pk or user.is_superuser:
        return True
    colleges = Membership.objects.filter(user_id=student.pk, role=Role.STUDENT, is_active=True)
    return Membership.objects.filter(
        user_id=user.pk,
        organization_id__in=colleges.values("organization_id"),
        role__in=COLLEGE_STAFF,
        is_active=True,
    ).exists()


@scope_rule(Credential)
def credential_scope(user: Any, action: str) -> Q:
    """The student holds it; the college's staff issue and revoke it."""
    staff = Q(college_id__in=accounts.staff_org_ids(user))
    return staff if action == CHANGE else staff | Q(student_id=user.pk)


@scope_rule(Moderation)
def moderation_scope(user: Any, action: str) -> Q | None:
    return None if action == CHANGE else _college_q(user, CHANGE, "scheme__")


def quality_colleges(user: Any) -> QuerySet[Organization]:
    """Colleges whose evaluation quality the user may read: their own (staff) and, for a government
    officer, the colleges of the province."""
    colleges = Organization.objects.filter(kind=OrgKind.COLLEGE, is_active=True)
    if user.is_superuser:
        return colleges
    return colleges.filter(Q(id__in=accounts.staff_org_ids(user)) | Q(id__in=accounts.governed_org_ids(user)))


QUALITY_ROLES = (*COLLEGE_STAFF, Role.GOVERNMENT_OFFICER)


def may_see_quality(user: Any) -> bool:
    """The quality page in the menu: the colleges' staff and government officers."""
    return bool(user.is_superuser) or accounts.has_any_role(user, QUALITY_ROLES)
