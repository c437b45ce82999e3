"""Matching use cases: who sees an opportunity, consent, applications, scores and their explanations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from iehub.engines.match_scoring import Fit
from iehub.matching import actions, queries
from iehub.matching.models import Application, Complaint, MatchScore, Opportunity
from tests.conftest import make_user
from tests.matching.conftest import Market, internship_data


def visible_to(user: object, opportunity: Opportunity) -> bool:
    return Opportunity.objects.restrict(user).filter(pk=opportunity.pk).exists()


def test_students_see_only_published_opportunities_of_vetted_organisations(market: Market) -> None:
    w = market.world
    assert visible_to(w.student, market.opportunity)
    draft = actions.save_opportunity(w.outsider_admin, w.outsider_enterprise, internship_data(), [])
    assert visible_to(w.outsider_admin, draft) and not visible_to(w.student, draft)
    draft.skills.create(skill=market.grading, level=2, importance=2)
    actions.publish_opportunity(w.outsider_admin, draft)
    assert not visible_to(w.student, draft), "published, but the organisation is not vetted"
    actions.vet_organization(w.platform_admin, w.outsider_enterprise)
    assert visible_to(w.student, draft)


def test_an_open_complaint_hides_the_opportunity_until_resolved(market: Market) -> None:
    w = market.world
    complaint = actions.raise_complaint(w.student, market.opportunity, "要求缴纳培训费")
    assert not visible_to(w.other_student, market.opportunity)
    assert visible_to(w.enterprise_admin, market.opportunity), "the owner still sees it"
    with pytest.raises(PermissionDenied):
        actions.resolve_complaint(w.outsider_admin, complaint, "ok")
    actions.resolve_complaint(w.platform_admin, complaint, "企业已说明，无收费")
    assert visible_to(w.other_student, market.opportunity)


def test_only_the_organisations_administrators_post_and_kinds_follow_the_organisation(market: Market) -> None:
    w = market.world
    with pytest.raises(PermissionDenied):
        actions.save_opportunity(w.outsider_admin, w.enterprise, internship_data(), [])
    with pytest.raises(PermissionDenied):
        actions.save_opportunity(w.mentor, w.enterprise, internship_data(), [])
    with pytest.raises(ValidationError) as refused:
        actions.save_opportunity(w.gov_officer, w.government, internship_data(), [])
    assert "kind" in refused.value.message_dict
    programme = actions.save_opportunity(w.gov_officer, w.government, internship_data(kind="programme"), [])
    assert programme.kind == "programme"


def test_bad_opportunity_input_names_each_field(market: Market) -> None:
    w = market.world
    with pytest.raises(ValidationError) as refused:
        actions.save_opportunity(
            w.enterprise_admin,
            w.enterprise,
            internship_data(title=" ", region_code="999999", places=0),
            [actions.RequiredSkill(market.grading, 2, 2), actions.RequiredSkill(market.grading, 3, 1)],
        )
    errors = refused.value.message_dict
    assert {"title", "region_code", "places", "skills"} <= set(errors)
    assert errors["skills"] == ["“调色”重复列出。"]


def test_explanation_lists_exactly_the_required_skills_and_adds_up(market: Market) -> None:
    w = market.world
    explained = queries.explain(w.student, market.opportunity)
    fits = {line.skill: line.fit for line in explained.score.skills}
    assert fits == {
        market.grading.pk: Fit.MATCHED,
        market.editing.pk: Fit.PARTIAL,
        market.lighting.pk: Fit.MISSING,
    }
    # importance 3, 2, 1 of 6: grading full, editing 2.33 of 3
    assert explained.score.skill_points == pytest.approx(80 * (3 / 6 + 2 / 6 * (7 / 3) / 3), abs=1e-6)
    assert explained.score.skill_points == pytest.approx(sum(line.points for line in explained.score.skills))


def test_recomputed_scores_store_what_a_page_computes(market: Market) -> None:
    w = market.world
    stored = queries.recompute_scores([w.student.pk])
    assert stored == 1
    score = MatchScore.objects.get(student=w.student)
    explained = queries.explain(w.student, market.opportunity)
    assert score.score == pytest.approx(explained.score.total, abs=1e-3)
    assert [line["skill"] for line in score.explanation["skills"]] == [
        s.skill for s in explained.score.skills
    ]


def test_a_student_never_sees_another_students_scores(market: Market) -> None:
    w = market.world
    classmate = make_user("classmate", w.college, "student", program=w.program, cohort=2024)
    queries.recompute_scores([w.student.pk, classmate.pk])
    assert set(MatchScore.objects.restrict(w.student).values_list("student_id", flat=True)) == {w.student.pk}
    assert set(MatchScore.objects.restrict(classmate).values_list("student_id", flat=True)) == {classmate.pk}
    assert not MatchScore.objects.restrict(w.other_student).exists()


def test_applying_needs_consent_and_the_employer_sees_only_consenting_applicants(market: Market) -> None:
    w = market.world
    with pytest.raises(ValidationError) as refused:
        actions.apply(w.student, market.opportunity, "", consent=False)
    assert "consent" in refused.value.message_dict
    application = actions.apply(w.student, market.opportunity, "请考虑我", consent=True)
    found, hidden = queries.candidates(w.enterprise_admin, market.opportunity)
    assert [c.student for c in found] == [w.student] and hidden == 0
    assert Application.objects.restrict(w.enterprise_admin).filter(pk=application.pk).exists()
    assert MatchScore.objects.restrict(w.enterprise_admin).count() == 0  # nothing stored yet
    queries.recompute_scores([w.student.pk])
    assert MatchScore.objects.restrict(w.enterprise_admin).filter(student=w.student).exists()
    # the student withdraws consent: the employer no longer sees them, only that someone applied
    actions.save_profile(w.student, {"share_with_enterprises": False})
    found, hidden = queries.candidates(w.enterprise_admin, market.opportunity)
    assert found == [] and hidden == 1
    assert not Application.objects.restrict(w.enterprise_admin).filter(pk=application.pk).exists()
    assert not MatchScore.objects.restrict(w.enterprise_admin).exists()
    # another enterprise's administrator never sees them
    assert queries.candidates(w.outsider_admin, market.opportunity) == ([], 0)
    assert not Application.objects.restrict(w.outsider_admin).exists()


def test_each_side_moves_only_its_own_steps(market: Market) -> None:
    w = market.world
    application = actions.apply(w.student, market.opportunity, "", consent=True)
    with pytest.raises(ValidationError):
        actions.move_application(w.student, application, "offer")
    with pytest.raises(PermissionDenied):
        actions.move_application(w.outsider_admin, application, "shortlisted")
    actions.move_application(w.enterprise_admin, application, "shortlisted", "来面试吧")
    actions.move_application(w.enterprise_admin, application, "offer")
    actions.move_application(w.student, application, "accepted", "谢谢")
    with pytest.raises(ValidationError):
        actions.move_application(w.student, application, "withdrawn")
    assert [e.status for e in application.events.all()] == ["applied", "shortlisted", "offer", "accepted"]
    event = application.events.first()
    assert event is not None
    with pytest.raises(ValueError, match="append-only"):
        event.save()


def test_profile_records_consent_time_and_refuses_unknown_codes(market: Market) -> None:
    w = market.world
    profile = actions.save_profile(w.student, {"share_with_enterprises": True, "regions": ["440000"]})
    assert profile.consented_at is not None
    with pytest.raises(ValidationError) as refused:
        actions.save_profile(
            w.student, {"regions": ["000001"], "industries": ["?"], "enterprise_types": ["x" * 999]}
        )
    assert {"regions", "industries", "enterprise_types"} <= set(refused.value.message_dict)
    profile = actions.save_profile(w.student, {"share_with_enterprises": False})
    assert profile.consented_at is None


def test_recommendations_respect_the_students_availability(market: Market) -> None:
    w = market.world
    queries.recompute_scores([w.student.pk])
    assert [m.opportunity for m in queries.recommendations(w.student)] == [market.opportunity]
    starts = market.opportunity.starts_on
    assert starts is not None
    actions.save_profile(w.student, {"available_until": starts - dt.timedelta(days=1)})
    assert list(queries.recommendations(w.student)) == []


def test_supply_and_demand_counts_open_places_against_students_who_master_the_skill(market: Market) -> None:
    w = market.world
    gaps = {g.skill: g for g in queries.supply_and_demand(w.gov_officer)}
    assert gaps[market.grading].openings == 3 and gaps[market.grading].supply == 1  # the student: 3.0
    assert gaps[market.editing].supply == 0  # 2.33 is below mastery
    assert gaps[market.lighting].shortfall == 3
    other_program = queries.supply_and_demand(
        w.gov_officer, program_id=w.other_student.memberships.get().program_id
    )
    assert {g.skill: g.supply for g in other_program}[market.grading] == 0
    # another enterprise sees the public openings but no college's students
    assert {g.supply for g in queries.supply_and_demand(w.outsider_admin)} == {0}


def test_recomputation_in_chunks_stores_the_same_scores(
    market: Market, monkeypatch: pytest.MonkeyPatch
) -> None:
    w = market.world
    classmate = make_user("classmate", w.college, "student", program=w.program, cohort=2024)
    queries.recompute_scores()
    whole = sorted(MatchScore.objects.values_list("student_id", "opportunity_id", "score"))
    monkeypatch.setattr(queries, "STUDENT_CHUNK", 1)
    assert queries.recompute_scores() == len(whole)
    assert sorted(MatchScore.objects.values_list("student_id", "opportunity_id", "score")) == whole
    assert {row[0] for row in whole} >= {w.student.pk, classmate.pk}


def test_a_partner_colleges_administrator_vets_and_resolves_complaints(market: Market) -> None:
    w = market.world
    complaint = actions.raise_complaint(w.student, market.opportunity, "岗位描述与实际不符")
    assert Complaint.objects.restrict(w.college_admin).filter(pk=complaint.pk).exists()
    assert not Complaint.objects.restrict(w.other_college_admin).exists()
    assert not Complaint.objects.restrict(w.other_student).exists()
    actions.resolve_complaint(w.college_admin, complaint, "已核实，企业已修改描述")
    with pytest.raises(PermissionDenied):
        actions.vet_organization(w.other_college_admin, w.enterprise)


def test_supply_is_counted_over_the_evaluated_students_only(
    market: Market, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The supply figure reads the levels of students with evaluations, not the scope's first rows
    (which on a province were mostly students never evaluated, so supply came out near zero)."""
    w = market.world
    for i in range(3):
        make_user(f"unevaluated{i}", w.college, "student", program=w.program, cohort=2024)
    read: list[list[int]] = []
    levels_of = queries.levels_of
    monkeypatch.setattr(queries, "levels_of", lambda ids: read.append(list(ids)) or levels_of(ids))
    monkeypatch.setattr(queries, "SUPPLY_STUDENTS", 1)
    gaps = {g.skill: g for g in queries.supply_and_demand(w.gov_officer)}
    assert read == [[w.student.pk]]
    assert gaps[market.grading].supply == 1
