"""All-or-nothing imports with a row-level report in the user's language."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation
from openpyxl import Workbook

from iehub.accounts.importing import import_organizations, import_people
from iehub.accounts.models import Membership, Organization, User
from iehub.curriculum.models import ClassGroup

pytestmark = pytest.mark.django_db

HEADER = [
    "username",
    "full_name",
    "name_en",
    "phone",
    "organization_code",
    "role",
    "student_number",
    "program_code",
    "cohort",
    "class_name",
]


def student_rows(n: int) -> list[list[str]]:
    return [
        [
            f"imp{i:04d}",
            "陈思雨",
            "Chen Siyu",
            f"139{i:08d}",
            "C1",
            "student",
            f"2025{i:06d}",
            "560206",
            "2025",
            f"2025级影视摄影{i % 3 + 1}班",
        ]
        for i in range(n)
    ]


def as_csv(header: list[str], rows: list[list[str]], encoding: str = "utf-8") -> io.BytesIO:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return io.BytesIO(buffer.getvalue().encode(encoding))


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Enter a valid phone number, e.g. 13800138000."),
        ("zh-hans", "请输入有效的电话号码，例如 13800138000。"),
    ],
)
def test_thousand_rows_with_one_bad_row_import_nothing(world, language, message):
    rows = student_rows(1000)
    rows[736][3] = "12345"  # spreadsheet row 738 (header is row 1)
    users_before, classes_before = User.objects.count(), ClassGroup.objects.count()
    with translation.override(language):
        report = import_people(world.college_admin, as_csv(HEADER, rows), "students.csv")
    assert not report.ok
    assert [(e.row, e.field, e.message) for e in report.errors] == [(738, "phone", message)]
    assert User.objects.count() == users_before
    assert ClassGroup.objects.count() == classes_before
    assert report.created == 0


def test_thousand_clean_rows_import_with_classes(world):
    report = import_people(world.college_admin, as_csv(HEADER, student_rows(1000)), "students.csv")
    assert report.ok, report.errors[:3]
    assert report.created == 1000
    assert Membership.objects.filter(organization=world.college, role="student").count() == 1001
    assert ClassGroup.objects.filter(program=world.program, cohort=2025).count() == 3
    again = import_people(world.college_admin, as_csv(HEADER, student_rows(1000)), "students.csv")
    assert again.ok and again.created == 0 and again.updated == 1000
    assert Membership.objects.filter(organization=world.college, role="student").count() == 1001


def test_every_error_is_reported_with_row_and_field(world):
    rows = student_rows(4)
    rows[0][6] = "2024010101"  # taken by the fixture's student
    rows[1][7] = "999999"  # unknown program
    rows[2][0] = rows[3][0]  # duplicate username in the file
    rows[3][8] = "twenty"
    with translation.override("en"):
        report = import_people(world.college_admin, as_csv(HEADER, rows), "x.csv")
    got = {(e.row, e.field) for e in report.errors}
    assert {
        (2, "student_number"),
        (3, "program_code"),
        (4, "username"),
        (5, "username"),
        (5, "cohort"),
    } <= got
    assert User.objects.filter(username__startswith="imp").count() == 0


def test_chinese_headers_gb18030_and_xlsx(world):
    header = ["用户名", "姓名", "机构代码", "角色", "学号", "专业代码", "入学年份", "班级"]
    rows = [["gbk1", "王芳", "C1", "学生", "2025000001", "560206", "2025", "2025级影视摄影1班"]]
    with translation.override("zh-hans"):
        report = import_people(world.college_admin, as_csv(header, rows, "gb18030"), "学生.csv")
    assert report.ok, report.errors
    wb = Workbook()
    sheet = wb.active
    sheet.append(HEADER)
    sheet.append(["xl1", "赵磊", "", "13800001111", "C1", "teacher", "", "", "", ""])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    report = import_people(world.college_admin, buffer, "teachers.xlsx")
    assert report.ok, report.errors
    assert Membership.objects.get(user__username="xl1").role == "teacher"


def test_people_import_refuses_other_organisations_and_their_people(world):
    rows = [["stu2", "改名", "", "", "C1", "teacher", "", "", "", ""]]
    report = import_people(world.college_admin, as_csv(HEADER, rows), "x.csv")
    assert [e.field for e in report.errors] == ["username"]  # belongs to another college
    rows = [["new1", "新人", "", "", "C2", "teacher", "", "", "", ""]]
    report = import_people(world.college_admin, as_csv(HEADER, rows), "x.csv")
    assert [e.field for e in report.errors] == ["organization_code"]


def test_unreadable_files_and_missing_columns(world):
    report = import_people(world.college_admin, io.BytesIO(b"username,full_name\nx,y\n"), "x.csv")
    assert {e.field for e in report.errors} == {"organization_code", "role"}
    report = import_people(world.college_admin, io.BytesIO(b"PK\x03\x04garbage"), "x.xlsx")
    assert report.errors[0].row == 1
    report = import_people(world.college_admin, io.BytesIO(b"username,shoe_size\n"), "x.csv")
    assert "shoe_size" in report.errors[0].message


def test_organisation_import_is_for_platform_admins_and_validates(world):
    header = ["kind", "code", "name", "ownership", "scale", "region_code", "specialised_sme"]
    rows = [
        ["enterprise", "E100", "东莞市精工机器人有限公司", "private", "medium", "441900", "是"],
        ["企业", "E101", "佛山市恒信新材料有限公司", "未知", "small", "440600", "no"],
    ]
    with translation.override("en"):
        report = import_organizations(world.platform_admin, as_csv(header, rows), "orgs.csv")
    assert [(e.row, e.field) for e in report.errors] == [(3, "ownership")]
    assert not Organization.objects.filter(code="E100").exists()
    rows[1][3] = "民营"
    report = import_organizations(world.platform_admin, as_csv(header, rows), "orgs.csv")
    assert report.ok, report.errors
    assert Organization.objects.get(code="E100").specialised_sme is True
    with pytest.raises(PermissionDenied):
        import_organizations(world.college_admin, as_csv(header, rows), "orgs.csv")


def test_import_page_shows_the_report(world):
    rows = student_rows(3)
    rows[1][3] = "bad"
    upload = as_csv(HEADER, rows)
    upload.name = "students.csv"
    response = world.client_for(world.college_admin).post(
        "/import/", {"kind": "people", "file": upload}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    page = response.content.decode()
    assert "请输入有效的电话号码" in page
    assert "<td>3</td>" in page
    assert not User.objects.filter(username__startswith="imp").exists()


def test_export_round_trips_through_import(world):
    csv_bytes = world.client_for(world.college_admin).get("/people/export/?format=csv").content
    report = import_people(world.college_admin, io.BytesIO(csv_bytes), "export.csv")
    assert report.ok, report.errors
    assert report.created == 0
