"""Enterprise incentives: the checklist read from the ledger, the year's R&D spending, the evidence
pack, and who may see them."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from iehub.accounts.models import Partnership
from iehub.partnership import actions, incentives
from tests.conftest import World

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _record(world: World, kind: str, starts: dt.date, **values: object) -> object:
    partnership = Partnership.objects.get(college=world.college, enterprise=world.enterprise)
    return actions.record_activity(
        world.college_admin, partnership, actions.ActivityInput(kind, kind, starts, **values)
    )


def test_the_checklist_follows_the_ledger(world: World) -> None:
    # The partnership started 2024-01-01 (over two years ago) but nothing is recorded: one of three met.
    found = incentives.incentives(world.enterprise, 2026)
    assert [c.met for c in found.criteria] == [True, False, False] and not found.eligible
    _record(world, "order_class", timezone.localdate() - dt.timedelta(days=30))
    found = incentives.incentives(world.enterprise, 2026)
    assert [c.met for c in found.criteria] == [True, True, True] and found.eligible
    assert "订单班" in found.criteria[2].found or "Order class" in found.criteria[2].found


def test_rnd_spending_counts_the_tax_year_and_packs_its_evidence(world: World) -> None:
    platform = _record(world, "shared_platform", dt.date(2025, 3, 1), amount=300_000)
    _record(world, "joint_research", dt.date(2025, 9, 1), amount=200_000, equipment_value=50_000)
    _record(world, "joint_research", dt.date(2024, 9, 1), amount=999_999)  # another year
    voided = _record(world, "joint_research", dt.date(2025, 10, 1), amount=1)
    actions.void_activity(world.college_admin, voided, "重复")
    actions.add_evidence(world.enterprise_admin, platform, SimpleUploadedFile("发票.pdf", PDF))
    found = incentives.incentives(world.enterprise, 2025)
    assert found.rnd_spending == 550_000 and len(found.rnd_activities) == 2
    client = world.client_for(world.enterprise_admin)
    response = client.get(reverse("incentive_detail", args=[world.enterprise.pk]) + "?year=2025&format=zip")
    pack = zipfile.ZipFile(io.BytesIO(response.content))
    names = sorted(pack.namelist())
    assert names == [
        "criteria.xlsx",
        f"evidence/{platform.pk}-{platform.evidence.get().pk}.pdf",
        "summary.xlsx",
    ]
    assert pack.read(names[1]) == PDF
    sheet = load_workbook(io.BytesIO(pack.read("summary.xlsx"))).active
    assert sheet.max_row == 3


def test_who_sees_an_enterprises_incentives(world: World) -> None:
    page = reverse("incentive_detail", args=[world.enterprise.pk])
    assert world.client_for(world.enterprise_admin).get(page).status_code == 200
    assert world.client_for(world.gov_officer).get(page).status_code == 200  # the enterprise is in Guangdong
    assert world.client_for(world.platform_admin).get(page).status_code == 200
    for refused in ("outsider_admin", "mentor", "college_admin", "student", "consortium_officer"):
        assert world.client_for(getattr(world, refused)).get(page).status_code == 404, refused
        assert world.client_for(getattr(world, refused)).get(page + "?format=zip").status_code == 404, refused
    assert world.client_for(None).get(page).status_code == 302
    # An enterprise's administrator finds their own page at the list's address, in one request (no
    # redirect), its year form and evidence pack working there; others without any are refused.
    admin = world.client_for(world.enterprise_admin)
    listed = admin.get(reverse("incentive_list"))
    assert listed.status_code == 200 and listed.templates[0].name == "partnership/incentive_detail.html"
    assert listed.context["enterprise"] == world.enterprise
    assert admin.get(reverse("incentive_list") + "?year=2021").context["year"] == 2021
    pack = admin.get(reverse("incentive_list") + "?year=2021&format=zip")
    assert pack["Content-Type"] == "application/zip"
    assert f"evidence-{world.enterprise.code}-2021" in pack["Content-Disposition"]
    assert world.client_for(world.student).get(reverse("incentive_list")).status_code == 403
    # The officer's province holds one enterprise (Shanghai's is not theirs): its page as well.
    officer = world.client_for(world.gov_officer).get(reverse("incentive_list"))
    assert officer.status_code == 200 and officer.context["enterprise"] == world.enterprise
    searched = (
        world.client_for(world.platform_admin).get(reverse("incentive_list") + "?q=星河").content.decode()
    )
    assert "星河" in searched and "光影" not in searched
