"""Quality: moderation of a panel that disagrees, evaluator drift, enterprise weight against the policy."""

from __future__ import annotations

import pytest
from django.core import mail

from iehub.accounts.models import Organization
from iehub.evaluation import actions, queries
from iehub.evaluation.models import Moderation
from tests.evaluation.conftest import Evaluated

pytestmark = pytest.mark.django_db


def _disagree(e: Evaluated) -> None:
    w, both = e.world, (e.grading.pk, e.teamwork.pk)
    for student, (teacher_level, mentor_level) in [(w.student, (4, 1)), (e.peer, (1, 4))]:
        actions.record_evaluation(w.teacher, e.scheme, student, "teacher", dict.fromkeys(both, teacher_level))
        actions.record_evaluation(w.mentor, e.scheme, student, "mentor", dict.fromkeys(both, mentor_level))


def test_moderating_a_disagreeing_panel(evaluated: Evaluated) -> None:
    _disagree(evaluated)
    w = evaluated.world
    page = w.client_for(w.teacher).get(f"/evaluation/schemes/{evaluated.scheme.pk}/").content.decode()
    assert 'data-testid="disagrees"' in page and 'data-testid="moderate-form"' in page
    with pytest.raises(actions.PermissionDenied):
        actions.moderate(w.mentor, evaluated.scheme, "reevaluate", "x")
    with pytest.raises(actions.ValidationError):
        actions.moderate(w.teacher, evaluated.scheme, "reevaluate", " ")
    mail.outbox.clear()
    response = w.client_for(w.program_lead).post(
        f"/evaluation/schemes/{evaluated.scheme.pk}/moderate/",
        {"decision": "reevaluate", "note": "标准理解不一致"},
    )
    assert response.status_code == 302
    moderation = Moderation.objects.get()
    assert moderation.alpha is not None and moderation.alpha < 0
    # the evaluators are asked to evaluate again (the moderator is not notified of their own decision)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([w.teacher.email, w.mentor.email])
    assert (
        w.client_for(w.other_college_admin)
        .post(f"/evaluation/schemes/{evaluated.scheme.pk}/moderate/", {"decision": "confirmed", "note": "x"})
        .status_code
        == 404
    )
    with pytest.raises(ValueError):
        moderation.save()


def test_drift_names_the_evaluator_apart_from_the_panel(evaluated: Evaluated) -> None:
    w, e = evaluated.world, evaluated
    both = (e.grading.pk, e.teamwork.pk)
    actions.record_evaluation(w.enterprise_admin, e.scheme, w.student, "client", {e.grading.pk: 1})
    for student in (w.student, e.peer):
        actions.record_evaluation(w.teacher, e.scheme, student, "teacher", dict.fromkeys(both, 4))
        actions.record_evaluation(
            e.peer if student == w.student else w.student, e.scheme, student, "peer", dict.fromkeys(both, 4)
        )
        actions.record_evaluation(w.mentor, e.scheme, student, "mentor", dict.fromkeys(both, 1))
    drift = {d.rater: d for d in queries.panel_agreement(e.scheme).drift}
    mentor = next(d for name, d in drift.items() if w.mentor.display_name in name)
    assert mentor.flagged and mentor.mean_difference < 0 and mentor.units == 4
    teacher = next(d for name, d in drift.items() if w.teacher.display_name in name)
    assert not teacher.flagged
    page = w.client_for(w.college_admin).get("/evaluation/quality/").content.decode()
    assert w.mentor.display_name in page


def test_policy_compliance_per_college_and_program(evaluated: Evaluated) -> None:
    w = evaluated.world
    # the fixture's scheme gives enterprises 40 %; a policy raised to 50 % later leaves it short
    actions.save_scheme(
        w.teacher,
        w.college,
        {"name": "课程", "rubric": evaluated.rubric, "program": w.program},
        {"teacher": 40, "mentor": 60},
    )
    actions.set_policy(w.college_admin, w.college, 50)
    found = queries.policy_compliance(Organization.objects.filter(pk=w.college.pk))
    rows = {(r.college.pk, r.program.pk if r.program else None): (r.schemes, r.meeting) for r in found}
    assert rows == {(w.college.pk, None): (2, 1), (w.college.pk, w.program.pk): (1, 1)}


def test_quality_page_is_for_staff_and_government(evaluated: Evaluated) -> None:
    w = evaluated.world
    for allowed in (w.college_admin, w.teacher, w.gov_officer):
        assert w.client_for(allowed).get("/evaluation/quality/").status_code == 200, allowed
    for refused in (w.student, w.mentor, w.enterprise_admin):
        assert w.client_for(refused).get("/evaluation/quality/").status_code == 403, refused
    assert w.client_for(None).get("/evaluation/quality/").status_code == 302
    # another college's staff see their own college only
    page = w.client_for(w.other_college_admin).get("/evaluation/quality/").content.decode()
    assert w.college.name not in page
