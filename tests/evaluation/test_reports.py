"""Diagnostic reports: the demo student's PDF, rendered to PNG and read back; the cohort report and the
change request it opens; who may download what."""

from __future__ import annotations

import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from iehub.accounts.models import User
from iehub.curriculum.models import ChangeOrigin, ChangeRequest
from iehub.evaluation import actions, reports
from tests.evaluation.conftest import Evaluated

pytestmark = pytest.mark.django_db

SECTIONS = ("能力图谱", "优势", "薄弱项与改进建议", "对照专业需求技能")


def _pdf_text_and_png(content: bytes, folder: Path) -> tuple[str, list[Path]]:
    pdf = folder / "report.pdf"
    pdf.write_bytes(content)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(folder / "page")], check=True)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True).stdout
    return text.decode(), sorted(folder.glob("page*.png"))


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm) not installed")
def test_the_demo_students_report_has_its_sections(tmp_path: Path) -> None:
    call_command("demo", "load", "--scale", "small", "--no-postings", stdout=StringIO())
    student = User.objects.get(username="student")
    report = reports.diagnostic(student)
    assert report.strengths and report.weaknesses
    text, pages = _pdf_text_and_png(reports.diagnostic_pdf(report), tmp_path)
    assert pages and all(page.stat().st_size > 5_000 for page in pages)
    for section in SECTIONS:
        assert section in text, section
    assert student.display_name in text
    weakest = report.weaknesses[0][0].skill.display_name
    assert weakest in text
    Path("var/screenshots").mkdir(parents=True, exist_ok=True)
    shutil.copy(pages[0], "var/screenshots/evaluation-diagnostic-report-zh.png")


def test_radar_svg_has_an_axis_per_dimension_and_competency(evaluated: Evaluated) -> None:
    w = evaluated.world
    actions.record_evaluation(
        w.teacher, evaluated.scheme, w.student, "teacher", {evaluated.grading.pk: 4, evaluated.teamwork.pk: 1}
    )
    svg = reports.radar_svg(reports.portfolio_of(w.student))
    assert svg.count("<line ") == 3 + 2 and svg.count("<polygon ") == 4


def test_report_downloads_are_scoped(evaluated: Evaluated) -> None:
    w = evaluated.world
    actions.record_evaluation(
        w.teacher, evaluated.scheme, w.student, "teacher", {evaluated.grading.pk: 4, evaluated.teamwork.pk: 1}
    )
    own = w.client_for(w.student).get("/evaluation/portfolio/report.pdf")
    assert own.status_code == 200 and own.content.startswith(b"%PDF")
    url = f"/evaluation/portfolio/{w.student.pk}/report.pdf"
    assert w.client_for(w.teacher).get(url).status_code == 200
    for outsider in (w.mentor, w.other_college_admin, evaluated.peer):
        assert w.client_for(outsider).get(url).status_code == 404
    assert w.client_for(None).get(url).status_code == 302


def test_cohort_weaknesses_open_a_change_request(evaluated: Evaluated) -> None:
    w, scheme = evaluated.world, evaluated.scheme
    for student, teamwork in [(w.student, 1), (evaluated.peer, 2)]:
        actions.record_evaluation(
            w.teacher, scheme, student, "teacher", {evaluated.grading.pk: 4, evaluated.teamwork.pk: teamwork}
        )
    students, rows = reports.cohort_weaknesses(w.program)
    assert students == 2
    assert [(r.skill.pk, r.below, r.evaluated) for r in rows] == [
        (evaluated.teamwork.skill_id, 2, 2),
        (evaluated.grading.skill_id, 0, 2),
    ]
    page = w.client_for(w.program_lead).get(f"/evaluation/cohorts/{w.program.pk}/")
    assert page.status_code == 200 and page.content.decode().count('data-testid="cohort-row"') == 2
    for outsider in (w.mentor, w.student, w.other_college_admin):
        assert w.client_for(outsider).get(f"/evaluation/cohorts/{w.program.pk}/").status_code == 404
    response = w.client_for(w.program_lead).post(
        f"/evaluation/cohorts/{w.program.pk}/change/", {"term": "2027-2028-1"}
    )
    change = ChangeRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/curriculum/changes/{change.pk}/"
    assert change.origin == ChangeOrigin.COHORT_WEAKNESS and change.program == w.program
    assert evaluated.teamwork.skill.display_name in change.title and "2" in change.rationale
    # the curriculum's own rules apply: a bad term is refused with its message
    bad = w.client_for(w.program_lead).post(
        f"/evaluation/cohorts/{w.program.pk}/change/", {"term": "soon"}, follow=True
    )
    assert ChangeRequest.objects.count() == 1 and bad.status_code == 200
