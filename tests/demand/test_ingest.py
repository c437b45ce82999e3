"""Posting ingestion: all or nothing, duplicates and near-duplicates skipped, skills linked on the way in."""

from __future__ import annotations

import csv
import io
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from openpyxl import Workbook

from iehub.demand.ingest import import_postings, parse_region, parse_salary
from iehub.demand.models import JobPosting, PostingImport, PostingSkill
from iehub.demand.permissions import may_import_postings

pytestmark = pytest.mark.django_db

HEADER = ["title", "description", "enterprise", "region", "date", "salary", "source"]
ROWS = [
    [
        "调色师",
        "负责广告片调色，熟练使用DaVinci Resolve，了解ACES色彩管理。",
        "广州市光影数字影像有限公司",
        "广州",
        "2024-03-02",
        "8k-12k",
        "boss",
    ],
    [
        "工业互联网运维工程师",
        "负责工业互联网平台运维与PLC编程，具备团队协作能力。",
        "东莞市精工机器人有限公司",
        "441900",
        "2024-03-05",
        "9000-13000",
        "zhaopin",
    ],
    [
        "Machine Learning Engineer",
        "Build machine learning pipelines in Python; Docker and Kubernetes a plus.",
        "Shenzhen Yuntu AI Technology Co., Ltd.",
        "Shenzhen",
        "2024/03/09",
        "",
        "linkedin",
    ],
]


def as_csv(rows, header=HEADER) -> io.BytesIO:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return io.BytesIO(buffer.getvalue().encode("utf-8"))


def test_import_links_skills_and_normalises_fields(world):
    report = import_postings(world.platform_admin, as_csv(ROWS), "postings.csv")
    assert report.ok, report.errors
    assert (report.created, report.duplicates, report.near_duplicates) == (3, 0, 0)
    grader = JobPosting.objects.get(title="调色师")
    assert (grader.region_code, grader.salary_min, grader.salary_max, grader.language) == (
        "440100",
        8000,
        12000,
        "zh",
    )
    assert {s.skill.label_en for s in grader.skills.select_related("skill")} >= {
        "colour grading",
        "DaVinci Resolve",
    }
    engineer = JobPosting.objects.get(language="en")
    assert engineer.region_code == "440300" and engineer.salary_min is None
    assert {"machine learning", "Docker", "Kubernetes"} <= {
        s.skill.label_en for s in engineer.skills.select_related("skill")
    }
    batch = PostingImport.objects.get()
    assert (batch.status, batch.created, batch.imported_by) == ("done", 3, world.platform_admin)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Enter a date as YYYY-MM-DD."),
        ("zh-hans", "请按 YYYY-MM-DD 格式输入日期。"),
    ],
)
def test_a_bad_row_imports_nothing_and_is_named(world, language, message):
    rows = [list(r) for r in ROWS]
    rows[1][4] = "last tuesday"
    with translation.override(language):
        report = import_postings(world.platform_admin, as_csv(rows), "postings.csv")
    assert [(e.row, e.field, e.message) for e in report.errors] == [(3, "date", message)]
    assert JobPosting.objects.count() == 0 and PostingImport.objects.count() == 0


def test_reimport_adds_nothing_and_near_duplicates_are_skipped(world):
    import_postings(world.platform_admin, as_csv(ROWS), "postings.csv")
    again = import_postings(world.platform_admin, as_csv(ROWS), "postings.csv")
    assert (again.created, again.duplicates) == (0, 3)
    long_ad = (
        "岗位职责：1. 负责电视广告与网络短片的调色工作，与导演、摄影指导沟通影像风格；"
        "2. 使用DaVinci Resolve完成一级、二级调色及输出；"
        "3. 管理项目色彩流程，保证多机位素材色彩统一。"
        "任职要求：影视相关专业，两年以上调色经验，熟悉ACES色彩管理，"
        "有良好的团队协作能力和审美能力。"
    )
    enterprise = ROWS[0][2]
    original = ["高级调色师", long_ad, enterprise, "广州", "2024-03-10", "10k-15k", "boss"]
    repost = [
        "高级调色师",
        long_ad.replace("两年以上", "三年以上") + "（急招）",
        enterprise,
        "广州",
        "2024-03-20",
        "11k-16k",
        "51job",
    ]
    different = [
        "剪辑师",
        "负责综艺节目剪辑与包装，熟练使用Premiere和After Effects。",
        enterprise,
        "广州",
        "2024-03-21",
        "",
        "51job",
    ]
    assert import_postings(world.platform_admin, as_csv([original]), "original.csv").created == 1
    third = import_postings(world.platform_admin, as_csv([repost, different]), "more.csv")
    assert (third.created, third.near_duplicates) == (1, 1)
    assert JobPosting.objects.count() == 5


def test_jsonl_and_xlsx(world):
    lines = "\n".join(json.dumps(dict(zip(HEADER, row, strict=True)), ensure_ascii=False) for row in ROWS[:2])
    assert import_postings(world.platform_admin, io.BytesIO(lines.encode()), "p.jsonl").created == 2
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["职位名称", "职位描述", "公司", "工作地点", "发布日期", "薪资"])
    sheet.append(
        [
            "PLC工程师",
            "负责PLC编程与伺服系统调试。",
            "佛山市恒信自动化设备有限公司",
            "佛山",
            "2024-04-01",
            "1万-1.5万",
        ]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    report = import_postings(world.platform_admin, buffer, "p.xlsx")
    assert report.ok, report.errors
    posting = JobPosting.objects.get(title="PLC工程师")
    assert (posting.salary_min, posting.salary_max, posting.region_code) == (10000, 15000, "440600")
    bad = import_postings(world.platform_admin, io.BytesIO(b'{"title": "x"\n'), "bad.jsonl")
    assert bad.errors[0].row == 1


def test_parsers():
    assert parse_salary("8000-12000") == (8000, 12000)
    assert parse_salary("8K~12K") == (8000, 12000)
    assert parse_salary("1.2万") == (12000, 12000)
    assert parse_salary("面议") == (None, None)
    with pytest.raises(ValueError):
        parse_salary("competitive")
    assert parse_region("深圳市") == parse_region("Shenzhen") == "440300"
    assert parse_region("广东") == "440000"
    with pytest.raises(ValueError):
        parse_region("Atlantis")


def test_who_may_import(world, tmp_path):
    assert may_import_postings(world.platform_admin) and may_import_postings(world.gov_officer)
    assert not may_import_postings(world.college_admin) and not may_import_postings(world.enterprise_admin)
    path = tmp_path / "postings.csv"
    path.write_bytes(as_csv(ROWS).getvalue())
    with pytest.raises(CommandError, match="may not import"):
        call_command("postings", "import", str(path), "--user", "cadmin")
    out = StringIO()
    call_command("postings", "import", str(path), "--user", "gov", stdout=out, stderr=StringIO())
    assert "3 new postings" in out.getvalue()
    assert PostingSkill.objects.count() >= 8
