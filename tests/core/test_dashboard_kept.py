"""The dashboard's province and platform figures kept between requests: every table they count moves
one of the scopes they are kept under, and a new organisation or a new person shows on the next view."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iehub.accounts.models import Membership, Role
from iehub.accounts.roles import OrgKind
from iehub.core import data_versions
from iehub.matching.models import Opportunity
from iehub.web import dashboard
from tests.conftest import World, make_org, make_user
from tests.helpers import tables_read


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    cache.clear()


def _figures(client) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The panels' figures by label, as the dashboard shows them."""
    page = client.get("/").content.decode()
    found = re.findall(r'<div class="value">([^<]*)</div><div class="label">([^<]*)</div>', page)
    assert found, "no figures on the dashboard: the test would prove nothing"
    return {label: value for value, label in found}


@pytest.mark.django_db
def test_the_figures_read_only_tables_of_their_scopes(world: World) -> None:
    seat = Membership.objects.get(user=world.gov_officer, role=Role.GOVERNMENT_OFFICER)
    province = tables_read(lambda: dashboard._province_figures(seat, world.gov_officer))
    assert {"accounts_organization", "matching_opportunity"} <= province
    assert province <= data_versions.tables_of(dashboard.PROVINCE_SCOPES), sorted(
        province - data_versions.tables_of(dashboard.PROVINCE_SCOPES)
    )
    platform = tables_read(lambda: dashboard._platform_figures(world.platform_admin))
    assert platform <= data_versions.tables_of((dashboard.ACCESS, dashboard.PEOPLE)), sorted(platform)
    assert data_versions.tables_of((dashboard.PEOPLE, *dashboard.PROVINCE_SCOPES)) <= (
        data_versions.tables_with_triggers(connection)
    )


@pytest.mark.django_db(transaction=True)
def test_the_province_figures_follow_a_new_enterprise_and_a_new_opportunity(world: World) -> None:
    client = world.client_for(world.gov_officer)
    with CaptureQueriesContext(connection) as first:
        before = _figures(client)
    with CaptureQueriesContext(connection) as again:
        assert _figures(client) == before
    assert len(again) <= len(first) - 4  # the counts, the distribution, the partnerships, the places

    make_org(OrgKind.ENTERPRISE, "E77", "广州新企业有限公司", "440100")
    after = _figures(client)
    assert int(after["企业"]) == int(before["企业"]) + 1

    Opportunity.objects.create(
        organization=world.enterprise,
        kind="internship",
        title="实习生",
        description="……",
        places=7,
        created_by=world.enterprise_admin,
        status=Opportunity.Status.PUBLISHED,
    )
    assert int(_figures(client)["面向学生的开放名额"]) == int(after["面向学生的开放名额"]) + 7


@pytest.mark.django_db(transaction=True)
def test_the_platform_panel_counts_a_new_person(world: World) -> None:
    client = world.client_for(world.platform_admin)
    before = _figures(client)
    make_user("newcomer")
    assert int(_figures(client)["人员"]) == int(before["人员"]) + 1
