"""The annual quality report: the demo film college's report renders as PDF (read back as text and
PNG) and DOCX with every indicator; the administrators' text is kept; who may read and edit."""

from __future__ import annotations

import io
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from docx import Document

from iehub.accounts.models import Organization, User
from iehub.partnership import kpis
from iehub.partnership.models import QualityReport
from tests.conftest import World

SECTION_TITLES = ("总览", "校企合作", "教学与课程", "实习与就业", "问题与下一步")


def _client(username: str) -> Client:
    client = Client()
    client.force_login(
        User.objects.get(username=username), backend="django.contrib.auth.backends.ModelBackend"
    )
    return client


@pytest.mark.django_db
@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils (pdftoppm) not installed")
def test_the_film_colleges_report_renders_with_every_indicator(tmp_path: Path) -> None:
    call_command("demo", "load", "--scale", "small", "--no-postings", stdout=StringIO())
    film = Organization.objects.get(memberships__user__username="college_admin")
    client = _client("college_admin")
    url = reverse("quality_report")
    client.post(
        url, {"college": film.pk, "year": 2026, "outlook": "明年推进联合研发平台建设。\n扩大订单班。"}
    )
    assert QualityReport.objects.get(college=film, year=2026).sections == {
        "outlook": "明年推进联合研发平台建设。\n扩大订单班。"
    }
    response = client.get(
        url, {"college": film.pk, "year": 2026, "format": "pdf"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.content)
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert pages and all(page.stat().st_size > 5_000 for page in pages)
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True).stdout.decode()
    flat = "".join(text.split())
    with translation.override("zh-hans"):
        names = [str(kpi.name) for kpi in kpis.KPIS]
    for name in names:
        assert "".join(name.split()) in flat, name
    for title in SECTION_TITLES:
        assert title in flat, title
    assert "明年推进联合研发平台建设。" in flat and film.name in flat

    docx = client.get(
        url, {"college": film.pk, "year": 2026, "format": "docx"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    document = Document(io.BytesIO(docx.content))
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert set(names) <= cells
    paragraphs = [p.text for p in document.paragraphs]
    assert "扩大订单班。" in paragraphs and set(SECTION_TITLES) <= set(paragraphs)


def test_readers_and_editors_of_the_report(world: World) -> None:
    url = reverse("quality_report")
    admin = world.client_for(world.college_admin)
    page = admin.get(url, {"college": world.college.pk}).content.decode()
    assert 'data-testid="report-form"' in page
    for key in kpis.BY_KEY:
        assert f'data-key="{key}"' in page, key
    # Readers without the right to edit: the text, no form; a POST is refused.
    for reader in (world.teacher, world.gov_officer):
        client = world.client_for(reader)
        shown = client.get(url, {"college": world.college.pk})
        assert shown.status_code == 200 and 'data-testid="report-form"' not in shown.content.decode()
        assert client.post(url, {"college": world.college.pk, "overview": "改"}).status_code == 403
    assert not QualityReport.objects.exists()
    # Another college's administrator, a consortium officer of other colleges: not this college.
    for outsider in (world.other_college_admin, world.consortium_officer):
        assert world.client_for(outsider).get(url, {"college": world.college.pk}).status_code == 404
    for refused in (world.student, world.enterprise_admin, world.outsider_admin):
        assert world.client_for(refused).get(url).status_code == 403
    assert world.client_for(None).get(url).status_code == 302
    too_long = admin.post(url, {"college": world.college.pk, "year": 2026, "overview": "长" * 20_001})
    assert too_long.status_code == 302 and not QualityReport.objects.exists()
    admin.post(url, {"college": world.college.pk, "year": 2026, "overview": "概述\x00"})
    assert QualityReport.objects.get().sections == {"overview": "概述"}
