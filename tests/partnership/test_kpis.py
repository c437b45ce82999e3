"""Each quality indicator on fixture data with its value computed by hand; the page, the drill-down and
the XLSX export show the same number; who may read which colleges."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from iehub.accounts.models import Membership, Partnership
from iehub.accounts.roles import Role
from iehub.curriculum.models import (
    AlertAssignment,
    ChangeRequest,
    Course,
    CurriculumVersion,
    EnterpriseSuggestion,
    Program,
)
from iehub.demand.models import SkillAlert, SkillNeed
from iehub.partnership import kpis, programs
from iehub.partnership.models import Activity
from iehub.practice.models import Placement, TrainingBase
from iehub.surveys import actions as surveys
from iehub.surveys.models import Response as SurveyResponse
from iehub.taxonomy.models import Skill
from tests.conftest import World, make_user
from tests.helpers import rows_on_two_pages


@pytest.fixture
def measured(world: World) -> World:
    """Two active partnerships of the college (ledger: internships — physical; curriculum and a platform —
    cognitive), two teachers (one
    dual-qualified), two training bases (one on real production), one enterprise suggestion and one
    skill need, three alert assignments (one answered in time, one late, one overdue), two decided
    change requests (30 and 100 days)."""
    w = world
    second = Partnership.objects.create(
        college=w.college, enterprise=w.outsider_enterprise, status="active", started_on=dt.date(2025, 1, 1)
    )
    first = Partnership.objects.get(college=w.college, enterprise=w.enterprise)
    recent = timezone.localdate() - dt.timedelta(days=30)
    Activity.objects.create(partnership=first, kind="internship_hosting", title="实习", starts_on=recent)
    for kind in ("curriculum", "shared_platform"):
        Activity.objects.create(partnership=second, kind=kind, title=kind, starts_on=recent)
    # Outside the window, voided, or of an ended partnership: counted nowhere.
    Activity.objects.create(
        partnership=second,
        kind="internship_hosting",
        title="旧",
        starts_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2024, 6, 1),
    )
    Activity.objects.create(
        partnership=second,
        kind="internship_hosting",
        title="作废",
        starts_on=recent,
        voided_at=timezone.now(),
    )
    make_user("teacher2", w.college, Role.TEACHER, dual_qualified=False)
    for real in (True, False):
        TrainingBase.objects.create(
            college=w.college, name=f"基地{real}", location="on_campus", capacity=30, real_production=real
        )
    EnterpriseSuggestion.objects.create(
        enterprise=w.enterprise, program=w.program, author=w.enterprise_admin, title="增加调色", body="……"
    )
    skill = Skill.objects.create(uri="urn:iehub:skill:k", label_en="grading", label_zh="调色")
    SkillNeed.objects.create(
        enterprise=w.outsider_enterprise, skill=skill, description="需要", submitted_by=w.outsider_admin
    )
    today = timezone.localdate()
    now = timezone.now()
    for n, (due, planned) in enumerate(
        [
            (today - dt.timedelta(days=5), now - dt.timedelta(days=10)),
            (today - dt.timedelta(days=20), now),
            (today - dt.timedelta(days=1), None),
        ]
    ):
        alert = SkillAlert.objects.create(
            skill=skill, period=f"2026-0{n + 1}", direction="surge", growth=0.5, p_value=0.01
        )
        AlertAssignment.objects.create(
            alert=alert, program=w.program, college=w.college, due_on=due, planned_at=planned
        )
    for number, days in enumerate((30, 100), start=2):
        submitted = now - dt.timedelta(days=200)
        version = CurriculumVersion.objects.create(
            program=w.program, number=number, created_by=w.program_lead
        )
        ChangeRequest.objects.create(
            proposed_version=version,
            program=w.program,
            title=f"变更{days}",
            submitted_at=submitted,
            decided_at=submitted + dt.timedelta(days=days),
            proposed_by=w.program_lead,
            rationale="……",
            origin="teacher",
        )
    current = CurriculumVersion.objects.create(
        program=w.program, number=9, state="current", created_by=w.program_lead
    )
    for code, age in (("C1", 100), ("C2", 400), ("C3", 700)):
        Course.objects.create(
            version=current, code=code, name=code, revised_on=today - dt.timedelta(days=age)
        )
    Course.objects.create(version=current, code="C4", name="未修订")  # no revision date: not counted
    _graduates_answer(w)
    return w


def _graduates_answer(w: World) -> None:
    """Graduate tracking: two employed graduates this year (relevance 5 and 2), one a year and a half
    ago (not counted), one who studies on (no relevance question), one of the other college."""
    mine = surveys.create_from_template(w.college_admin, w.college, "graduate_tracking")
    theirs = surveys.create_from_template(w.other_college_admin, w.other_college, "graduate_tracking")
    now = timezone.now()
    for survey, answers, when in (
        (mine, {"status": "employed", "relevance": 5}, now),
        (mine, {"status": "self_employed", "relevance": 2}, now - dt.timedelta(days=40)),
        (mine, {"status": "employed", "relevance": 5}, now - dt.timedelta(days=550)),
        (mine, {"status": "further_study"}, now),
        (theirs, {"status": "employed", "relevance": 5}, now),
    ):
        SurveyResponse.objects.create(survey=survey, answers=answers, submitted_at=when)
    # saved, not submitted: not counted
    SurveyResponse.objects.create(survey=mine, answers={"status": "employed", "relevance": 4})
    # enterprise satisfaction: 5, 3 and 2 this year (one of three satisfied), a text answer is ignored
    annual = surveys.create_from_template(w.college_admin, w.college, "enterprise_satisfaction")
    for rating in (5, 3, 2):
        SurveyResponse.objects.create(survey=annual, answers={"satisfaction": rating}, submitted_at=now)
    SurveyResponse.objects.create(survey=annual, answers={"satisfaction": "5"}, submitted_at=now)


@pytest.mark.parametrize(
    ("key", "value", "numerator", "denominator"),
    [
        ("internship_cooperation", 50.0, 1, 2),
        ("curriculum_cooperation", 50.0, 1, 2),
        ("platform_cooperation", 50.0, 1, 2),
        ("institutional_depth", 50.0, 1, 2),
        ("enterprise_feedback", 100.0, 2, 2),
        ("curriculum_suggestions", 50.0, 1, 2),
        ("alert_response", 100 / 3, 1, 3),
        ("change_cycle", 65.0, 2, 2),
        ("course_update_age", 400.0, 3, 3),
        ("dual_qualified", 50.0, 1, 2),
        ("real_production_bases", 50.0, 1, 2),
        ("internships", 0.0, 0, 0),
        ("enterprise_weight_compliance", None, 0, 0),
        ("round_match_rate", None, 0, 0),
        ("graduate_relevance", 50.0, 1, 2),
        ("enterprise_satisfaction", 100 / 3, 1, 3),
    ],
)
def test_each_indicator_equals_its_hand_computed_value(
    measured: World, key: str, value: float | None, numerator: int, denominator: int
) -> None:
    found = kpis.BY_KEY[key].measure([measured.college.pk])
    assert found.numerator == numerator and found.denominator == denominator
    assert found.value == (None if value is None else pytest.approx(value))
    assert len(kpis.BY_KEY[key].records([measured.college.pk])) >= (
        denominator if key not in ("change_cycle", "course_update_age") else 2
    )


def test_every_indicator_is_tested_here() -> None:
    tested = {
        "internship_cooperation",
        "curriculum_cooperation",
        "platform_cooperation",
        "institutional_depth",
        "enterprise_feedback",
        "curriculum_suggestions",
        "alert_response",
        "change_cycle",
        "course_update_age",
        "dual_qualified",
        "real_production_bases",
        "internships",
        "enterprise_weight_compliance",
        "round_match_rate",
        "graduate_relevance",
        "enterprise_satisfaction",
    }
    assert set(kpis.BY_KEY) == tested


def test_page_drill_down_and_export_show_the_same_number(measured: World) -> None:
    client = measured.client_for(measured.college_admin)
    page = client.get(reverse("indicators"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<a href="/quality/indicators/dual_qualified/?" data-testid="value">50.0%</a>' in page
    drill = client.get(reverse("indicator_records", args=["dual_qualified"])).content.decode()
    assert drill.count('data-testid="record"') == 2
    export = client.get(reverse("indicators") + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    values = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values[str(kpis.BY_KEY["dual_qualified"].name)] == 50.0
    records = client.get(reverse("indicator_records", args=["dual_qualified"]) + "?format=xlsx")
    assert load_workbook(io.BytesIO(records.content)).active.max_row == 3  # header and two teachers


def test_who_reads_which_colleges(measured: World) -> None:
    w = measured
    assert list(kpis.kpi_colleges(w.college_admin)) == [w.college]
    assert set(kpis.kpi_colleges(w.gov_officer)) == {w.college, w.other_college}  # both in Guangdong
    assert list(kpis.kpi_colleges(w.consortium_officer)) == [w.other_college]
    for outsider in (w.student, w.enterprise_admin, w.outsider_admin):
        assert not kpis.kpi_colleges(outsider).exists()
        assert w.client_for(outsider).get(reverse("indicators")).status_code == 403
    anonymous = w.client_for(None).get(reverse("indicators"))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    # another college's administrator cannot choose this college: the filter falls back to their own
    other = w.client_for(w.other_college_admin).get(reverse("indicators") + f"?college={w.college.pk}")
    assert w.college.display_name not in other.content.decode()
    assert w.client_for(w.college_admin).get(reverse("indicator_records", args=["nope"])).status_code == 404


def _place(w: World) -> None:
    """The world's student on a post internship at its partner."""
    Placement.objects.create(
        college=w.college,
        student=w.student,
        enterprise=w.enterprise,
        teacher=w.teacher,
        mentor=w.mentor,
        kind="post",
        post="调色助理",
        starts_on=dt.date(2026, 3, 1),
        ends_on=dt.date(2026, 7, 1),
        created_by=w.teacher,
    )


def _in_the_program(w: World) -> None:
    """The teacher and the curriculum co-development activity belong to the program; the student is
    placed."""
    Membership.objects.filter(user=w.teacher, role=Role.TEACHER).update(program=w.program)
    Activity.objects.filter(kind="curriculum").update(program=w.program)
    _place(w)


def test_officers_see_aggregates_but_not_students_names(measured: World) -> None:
    w = measured
    _place(w)
    url = reverse("indicator_records", args=["internships"])
    assert w.student.display_name in w.client_for(w.college_admin).get(url).content.decode()
    officer = w.client_for(w.gov_officer).get(url).content.decode()
    assert officer.count('data-testid="record"') == 1
    assert w.student.display_name not in officer
    assert kpis.BY_KEY["internships"].measure([w.college.pk]).value == 1.0


def test_the_docs_list_every_indicator() -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / "quality.md").read_text(encoding="utf-8")
    for kpi in kpis.KPIS:
        assert f"`{kpi.key}`" in text, kpi.key


def test_indicators_by_program_are_computed_per_program(measured: World) -> None:
    w = measured
    _in_the_program(w)
    [row] = programs.program_rows([w.college.pk])
    assert (row.program, row.teachers, row.dual_qualified, row.dual_share) == (w.program, 1, 1, 100.0)
    assert (row.activities, row.partners, row.suggestions) == (1, 1, 1)
    assert (row.decided_changes, row.change_cycle_days) == (2, 65.0)
    assert (row.courses, row.courses_overdue, row.students, row.internships) == (4, 1, 1, 1)
    client = w.client_for(w.college_admin)
    page = client.get(reverse("program_indicators")).content.decode()
    assert page.count('data-testid="program-row"') == 1 and "100.0%" in page
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("program_indicators") + "?format=xlsx").content)
    ).active
    assert list(sheet.iter_rows(min_row=2, values_only=True)) == [
        (w.college.display_name, w.program.display_name, 1, 100.0, 1, 1, 1, 2, 65.0, 4, 1, 1, 1)
    ]


def test_indicators_by_program_keep_to_the_readers_colleges(measured: World) -> None:
    w = measured
    url = reverse("program_indicators")
    other = w.client_for(w.other_college_admin).get(url + f"?college={w.college.pk}").content.decode()
    assert w.program.display_name not in other
    for outsider in (w.student, w.enterprise_admin, w.outsider_admin):
        assert w.client_for(outsider).get(url).status_code == 403
    assert w.client_for(None).get(url).status_code == 302
    officer = w.client_for(w.gov_officer).get(url).content.decode()
    assert officer.count('data-testid="program-row"') == 2  # both colleges of the province


def test_indicators_by_program_read_a_constant_number_of_queries(measured: World) -> None:
    client = measured.client_for(measured.college_admin)
    url = reverse("program_indicators")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(5):
        Program.objects.create(college=measured.college, major_code=f"56{n:04d}", name=f"专业{n}")
    with CaptureQueriesContext(connection) as more:
        assert client.get(url).content.decode().count('data-testid="program-row"') == 6
    assert len(more) == len(few)


def test_indicators_by_program_are_paged_and_the_export_holds_every_program(measured: World) -> None:
    Program.objects.bulk_create(
        Program(college=measured.college, major_code=f"57{n:04d}", name=f"专业{n}") for n in range(60)
    )
    client = measured.client_for(measured.college_admin)
    url = reverse("program_indicators")
    assert rows_on_two_pages(client, url, 'data-testid="program-row"') == (50, 11)
    sheet = load_workbook(io.BytesIO(client.get(url, {"format": "xlsx"}).content)).active
    assert sheet.max_row - 1 == 61


def test_every_number_of_the_program_page_opens_its_records(measured: World) -> None:
    w = measured
    _in_the_program(w)
    [row] = programs.program_rows([w.college.pk])
    expected = {
        "teachers": row.teachers,
        "activities": row.activities,
        "suggestions": row.suggestions,
        "changes": row.decided_changes,
        "courses": row.courses,
        "internships": row.internships,
    }
    assert set(expected) == set(programs.FIGURES)
    admin = w.client_for(w.college_admin)
    page = admin.get(reverse("program_indicators")).content.decode()
    for figure, count in expected.items():
        url = reverse("program_records", args=[w.program.pk, figure])
        assert f'href="{url}" data-testid="{figure}"' in page
        records = admin.get(url).content.decode()
        assert records.count('data-testid="record"') == count, figure
        sheet = load_workbook(io.BytesIO(admin.get(url + "?format=xlsx").content)).active
        assert sheet.max_row - 1 == count, figure
    internships = reverse("program_records", args=[w.program.pk, "internships"])
    assert w.student.display_name in admin.get(internships).content.decode()
    officer = w.client_for(w.gov_officer).get(internships).content.decode()
    assert officer.count('data-testid="record"') == 1 and w.student.display_name not in officer
    assert w.client_for(w.other_college_admin).get(internships).status_code == 404
    assert w.client_for(w.consortium_officer).get(internships).status_code == 404  # not a member college
    for outsider in (w.student, w.enterprise_admin):
        assert w.client_for(outsider).get(internships).status_code == 403
    assert w.client_for(None).get(internships).status_code == 302
    assert admin.get(reverse("program_records", args=[w.program.pk, "nope"])).status_code == 404
