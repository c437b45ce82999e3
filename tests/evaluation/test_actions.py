"""Policies, schemes, append-only evaluations, mastery and outside assessors' links."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation

from iehub.evaluation import actions, queries
from iehub.evaluation.models import Evaluation, LinkUse
from tests.evaluation.conftest import WEIGHTS, Evaluated

pytestmark = pytest.mark.django_db


def _weights_error(excinfo: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(excinfo.value.message_dict["weights"])


def test_scheme_below_policy_is_refused_and_at_policy_accepted(evaluated: Evaluated) -> None:
    w = evaluated.world
    actions.set_policy(w.college_admin, w.college, 40)
    data = {"name": "课程评价", "rubric": evaluated.rubric, "program": w.program}
    below = {"teacher": 70, "mentor": 30}
    with pytest.raises(ValidationError) as excinfo:
        actions.save_scheme(w.teacher, w.college, data, below)
    assert "30 %" in _weights_error(excinfo) and "40 %" in _weights_error(excinfo)
    at_policy = {"teacher": 60, "mentor": 20, "expert": 20}
    assert actions.save_scheme(w.teacher, w.college, data, at_policy).weights.count() == 3
    # a program's own policy overrides the college's
    actions.set_policy(w.college_admin, w.college, 20, w.program)
    assert queries.minimum_enterprise_weight(w.college.pk, w.program.pk) == 20
    assert queries.minimum_enterprise_weight(w.college.pk, None) == 40


def test_weights_must_add_up_and_default_policy_applies(evaluated: Evaluated, settings: object) -> None:
    w = evaluated.world
    data = {"name": "x", "rubric": evaluated.rubric}
    with pytest.raises(ValidationError) as excinfo:
        actions.save_scheme(w.teacher, w.college, data, {"teacher": 50, "mentor": 40})
    assert "90 %" in _weights_error(excinfo)
    # no policy set: the platform default (30 %)
    with pytest.raises(ValidationError):
        actions.save_scheme(w.teacher, w.college, data, {"teacher": 80, "client": 20})


def test_only_college_staff_design_and_only_admins_set_policy(evaluated: Evaluated) -> None:
    w = evaluated.world
    data = {"name": "x", "rubric": evaluated.rubric}
    for outsider in (w.student, w.mentor, w.other_college_admin, w.enterprise_admin):
        with pytest.raises(PermissionDenied):
            actions.save_scheme(outsider, w.college, data, WEIGHTS)
    with pytest.raises(PermissionDenied):
        actions.set_policy(w.teacher, w.college, 50)
    # another college's rubric cannot be used
    other = actions.create_rubric(w.other_college_admin, w.other_college, {"name": "他校量表", "levels": 3})
    with pytest.raises(ValidationError) as excinfo:
        actions.save_scheme(w.teacher, w.college, {"name": "x", "rubric": other}, WEIGHTS)
    assert "rubric" in excinfo.value.message_dict


def test_roles_follow_the_work_people_share(evaluated: Evaluated) -> None:
    w, scheme = evaluated.world, evaluated.scheme
    marks = {evaluated.grading.pk: 3, evaluated.teamwork.pk: 3}
    actions.record_evaluation(w.student, scheme, w.student, "self", marks)
    actions.record_evaluation(evaluated.peer, scheme, w.student, "peer", marks)
    actions.record_evaluation(w.mentor, scheme, w.student, "mentor", marks)
    actions.record_evaluation(w.enterprise_admin, scheme, w.student, "client", {evaluated.grading.pk: 4})
    for actor, role in [
        (w.student, "teacher"),
        (evaluated.peer, "mentor"),
        (w.mentor, "client"),
        (w.other_college_admin, "teacher"),
        (w.outsider_admin, "client"),
        (w.other_student, "peer"),
    ]:
        with pytest.raises(PermissionDenied):
            actions.record_evaluation(actor, scheme, w.student, role, marks)
    # a student not on the project is not evaluated under its scheme
    with pytest.raises(ValidationError):
        actions.record_evaluation(w.teacher, scheme, w.other_student, "teacher", marks)


def test_marks_are_checked_against_the_role_variant(evaluated: Evaluated) -> None:
    w, scheme = evaluated.world, evaluated.scheme
    with pytest.raises(ValidationError) as excinfo, translation.override("en"):
        actions.record_evaluation(w.teacher, scheme, w.student, "teacher", {evaluated.grading.pk: 5})
    errors = excinfo.value.message_dict
    assert "1 to 4" in errors[f"criterion_{evaluated.grading.pk}"][0]
    assert (
        "Teamwork" in errors[f"criterion_{evaluated.teamwork.pk}"][0]
        or "团队协作" in errors[f"criterion_{evaluated.teamwork.pk}"][0]
    )
    # the client's form has no teamwork criterion: a mark for it is refused
    with pytest.raises(ValidationError):
        actions.record_evaluation(
            w.enterprise_admin,
            scheme,
            w.student,
            "client",
            {evaluated.grading.pk: 3, evaluated.teamwork.pk: 3},
        )
    assert not Evaluation.objects.exists()


def test_a_correction_adds_a_record_and_mastery_follows_the_method(evaluated: Evaluated) -> None:
    w, scheme = evaluated.world, evaluated.scheme
    first = actions.record_evaluation(
        w.teacher, scheme, w.student, "teacher", {evaluated.grading.pk: 4, evaluated.teamwork.pk: 2}
    )
    grading = evaluated.grading.skill_id

    def grading_mastery() -> tuple[float | None, bool]:
        found = queries.history(w.teacher, scheme, w.student.pk)
        result = {m.skill_id: m.result for m in queries.mastery_by_competency(scheme, found)}[grading]
        return result.score, result.mastered

    assert grading_mastery() == (3.0, True)
    second = actions.record_evaluation(
        w.teacher,
        scheme,
        w.student,
        "teacher",
        {evaluated.grading.pk: 1, evaluated.teamwork.pk: 2},
        comment="看错了片段",
        corrects=first,
    )
    found = queries.history(w.teacher, scheme, w.student.pk)
    assert [e.pk for e in found] == [second.pk, first.pk]  # both visible, newest first
    assert [e.pk for e in queries.current(found)] == [second.pk]
    assert grading_mastery() == (1.0, False)
    first.refresh_from_db()
    with pytest.raises(ValueError):
        first.save()
    # weighted mean over roles: the mentor's 4 (→ 3.0, weight 20) and the teacher's 1 (→ 1.0, weight 40)
    actions.record_evaluation(
        w.mentor, scheme, w.student, "mentor", {evaluated.grading.pk: 4, evaluated.teamwork.pk: 4}
    )
    score, _ = grading_mastery()
    assert score == pytest.approx((3.0 * 20 + 1.0 * 40) / 60)
    # a correction must be of one's own evaluation
    with pytest.raises(ValidationError):
        actions.record_evaluation(
            w.mentor,
            scheme,
            w.student,
            "mentor",
            {evaluated.grading.pk: 4, evaluated.teamwork.pk: 4},
            corrects=second,
        )


def test_assessor_link_works_once(evaluated: Evaluated) -> None:
    w, scheme = evaluated.world, evaluated.scheme
    link, token = actions.issue_link(w.teacher, scheme, w.student, "client", "王导演", "director@example.cn")
    assert len(mail.outbox) == 1 and token in mail.outbox[0].body
    assert actions.open_link(token, "10.0.0.1") == link
    evaluation = actions.evaluate_by_link(token, {evaluated.grading.pk: 4}, "节奏很好", "10.0.0.1")
    assert evaluation.assessor_name == "王导演" and evaluation.evaluator is None
    with pytest.raises(actions.LinkRefused) as excinfo:
        actions.evaluate_by_link(token, {evaluated.grading.pk: 1})
    assert excinfo.value.reason == "used"
    with pytest.raises(actions.LinkRefused):
        actions.open_link(token)
    outcomes = list(LinkUse.objects.filter(link=link).order_by("id").values_list("outcome", "reason"))
    assert outcomes == [
        ("opened", ""),
        ("submitted", ""),
        ("refused", "used"),
        ("refused", "used"),
    ]


def test_expired_revoked_and_forged_links_are_refused(evaluated: Evaluated) -> None:
    w, scheme = evaluated.world, evaluated.scheme
    long_ago = timezone.now() - dt.timedelta(days=30)
    _, expired = actions.issue_link(w.teacher, scheme, w.student, "client", "甲", days=14, now=long_ago)
    revoked_link, revoked = actions.issue_link(w.teacher, scheme, w.student, "client", "乙")
    with pytest.raises(PermissionDenied):
        actions.revoke_link(w.mentor, revoked_link)
    actions.revoke_link(w.teacher, revoked_link)
    for token, reason in [
        (expired, "expired"),
        (revoked, "revoked"),
        (revoked[:-2] + "xx", "invalid"),
        ("", "invalid"),
    ]:
        with pytest.raises(actions.LinkRefused) as excinfo:
            actions.evaluate_by_link(token, {evaluated.grading.pk: 3})
        assert excinfo.value.reason == reason
    assert not Evaluation.objects.exists()
    # a link is for an enterprise-side role with a weight; the teacher role is not given out
    with pytest.raises(ValidationError):
        actions.issue_link(w.teacher, scheme, w.student, "teacher", "丙")
    with pytest.raises(ValidationError):
        actions.issue_link(w.teacher, scheme, w.student, "expert", "丙")  # no weight in this scheme
    with pytest.raises(PermissionDenied):
        actions.issue_link(w.enterprise_admin, scheme, w.student, "client", "丁")


def test_panel_agreement_flags_a_disagreeing_panel(evaluated: Evaluated) -> None:
    w, scheme = evaluated.world, evaluated.scheme
    both = (evaluated.grading.pk, evaluated.teamwork.pk)
    # teacher and mentor disagree completely on the two students
    for actor, role, student_levels in [
        (w.teacher, "teacher", {w.student: 4, evaluated.peer: 1}),
        (w.mentor, "mentor", {w.student: 1, evaluated.peer: 4}),
    ]:
        for student, level in student_levels.items():
            actions.record_evaluation(actor, scheme, student, role, dict.fromkeys(both, level))
    agreement = queries.panel_agreement(scheme)
    assert (agreement.raters, agreement.students) == (2, 2)
    assert agreement.alpha is not None and agreement.alpha < 0 and agreement.disagrees


def test_result_weighs_roles_then_process_and_product() -> None:
    marks = {
        "product": {"teacher": [3.0], "mentor": [1.0]},  # (40·3 + 20·1) / 60
        "process": {"teacher": [2.0]},
    }
    weights = {"teacher": 40, "mentor": 20, "self": 10}
    product = (40 * 3 + 20 * 1) / 60
    assert queries.weighted_result(marks, weights, 30) == pytest.approx(0.3 * 2.0 + 0.7 * product)
    assert queries.weighted_result({"process": {"teacher": [2.0]}}, weights, 30) == pytest.approx(2.0)
    assert queries.weighted_result({"process": {"peer": [2.0]}}, weights, 30) is None  # peers weigh 0 here
    assert queries.weighted_result({}, weights, 50) is None
