"""Enterprise skill needs: stated by an enterprise's staff, seen by partners and government, weighted into
the demand series as their own cut."""

from __future__ import annotations

import pytest
from django.urls import reverse

from iehub.demand import actions, series
from iehub.demand.models import Cut, Granularity, SkillDemand, SkillNeed
from iehub.taxonomy.actions import load_curated_skills
from iehub.taxonomy.models import Skill
from tests.helpers import api

pytestmark = pytest.mark.django_db


@pytest.fixture
def skill() -> Skill:
    load_curated_skills()
    return Skill.objects.get(label_en="colour grading")


def state(world, skill, headcount=3, **extra):
    return actions.submit_need(
        world.enterprise_admin,
        world.enterprise,
        skill,
        "skill_need",
        headcount,
        "6m",
        "两名调色师，熟悉达芬奇",
        **extra,
    )


def test_need_is_validated_field_by_field(world, skill):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        actions.submit_need(world.enterprise_admin, world.enterprise, None, "other", "zero", "soon", " ")
    assert set(caught.value.message_dict) == {"skill", "kind", "headcount", "timeframe", "description"}
    assert not SkillNeed.objects.exists()


def test_only_the_enterprise_staff_state_needs(world, skill):
    from django.core.exceptions import PermissionDenied

    for outsider in (world.outsider_admin, world.college_admin, world.gov_officer):
        with pytest.raises(PermissionDenied):
            actions.submit_need(outsider, world.enterprise, skill, "skill_need", 1, "now", "x")


def test_needs_enter_the_series_with_headcount_weight_until_withdrawn(world, skill, settings):
    settings.IEHUB_NEED_WEIGHT = 2.0
    need = state(world, skill, headcount=3)
    state(world, skill, headcount=1)
    series.refresh()
    rows = SkillDemand.objects.filter(skill=skill, cut=Cut.ENTERPRISE_NEEDS, granularity=Granularity.QUARTER)
    assert [r.count for r in rows] == [8]  # (3 + 1) heads × 2
    # posting counts (what the surge detector reads) are untouched
    assert not SkillDemand.objects.filter(skill=skill, cut=Cut.ALL).exists()
    actions.withdraw_need(world.enterprise_admin, need)
    series.refresh()
    assert [r.count for r in rows.all()] == [2]


def test_page_lists_and_submits_with_field_errors(world, skill):
    client = world.client_for(world.enterprise_admin)
    url = reverse("skill_needs")
    bad = client.post(
        url,
        {"skill": skill.pk, "kind": "skill_need", "headcount": "0", "timeframe": "now", "description": "x"},
        follow=True,
    )
    assert "人数" in bad.content.decode() and not SkillNeed.objects.exists()
    good = client.post(
        url,
        {
            "skill": skill.pk,
            "kind": "technology_update",
            "headcount": "2",
            "timeframe": "12m",
            "description": "虚拟制片 LED 墙",
        },
        follow=True,
    )
    assert good.status_code == 200 and "虚拟制片 LED 墙" in good.content.decode()
    need = SkillNeed.objects.get()
    assert (need.enterprise, need.headcount, need.kind) == (world.enterprise, 2, "technology_update")
    skill_page = client.get(reverse("skill_detail", args=[skill.pk])).content.decode()
    assert 'data-testid="skill-needs"' in skill_page


def test_who_sees_a_need(world, skill):
    need = state(world, skill)
    url = reverse("skill_needs")
    for user in (world.enterprise_admin, world.mentor, world.college_admin, world.gov_officer):
        assert need.description in world.client_for(user).get(url).content.decode(), user
    for user in (world.outsider_admin, world.other_college_admin):
        assert need.description not in world.client_for(user).get(url).content.decode(), user
    assert world.client_for(None).get(url).status_code == 302
    # another enterprise cannot withdraw it, through the page or the API
    assert (
        world.client_for(world.outsider_admin)
        .post(reverse("skill_need_withdraw", args=[need.pk]))
        .status_code
        == 404
    )
    assert (
        api(
            world.client_for(world.college_admin), "post", f"/api/v1/demand/needs/{need.pk}/withdraw"
        ).status_code
        == 403
    )
    need.refresh_from_db()
    assert need.withdrawn_at is None


def test_api(world, skill):
    client = world.client_for(world.enterprise_admin)
    created = api(
        client,
        "post",
        "/api/v1/demand/needs",
        {"skill_uri": skill.uri, "headcount": 4, "timeframe": "now", "description": "急需调色"},
    )
    assert created.status_code == 201, created.content
    assert created.json()["headcount"] == 4 and created.json()["enterprise_id"] == world.enterprise.pk
    bad = api(
        client, "post", "/api/v1/demand/needs", {"skill_uri": "urn:none", "headcount": 0, "description": ""}
    )
    assert bad.status_code == 422 and {"skill", "headcount", "description"} <= set(str(bad.json()).split("'"))
    listed = api(world.client_for(world.gov_officer), "get", f"/api/v1/demand/needs?skill_uri={skill.uri}")
    assert listed.json()["count"] == 1
    assert api(world.client_for(world.outsider_admin), "get", "/api/v1/demand/needs").json()["count"] == 0
    assert api(world.client_for(None), "get", "/api/v1/demand/needs").status_code == 401
    assert (
        api(
            world.client_for(world.gov_officer),
            "post",
            "/api/v1/demand/needs",
            {"skill_uri": skill.uri, "description": "x"},
        ).status_code
        == 403
    )
    done = api(client, "post", f"/api/v1/demand/needs/{created.json()['id']}/withdraw")
    assert done.status_code == 200 and done.json()["withdrawn"] is True
