"""``/api/v1/curriculum/…``: programs, versions and their competency matrices, alignment, change requests,
micro-courses, certificate recognition and enterprise suggestions. Thin: scoped reads from ``queries``,
writes through ``actions``; errors in the API's one format."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from iehub.core.api_support import Page, PageQuery, paged
from iehub.core.kept_pages import kept_answer
from iehub.core.limits import DbId
from iehub.core.scopes import ACTIVITY, ALERTS, CURRICULA, OFFERINGS, PEOPLE, POSTINGS, TRANSCRIPTS
from iehub.core.views_helpers import current_user as _user
from iehub.curriculum import actions, importing, queries
from iehub.curriculum.alerts import assignments_for
from iehub.curriculum.models import (
    ChangeRequest,
    CurriculumVersion,
    EnterpriseSuggestion,
    MicroCourse,
    Module,
    RecognitionRequest,
    RecognitionRule,
    TranscriptEntry,
)
from iehub.taxonomy.models import Skill

router = Router(tags=["curriculum"])


class ProgramOut(Schema):
    id: int
    college_id: int
    major_code: str
    name: str
    name_en: str
    field: str
    current_version_id: int | None


class CompetencyOut(Schema):
    skill_uri: str
    skill: str
    level: int


class ModuleOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    hours: int
    credits: Decimal
    competencies: list[CompetencyOut]


class CourseOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    credits: Decimal
    theory_hours: int
    practice_hours: int
    term: int
    revised_on: dt.date | None
    modules: list[ModuleOut]


class VersionOut(Schema):
    id: int
    program_id: int
    number: int
    state: str
    effective_term: str
    in_force_from: dt.datetime | None
    courses: list[CourseOut]


class AlignmentRowOut(Schema):
    skill_uri: str
    skill: str
    status: str
    weight: float
    share: float
    growth: float
    required_level: int
    taught_level: int
    coverage: float
    required_by_tasks: bool


class AlignmentOut(Schema):
    program_id: int
    version_id: int | None
    period: str
    score: float | None
    demanded: list[AlignmentRowOut]
    taught_not_demanded: list[AlignmentRowOut]
    history: list[tuple[str, float | None]]


class ChangeOut(Schema):
    kind: str
    key: str
    label: str
    fields: list[tuple[str, Any, Any]]


class DiffOut(Schema):
    base_version_id: int | None
    version_id: int
    courses: list[ChangeOut]
    modules: list[ChangeOut]
    competencies: list[ChangeOut]


class CellIn(Schema):
    module_id: DbId
    skill_uri: str
    level: int


class ImportOut(Schema):
    ok: bool
    rows: int
    errors: list[dict[str, Any]]
    version_id: int | None
    change_request_id: int | None


class ChangeRequestIn(Schema):
    program_id: DbId
    title: str
    rationale: str
    origin: str
    effective_term: str
    alert_id: DbId | None = None


class ChangeRequestOut(Schema):
    id: int
    program_id: int
    title: str
    rationale: str
    origin: str
    state: str
    effective_term: str
    base_version_id: int | None
    proposed_version_id: int
    created_at: dt.datetime
    submitted_at: dt.datetime | None
    decided_at: dt.datetime | None
    decision_reason: str
    cycle_days: int | None
    votes: dict[str, int]


class StepIn(Schema):
    """What a step needs: ``choice`` and ``comment`` to vote, ``body`` to comment, ``reason`` to decide."""

    choice: str = ""
    comment: str = ""
    body: str = ""
    reason: str = ""


class ReasonIn(Schema):
    reason: str = ""


class MicroCourseIn(Schema):
    program_id: DbId
    title: str
    skill_uri: str
    outline: str
    alert_id: DbId | None = None
    due_on: dt.date | None = None
    materials: str = ""
    module_code: str = ""


class MicroCourseOut(Schema):
    id: int
    program_id: int
    title: str
    skill_uri: str
    owner_id: int
    due_on: dt.date
    state: str
    published_at: dt.datetime | None
    alert_id: int | None
    module_code: str


class RecognitionIn(Schema):
    rule_id: DbId
    certificate_number: str
    obtained_on: dt.date | None = None


class RecognitionOut(Schema):
    id: int
    student_id: int
    rule_id: int
    certificate: str
    module_code: str
    credits: Decimal
    state: str
    reason: str


class TranscriptOut(Schema):
    id: int
    student_id: int
    program_id: int
    module_code: str
    module_name: str
    credits: Decimal
    source: str
    recorded_at: dt.datetime


class SuggestionIn(Schema):
    program_id: DbId
    title: str
    body: str
    skill_uri: str = ""


class SuggestionOut(Schema):
    id: int
    enterprise_id: int
    program_id: int
    title: str
    body: str
    state: str
    decision_note: str
    change_request_ids: list[int]


class DecideSuggestionIn(Schema):
    decision_note: str = ""
    effective_term: str = ""


def _skill(uri: str) -> Skill:
    return get_object_or_404(Skill, uri=uri, is_active=True)


# --- programs, versions, alignment ----------------------------------------------------------------


@router.get("/curriculum/programs", response=Page[ProgramOut])
@kept_answer(CURRICULA)
def list_programs(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    """Visible programs with the id of the version in force."""
    qs = queries.programs_for(_user(request)).order_by("college_id", "major_code")
    found = paged(qs, page, lambda p: p)
    current = queries.current_versions([p.pk for p in found["results"]])
    found["results"] = [
        {
            "id": p.pk,
            "college_id": p.college_id,
            "major_code": p.major_code,
            "name": p.name,
            "name_en": p.name_en,
            "field": p.field,
            "current_version_id": current[p.pk].pk if p.pk in current else None,
        }
        for p in found["results"]
    ]
    return found


def _version_out(version: CurriculumVersion) -> dict[str, Any]:
    return {
        "id": version.pk,
        "program_id": version.program_id,
        "number": version.number,
        "state": version.state,
        "effective_term": version.effective_term,
        "in_force_from": version.in_force_from,
        "courses": [
            {
                "id": c.pk,
                "code": c.code,
                "name": c.name,
                "name_en": c.name_en,
                "credits": c.credits,
                "theory_hours": c.theory_hours,
                "practice_hours": c.practice_hours,
                "term": c.term,
                "revised_on": c.revised_on,
                "modules": [
                    {
                        "id": m.pk,
                        "code": m.code,
                        "name": m.name,
                        "name_en": m.name_en,
                        "hours": m.hours,
                        "credits": m.credits,
                        "competencies": [
                            {"skill_uri": mc.skill.uri, "skill": mc.skill.display_name, "level": mc.level}
                            for mc in m.competencies.all()
                        ],
                    }
                    for m in c.modules.all()
                ],
            }
            for c in queries.version_courses(version)
        ],
    }


@router.get("/curriculum/versions/{version_id}", response=VersionOut)
def get_version(request: HttpRequest, version_id: DbId) -> dict[str, Any]:
    """A curriculum version with its courses, modules and the competencies each module covers."""
    return _version_out(get_object_or_404(CurriculumVersion.objects.restrict(_user(request)), pk=version_id))


@router.put("/curriculum/versions/{version_id}/matrix", response=VersionOut)
def set_cell(request: HttpRequest, version_id: DbId, payload: CellIn) -> dict[str, Any]:
    """Set one matrix cell of a draft version (level 0 clears it)."""
    user = _user(request)
    version = get_object_or_404(CurriculumVersion.objects.restrict(user), pk=version_id)
    module = get_object_or_404(Module, pk=payload.module_id, course__version=version)
    actions.set_module_competency(user, module, _skill(payload.skill_uri), payload.level)
    return _version_out(version)


@router.get("/curriculum/versions/{version_id}/diff", response=DiffOut)
def get_diff(request: HttpRequest, version_id: DbId, against: DbId | None = None) -> dict[str, Any]:
    """Added, removed and changed courses, modules and competencies (against the version it came from)."""
    user = _user(request)
    version = get_object_or_404(CurriculumVersion.objects.restrict(user), pk=version_id)
    base = (
        get_object_or_404(CurriculumVersion.objects.restrict(user), pk=against, program_id=version.program_id)
        if against
        else version.based_on
    )
    diff = queries.version_diff(base, version)

    def out(changes: list[Any]) -> list[dict[str, Any]]:
        return [{"kind": c.kind, "key": c.key, "label": c.label, "fields": list(c.fields)} for c in changes]

    return {
        "base_version_id": base.pk if base else None,
        "version_id": version.pk,
        "courses": out(diff.courses),
        "modules": out(diff.modules),
        "competencies": out(diff.competencies),
    }


@router.get("/curriculum/programs/{program_id}/alignment", response=AlignmentOut)
def get_alignment(
    request: HttpRequest, program_id: DbId, version: DbId | None = None, direction: DbId | None = None
) -> dict[str, Any]:
    """Gap list and alignment score (formula in docs/curriculum.md) with its history by quarter."""
    user = _user(request)
    program = get_object_or_404(queries.programs_for(user), pk=program_id)
    chosen = (
        get_object_or_404(CurriculumVersion.objects.restrict(user), pk=version, program=program)
        if version
        else None
    )
    career = get_object_or_404(program.directions, pk=direction) if direction else None
    data = queries.demand_data((program.field,))
    analysis = queries.program_alignment(program, chosen, data, direction=career)

    def rows(pairs: list[Any]) -> list[dict[str, Any]]:
        return [
            {
                "skill_uri": s.uri,
                "skill": s.display_name,
                "status": r.status.value,
                "weight": r.weight,
                "share": r.share,
                "growth": r.growth,
                "required_level": r.required_level,
                "taught_level": r.taught_level,
                "coverage": r.coverage,
                "required_by_tasks": r.required_by_tasks,
            }
            for r, s in pairs
        ]

    return {
        "program_id": program.pk,
        "version_id": analysis.version.pk if analysis.version else None,
        "period": analysis.period,
        "score": analysis.result.score,
        "demanded": rows(analysis.rows()),
        "taught_not_demanded": rows(analysis.extra_rows()),
        "history": queries.alignment_history(program, data),
    }


@router.post("/curriculum/programs/{program_id}/import", response={200: ImportOut, 422: ImportOut})
def import_program(
    request: HttpRequest, program_id: DbId, file: File[UploadedFile], effective_term: str = ""
) -> Status[dict[str, Any]]:
    """All-or-nothing import of a curriculum file (see the user guide for its columns); 422 with the
    row report when any row is refused."""
    user = _user(request)
    program = get_object_or_404(queries.programs_for(user), pk=program_id)
    result = importing.import_curriculum(user, program, file, file.name or "", effective_term)
    body = {
        "ok": result.report.ok,
        "rows": result.report.rows,
        "errors": [{"row": e.row, "field": e.field, "message": e.message} for e in result.report.errors],
        "version_id": result.version.pk if result.version else None,
        "change_request_id": result.change_request.pk if result.change_request else None,
    }
    return Status(200 if result.report.ok else 422, body)


# --- change requests ------------------------------------------------------------------------------


def _change_out(c: ChangeRequest) -> dict[str, Any]:
    tally = actions.tally(c)
    return {
        "id": c.pk,
        "program_id": c.program_id,
        "title": c.title,
        "rationale": c.rationale,
        "origin": c.origin,
        "state": c.state,
        "effective_term": c.effective_term,
        "base_version_id": c.base_version_id,
        "proposed_version_id": c.proposed_version_id,
        "created_at": c.created_at,
        "submitted_at": c.submitted_at,
        "decided_at": c.decided_at,
        "decision_reason": c.decision_reason,
        "cycle_days": c.cycle_days,
        "votes": tally,
    }


@router.get("/curriculum/change-requests", response=Page[ChangeRequestOut])
@kept_answer(ACTIVITY, ALERTS, CURRICULA, PEOPLE, POSTINGS)
def list_changes(request: HttpRequest, page: Query[PageQuery], state: str = "") -> dict[str, Any]:
    qs = queries.change_requests_for(_user(request))
    return paged(qs.filter(state=state) if state else qs, page, _change_out)


@router.post("/curriculum/change-requests", response={201: ChangeRequestOut})
def open_change(request: HttpRequest, payload: ChangeRequestIn) -> Status[dict[str, Any]]:
    user = _user(request)
    program = get_object_or_404(queries.programs_for(user), pk=payload.program_id)
    assignment = get_object_or_404(assignments_for(user), pk=payload.alert_id) if payload.alert_id else None
    created = actions.open_change_request(
        user,
        program,
        payload.title,
        payload.rationale,
        payload.origin,
        payload.effective_term,
        alert_assignment=assignment,
    )
    return Status(201, _change_out(created))


@router.get("/curriculum/change-requests/{change_id}", response=ChangeRequestOut)
def get_change(request: HttpRequest, change_id: DbId) -> dict[str, Any]:
    return _change_out(get_object_or_404(queries.change_requests_for(_user(request)), pk=change_id))


@router.post("/curriculum/change-requests/{change_id}/{step}", response=ChangeRequestOut)
def change_step(
    request: HttpRequest, change_id: DbId, step: str, payload: StepIn | None = None
) -> dict[str, Any]:
    """``submit``, ``vote`` ({choice, comment}), ``comment`` ({body}), ``decide`` ({reason}), ``withdraw``."""
    user = _user(request)
    change = get_object_or_404(queries.change_requests_for(user), pk=change_id)
    try:
        actions.change_request_step(user, change, step, payload.dict() if payload is not None else {})
    except actions.UnknownStep as exc:
        raise Http404 from exc
    change.refresh_from_db()
    return _change_out(change)


# --- micro-courses --------------------------------------------------------------------------------


def _micro_out(m: MicroCourse) -> dict[str, Any]:
    return {
        "id": m.pk,
        "program_id": m.program_id,
        "title": m.title,
        "skill_uri": m.skill.uri,
        "owner_id": m.owner_id,
        "due_on": m.due_on,
        "state": m.state,
        "published_at": m.published_at,
        "alert_id": m.alert_assignment_id,
        "module_code": m.module_code,
    }


@router.get("/curriculum/micro-courses", response=Page[MicroCourseOut])
@kept_answer(OFFERINGS, POSTINGS)
def list_micro(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    return paged(MicroCourse.objects.restrict(_user(request)).select_related("skill"), page, _micro_out)


@router.post("/curriculum/micro-courses", response={201: MicroCourseOut})
def create_micro(request: HttpRequest, payload: MicroCourseIn) -> Status[dict[str, Any]]:
    user = _user(request)
    program = get_object_or_404(queries.programs_for(user), pk=payload.program_id)
    assignment = get_object_or_404(assignments_for(user), pk=payload.alert_id) if payload.alert_id else None
    created = actions.create_micro_course(
        user,
        program,
        payload.title,
        _skill(payload.skill_uri),
        payload.outline,
        alert_assignment=assignment,
        due_on=payload.due_on,
        materials=payload.materials,
        module_code=payload.module_code,
    )
    return Status(201, _micro_out(created))


@router.post("/curriculum/micro-courses/{micro_id}/publish", response=MicroCourseOut)
def publish_micro(request: HttpRequest, micro_id: DbId) -> dict[str, Any]:
    user = _user(request)
    course = get_object_or_404(MicroCourse.objects.restrict(user), pk=micro_id)
    return _micro_out(actions.publish_micro_course(user, course))


# --- certificate recognition ----------------------------------------------------------------------


def _recognition_out(r: RecognitionRequest) -> dict[str, Any]:
    return {
        "id": r.pk,
        "student_id": r.student_id,
        "rule_id": r.rule_id,
        "certificate": r.rule.certificate.code,
        "module_code": r.rule.module_code,
        "credits": r.rule.credits,
        "state": r.state,
        "reason": r.reason,
    }


@router.get("/curriculum/recognition-requests", response=Page[RecognitionOut])
@kept_answer(ACTIVITY, OFFERINGS)
def list_recognition(request: HttpRequest, page: Query[PageQuery], state: str = "") -> dict[str, Any]:
    qs = RecognitionRequest.objects.restrict(_user(request)).select_related("rule__certificate")
    return paged(qs.filter(state=state) if state else qs, page, _recognition_out)


@router.post("/curriculum/recognition-requests", response={201: RecognitionOut})
def ask_recognition(request: HttpRequest, payload: RecognitionIn) -> Status[dict[str, Any]]:
    user = _user(request)
    rule = get_object_or_404(RecognitionRule.objects.select_related("certificate"), pk=payload.rule_id)
    created = actions.request_recognition(user, rule, payload.certificate_number, payload.obtained_on)
    return Status(201, _recognition_out(created))


@router.post("/curriculum/recognition-requests/{request_id}/{step}", response=RecognitionOut)
def decide_recognition(
    request: HttpRequest, request_id: DbId, step: str, payload: ReasonIn | None = None
) -> dict[str, Any]:
    """``approve`` (the credits go on the transcript, once) or ``reject`` ({reason})."""
    user = _user(request)
    found = get_object_or_404(
        RecognitionRequest.objects.restrict(user).select_related("rule__certificate"), pk=request_id
    )
    try:
        actions.recognition_step(user, found, step, payload.dict() if payload is not None else {})
    except actions.UnknownStep as exc:
        raise Http404 from exc
    return _recognition_out(found)


def _transcript_out(e: TranscriptEntry) -> dict[str, Any]:
    return {
        "id": e.pk,
        "student_id": e.student_id,
        "program_id": e.program_id,
        "module_code": e.module_code,
        "module_name": e.module_name,
        "credits": e.credits,
        "source": e.source,
        "recorded_at": e.created_at,
    }


@router.get("/curriculum/transcript", response=Page[TranscriptOut])
@kept_answer(TRANSCRIPTS)
def transcript(
    request: HttpRequest, page: Query[PageQuery], student_id: DbId | None = None
) -> dict[str, Any]:
    """The caller's transcript, or (college staff) a student's."""
    user = _user(request)
    return paged(
        TranscriptEntry.objects.restrict(user).filter(student_id=student_id or user.pk), page, _transcript_out
    )


# --- enterprise suggestions -----------------------------------------------------------------------


def _suggestion_out(s: EnterpriseSuggestion) -> dict[str, Any]:
    return {
        "id": s.pk,
        "enterprise_id": s.enterprise_id,
        "program_id": s.program_id,
        "title": s.title,
        "body": s.body,
        "state": s.state,
        "decision_note": s.decision_note,
        "change_request_ids": [c.pk for c in s.change_requests.all()],
    }


@router.get("/curriculum/suggestions", response=Page[SuggestionOut])
@kept_answer(ACTIVITY)
def list_suggestions(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    qs = EnterpriseSuggestion.objects.restrict(_user(request)).prefetch_related("change_requests")
    return paged(qs, page, _suggestion_out)


@router.post("/curriculum/suggestions", response={201: SuggestionOut})
def create_suggestion(request: HttpRequest, payload: SuggestionIn) -> Status[dict[str, Any]]:
    user = _user(request)
    program = get_object_or_404(queries.programs_for(user), pk=payload.program_id)
    skill = _skill(payload.skill_uri) if payload.skill_uri else None
    return Status(201, _suggestion_out(actions.suggest(user, program, payload.title, payload.body, skill)))


@router.post("/curriculum/suggestions/{suggestion_id}/{step}", response=SuggestionOut)
def decide_suggestion(
    request: HttpRequest, suggestion_id: DbId, step: str, payload: DecideSuggestionIn
) -> dict[str, Any]:
    """``accept`` (opens a change request; needs effective_term) or ``decline`` (needs decision_note)."""
    user = _user(request)
    found = get_object_or_404(EnterpriseSuggestion.objects.restrict(user), pk=suggestion_id)
    try:
        actions.suggestion_step(user, found, step, payload.dict())
    except actions.UnknownStep as exc:
        raise Http404 from exc
    found.refresh_from_db()
    return _suggestion_out(found)
