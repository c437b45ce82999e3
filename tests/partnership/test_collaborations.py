"""The "four collaborations" of a consortium: the default indicator set over the member colleges, the
officers' own set and targets, refusals, and drill-down links scoped to the members."""

from __future__ import annotations

from django.urls import reverse

from iehub.accounts.roles import Role
from iehub.partnership import collaborations
from iehub.partnership.models import Collaboration, CollaborationIndicator
from tests.conftest import World, make_user


def _members_teachers(world: World) -> None:
    """The consortium's member college (C2) has two teachers, one dual-qualified; C1 is not a member."""
    make_user("c2t1", world.other_college, Role.TEACHER, dual_qualified=True)
    make_user("c2t2", world.other_college, Role.TEACHER, dual_qualified=False)


def test_the_default_set_reads_the_member_colleges(world: World) -> None:
    _members_teachers(world)
    dims = {d.key: d for d in collaborations.collaborations(world.consortium)}
    assert list(dims) == list(Collaboration.values)
    for key, expected in collaborations.DEFAULTS.items():
        assert [r.kpi.key for r in dims[key].readings] == list(expected)
    dual = next(r for r in dims["talent"].readings if r.kpi.key == "dual_qualified")
    assert (dual.measure.numerator, dual.measure.denominator, dual.target, dual.met) == (1, 2, 80.0, False)


def test_officers_choose_indicators_and_targets(world: World) -> None:
    _members_teachers(world)
    page = reverse("consortium_collaborations", args=[world.consortium.pk])
    client = world.client_for(world.consortium_officer)
    shown = client.get(page).content.decode()
    assert shown.count('data-testid="collaboration"') == 4 and 'data-testid="collaboration-form"' in shown
    client.post(page, {"dimension_dual_qualified": "talent", "target_dual_qualified": "50"})
    assert list(CollaborationIndicator.objects.values_list("dimension", "kpi_key", "target")) == [
        ("talent", "dual_qualified", 50.0)
    ]
    talent = next(d for d in collaborations.collaborations(world.consortium) if d.key == "talent")
    assert [(r.kpi.key, r.met) for r in talent.readings] == [("dual_qualified", True)]
    assert (talent.met, talent.judged) == (1, 1)
    for bad in (
        {"target_dual_qualified": "abc"},
        {"target_dual_qualified": "150"},
        {"target_dual_qualified": "nan"},
    ):
        response = client.post(page, {"dimension_dual_qualified": "talent", **bad}, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 302
        assert CollaborationIndicator.objects.get().target == 50.0, bad
    client.post(page, {"dimension_dual_qualified": "party"})
    assert CollaborationIndicator.objects.get().dimension == "talent"
    client.post(page, {})
    assert CollaborationIndicator.objects.count() == 1  # at least one indicator stays


def test_who_reads_and_who_sets_the_indicators(world: World) -> None:
    page = reverse("consortium_collaborations", args=[world.consortium.pk])
    member_staff = world.client_for(world.other_college_admin)
    shown = member_staff.get(page)
    assert shown.status_code == 200 and 'data-testid="collaboration-form"' not in shown.content.decode()
    assert member_staff.post(page, {"dimension_dual_qualified": "talent"}).status_code == 403
    assert world.client_for(world.outsider_admin).get(page).status_code in (403, 404)
    assert world.client_for(world.college_admin).get(page).status_code in (403, 404)
    assert world.client_for(world.student).get(page).status_code in (403, 404)
    assert world.client_for(None).get(page).status_code == 302
    assert not CollaborationIndicator.objects.exists()


def test_drill_down_links_keep_to_the_member_colleges(world: World) -> None:
    _members_teachers(world)
    client = world.client_for(world.platform_admin)  # sees every college
    url = reverse("indicator_records", args=["dual_qualified"]) + f"?consortium={world.consortium.pk}"
    page = client.get(url).content.decode()
    assert page.count('data-testid="record"') == 2 and "用户teacher" not in page
