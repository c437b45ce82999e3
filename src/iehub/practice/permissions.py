"""Who may see and change training bases and bookings.

- A base is seen by whoever sees its college (its people, partner enterprises, the consortium, the
  provincial government) and by the people of the enterprise that hosts it.
- The college's administrators set up bases and equipment.
- The college's staff (teachers, program leads, administrators) book; so do the host enterprise's
  administrators and mentors for an off-campus base. Students see the schedule but do not book.
- A booking is cancelled by the person who made it or by the college's administrators.

Projects:

- A project is seen by its members; by the client enterprise's administrators; and, unless it is under
  NDA, by the people of its college and the province's government. An NDA project is seen by its
  members and the client's administrators only — not even by the college's administrators.
- A project is created by the college's staff (administrators, program leads, teachers), for a client
  in an active partnership with the college; it is run by its teachers (and, unless under NDA, by the
  college's administrators); students and teachers on it do the work; its teachers and enterprise
  mentors sign stages off; the client's representatives (or the client's administrators) accept gates.
- An enterprise mentor or client representative sees the people of the projects they are on
  (``accounts.permissions.work_relation``): no other student of the partner college.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet

from iehub.accounts import permissions as accounts
from iehub.accounts.models import Membership, Organization, User
from iehub.accounts.roles import OrgKind, Role
from iehub.core.models import CHANGE, scope_rule
from iehub.practice.models import (
    Answer,
    Booking,
    CheckIn,
    Deliverable,
    Equipment,
    LogEntry,
    Placement,
    ProblemReport,
    ProcessRecord,
    Project,
    ProjectMember,
    Question,
    Stage,
    Task,
    TrainingBase,
)

COLLEGE_BOOKERS = (Role.COLLEGE_ADMIN, Role.PROGRAM_LEAD, Role.TEACHER)
ENTERPRISE_BOOKERS = (Role.ENTERPRISE_ADMIN, Role.ENTERPRISE_MENTOR)


def _base_q(user: User, action: str, prefix: str = "") -> Q:
    if action == CHANGE:
        return Q(**{f"{prefix}college_id__in": accounts.admin_org_ids(user)})
    return Q(**{f"{prefix}college_id__in": accounts.visible_org_ids(user)}) | Q(
        **{f"{prefix}partner_id__in": accounts.member_org_ids(user)}
    )


@scope_rule(TrainingBase)
def training_base_scope(user: User, action: str) -> Q:
    return _base_q(user, action)


@scope_rule(Equipment)
def equipment_scope(user: User, action: str) -> Q:
    return _base_q(user, action, "base__")


@scope_rule(Booking)
def booking_scope(user: User, action: str) -> Q:
    if action == CHANGE:
        return Q(booked_by_id=user.pk) | _base_q(user, CHANGE, "base__")
    return _base_q(user, action, "base__")


def holds_role(user: Any, organization_id: int | None, roles: tuple[str, ...]) -> bool:
    """An active membership of the organisation in one of ``roles`` (the actions' checks use it too)."""
    if organization_id is None:
        return False
    return Membership.objects.filter(
        user_id=user.pk, organization_id=organization_id, role__in=roles, is_active=True
    ).exists()


def may_manage_bases(user: Any, college_id: int) -> bool:
    """Set up and edit the college's bases and equipment."""
    return bool(user.is_superuser) or holds_role(user, college_id, (Role.COLLEGE_ADMIN,))


def may_book(user: Any, base: TrainingBase) -> bool:
    return (
        bool(user.is_superuser)
        or holds_role(user, base.college_id, COLLEGE_BOOKERS)
        or holds_role(user, base.partner_id, ENTERPRISE_BOOKERS)
    )


def may_cancel(user: Any, booking: Booking) -> bool:
    return booking.booked_by_id == user.pk or may_manage_bases(user, booking.base.college_id)


def managed_colleges(user: Any) -> QuerySet[Organization]:
    """Colleges whose bases the user may set up (the "new base" form's choices)."""
    colleges = Organization.objects.filter(kind=OrgKind.COLLEGE, is_active=True)
    if user.is_superuser:
        return colleges
    return colleges.filter(id__in=accounts.admin_org_ids(user))


def may_see_practice(user: Any) -> bool:
    """The practice menu: anyone who belongs somewhere (what they see is scoped)."""
    return accounts.is_member_anywhere(user)


# --- projects ---------------------------------------------------------------------------------------


def _prefixed(prefix: str) -> Callable[..., Q]:
    """``Q`` over a related model's fields: ``_prefixed("project__")(college_id=1)``."""

    def q(**lookup: Any) -> Q:
        return Q(**{f"{prefix}{key}": value for key, value in lookup.items()})

    return q


PROJECT_CREATORS = (Role.COLLEGE_ADMIN, Role.PROGRAM_LEAD, Role.TEACHER)
Kind = ProjectMember.Kind


def _project_ids(user: User, kinds: tuple[str, ...] | None = None) -> Any:
    members = ProjectMember.objects.filter(user_id=user.pk)
    return (members.filter(kind__in=kinds) if kinds else members).values("project_id")


def _project_q(user: User, action: str, prefix: str = "") -> Q:
    q = _prefixed(prefix)

    if action == CHANGE:
        return q(id__in=_project_ids(user, (Kind.TEACHER,))) | q(
            confidential=False, college_id__in=accounts.admin_org_ids(user)
        )
    open_to_college = q(confidential=False) & (
        q(college_id__in=accounts.member_org_ids(user)) | q(college_id__in=accounts.governed_org_ids(user))
    )
    return q(id__in=_project_ids(user)) | q(client_id__in=accounts.admin_org_ids(user)) | open_to_college


@scope_rule(Project)
def project_scope(user: User, action: str) -> Q:
    return _project_q(user, action)


@scope_rule(ProjectMember)
def project_member_scope(user: User, action: str) -> Q:
    return _project_q(user, action, "project__")


@scope_rule(Stage)
def stage_scope(user: User, action: str) -> Q:
    return _project_q(user, action, "project__")


@scope_rule(Task)
def task_scope(user: User, action: str) -> Q:
    return _project_q(user, action, "stage__project__")


@scope_rule(Deliverable)
def deliverable_scope(user: User, action: str) -> Q:
    return _project_q(user, action, "stage__project__")


@scope_rule(ProcessRecord)
def process_record_scope(user: User, action: str) -> Q:
    return _project_q(user, action, "project__")


@accounts.work_relation
def people_of_my_projects(user: User) -> Any:
    """Enterprise mentors and client representatives see the people of the projects they are on."""
    projects = _project_ids(user, (Kind.MENTOR, Kind.CLIENT))
    return ProjectMember.objects.filter(project_id__in=projects).values("user_id")


def project_creator_colleges(user: Any) -> QuerySet[Organization]:
    """Colleges for which the user may create projects."""
    colleges = Organization.objects.filter(kind=OrgKind.COLLEGE, is_active=True)
    if user.is_superuser:
        return colleges
    return colleges.filter(id__in=accounts.role_org_ids(user, PROJECT_CREATORS))


def member_kinds(user: Any, project: Project) -> set[str]:
    """How the user takes part in the project (cached on the project object per user)."""
    cache: dict[int, set[str]] = project.__dict__.setdefault("_member_kinds", {})
    if user.pk not in cache:
        cache[user.pk] = set(
            ProjectMember.objects.filter(project=project, user_id=user.pk).values_list("kind", flat=True)
        )
    return cache[user.pk]


def may_manage_project(user: Any, project: Project) -> bool:
    """Edit the project, add members and tasks, start it, record costs."""
    if user.is_superuser or Kind.TEACHER in member_kinds(user, project):
        return True
    return not project.confidential and holds_role(user, project.college_id, (Role.COLLEGE_ADMIN,))


def may_work_on(user: Any, project: Project) -> bool:
    """Complete tasks, upload deliverables, submit a stage: the students and teachers on it."""
    return bool(member_kinds(user, project) & {Kind.STUDENT, Kind.TEACHER})


def may_sign_off(user: Any, project: Project) -> bool:
    """The dual mentors: the project's teachers and enterprise mentors."""
    return bool(member_kinds(user, project) & {Kind.TEACHER, Kind.MENTOR})


def may_accept(user: Any, project: Project) -> bool:
    """The client: its representatives on the project, or the client enterprise's administrators."""
    return Kind.CLIENT in member_kinds(user, project) or holds_role(
        user, project.client_id, (Role.ENTERPRISE_ADMIN,)
    )


def may_transform_needs(user: Any) -> bool:
    """The page of enterprise needs to turn into teaching: the college staff who create projects."""
    return bool(user.is_superuser) or project_creator_colleges(user).exists()


# --- placements -------------------------------------------------------------------------------------

PLACEMENT_MANAGERS = (Role.COLLEGE_ADMIN, Role.PROGRAM_LEAD, Role.TEACHER)


def _placement_q(user: User, action: str, prefix: str = "") -> Q:
    q = _prefixed(prefix)

    if action == CHANGE:
        return q(teacher_id=user.pk) | q(college_id__in=accounts.admin_org_ids(user))
    college_staff = Membership.objects.filter(
        user_id=user.pk, role__in=PLACEMENT_MANAGERS, is_active=True
    ).values("organization_id")
    return (
        q(student_id=user.pk)
        | q(teacher_id=user.pk)
        | q(mentor_id=user.pk)
        | q(college_id__in=college_staff)
        | q(enterprise_id__in=accounts.admin_org_ids(user))
    )


@scope_rule(Placement)
def placement_scope(user: User, action: str) -> Q:
    """The student, their teacher and mentor, the college's staff and the enterprise's administrators."""
    return _placement_q(user, action)


@scope_rule(LogEntry)
def log_entry_scope(user: User, action: str) -> Q:
    if action == CHANGE:
        return Q(author_id=user.pk)
    return _placement_q(user, action, "placement__")


@scope_rule(CheckIn)
def check_in_scope(user: User, action: str) -> Q:
    if action == CHANGE:
        return Q(placement__student_id=user.pk)
    return _placement_q(user, action, "placement__")


@scope_rule(ProblemReport)
def problem_scope(user: User, action: str) -> Q:
    """Seen like the placement; answered by its teacher and mentor and the college's administrators."""
    if action == CHANGE:
        return _placement_q(user, CHANGE, "placement__") | Q(placement__mentor_id=user.pk)
    return _placement_q(user, action, "placement__")


def may_answer_problem(user: Any, placement: Placement) -> bool:
    return user.pk in (placement.mentor_id, placement.teacher_id) or holds_role(
        user, placement.college_id, (Role.COLLEGE_ADMIN,)
    )


@accounts.work_relation
def people_of_my_placements(user: User) -> Any:
    """An enterprise mentor sees the students they mentor in placements, and those students' teachers."""
    mine = Placement.objects.filter(mentor_id=user.pk)
    # Read from the mentor's placements (an index lookup), not by joining every user to placements.
    return (mine.values("student_id"), mine.values("teacher_id"))


def placement_colleges(user: Any) -> QuerySet[Organization]:
    """Colleges for which the user arranges placements (teachers, program leads, administrators)."""
    colleges = Organization.objects.filter(kind=OrgKind.COLLEGE, is_active=True)
    if user.is_superuser:
        return colleges
    mine = Membership.objects.filter(user_id=user.pk, role__in=PLACEMENT_MANAGERS, is_active=True)
    return colleges.filter(id__in=mine.values("organization_id"))


def may_co_sign(user: Any, placement: Placement) -> bool:
    """The placement's enterprise mentor and its teacher co-sign the student's logs."""
    return user.pk in (placement.mentor_id, placement.teacher_id)


# --- questions and answers --------------------------------------------------------------------------

ANSWER_ROLES = (Role.COLLEGE_ADMIN, Role.PROGRAM_LEAD, Role.TEACHER)


def _question_q(user: User, prefix: str = "") -> Q:
    q = _prefixed(prefix)

    return (
        q(college_id__in=accounts.member_org_ids(user))
        | q(project_id__in=_project_ids(user, (Kind.MENTOR, Kind.CLIENT)))
        | q(base__partner_id__in=accounts.member_org_ids(user))
    )


@scope_rule(Question)
def question_scope(user: User, action: str) -> Q:
    """The college's people; the mentors of its project; the staff of the enterprise hosting its base.
    Changes (accepting, the FAQ) are the asker's and the college's teachers'."""
    if action == CHANGE:
        staff = Membership.objects.filter(user_id=user.pk, role__in=ANSWER_ROLES, is_active=True)
        return Q(author_id=user.pk) | Q(college_id__in=staff.values("organization_id"))
    return _question_q(user)


@scope_rule(Answer)
def answer_scope(user: User, action: str) -> Q:
    if action == CHANGE:
        return Q(author_id=user.pk)
    return _question_q(user, "question__")


def may_ask(user: Any, college_id: int) -> bool:
    """Anyone who belongs to the college asks."""
    return Membership.objects.filter(user_id=user.pk, organization_id=college_id, is_active=True).exists()


def may_answer(user: Any, question: Question) -> bool:
    """The college's teachers, the mentors of the question's project, the staff of the base's host."""
    if holds_role(user, question.college_id, ANSWER_ROLES):
        return True
    if (
        question.project_id
        and ProjectMember.objects.filter(
            project_id=question.project_id, user_id=user.pk, kind__in=(Kind.MENTOR, Kind.TEACHER)
        ).exists()
    ):
        return True
    partner = question.base.partner_id if question.base_id and question.base else None
    return holds_role(user, partner, ENTERPRISE_BOOKERS)


def may_accept_answer(user: Any, question: Question) -> bool:
    return question.author_id == user.pk or holds_role(user, question.college_id, ANSWER_ROLES)


def may_curate_faq(user: Any, question: Question) -> bool:
    return holds_role(user, question.college_id, ANSWER_ROLES)
