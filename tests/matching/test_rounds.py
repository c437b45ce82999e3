"""Allocation rounds end to end: positions, choices, the enterprise's ranking, a stable allocation with
its proof, overrides with reasons, internship rules before publication, and who sees what."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from iehub.core.models import Notification
from iehub.engines import matching as solver
from iehub.matching import actions, queries
from iehub.matching.models import AllocationRound, RoundAssignment, RoundChoice
from tests.conftest import make_user
from tests.matching.conftest import Market, internship_data


@pytest.fixture
def allocation(market: Market) -> AllocationRound:
    w = market.world
    second = actions.save_opportunity(
        w.enterprise_admin,
        w.enterprise,
        internship_data(title="剪辑实习生", places=1),
        [actions.RequiredSkill(market.editing, 2, 2)],
    )
    actions.publish_opportunity(w.enterprise_admin, second)
    allocation = actions.create_round(
        w.college_admin, w.college, {"name": "第一轮", "program": w.program, "cohort": 2024}
    )
    actions.add_position(w.college_admin, allocation, market.opportunity, 1)
    actions.add_position(w.college_admin, allocation, second, 1)
    return allocation


def test_a_round_from_choices_to_published_results(market: Market, allocation: AllocationRound) -> None:
    w = market.world
    first, second = list(allocation.positions.order_by("pk"))
    rival = make_user("rival", w.college, "student", program=w.program, cohort=2024)
    third = make_user("third", w.college, "student", program=w.program, cohort=2024)
    with pytest.raises(ValidationError):
        actions.set_choices(w.student, allocation, [first.pk])  # not open yet
    actions.set_round_status(w.college_admin, allocation, "open")
    actions.set_choices(w.student, allocation, [first.pk, second.pk])
    actions.set_choices(rival, allocation, [first.pk])
    actions.set_choices(third, allocation, [first.pk, second.pk])
    with pytest.raises(PermissionDenied):
        actions.set_choices(w.other_student, allocation, [first.pk])
    with pytest.raises(ValidationError):
        actions.set_choices(w.student, allocation, [first.pk, first.pk])
    actions.set_round_status(w.college_admin, allocation, "closed")
    # the enterprise ranks the consenting applicants of its first position: rival first
    for student in (rival, third):
        actions.save_profile(student, {"share_with_enterprises": True})
    actions.rank_applicants(w.enterprise_admin, first, [rival.pk, third.pk])
    with pytest.raises(ValidationError):
        actions.rank_applicants(w.enterprise_admin, first, [w.student.pk])  # did not consent
    with pytest.raises(PermissionDenied):
        actions.rank_applicants(w.outsider_admin, first, [rival.pk])
    blocking = actions.solve_round(w.college_admin, allocation, queries.round_scores(allocation))
    assert blocking == 0
    allocation.refresh_from_db()
    assert allocation.stability["blocking_pairs"] == [] and allocation.stability["placed"] == 2
    placed = {a.student_id: a.position_id for a in queries.current_assignments(allocation).values()}
    # rival gets the first position (ranked first); the student and third compete for the second,
    # ordered by score: the student's portfolio matches, third has none
    assert placed == {rival.pk: first.pk, w.student.pk: second.pk, third.pk: None}
    # an override needs a reason and keeps the solver's result on record
    with pytest.raises(ValidationError):
        actions.override(w.college_admin, allocation, third, None, " ")
    with pytest.raises(ValidationError):
        actions.override(w.college_admin, allocation, third, first, "想去")  # full
    actions.override(w.college_admin, allocation, w.student, None, "休学")
    actions.override(w.college_admin, allocation, third, second, "调剂")
    assert RoundAssignment.objects.filter(round=allocation, student=third).count() == 2
    # the overrides cost stability: the second position now holds third, whom it ranks below the student
    assert actions.blocking_after_overrides(allocation, queries.round_scores(allocation)) == 1
    page = w.client_for(w.college_admin).get(reverse("round_detail", args=[allocation.pk])).content.decode()
    assert 'data-testid="after-overrides"' in page
    actions.publish_round(w.college_admin, allocation)
    assert Notification.objects.filter(recipient=third, kind="matching.round").exists()
    # who sees the choices: the students themselves, their college, the enterprise for consenting ones
    assert set(RoundChoice.objects.restrict(w.enterprise_admin).values_list("student_id", flat=True)) == {
        rival.pk,
        third.pk,
    }
    assert not RoundChoice.objects.restrict(w.outsider_admin).exists()
    assert set(RoundChoice.objects.restrict(w.student).values_list("student_id", flat=True)) == {w.student.pk}
    assert not AllocationRound.objects.restrict(w.other_student).exists()


def test_the_round_instance_is_stable_and_student_optimal(
    market: Market, allocation: AllocationRound
) -> None:
    w = market.world
    first, second = list(allocation.positions.order_by("pk"))
    students = [make_user(f"s{i}", w.college, "student", program=w.program, cohort=2024) for i in range(6)]
    actions.set_round_status(w.college_admin, allocation, "open")
    for i, student in enumerate(students):
        actions.set_choices(student, allocation, [first.pk, second.pk] if i % 2 else [second.pk, first.pk])
    actions.set_round_status(w.college_admin, allocation, "closed")
    instance = actions.round_instance(allocation, queries.round_scores(allocation))
    result = solver.deferred_acceptance(instance.student_prefs, instance.position_prefs, instance.capacities)
    assert (
        solver.blocking_pairs(instance.student_prefs, instance.position_prefs, instance.capacities, result)
        == []
    )
    # ties (nobody has a portfolio) are broken by the round's one lottery: reproducible
    again = actions.round_instance(allocation, queries.round_scores(allocation))
    assert again.position_prefs == instance.position_prefs


def test_publication_waits_for_internship_rules(market: Market, allocation: AllocationRound) -> None:
    w = market.world
    first = allocation.positions.order_by("pk").first()
    assert first is not None
    first.opportunity.night_shifts = True
    first.opportunity.save()
    actions.set_round_status(w.college_admin, allocation, "open")
    actions.set_choices(w.student, allocation, [first.pk])
    actions.set_round_status(w.college_admin, allocation, "closed")
    actions.solve_round(w.college_admin, allocation, {})
    problems = actions.rule_problems(allocation)
    assert list(problems) == [w.student.pk]
    with pytest.raises(ValidationError) as refused:
        actions.publish_round(w.college_admin, allocation)
    assert "1" in str(refused.value)
    actions.override(w.college_admin, allocation, w.student, None, "夜班不符合实习规定，改派")
    actions.publish_round(w.college_admin, allocation)


def test_only_the_colleges_runners_run_a_round(market: Market, allocation: AllocationRound) -> None:
    w = market.world
    for outsider in (w.teacher, w.enterprise_admin, w.other_college_admin, w.student):
        with pytest.raises(PermissionDenied):
            actions.set_round_status(outsider, allocation, "open")
    with pytest.raises(PermissionDenied):
        actions.create_round(w.other_college_admin, w.college, {"name": "x"})


def test_results_export_lists_every_student_and_who_ranked_nothing(
    market: Market, allocation: AllocationRound
) -> None:
    w = market.world
    first = allocation.positions.order_by("pk").first()
    assert first is not None
    silent = make_user(
        "silent", w.college, "student", program=w.program, cohort=2024, student_number="2024019999"
    )
    actions.set_round_status(w.college_admin, allocation, "open")
    actions.set_choices(w.student, allocation, [first.pk])
    actions.set_round_status(w.college_admin, allocation, "closed")
    actions.solve_round(w.college_admin, allocation, {})
    assert [s.user for s in queries.silent_students(allocation)] == [silent]
    client = w.client_for(w.college_admin)
    response = client.get(reverse("round_export", args=[allocation.pk, "csv"]))
    text = response.content.decode("utf-8-sig")
    assert "2024010101" in text and "2024019999" in text
    assert (
        w.client_for(w.teacher).get(reverse("round_export", args=[allocation.pk, "csv"])).status_code == 404
    )
    assert (
        w.client_for(w.student).get(reverse("round_export", args=[allocation.pk, "xlsx"])).status_code == 404
    )
    workbook = client.get(reverse("round_export", args=[allocation.pk, "xlsx"]))
    assert workbook["Content-Type"].startswith("application/vnd.openxmlformats")
