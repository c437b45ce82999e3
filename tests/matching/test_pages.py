"""Matching pages: each refuses an anonymous caller and another organisation's user, and shows what its
reader may see — the student's own explanation, the employer's consenting candidates only."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iehub.accounts.roles import OrgKind
from iehub.curriculum.models import Program
from iehub.matching import actions, queries
from iehub.matching.models import AllocationRound, Application, Opportunity
from tests.conftest import make_org
from tests.matching.conftest import Market


@pytest.fixture
def applied(market: Market) -> Application:
    return actions.apply(market.world.student, market.opportunity, "", consent=True)


def test_every_page_sends_anonymous_callers_to_log_in(market: Market, applied: Application) -> None:
    client = market.world.client_for(None)
    allocation = actions.create_round(market.world.college_admin, market.world.college, {"name": "轮"})
    for url in [
        reverse("matching"),
        reverse("opportunities"),
        reverse("opportunity_new"),
        reverse("opportunity_detail", args=[market.opportunity.pk]),
        reverse("application_detail", args=[applied.pk]),
        reverse("matching_profile"),
        reverse("rounds"),
        reverse("round_detail", args=[allocation.pk]),
        reverse("supply_demand"),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    for url in [
        reverse("opportunity_status", args=[market.opportunity.pk]),
        reverse("application_new", args=[market.opportunity.pk]),
        reverse("round_action", args=[allocation.pk]),
    ]:
        assert client.post(url).status_code == 302


def test_another_organisations_people_are_refused(market: Market, applied: Application) -> None:
    w = market.world
    outsider = w.client_for(w.outsider_admin)
    assert outsider.get(reverse("application_detail", args=[applied.pk])).status_code == 404
    assert outsider.get(reverse("opportunity_edit", args=[market.opportunity.pk])).status_code == 404
    response = outsider.post(reverse("opportunity_status", args=[market.opportunity.pk]), {"to": "closed"})
    assert response.status_code == 404
    other_student = w.client_for(w.other_student)
    assert other_student.get(reverse("application_detail", args=[applied.pk])).status_code == 404
    allocation = actions.create_round(w.college_admin, w.college, {"name": "轮"})
    assert other_student.get(reverse("round_detail", args=[allocation.pk])).status_code == 404
    assert (
        w.client_for(w.other_college_admin)
        .post(reverse("round_action", args=[allocation.pk]), {"step": "open"})
        .status_code
        == 404
    )
    assert w.client_for(w.enterprise_admin).get(reverse("supply_demand")).status_code == 403
    assert w.client_for(w.enterprise_admin).get(reverse("matching_profile")).status_code == 403
    assert AllocationRound.objects.get(pk=allocation.pk).status == "draft"


def test_the_student_sees_their_explanation_and_applies(market: Market) -> None:
    w = market.world
    client = w.client_for(w.student)
    page = client.get(reverse("opportunity_detail", args=[market.opportunity.pk])).content.decode()
    assert page.count('data-testid="explanation-line"') == 3
    for fit in ("matched", "partial", "missing"):
        assert f'data-fit="{fit}"' in page
    response = client.post(reverse("application_new", args=[market.opportunity.pk]), {"note": "您好"})
    assert response.status_code == 302 and not Application.objects.exists()  # no consent
    response = client.post(
        reverse("application_new", args=[market.opportunity.pk]), {"note": "您好", "consent": "on"}
    )
    application = Application.objects.get()
    assert response["Location"] == reverse("application_detail", args=[application.pk])


def test_the_employer_sees_consenting_candidates_only(market: Market, applied: Application) -> None:
    w = market.world
    client = w.client_for(w.enterprise_admin)
    page = client.get(reverse("opportunity_detail", args=[market.opportunity.pk])).content.decode()
    assert page.count('data-testid="candidate"') == 1 and w.student.display_name in page
    actions.save_profile(w.student, {"share_with_enterprises": False})
    page = client.get(reverse("opportunity_detail", args=[market.opportunity.pk])).content.decode()
    assert 'data-testid="candidate"' not in page and w.student.display_name not in page


def test_pages_render_in_both_languages(market: Market, applied: Application) -> None:
    w = market.world
    allocation = actions.create_round(w.college_admin, w.college, {"name": "轮"})
    for user, url in [
        (w.student, reverse("matching")),
        (w.student, reverse("matching_profile")),
        (w.enterprise_admin, reverse("opportunity_new")),
        (w.enterprise_admin, reverse("opportunities")),
        (w.enterprise_admin, reverse("application_detail", args=[applied.pk])),
        (w.college_admin, reverse("rounds")),
        (w.college_admin, reverse("round_detail", args=[allocation.pk])),
        (w.gov_officer, reverse("supply_demand")),
    ]:
        for language in ("zh-hans", "en"):
            response = w.client_for(user).get(url, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200, (url, language)


def test_dashboards_show_matches_instead_of_promising_them(market: Market, applied: Application) -> None:
    w = market.world
    queries.recompute_scores([w.student.pk])
    student = w.client_for(w.student).get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "matches will appear here" not in student
    assert f"{market.opportunity.display_title} · " in student
    employer = (
        w.client_for(w.enterprise_admin).get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    assert "Graduate matches will appear here" not in employer
    assert "Candidates" in employer


def test_the_form_suggests_skills_and_occupation_from_the_text(market: Market) -> None:
    w = market.world
    client = w.client_for(w.enterprise_admin)
    posted = {
        "organization": w.enterprise.pk,
        "kind": "internship",
        "title": "调色师助理",
        "description": "熟悉调色和剪辑流程，能配合灯光组工作。",
        "places": "2",
        "suggest": "1",
    }
    page = client.post(reverse("opportunity_new"), posted).content.decode()
    for skill in (market.grading, market.editing, market.lighting):
        assert f'<option value="{skill.pk}" selected' in page
    assert Opportunity.objects.count() == 1  # suggesting saves nothing
    posted.pop("suggest")
    posted.update(
        {"skill": [market.grading.pk, market.lighting.pk], "level": ["2", "1"], "importance": ["3", "1"]}
    )
    response = client.post(reverse("opportunity_new"), posted)
    created = Opportunity.objects.latest("pk")
    assert response["Location"] == reverse("opportunity_detail", args=[created.pk])
    assert sorted(created.skills.values_list("skill_id", "level", "importance")) == sorted(
        [(market.grading.pk, 2, 3), (market.lighting.pk, 1, 1)]
    )


def test_a_student_who_reports_an_opportunity_lands_on_the_list(market: Market) -> None:
    w = market.world
    client = w.client_for(w.student)
    response = client.post(reverse("complaint_new", args=[market.opportunity.pk]), {"reason": "要求交押金"})
    assert response["Location"] == reverse("opportunities")
    assert client.get(response["Location"]).status_code == 200
    employer = w.client_for(w.enterprise_admin)
    response = employer.post(reverse("complaint_new", args=[market.opportunity.pk]), {"reason": "测试"})
    assert response["Location"] == reverse("opportunity_detail", args=[market.opportunity.pk])


def test_the_home_page_asks_whether_there_are_organisations_without_loading_them(market: Market) -> None:
    """The platform administrator may post for every active enterprise and run rounds in every college:
    the page asks only whether there is one (it loaded all 5,000 enterprises on the large demo)."""
    client = market.world.client_for(market.world.platform_admin)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("matching")).content.decode()
    unbounded = [
        q["sql"]
        for q in captured.captured_queries
        if 'FROM "accounts_organization"' in q["sql"] and "LIMIT" not in q["sql"]
    ]
    assert unbounded == [], unbounded
    assert 'data-testid="new-opportunity"' in page and reverse("rounds") in page


@pytest.mark.django_db
def test_the_rounds_page_reads_each_colleges_programs_in_one_query(market: Market) -> None:
    """The new-round form lists every college's programs: the platform administrator sees all colleges."""
    client = market.world.client_for(market.world.platform_admin)
    client.get(reverse("rounds"))

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("rounds")).status_code == 200
        return len(captured)

    few = count()
    for n in range(5):
        college = make_org(OrgKind.COLLEGE, f"CX{n}", f"新学院{n}")
        Program.objects.create(college=college, major_code=f"58{n:04d}", name=f"专业{n}")
    assert "专业4" in client.get(reverse("rounds")).content.decode()
    assert count() == few
