"""Hostile curriculum files: formula cells in the export, NUL bytes in the import."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from iehub.accounts.models import Membership

pytestmark = pytest.mark.django_db


def _upload(content: bytes, name: str) -> io.BytesIO:
    buffer = io.BytesIO(content)
    buffer.name = name
    return buffer


def test_curriculum_export_escapes_formula_cells(curriculum):
    module = curriculum.course.modules.get(code="M1")
    module.name = "=cmd|' /C calc'!A0"
    module.save()
    response = curriculum.world.client_for(curriculum.world.program_lead).get(
        f"/curriculum/versions/{curriculum.version.pk}/export.xlsx"
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "'=cmd|' /C calc'!A0" in values
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)


def test_nul_bytes_are_refused_in_people_and_curriculum_imports(curriculum):
    world = curriculum.world
    people = world.client_for(world.college_admin).post(
        "/api/v1/imports/people",
        {"file": _upload(b"username,full_name,organization_code,role\nnul1,\x00x,C1,teacher\n", "p.csv")},
    )
    assert people.status_code == 422 and "NUL" in people.json()["errors"][0]["message"]
    versions = curriculum.version.program.versions.count()
    program = world.client_for(world.program_lead).post(
        f"/api/v1/curriculum/programs/{world.program.pk}/import",
        {"file": _upload(b"record,code,name\ncourse,C9,\x00bad\n", "c.csv")},
    )
    assert program.status_code == 422, program.content
    assert "NUL" in program.json()["errors"][0]["message"]
    assert curriculum.version.program.versions.count() == versions
    assert not Membership.objects.filter(user__username="nul1").exists()
