"""The planner's statistics are refreshed after bulk loads (on SQLite and on PostgreSQL alike)."""

from __future__ import annotations

import pytest
from django.db import connection

from iehub.accounts.models import User
from iehub.core.database import refresh_statistics


def _estimated_rows(table: str) -> float:
    """What the planner believes the table holds, from the statistics ANALYZE writes."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            return float(cursor.fetchone()[0])
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return -1.0
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
        row = cursor.fetchone()
        return float(row[0].split()[0]) if row else -1.0


@pytest.mark.django_db
@pytest.mark.parametrize("named", [True, False])
def test_statistics_count_the_rows_just_loaded(named: bool) -> None:
    table = User._meta.db_table
    # PostgreSQL writes its estimates outside the test's transaction: choose a row count they do not
    # hold already, so the assertion below can only pass through this refresh
    rows = 121 if _estimated_rows(table) == 120 else 120
    User.objects.bulk_create(User(username=f"bulk{n}", email=f"bulk{n}@example.cn") for n in range(rows))
    refresh_statistics(User) if named else refresh_statistics()
    assert _estimated_rows(table) == User.objects.count() == rows


@pytest.mark.django_db
def test_postgresql_connections_price_random_reads_for_memory_and_ssd() -> None:
    """Every PostgreSQL connection plans with random_page_cost 1.1 (decision 104): at the default 4 a
    college's people list scans every user instead of probing the key for the few hundred in scope."""
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL planner setting; the suite runs on PostgreSQL in CI as well")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert float(cursor.fetchone()[0]) == 1.1
