"""Students' competency levels kept between requests under the evaluations' data version: every table
they are computed from moves it, and a new evaluation is seen by the next read."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from iehub.core import data_versions
from iehub.evaluation import portfolio
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
