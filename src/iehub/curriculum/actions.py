"""Everything a person does to a curriculum: one function per use case, the only place that writes.

Each action checks permission, validates, writes inside ``acting_as`` (one transaction, audited) and
notifies. Versions in force are never edited: changes are made on a draft copy that a change request
carries through the committee; approval puts the copy in force and records the cycle time.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from iehub.accounts.models import Membership, OrgKind, User
from iehub.accounts.permissions import staff_org_ids, visible_org_ids
from iehub.core.audit import acting_as
from iehub.core.mailing import mail_each
from iehub.core.models import CHANGE
from iehub.curriculum import alerts, permissions, queries
from iehub.curriculum.diffing import Snapshot, diff
from iehub.curriculum.models import (
    AlertAssignment,
    CareerDirection,
    ChangeComment,
    ChangeOrigin,
    ChangeRequest,
    ChangeVote,
    CommitteeMember,
    Course,
    CurriculumVersion,
    EnterpriseSuggestion,
    Level,
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
from iehub.taxonomy.models import Skill

MICRO_COURSE_DAYS = 30
TERM_FORMAT_HELP = "2026-2027-1"

VersionState = CurriculumVersion.State
RequestState = ChangeRequest.State


def _deny() -> PermissionDenied:
    return PermissionDenied(_("You do not have permission to do this."))


def require_program_change(actor: User, program: Program) -> None:
    if not permissions.may_change_program(actor, program):
        raise _deny()


def require_version_edit(actor: User, version: CurriculumVersion) -> None:
    if not permissions.may_edit_version(actor, version):
        raise _deny()
    _require_draft(version)


def _require_draft(version: CurriculumVersion) -> None:
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


def _valid_term(term: str) -> str:
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


# ---------------------------------------------------------------------------------------------------
# Tasks and required competencies


def add_direction(actor: User, program: Program, name: str, name_en: str = "") -> CareerDirection:
    require_program_change(actor, program)
    if not name.strip():
        raise ValidationError({"name": _("This field is required.")})
    if program.directions.filter(name=name.strip()).exists():
        raise ValidationError({"name": _("The program already has this career direction.")})
    position = (program.directions.aggregate(m=Max("position"))["m"] or 0) + 1
    with acting_as(actor):
        return CareerDirection.objects.create(
            program=program, name=name.strip(), name_en=name_en.strip(), position=position
        )


def add_task(
    actor: User, direction: CareerDirection, name: str, name_en: str = "", description: str = ""
) -> WorkTask:
    require_program_change(actor, direction.program)
    if not name.strip():
        raise ValidationError({"name": _("This field is required.")})
    with acting_as(actor):
        return WorkTask.objects.create(
            direction=direction, name=name.strip(), name_en=name_en.strip(), description=description.strip()
        )


def set_task_competency(actor: User, task: WorkTask, skill: Skill, level: int) -> TaskCompetency | None:
    """Require a skill at a level for a task; level 0 removes the requirement."""
    require_program_change(actor, task.direction.program)
    return _set_level(actor, TaskCompetency, level, task=task, skill=skill)


def _set_level(actor: User, model: Any, level: int, **cell: Any) -> Any:
    """Upsert one (thing, skill) → level row, or delete it for level 0: a matrix cell either way."""
    if level not in (0, *Level.values):
        raise ValidationError({"level": _("Choose one of the allowed values.")})
    with acting_as(actor):
        if level == 0:
            model.objects.filter(**cell).delete()
            return None
        found, _created = model.objects.update_or_create(**cell, defaults={"level": level})
        return found


# ---------------------------------------------------------------------------------------------------
# Versions and their content


def _next_number(program: Program) -> int:
    return (program.versions.aggregate(m=Max("number"))["m"] or 0) + 1


def copy_version(
    actor: User, base: CurriculumVersion | None, program: Program, note: str = ""
) -> CurriculumVersion:
    """A draft copy of ``base`` (an empty draft without one): courses, modules and competencies."""
    draft = CurriculumVersion.objects.create(
        program=program, number=_next_number(program), based_on=base, note=note, created_by=actor
    )
    if base is None:
        return draft
    for course in base.courses.prefetch_related("modules__competencies"):
        modules = list(course.modules.all())
        course.pk = None
        course.version = draft
        course.save()
        for module in modules:
            competencies = list(module.competencies.all())
            module.pk = None
            module.course = course
            module.save()
            ModuleCompetency.objects.bulk_create(
                [ModuleCompetency(module=module, skill_id=c.skill_id, level=c.level) for c in competencies]
            )
    return draft


def _check_module_code(version: CurriculumVersion, code: str, exclude: int | None = None) -> None:
    clash = Module.objects.filter(course__version=version, code=code)
    if exclude:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        raise ValidationError(
            {"code": _("Another module of this curriculum already has the code %(code)s.") % {"code": code}}
        )


COURSE_FIELDS = ("code", "name", "name_en", "credits", "theory_hours", "practice_hours", "term")
MODULE_FIELDS = ("code", "name", "name_en", "outcomes", "hours", "credits")


def save_course(
    actor: User, version: CurriculumVersion, data: dict[str, Any], course: Course | None = None
) -> Course:
    require_version_edit(actor, version)
    course = course or Course(version=version)
    for name in COURSE_FIELDS:
        if name in data:
            setattr(course, name, data[name])
    course.full_clean(exclude=["version", "revised_on"])
    with acting_as(actor):
        course.save()
    return course


def delete_course(actor: User, course: Course) -> None:
    require_version_edit(actor, course.version)
    with acting_as(actor):
        course.delete()


def save_module(actor: User, course: Course, data: dict[str, Any], module: Module | None = None) -> Module:
    version = course.version
    require_version_edit(actor, version)
    module = module or Module(course=course)
    for name in MODULE_FIELDS:
        if name in data:
            setattr(module, name, data[name])
    module.course = course
    module.full_clean(exclude=["course"])
    _check_module_code(version, module.code, exclude=module.pk)
    with acting_as(actor):
        module.save()
    return module


def delete_module(actor: User, module: Module) -> None:
    require_version_edit(actor, module.course.version)
    with acting_as(actor):
        module.delete()


def set_module_competency(actor: User, module: Module, skill: Skill, level: int) -> ModuleCompetency | None:
    """One cell of the competency matrix; level 0 clears it."""
    version = module.course.version
    require_version_edit(actor, version)
    return _set_level(actor, ModuleCompetency, level, module=module, skill=skill)


def put_in_force(
    actor: User, version: CurriculumVersion, effective_term: str, now: dt.datetime | None = None
) -> CurriculumVersion:
    """Make ``version`` the curriculum in force; the previous one is superseded. Courses whose content
    differs from the previous version get today as their revision date; the others keep theirs."""
    now = now or timezone.now()
    previous = queries.current_version(version.program)
    after = queries.snapshot(version)
    before = queries.snapshot(previous) if previous else Snapshot()
    changed = diff(before, after).changed_course_codes(after)
    with acting_as(actor):
        if previous is not None:
            previous.state = VersionState.SUPERSEDED
            previous.save(update_fields=["state", "updated_at"])
        version.state = VersionState.CURRENT
        version.effective_term = effective_term
        version.in_force_from = now
        version.save()
        version.courses.filter(code__in=changed).update(revised_on=timezone.localdate(now))
        version.courses.filter(revised_on__isnull=True).update(revised_on=timezone.localdate(now))
    return version


# ---------------------------------------------------------------------------------------------------
# Change requests


def open_change_request(
    actor: User,
    program: Program,
    title: str,
    rationale: str,
    origin: str,
    effective_term: str,
    alert_assignment: AlertAssignment | None = None,
    suggestion: EnterpriseSuggestion | None = None,
    now: dt.datetime | None = None,
) -> ChangeRequest:
    """Start a proposal: a draft copy of the curriculum in force, to be edited and then submitted.

    Teachers of the college may propose; the program lead and college administrators too.
    """
    if not (permissions.may_change_program(actor, program) or permissions.teaches_at(actor, program)):
        raise _deny()
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("This field is required.")
    if not rationale.strip():
        errors["rationale"] = _("This field is required.")
    if origin not in ChangeOrigin.values:
        errors["origin"] = _("Choose one of the allowed values.")
    if origin == ChangeOrigin.ALERT and alert_assignment is None:
        errors["alert_assignment"] = _("Choose the skill alert this change answers.")
    if alert_assignment is not None and alert_assignment.program_id != program.pk:
        errors["alert_assignment"] = _("This alert was not sent to this program.")
    if errors:
        raise ValidationError(errors)
    term = _valid_term(effective_term)
    base = queries.current_version(program)
    with acting_as(actor):
        draft = copy_version(actor, base, program, note=title.strip()[:255])
        request = ChangeRequest.objects.create(
            program=program,
            title=title.strip(),
            rationale=rationale.strip(),
            origin=origin,
            alert_assignment=alert_assignment,
            suggestion=suggestion,
            proposed_by=actor,
            base_version=base,
            proposed_version=draft,
            effective_term=term,
        )
        if now is not None:
            ChangeRequest.objects.filter(pk=request.pk).update(created_at=now)
            request.refresh_from_db()
        if alert_assignment is not None:
            alerts.record_response(
                actor, alert_assignment, AlertAssignment.Response.CURRICULUM_CHANGE, False, now
            )
    return request


def submit_change_request(
    actor: User, request: ChangeRequest, now: dt.datetime | None = None
) -> ChangeRequest:
    """Send the proposal to the committee; the proposed version is frozen from now on."""
    if not permissions.may_edit_request(actor, request):
        raise _deny()
    if request.state != RequestState.DRAFT:
        raise ValidationError({"state": _("Only a draft can be submitted.")})
    members = active_committee(request.program)
    if not members:
        raise ValidationError({"committee": _("The program has no committee members to review the request.")})
    if queries.version_diff(request.base_version, request.proposed_version).empty:
        raise ValidationError({"version": _("The proposed version does not change anything yet.")})
    with acting_as(actor):
        request.state = RequestState.IN_REVIEW
        request.submitted_at = now or timezone.now()
        request.save()

    def message() -> tuple[str, str]:
        return (
            _("Curriculum change for review: %(title)s") % {"title": request.title},
            _("%(program)s: a curriculum change request awaits your vote.")
            % {"program": request.program.display_name},
        )

    transaction.on_commit(lambda: mail_each([m.user for m in members], message))
    return request


def active_committee(program: Program) -> list[CommitteeMember]:
    return list(program.committee.filter(is_active=True, user__is_active=True).select_related("user"))


def quorum(program: Program, members: int) -> int:
    """Votes needed: the program's own setting, else a majority of the committee."""
    if program.committee_quorum:
        return program.committee_quorum
    return math.floor(members / 2) + 1


def vote(actor: User, request: ChangeRequest, choice: str, comment: str = "") -> ChangeVote:
    """A committee member's vote; it may be changed until the request is decided."""
    member = request.program.committee.filter(user_id=actor.pk, is_active=True).first()
    if member is None:
        raise _deny()
    if request.state != RequestState.IN_REVIEW:
        raise ValidationError({"state": _("Votes are only taken while the request is with the committee.")})
    if choice not in ChangeVote.Choice.values:
        raise ValidationError({"choice": _("Choose one of the allowed values.")})
    with acting_as(actor):
        found, _created = ChangeVote.objects.update_or_create(
            request=request, member=member, defaults={"choice": choice, "comment": comment.strip()}
        )
    return found


def comment(actor: User, request: ChangeRequest, body: str) -> ChangeComment:
    if not queries.change_requests_for(actor).filter(pk=request.pk).exists():
        raise _deny()
    if not body.strip():
        raise ValidationError({"body": _("This field is required.")})
    with acting_as(actor):
        return ChangeComment.objects.create(request=request, author=actor, body=body.strip())


def tally(request: ChangeRequest) -> dict[str, int]:
    counts = dict.fromkeys(ChangeVote.Choice.values, 0)
    for choice in request.votes.values_list("choice", flat=True):
        counts[choice] += 1
    members = len(active_committee(request.program))
    counts["cast"] = sum(counts[c] for c in ChangeVote.Choice.values)
    counts["members"] = members
    counts["quorum"] = quorum(request.program, members)
    return counts


def decide_change_request(
    actor: User, request: ChangeRequest, reason: str, now: dt.datetime | None = None
) -> ChangeRequest:
    """Close the vote. With the quorum reached, more approvals than rejections approve it and put the
    proposed version in force from its term; otherwise it is rejected. Reasons are always recorded."""
    chair = request.program.committee.filter(
        user_id=actor.pk, is_active=True, seat=CommitteeMember.Seat.CHAIR
    ).exists()
    if not (chair or permissions.may_change_program(actor, request.program)):
        raise _deny()
    if request.state != RequestState.IN_REVIEW:
        raise ValidationError({"state": _("Only a request with the committee can be decided.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reasons for the decision.")})
    counts = tally(request)
    if counts["cast"] < counts["quorum"]:
        raise ValidationError(
            {
                "votes": _("The quorum is not reached: %(cast)s of %(quorum)s votes needed.")
                % {"cast": counts["cast"], "quorum": counts["quorum"]}
            }
        )
    now = now or timezone.now()
    approved = counts["approve"] > counts["reject"]
    with acting_as(actor):
        request.state = RequestState.APPROVED if approved else RequestState.REJECTED
        request.decided_at = now
        request.decided_by = actor
        request.decision_reason = reason.strip()
        request.save()
        if approved:
            # The alert's response and the change that answers it are one write: both or neither.
            if request.alert_assignment is not None:
                alerts.record_response(
                    actor, request.alert_assignment, AlertAssignment.Response.CURRICULUM_CHANGE, True, now
                )
            put_in_force(actor, request.proposed_version, request.effective_term, now)
        else:
            request.proposed_version.state = VersionState.DISCARDED
            request.proposed_version.save(update_fields=["state", "updated_at"])
    if request.suggestion is not None:
        _tell_enterprise(request.suggestion)
    return request


def withdraw_change_request(actor: User, request: ChangeRequest) -> ChangeRequest:
    if not permissions.may_edit_request(actor, request):
        raise _deny()
    if request.state not in (RequestState.DRAFT, RequestState.IN_REVIEW):
        raise ValidationError({"state": _("A decided request cannot be withdrawn.")})
    with acting_as(actor):
        request.state = RequestState.WITHDRAWN
        request.save()
        request.proposed_version.state = VersionState.DISCARDED
        request.proposed_version.save(update_fields=["state", "updated_at"])
    return request


# ---------------------------------------------------------------------------------------------------
# Micro-courses


def create_micro_course(
    actor: User,
    program: Program,
    title: str,
    skill: Skill,
    outline: str,
    owner: User | None = None,
    alert_assignment: AlertAssignment | None = None,
    due_on: dt.date | None = None,
    materials: str = "",
    module_code: str = "",
    now: dt.datetime | None = None,
) -> MicroCourse:
    """A fast answer to an alert or a skill; due in 30 days unless said otherwise. Answering an alert
    with it plans the alert's response (micro-course) straight away."""
    if not (permissions.may_change_program(actor, program) or permissions.teaches_at(actor, program)):
        raise _deny()
    owner = owner or actor
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("This field is required.")
    if not outline.strip():
        errors["outline"] = _("This field is required.")
    if not permissions.teaches_at(owner, program):
        errors["owner"] = _("The owner must teach at the program's college.")
    if alert_assignment is not None and alert_assignment.program_id != program.pk:
        errors["alert_assignment"] = _("This alert was not sent to this program.")
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    with acting_as(actor):
        course = MicroCourse.objects.create(
            program=program,
            title=title.strip(),
            skill=skill,
            alert_assignment=alert_assignment,
            owner=owner,
            due_on=due_on or timezone.localdate(now) + dt.timedelta(days=MICRO_COURSE_DAYS),
            outline=outline.strip(),
            materials=materials.strip(),
            module_code=module_code.strip(),
        )
        if alert_assignment is not None:
            alerts.record_response(actor, alert_assignment, AlertAssignment.Response.MICRO_COURSE, False, now)
    return course


def publish_micro_course(actor: User, course: MicroCourse, now: dt.datetime | None = None) -> MicroCourse:
    """Publish it to students; an alert it answers is then done."""
    if not MicroCourse.objects.restrict(actor, CHANGE).filter(pk=course.pk).exists():
        raise _deny()
    if course.state == MicroCourse.State.PUBLISHED:
        raise ValidationError({"state": _("The micro-course is already published.")})
    now = now or timezone.now()
    with acting_as(actor):
        course.state = MicroCourse.State.PUBLISHED
        course.published_at = now
        course.save()
        if course.alert_assignment is not None:
            alerts.record_response(
                actor, course.alert_assignment, AlertAssignment.Response.MICRO_COURSE, True, now
            )
    return course


# ---------------------------------------------------------------------------------------------------
# Certificate recognition (课证融通)


def request_recognition(
    actor: User,
    rule: RecognitionRule,
    certificate_number: str,
    obtained_on: dt.date | None,
    evidence: Any = None,
) -> RecognitionRequest:
    """A student of the rule's program asks for the module's credits."""
    if not permissions.studies_in(actor, rule.program_id):
        raise _deny()
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
        raise _deny()
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
            defaults={"module_name": module.name, "credits": credits, "is_active": True},
        )
    return rule


# ---------------------------------------------------------------------------------------------------
# Enterprise suggestions


def suggest(
    actor: User, program: Program, title: str, body: str, skill: Skill | None = None
) -> EnterpriseSuggestion:
    """An enterprise's staff suggest a change to a program of a college they can see (a partner)."""
    enterprise = (
        Membership.objects.filter(
            user_id=actor.pk,
            is_active=True,
            organization__kind=OrgKind.ENTERPRISE,
            organization_id__in=staff_org_ids(actor),
        )
        .select_related("organization")
        .first()
    )
    if (
        enterprise is None
        or not Program.objects.filter(pk=program.pk, college_id__in=visible_org_ids(actor)).exists()
    ):
        raise _deny()
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = _("This field is required.")
    if not body.strip():
        errors["body"] = _("This field is required.")
    if errors:
        raise ValidationError(errors)
    with acting_as(actor):
        suggestion = EnterpriseSuggestion.objects.create(
            enterprise=enterprise.organization,
            program=program,
            author=actor,
            title=title.strip(),
            body=body.strip(),
            skill=skill,
        )

    def message() -> tuple[str, str]:
        return (
            _("Curriculum suggestion from %(enterprise)s")
            % {"enterprise": enterprise.organization.display_name},
            f"{program.display_name}: {suggestion.title}",
        )

    leads = alerts.recipients([program])
    transaction.on_commit(lambda: mail_each(list(leads), message))
    return suggestion


def _decide_suggestion(actor: User, suggestion: EnterpriseSuggestion) -> None:
    if not EnterpriseSuggestion.objects.restrict(actor, CHANGE).filter(pk=suggestion.pk).exists():
        raise _deny()
    if suggestion.state != EnterpriseSuggestion.State.SUBMITTED:
        raise ValidationError({"state": _("This suggestion has already been answered.")})


def accept_suggestion(
    actor: User, suggestion: EnterpriseSuggestion, note: str, effective_term: str
) -> ChangeRequest:
    """Take the suggestion up: a change request opens from it and the enterprise can follow it."""
    _decide_suggestion(actor, suggestion)
    request = open_change_request(
        actor,
        suggestion.program,
        suggestion.title,
        suggestion.body,
        ChangeOrigin.ENTERPRISE_SUGGESTION,
        effective_term,
        suggestion=suggestion,
    )
    with acting_as(actor):
        suggestion.state = EnterpriseSuggestion.State.ACCEPTED
        suggestion.decision_note = note.strip()
        suggestion.decided_at = timezone.now()
        suggestion.decided_by = actor
        suggestion.save()
    _tell_enterprise(suggestion)
    return request


def decline_suggestion(actor: User, suggestion: EnterpriseSuggestion, note: str) -> EnterpriseSuggestion:
    _decide_suggestion(actor, suggestion)
    if not note.strip():
        raise ValidationError({"decision_note": _("Tell the enterprise why.")})
    with acting_as(actor):
        suggestion.state = EnterpriseSuggestion.State.DECLINED
        suggestion.decision_note = note.strip()
        suggestion.decided_at = timezone.now()
        suggestion.decided_by = actor
        suggestion.save()
    _tell_enterprise(suggestion)
    return suggestion


def _tell_enterprise(suggestion: EnterpriseSuggestion) -> None:
    if suggestion.author is None:
        return
    author = suggestion.author

    def message() -> tuple[str, str]:
        return (
            _("Your curriculum suggestion was answered: %(title)s") % {"title": suggestion.title},
            f"{suggestion.get_state_display()}\n{suggestion.decision_note}",
        )

    transaction.on_commit(lambda: mail_each([author], message))
