"""Who may see and change what in the curriculum: the scope rule of every model and the who-may
predicates that actions, views, the API and the navigation call.

- Programs, their tasks and published curricula are read by whoever sees the college; drafts only by
  the college's staff, the program's committee and the enterprise whose suggestion a draft answers.
- The program lead and the college's administrators change a program; a teacher edits the draft of a
  change request they proposed.
- Skill alerts reach the program lead and the college's administrators, nobody else.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from iehub.accounts import permissions as accounts
from iehub.accounts.models import Membership, User
from iehub.accounts.roles import Role
from iehub.core.models import CHANGE, reference_data, scope_rule
from iehub.curriculum.models import (
    AlertAssignment,
    CareerDirection,
    Certificate,
    ChangeRequest,
    ClassGroup,
    CommitteeMember,
    Course,
    CurriculumVersion,
    EnterpriseSuggestion,
    MicroCourse,
    Module,
    ModuleCompetency,
    Program,
    RecognitionRequest,
    RecognitionRule,
    TaskCompetency,
    TranscriptEntry,
    WorkTask,
)

# --- relations ----------------------------------------------------------------------------------------


def led_program_ids(user: User) -> QuerySet[Any, Any]:
    """Programs the user leads (an id subquery)."""
    return Membership.objects.filter(
        user_id=user.pk, role=Role.PROGRAM_LEAD, is_active=True, program__isnull=False
    ).values("program_id")


def committee_program_ids(user: User) -> QuerySet[Any, Any]:
    """Programs on whose committee the user sits."""
    return CommitteeMember.objects.filter(user_id=user.pk, is_active=True).values("program_id")


def student_program_ids(user: User) -> QuerySet[Any, Any]:
    """Programs the user studies in."""
    return Membership.objects.filter(user_id=user.pk, role=Role.STUDENT, is_active=True).values("program_id")


def _program_scope(user: User, action: str, prefix: str = "") -> Q:
    """Read: whoever may see the program's college; change: its program lead and college administrators."""
    if action == CHANGE:
        return Q(**{f"{prefix}program_id__in": led_program_ids(user)}) | Q(
            **{f"{prefix}program__college_id__in": accounts.admin_org_ids(user)}
        )
    return Q(**{f"{prefix}program__college_id__in": accounts.visible_org_ids(user)})


def _version_scope(user: User, action: str, prefix: str = "") -> Q:
    """Versions in force or superseded are read by whoever sees the college; drafts and discarded drafts
    only by the college's staff, the program's committee and the enterprise whose suggestion a draft
    answers — not by students, partners at large or other colleges of a consortium.

    ``prefix`` is the path from the model to its version (``""`` for a version itself).
    """
    if action == CHANGE:
        return _program_scope(user, CHANGE, prefix)
    staff = accounts.staff_org_ids(user)
    published = (
        CurriculumVersion.State.SCHEDULED,
        CurriculumVersion.State.CURRENT,
        CurriculumVersion.State.SUPERSEDED,
    )
    suggested_drafts = ChangeRequest.objects.filter(suggestion__enterprise_id__in=staff).values(
        "proposed_version_id"
    )
    version_id = f"{prefix}id" if prefix else "pk"
    return (
        (Q(**{f"{prefix}state__in": published}) & _program_scope(user, action, prefix))
        | Q(**{f"{prefix}program__college_id__in": staff})
        | Q(**{f"{prefix}program_id__in": committee_program_ids(user)})
        | Q(**{f"{version_id}__in": suggested_drafts})
    )


# --- scope rules --------------------------------------------------------------------------------------


@scope_rule(Program)
def program_scope(user: User, action: str) -> Q | None:
    if action == CHANGE:
        return Q(college_id__in=accounts.admin_org_ids(user))
    return Q(college_id__in=accounts.visible_org_ids(user))


@scope_rule(ClassGroup)
def class_scope(user: User, action: str) -> Q | None:
    if action == CHANGE:
        return Q(program__college_id__in=accounts.admin_org_ids(user))
    return Q(program__college_id__in=accounts.visible_org_ids(user))


@scope_rule(CareerDirection, RecognitionRule)
def program_part_scope(user: User, action: str) -> Q | None:
    return _program_scope(user, action)


@scope_rule(WorkTask)
def task_scope(user: User, action: str) -> Q | None:
    return _program_scope(user, action, "direction__")


@scope_rule(TaskCompetency)
def task_competency_scope(user: User, action: str) -> Q | None:
    return _program_scope(user, action, "task__direction__")


@scope_rule(CurriculumVersion)
def version_scope(user: User, action: str) -> Q | None:
    return _version_scope(user, action)


@scope_rule(Course)
def course_scope(user: User, action: str) -> Q | None:
    return _version_scope(user, action, "version__")


@scope_rule(Module)
def module_scope(user: User, action: str) -> Q | None:
    return _version_scope(user, action, "course__version__")


@scope_rule(ModuleCompetency)
def module_competency_scope(user: User, action: str) -> Q | None:
    return _version_scope(user, action, "module__course__version__")


@scope_rule(CommitteeMember)
def committee_scope(user: User, action: str) -> Q | None:
    if action == CHANGE:
        return _program_scope(user, CHANGE)
    return _program_scope(user, action) | Q(user_id=user.pk)


@scope_rule(ChangeRequest)
def change_request_scope(user: User, action: str) -> Q | None:
    """College staff and committee members read; the program lead and college administrators act."""
    if action == CHANGE:
        return _program_scope(user, CHANGE)
    staff = accounts.staff_org_ids(user)
    return (
        Q(program__college_id__in=staff)
        | Q(program_id__in=committee_program_ids(user))
        | Q(suggestion__enterprise_id__in=staff)
    )


@scope_rule(MicroCourse)
def micro_course_scope(user: User, action: str) -> Q | None:
    """Published: everyone who sees the college reads (students learn from them). Drafts: the
    college's staff and the owner. Owner, lead and admins change."""
    if action == CHANGE:
        return _program_scope(user, CHANGE) | Q(owner_id=user.pk)
    return (
        (Q(state=MicroCourse.State.PUBLISHED) & _program_scope(user, action))
        | Q(program__college_id__in=accounts.staff_org_ids(user))
        | Q(owner_id=user.pk)
    )


scope_rule(Certificate)(reference_data)


@scope_rule(RecognitionRequest)
def recognition_scope(user: User, action: str) -> Q | None:
    staff = _program_scope(user, CHANGE, "rule__")
    return staff if action == CHANGE else staff | Q(student_id=user.pk)


@scope_rule(TranscriptEntry)
def transcript_scope(user: User, action: str) -> Q | None:
    """The student and the college's staff read; entries are written by recognition, never changed."""
    if action == CHANGE:
        return None
    return Q(student_id=user.pk) | Q(program__college_id__in=accounts.staff_org_ids(user))


@scope_rule(EnterpriseSuggestion)
def suggestion_scope(user: User, action: str) -> Q | None:
    """The suggesting enterprise's staff and the program's college staff read; the college decides."""
    if action == CHANGE:
        return _program_scope(user, CHANGE)
    staff = accounts.staff_org_ids(user)
    return Q(enterprise_id__in=staff) | Q(program__college_id__in=staff)


@scope_rule(AlertAssignment)
def alert_assignment_scope(user: User, action: str) -> Q | None:
    """Program leads of the program and administrators of its college; nobody else."""
    return Q(program_id__in=led_program_ids(user)) | Q(college_id__in=accounts.admin_org_ids(user))


# --- who may ------------------------------------------------------------------------------------------


def may_change_program(user: User, program: Program) -> bool:
    """The program lead and the college's administrators."""
    return Program.objects.restrict(user, CHANGE).filter(pk=program.pk).exists() or (
        Program.objects.filter(pk=program.pk, pk__in=led_program_ids(user)).exists()
    )


def may_edit_version(user: User, version: CurriculumVersion) -> bool:
    """Drafts are edited by the program lead and college administrators, and by the teacher who
    proposed the change the draft belongs to."""
    if may_change_program(user, version.program):
        return True
    request = getattr(version, "change_request", None)
    return request is not None and request.proposed_by_id == user.pk


def may_edit_request(user: User, request: ChangeRequest) -> bool:
    return request.proposed_by_id == user.pk or may_change_program(user, request.program)


def teaches_at(user: User, program: Program) -> bool:
    """Teachers, program leads and administrators of the program's college (may propose changes and
    create micro-courses)."""
    return Membership.objects.filter(
        user_id=user.pk,
        organization_id=program.college_id,
        is_active=True,
        role__in=(Role.TEACHER, Role.PROGRAM_LEAD, Role.COLLEGE_ADMIN),
    ).exists()


def studies_in(user: User, program_id: int) -> bool:
    return Membership.objects.filter(
        user_id=user.pk, role=Role.STUDENT, is_active=True, program_id=program_id
    ).exists()


def may_publish_micro_course(user: User, course: MicroCourse) -> bool:
    """Its owner, the program lead and the college's administrators."""
    return MicroCourse.objects.restrict(user, CHANGE).filter(pk=course.pk).exists()


def decidable_suggestion_ids(user: User) -> set[int]:
    """Suggestions the user may accept or decline (the program's lead and college administrators)."""
    return set(EnterpriseSuggestion.objects.restrict(user, CHANGE).values_list("pk", flat=True))


def may_see_alert_inbox(user: User) -> bool:
    return bool(user.is_superuser or accounts.has_any_role(user, (Role.PROGRAM_LEAD, Role.COLLEGE_ADMIN)))


def may_browse_curricula(user: User) -> bool:
    curriculum_roles = (
        Role.COLLEGE_ADMIN,
        Role.PROGRAM_LEAD,
        Role.TEACHER,
        Role.GOVERNMENT_OFFICER,
        Role.CONSORTIUM_OFFICER,
    )
    return bool(user.is_superuser or accounts.has_any_role(user, curriculum_roles))


def may_create_micro_courses(user: User) -> bool:
    """Teachers, program leads and college administrators write micro-courses (students take them)."""
    roles = (Role.TEACHER, Role.PROGRAM_LEAD, Role.COLLEGE_ADMIN)
    return bool(user.is_superuser or accounts.has_any_role(user, roles))


def may_see_change_requests(user: User) -> bool:
    """College staff, and anyone sitting on a program committee (an enterprise mentor, say)."""
    return (
        may_browse_curricula(user) or CommitteeMember.objects.filter(user_id=user.pk, is_active=True).exists()
    )


def alert_recipients(program_ids: Any) -> QuerySet[User]:
    """The program leads of these programs: exactly the people who must answer an alert."""
    return User.objects.filter(
        is_active=True,
        memberships__role=Role.PROGRAM_LEAD,
        memberships__is_active=True,
        memberships__program__in=program_ids,
    ).distinct()
