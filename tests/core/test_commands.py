"""The command-line import and the API documentation pages."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from iehub.accounts.models import User

pytestmark = pytest.mark.django_db

CSV = (
    "username,full_name,phone,organization_code,role,student_number,program_code,cohort\n"
    "cli1,何静,13800001111,C1,student,2026000001,560206,2026\n"
    "cli2,林涛,{phone},C1,student,2026000002,560206,2026\n"
)


def test_cli_import_is_all_or_nothing_and_reports_rows(world, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(CSV.format(phone="999"), encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import", "people", str(bad), "--user", "cadmin", "--language", "en", stderr=err)
    assert "row 3\tphone\tEnter a valid phone number" in err.getvalue()
    assert not User.objects.filter(username__startswith="cli").exists()
    good = tmp_path / "good.csv"
    good.write_text(CSV.format(phone="13900002222"), encoding="utf-8")
    out = StringIO()
    call_command("import", "people", str(good), "--user", "cadmin", stdout=out)
    assert "2 created" in out.getvalue()
    assert User.objects.filter(username__startswith="cli").count() == 2


def test_cli_import_applies_the_users_permissions(world, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(CSV.format(phone="13900002222"), encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import", "people", str(good), "--user", "e2admin", stderr=StringIO())
    with pytest.raises(CommandError, match="platform administrators"):
        call_command(
            "import", "organizations", str(good), "--user", "cadmin", "--language", "en", stderr=StringIO()
        )


def test_openapi_documentation(client):
    schema = client.get("/api/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/organisations" in paths and "/api/v1/imports/{kind}" in paths
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()
