"""The matching API: scoped like the pages, writes through the same actions, lists in a fixed number
of queries."""

from __future__ import annotations

from iehub.matching import actions, queries
from iehub.matching.models import Application
from tests.helpers import api, count_queries
from tests.matching.conftest import Market, internship_data


def test_anonymous_callers_and_outsiders_are_refused(market: Market) -> None:
    w = market.world
    application = actions.apply(w.student, market.opportunity, "", consent=True)
    allocation = actions.create_round(w.college_admin, w.college, {"name": "轮"})
    anonymous = w.client_for(None)
    for path in [
        "/api/v1/matching/opportunities",
        f"/api/v1/matching/opportunities/{market.opportunity.pk}",
        f"/api/v1/matching/opportunities/{market.opportunity.pk}/my-score",
        "/api/v1/matching/recommendations",
        "/api/v1/matching/applications",
        f"/api/v1/matching/rounds/{allocation.pk}",
    ]:
        assert api(anonymous, "get", path).status_code == 401, path
    assert (
        api(anonymous, "post", f"/api/v1/matching/applications/{application.pk}/steps", {}).status_code == 401
    )
    outsider = w.client_for(w.outsider_admin)
    assert api(outsider, "get", "/api/v1/matching/applications").json()["count"] == 0
    assert api(outsider, "get", f"/api/v1/matching/rounds/{allocation.pk}").status_code == 404
    response = api(
        outsider, "post", f"/api/v1/matching/applications/{application.pk}/steps", {"status": "offer"}
    )
    assert response.status_code == 404
    other = w.client_for(w.other_student)
    assert api(other, "get", "/api/v1/matching/applications").json()["count"] == 0
    assert api(other, "get", "/api/v1/matching/recommendations").json() == []


def test_a_student_applies_and_reads_their_explanation(market: Market) -> None:
    w = market.world
    client = w.client_for(w.student)
    score = api(client, "get", f"/api/v1/matching/opportunities/{market.opportunity.pk}/my-score").json()
    assert [line["fit"] for line in score["skills"]] == ["matched", "partial", "missing"]
    assert abs(sum(line["points"] for line in score["skills"]) - score["skill_points"]) < 1e-9
    refused = api(client, "post", f"/api/v1/matching/opportunities/{market.opportunity.pk}/applications", {})
    assert refused.status_code == 422 and "consent" in refused.json()["error"]["fields"]
    created = api(
        client,
        "post",
        f"/api/v1/matching/opportunities/{market.opportunity.pk}/applications",
        {"note": "您好", "consent": True},
    )
    assert created.status_code == 201
    employer = w.client_for(w.enterprise_admin)
    path = f"/api/v1/matching/applications/{created.json()['id']}/steps"
    assert api(employer, "post", path, {"status": "accepted"}).status_code == 422
    assert api(employer, "post", path, {"status": "shortlisted", "message": "请来面试"}).json()["status"] == (
        "shortlisted"
    )
    assert (
        api(w.client_for(w.enterprise_admin), "get", "/api/v1/matching/opportunities/0/my-score").status_code
        == 404
    )
    assert (
        api(employer, "get", f"/api/v1/matching/opportunities/{market.opportunity.pk}/my-score").status_code
        == 403
    )
    assert Application.objects.get().events.count() == 2


def test_recommendations_are_the_callers_own(market: Market) -> None:
    w = market.world
    queries.recompute_scores([w.student.pk, w.other_student.pk])
    mine = api(w.client_for(w.student), "get", "/api/v1/matching/recommendations").json()
    assert [r["opportunity_id"] for r in mine] == [market.opportunity.pk]


def test_opportunity_list_queries_do_not_grow(market: Market) -> None:
    w = market.world
    client = w.client_for(w.student)
    few = count_queries(client, "/api/v1/matching/opportunities")
    for n in range(5):
        extra = actions.save_opportunity(
            w.enterprise_admin,
            w.enterprise,
            internship_data(title=f"岗位{n}"),
            [actions.RequiredSkill(market.grading, 2, 2), actions.RequiredSkill(market.editing, 2, 1)],
        )
        actions.publish_opportunity(w.enterprise_admin, extra)
    assert api(client, "get", "/api/v1/matching/opportunities").json()["count"] == 6
    assert count_queries(client, "/api/v1/matching/opportunities") == few
