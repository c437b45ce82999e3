"""Students' competency levels kept between requests under the evaluations' data version: every table
they are computed from moves it, and a new evaluation is seen by the next read."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from iehub.core import data_versions
from iehub.evaluation import portfolio
from iehub.matching import queries
from iehub.matching.models import Opportunity
from tests.helpers import outside_every_scope, tables_read
from tests.matching.conftest import Market, evaluate

# Read to build the portfolio's evidence (names, the project or placement), not its levels.
SHOWN_ONLY = {
    "accounts_organization",
    "accounts_user",
    "practice_placement",
    "practice_project",
    "taxonomy_skill",
}
TABLE = re.compile(r'(?:FROM|JOIN)\s+"([a-z_]+)"', re.IGNORECASE)


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    cache.clear()


@pytest.mark.django_db
def test_every_table_the_levels_come_from_moves_their_version(market: Market) -> None:
    with CaptureQueriesContext(connection) as captured:
        levels = portfolio.competency_levels([market.world.student.pk])
    assert levels[market.world.student.pk][market.grading.pk] == 3.0
    read = {table for query in captured.captured_queries for table in TABLE.findall(query["sql"])}
    assert read - SHOWN_ONLY <= set(portfolio.LEVEL_TABLES), sorted(
        read - SHOWN_ONLY - set(portfolio.LEVEL_TABLES)
    )
    assert set(portfolio.LEVEL_TABLES) <= data_versions.tables_with_triggers(connection)


@pytest.mark.django_db(transaction=True)
def test_levels_are_read_from_the_cache_until_an_evaluation_is_recorded(market: Market) -> None:
    student = market.world.student.pk
    first = portfolio.competency_levels([student])
    with CaptureQueriesContext(connection) as captured:
        again = portfolio.competency_levels([student, student])
    assert again == first
    assert len(captured.captured_queries) == 1  # the data version
    evaluate(market.world, {market.lighting: 4})
    assert portfolio.competency_levels([student])[student][market.lighting.pk] == 3.0


@pytest.mark.django_db
def test_every_table_the_supply_and_demand_reads_is_versioned(market: Market) -> None:
    w = market.world
    for user in (w.gov_officer, w.college_admin, w.platform_admin):
        assert queries.measured_supply_and_demand(user)
        read = tables_read(lambda user=user: queries.measured_supply_and_demand(user))
        assert {"matching_opportunityskill", "evaluation_evaluation"} <= read
        missing = outside_every_scope(read) - SHOWN_ONLY
        assert missing == set(), sorted(missing)


@pytest.mark.django_db(transaction=True)
def test_supply_and_demand_is_kept_until_an_evaluation_or_an_opportunity_is_written(market: Market) -> None:
    w = market.world

    def supply_of_lighting() -> tuple[int, int]:
        gap = {g.skill: g for g in queries.supply_and_demand(w.gov_officer)}[market.lighting]
        return gap.openings, gap.supply

    openings, supply = supply_of_lighting()
    assert supply == 0
    with CaptureQueriesContext(connection) as captured:
        assert supply_of_lighting() == (openings, 0)
    assert len(captured) == 1  # the data versions
    evaluate(w, {market.lighting: 4})
    assert supply_of_lighting() == (openings, 1)
    Opportunity.objects.filter(pk=market.opportunity.pk).update(places=F("places") + 5)
    assert supply_of_lighting() == (openings + 5, 1)
    # Each reader has their own figures: another enterprise sees no college's students.
    assert {g.supply for g in queries.supply_and_demand(w.outsider_admin)} == {0}
