"""The digital competency portfolio: its scores, who sees it, and the student's public share links."""

from __future__ import annotations

import re

import pytest

from iehub.evaluation import actions
from iehub.evaluation.portfolio import portfolio_of
from tests.evaluation.conftest import Evaluated

pytestmark = pytest.mark.django_db


def _evaluate(e: Evaluated) -> None:
    w = e.world
    actions.record_evaluation(
        w.teacher, e.scheme, w.student, "teacher", {e.grading.pk: 4, e.teamwork.pk: 2}, "调色细腻"
    )
    actions.record_evaluation(w.mentor, e.scheme, w.student, "mentor", {e.grading.pk: 3, e.teamwork.pk: 2})


def test_scores_are_weighted_means_across_evaluations(evaluated: Evaluated) -> None:
    _evaluate(evaluated)
    found = portfolio_of(evaluated.world.student)
    scores = {c.skill.pk: (round(c.score, 4), c.mastered, len(c.evidence)) for c in found.competencies}
    # grading: teacher 4 → 3.0 (weight 40), mentor 3 → 2.333 (weight 20)
    assert scores[evaluated.grading.skill_id] == (round((3.0 * 40 + (1 + 4 / 3) * 20) / 60, 4), True, 2)
    assert scores[evaluated.teamwork.skill_id] == (round(1 + 2 / 3, 4), False, 2)
    assert found.mastered == 1 and len(found.timeline) == 2
    assert portfolio_of(evaluated.peer).is_empty


def test_who_may_see_a_portfolio(evaluated: Evaluated) -> None:
    _evaluate(evaluated)
    w = evaluated.world
    url = f"/evaluation/portfolio/{w.student.pk}/"
    own = w.client_for(w.student).get("/evaluation/portfolio/")
    assert own.status_code == 200 and 'data-testid="radar"' in own.content.decode()
    assert "调色细腻" in own.content.decode()
    assert w.client_for(w.teacher).get(url).status_code == 200
    for outsider in (w.mentor, w.other_college_admin, w.outsider_admin, evaluated.peer, w.enterprise_admin):
        assert w.client_for(outsider).get(url).status_code == 404, outsider
    assert w.client_for(None).get(url).status_code == 302
    assert w.client_for(None).get("/evaluation/portfolio/").status_code == 302


def test_a_share_shows_only_what_the_student_chose_until_withdrawn(evaluated: Evaluated) -> None:
    _evaluate(evaluated)
    w = evaluated.world
    student = w.client_for(w.student)
    response = student.post(
        "/evaluation/portfolio/shares/",
        {"skills": [evaluated.grading.skill_id], "label": "光影公司"},
        follow=True,
    )
    link = re.search(r'href="(/portfolio/[^"]+/)" data-testid="share-link"', response.content.decode()).group(
        1
    )
    public = w.client_for(None).get(link)
    html = public.content.decode()
    assert public.status_code == 200
    assert evaluated.grading.skill.label_zh in html and evaluated.teamwork.skill.label_zh not in html
    assert "调色细腻" not in html and w.teacher.display_name not in html  # no comments, no names
    share = w.student.portfolio_shares.get()
    assert (
        w.client_for(w.teacher).post(f"/evaluation/portfolio/shares/{share.pk}/withdraw/").status_code == 404
    )
    student.post(f"/evaluation/portfolio/shares/{share.pk}/withdraw/")
    assert w.client_for(None).get(link).status_code == 410
    assert w.client_for(None).get("/portfolio/forged/").status_code == 410


def test_a_share_needs_evaluated_competencies_and_a_label(evaluated: Evaluated) -> None:
    _evaluate(evaluated)
    w = evaluated.world
    other_skill = evaluated.grading.skill_id + 1000
    with pytest.raises(actions.ValidationError) as excinfo:
        actions.share_portfolio(w.student, [other_skill], "")
    assert set(excinfo.value.message_dict) == {"skills", "label"}
    # the peer has no evaluations: nothing to share
    with pytest.raises(actions.ValidationError):
        actions.share_portfolio(evaluated.peer, [evaluated.grading.skill_id], "x")


def test_the_dashboard_shows_the_map_once_evaluated(evaluated: Evaluated) -> None:
    w = evaluated.world
    before = w.client_for(w.student).get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Your digital competency portfolio will appear here" in before
    _evaluate(evaluated)
    after = w.client_for(w.student).get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Your digital competency portfolio will appear here" not in after
    assert 'data-testid="panel-link"' in after and "Your competency map" in after
