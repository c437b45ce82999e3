"""Quarterly indicator trends: quarters, the daily snapshot, combining colleges by hand-computed values,
the page and its export agreeing, scope, and a constant number of queries."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from iehub.partnership import kpis, trends
from iehub.partnership.models import KpiSnapshot
from tests.conftest import World

PAGE = "/quality/indicators/"


@pytest.mark.parametrize(
    ("day", "end"),
    [
        (dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        (dt.date(2026, 3, 31), dt.date(2026, 3, 31)),
        (dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
        (dt.date(2026, 8, 15), dt.date(2026, 9, 30)),
        (dt.date(2026, 12, 31), dt.date(2026, 12, 31)),
    ],
)
def test_quarter_end_of(day: dt.date, end: dt.date) -> None:
    assert trends.quarter_end_of(day) == end


def test_quarter_ends_cross_the_year() -> None:
    assert trends.quarter_ends(dt.date(2026, 2, 10), 4) == [
        dt.date(2025, 6, 30),
        dt.date(2025, 9, 30),
        dt.date(2025, 12, 31),
        dt.date(2026, 3, 31),
    ]


def _snapshot(college: int, key: str, end: dt.date, value: float | None, num: int, den: int) -> KpiSnapshot:
    return KpiSnapshot(
        college_id=college, key=key, quarter_end=end, value=value, numerator=num, denominator=den
    )


def test_combining_colleges_follows_each_unit() -> None:
    end = dt.date(2026, 3, 31)
    share = kpis.BY_KEY["enterprise_feedback"]
    rows = [_snapshot(1, share.key, end, 75.0, 3, 4), _snapshot(2, share.key, end, 100 / 6, 1, 6)]
    measured = trends.combine(share, rows)
    assert measured is not None and (measured.value, measured.numerator, measured.denominator) == (
        40.0,
        4,
        10,
    )
    count = kpis.BY_KEY["internships"]
    measured = trends.combine(
        count, [_snapshot(1, count.key, end, 5.0, 5, 5), _snapshot(2, count.key, end, 7.0, 7, 7)]
    )
    assert measured is not None and measured.value == 12.0
    days = kpis.BY_KEY["change_cycle"]
    measured = trends.combine(
        days,
        [
            _snapshot(1, days.key, end, 10.0, 2, 2),
            _snapshot(2, days.key, end, 40.0, 1, 1),
            _snapshot(3, days.key, end, None, 0, 0),
        ],
    )
    assert measured is not None and measured.value == 20.0 and measured.denominator == 3
    assert trends.combine(share, []) is None


@pytest.mark.django_db
def test_the_page_sums_in_sql_what_combining_the_rows_gives(world: World) -> None:
    """The page sums the snapshots in the database; combining the rows in Python is the reference."""
    ends = trends.quarter_ends(dt.date(2026, 11, 1))
    colleges = [world.college.pk, world.other_college.pk]
    rows = [
        _snapshot(world.college.pk, "change_cycle", ends[0], 10.0, 2, 2),
        _snapshot(world.other_college.pk, "change_cycle", ends[0], 41.5, 3, 3),
        _snapshot(world.college.pk, "change_cycle", ends[1], None, 0, 0),
        _snapshot(world.college.pk, "enterprise_feedback", ends[0], 75.0, 3, 4),
        _snapshot(world.other_college.pk, "enterprise_feedback", ends[0], None, 0, 0),
        _snapshot(world.college.pk, "internships", ends[2], 5.0, 5, 5),
        _snapshot(world.other_college.pk, "internships", ends[2], 7.0, 7, 7),
    ]
    KpiSnapshot.objects.bulk_create(rows)
    _labels, found = trends.trends(colleges, {}, dt.date(2026, 11, 1))
    by_key = {t.kpi.key: t.points for t in found}
    for kpi in kpis.KPIS:
        for index, end in enumerate(ends[:-1]):
            of_quarter = [r for r in rows if r.key == kpi.key and r.quarter_end == end]
            assert by_key[kpi.key][index] == trends.combine(kpi, of_quarter), (kpi.key, end)
    assert by_key["change_cycle"][0] == kpis.Measure((10.0 * 2 + 41.5 * 3) / 5, 5, 5)
    assert by_key["change_cycle"][1] == kpis.Measure(None, 0, 0)
    assert by_key["enterprise_feedback"][0] == kpis.Measure(75.0, 3, 4)
    assert by_key["internships"][2] == kpis.Measure(12.0, 12, 12)
    assert by_key["internships"][3] is None


def test_the_daily_snapshot_writes_the_quarter_once_and_keeps_the_latest(world: World) -> None:
    out = io.StringIO()
    call_command("partnership", "snapshot", stdout=out)
    colleges = 2
    assert out.getvalue().strip() == f"indicator values recorded: {colleges * len(kpis.KPIS)}"
    end = trends.quarter_end_of(timezone.localdate())
    row = KpiSnapshot.objects.get(college=world.college, key="dual_qualified", quarter_end=end)
    assert (row.value, row.numerator, row.denominator) == (100.0, 1, 1)  # the world's one teacher
    world.teacher.memberships.update(dual_qualified=False)
    trends.record()
    assert KpiSnapshot.objects.filter(quarter_end=end).count() == colleges * len(kpis.KPIS)
    row.refresh_from_db()
    assert (row.value, row.numerator) == (0.0, 0)


def _last_quarter() -> tuple[dt.date, str]:
    ends = trends.quarter_ends(timezone.localdate(), trends.QUARTERS)
    return ends[-2], f"{ends[-2].year} Q{(ends[-2].month - 1) // 3 + 1}"


def test_the_page_and_the_export_show_each_quarter_in_scope(world: World) -> None:
    end, label = _last_quarter()
    KpiSnapshot.objects.bulk_create(
        [
            _snapshot(world.college.pk, "dual_qualified", end, 50.0, 1, 2),
            _snapshot(world.other_college.pk, "dual_qualified", end, 100.0, 2, 2),
        ]
    )
    admin = world.client_for(world.college_admin)
    page = admin.get(PAGE).content.decode()
    row = page.split('data-key="dual_qualified"')[2].split("</tr>")[0]  # the trends table's row
    assert "50.0%" in row and "100.0%" in row  # last quarter; today (the one teacher is dual-qualified)
    sheet = openpyxl.load_workbook(
        io.BytesIO(admin.get(PAGE, {"format": "xlsx", "view": "trends"}).content)
    ).active
    header = [c.value for c in sheet[1]]
    values = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    name = str(kpis.BY_KEY["dual_qualified"].name)
    assert values[name][header.index(label)] == 50.0 and values[name][-1] == 100.0
    officer = world.client_for(world.gov_officer)  # both colleges of the province: (1 + 2) / (2 + 2)
    sheet = openpyxl.load_workbook(
        io.BytesIO(officer.get(PAGE, {"format": "xlsx", "view": "trends"}).content)
    ).active
    values = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert values[name][header.index(label)] == 75.0
    assert world.client_for(world.student).get(PAGE, {"format": "xlsx", "view": "trends"}).status_code == 403
    assert world.client_for(None).get(PAGE, {"format": "xlsx", "view": "trends"}).status_code == 302


def test_the_trends_read_a_constant_number_of_queries(world: World) -> None:
    admin = world.client_for(world.college_admin)
    admin.get(PAGE)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert admin.get(PAGE).status_code == 200
        return len(queries)

    before = count()
    for end in trends.quarter_ends(timezone.localdate(), trends.QUARTERS)[:-1]:
        KpiSnapshot.objects.bulk_create(
            [_snapshot(world.college.pk, kpi.key, end, 1.0, 1, 1) for kpi in kpis.KPIS]
        )
    assert count() == before
