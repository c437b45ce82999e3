"""The closed loop: alert → micro-course → change request → committee → new version → better score."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from iehub.core.models import Notification
from iehub.curriculum import actions, alerts, queries, terms
from iehub.curriculum.models import (
    AlertAssignment,
    ChangeOrigin,
    ChangeRequest,
    ChangeVote,
    CurriculumVersion,
    Level,
)
from iehub.demand import alerts as demand_alerts
from iehub.demand.models import SkillAlert
from iehub.engines.alignment import Status
from tests.curriculum.conftest import Curriculum


def _status(program, uri: str) -> Status:  # type: ignore[no-untyped-def]
    return {skill.uri: row.status for row, skill in queries.program_alignment(program).rows()}[uri]


def test_alert_to_new_curriculum_version(curriculum: Curriculum, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    w = curriculum.world
    program = w.program
    t0 = timezone.now() - dt.timedelta(days=40)
    alert = demand_alerts.raise_alert(
        curriculum.new, "2026Q3", SkillAlert.Direction.EMERGING, 1.0, 0.001, notify=False, now=t0
    )
    assignment = AlertAssignment.objects.get(alert=alert, program=program)
    score_before = queries.program_alignment(program).result.score
    assert _status(program, curriculum.new.uri) == Status.NOT_COVERED

    # the fast answer: a micro-course by a teacher, published → the alert is answered
    micro = actions.create_micro_course(
        w.teacher,
        program,
        "AIGC 视频生成入门",
        curriculum.new,
        "1. 工具 2. 工作流",
        alert_assignment=assignment,
        now=t0,
    )
    assert micro.due_on == timezone.localdate(t0) + dt.timedelta(days=30)
    assignment.refresh_from_db()
    assert assignment.state == AlertAssignment.State.PLANNED
    assert assignment.response == AlertAssignment.Response.MICRO_COURSE
    actions.publish_micro_course(w.teacher, micro, now=t0 + dt.timedelta(days=9))
    assignment.refresh_from_db()
    assert assignment.state == AlertAssignment.State.DONE and not alerts.answered_late(assignment)

    # the lasting answer: a change request from the alert
    request = actions.open_change_request(
        w.program_lead,
        program,
        "新增 AIGC 模块",
        "岗位需求新兴",
        ChangeOrigin.ALERT,
        "2026-2027-2",
        alert_assignment=assignment,
        now=t0 + dt.timedelta(days=10),
    )
    draft = request.proposed_version
    assert draft.state == CurriculumVersion.State.DRAFT and request.base_version == curriculum.version
    with pytest.raises(ValidationError):  # nothing changed yet
        actions.submit_change_request(w.program_lead, request)
    course = draft.courses.get(code="C101")
    module = actions.save_module(
        w.program_lead, course, {"code": "M3", "name": "AIGC 视频生成", "hours": 16, "credits": 1}
    )
    actions.set_module_competency(w.program_lead, module, curriculum.new, Level.PRACTISED)
    with django_capture_on_commit_callbacks(execute=True):
        actions.submit_change_request(w.program_lead, request, now=t0 + dt.timedelta(days=12))
    assert {m.to[0] for m in mail.outbox} == {w.program_lead.email, w.mentor.email, w.teacher.email}
    assert f"/curriculum/changes/{request.pk}/" in mail.outbox[0].body  # the e-mail links to the vote
    # ... and each member finds it under the bell too, linked to the request
    notified = Notification.objects.filter(kind="vote", url=f"/curriculum/changes/{request.pk}/")
    assert set(notified.values_list("recipient", flat=True)) == {w.program_lead.pk, w.mentor.pk, w.teacher.pk}
    with pytest.raises(ValidationError):  # frozen while with the committee
        actions.set_module_competency(w.program_lead, module, curriculum.grading, Level.MASTERED)

    # committee: quorum 2 of 3; an outsider cannot vote; one vote is not enough
    with pytest.raises(PermissionDenied):
        actions.vote(w.outsider_admin, request, ChangeVote.Choice.APPROVE)
    actions.vote(w.mentor, request, ChangeVote.Choice.APPROVE, "企业急需")
    with pytest.raises(ValidationError, match="1"):
        actions.decide_change_request(w.program_lead, request, "同意")
    actions.vote(w.teacher, request, ChangeVote.Choice.APPROVE)
    with pytest.raises(ValidationError):
        actions.decide_change_request(w.program_lead, request, "  ")  # reasons are required
    decided_at = t0 + dt.timedelta(days=30)
    actions.decide_change_request(w.program_lead, request, "委员会同意", now=decided_at)

    request.refresh_from_db()
    assert request.state == ChangeRequest.State.APPROVED
    assert request.cycle_days == 18  # from submission to decision
    draft.refresh_from_db()
    curriculum.version.refresh_from_db()
    # approved for the spring term: scheduled, and the version in force stays until the term begins
    assert draft.state == CurriculumVersion.State.SCHEDULED and draft.effective_term == "2026-2027-2"
    assert draft.in_force_from == terms.start_moment("2026-2027-2")
    assert queries.current_version(program) == curriculum.version
    assert terms.activate_due(now=terms.start_moment("2026-2027-2")) == 1
    draft.refresh_from_db()
    curriculum.version.refresh_from_db()
    assert draft.state == CurriculumVersion.State.CURRENT
    assert curriculum.version.state == CurriculumVersion.State.SUPERSEDED
    assert queries.current_version(program) == draft
    assert draft.courses.get(code="C101").revised_on == dt.date(2027, 2, 1)

    # the score and gap list follow the new version
    assert _status(program, curriculum.new.uri) == Status.COVERED
    score_after = queries.program_alignment(program).result.score
    assert score_before == pytest.approx(71.4) and score_after == pytest.approx(85.7)
    assert queries.cycle_times(ChangeRequest.objects.filter(program=program)).median_days == 18
    diff = queries.version_diff(curriculum.version, draft)
    assert [(c.kind, c.key) for c in diff.modules] == [("added", "M3")]


def test_rejection_discards_the_draft_and_keeps_the_version(curriculum: Curriculum) -> None:
    w = curriculum.world
    request = actions.open_change_request(
        w.teacher, w.program, "删除素材管理", "课时不足", ChangeOrigin.TEACHER, "2026-2027-1"
    )
    module = request.proposed_version.courses.get(code="C101").modules.get(code="M2")
    actions.delete_module(w.program_lead, module)
    actions.submit_change_request(w.teacher, request)
    actions.vote(w.mentor, request, ChangeVote.Choice.REJECT, "企业仍需要")
    actions.vote(w.program_lead, request, ChangeVote.Choice.REJECT)
    actions.decide_change_request(w.program_lead, request, "企业反对")
    request.refresh_from_db()
    assert request.state == ChangeRequest.State.REJECTED
    assert request.proposed_version.state == CurriculumVersion.State.DISCARDED
    assert queries.current_version(w.program) == curriculum.version


def test_term_and_permissions(curriculum: Curriculum) -> None:
    w = curriculum.world
    with pytest.raises(ValidationError, match="2026-2027-1"):
        actions.open_change_request(w.program_lead, w.program, "t", "r", ChangeOrigin.TEACHER, "2026 autumn")
    for outsider in (w.other_college_admin, w.mentor, w.student):
        with pytest.raises(PermissionDenied):
            actions.open_change_request(outsider, w.program, "t", "r", ChangeOrigin.TEACHER, "2026-2027-1")
    with pytest.raises(ValidationError):  # the version in force is never edited
        actions.set_module_competency(
            w.program_lead, curriculum.course.modules.get(code="M1"), curriculum.new, 1
        )


def _approvable_request(curriculum: Curriculum) -> tuple[ChangeRequest, AlertAssignment]:
    """A change request answering an alert, with the committee's three approvals cast."""
    w = curriculum.world
    alert = demand_alerts.raise_alert(
        curriculum.new, "2026Q3", SkillAlert.Direction.EMERGING, 1.0, 0.001, notify=False
    )
    assignment = AlertAssignment.objects.get(alert=alert, program=w.program)
    request = actions.open_change_request(
        w.program_lead,
        w.program,
        "新增 AIGC 模块",
        "岗位需求新兴",
        ChangeOrigin.ALERT,
        "2026-2027-2",
        alert_assignment=assignment,
    )
    module = actions.save_module(
        w.program_lead,
        request.proposed_version.courses.get(code="C101"),
        {"code": "M3", "name": "AIGC 视频生成", "hours": 16, "credits": 1},
    )
    actions.set_module_competency(w.program_lead, module, curriculum.new, Level.PRACTISED)
    actions.submit_change_request(w.program_lead, request)
    for member in (w.program_lead, w.mentor, w.teacher):
        actions.vote(member, request, "approve")
    return request, assignment


def _fail(*args, **kwargs):
    raise RuntimeError("injected failure")


def test_an_alert_response_rolls_back_with_the_change_that_answers_it(
    curriculum: Curriculum, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The approval records the alert's response, then puts the version in force; when that fails,
    neither the response nor the decision stays."""
    request, assignment = _approvable_request(curriculum)
    monkeypatch.setattr(actions.versions, "put_in_force", _fail)
    with pytest.raises(RuntimeError):
        actions.decide_change_request(curriculum.world.program_lead, request, "委员会同意")
    assignment.refresh_from_db()
    request.refresh_from_db()
    assert assignment.state == AlertAssignment.State.PLANNED and assignment.done_at is None
    assert request.state == ChangeRequest.State.IN_REVIEW


def test_a_failed_alert_response_rolls_back_the_decision(curriculum: Curriculum, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """And the other way round: if the response cannot be written, the change is not approved either
    (before, the decision was committed first and the alert stayed open)."""
    request, _assignment = _approvable_request(curriculum)
    monkeypatch.setattr(alerts, "record_response", _fail)
    with pytest.raises(RuntimeError):
        actions.decide_change_request(curriculum.world.program_lead, request, "委员会同意")
    request.refresh_from_db()
    assert request.state == ChangeRequest.State.IN_REVIEW
    assert request.proposed_version.state == CurriculumVersion.State.DRAFT


def test_the_activate_command_puts_due_versions_in_force(curriculum: Curriculum) -> None:
    w = curriculum.world
    draft = actions.copy_version(w.program_lead, curriculum.version, w.program)
    actions.put_in_force(w.program_lead, draft, "2099-2100-1")
    draft.refresh_from_db()
    assert draft.state == CurriculumVersion.State.SCHEDULED
    out = StringIO()
    call_command("curriculum", "activate", stdout=out)
    assert out.getvalue().startswith("0 ")  # the term has not begun
    CurriculumVersion.objects.filter(pk=draft.pk).update(in_force_from=timezone.now() - dt.timedelta(hours=1))
    out = StringIO()
    call_command("curriculum", "activate", stdout=out)
    assert out.getvalue().startswith("1 ")
    draft.refresh_from_db()
    assert draft.state == CurriculumVersion.State.CURRENT
