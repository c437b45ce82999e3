"""The cooperation ledger: recording, voiding and evidence through pages and the API, who may do what,
flags derived from the ledger, the carried-over flags, the list with its tiers, consortium contributions
and query counts that do not grow with the number of partnerships."""

from __future__ import annotations

import datetime as dt
import importlib
import io

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from iehub.accounts.models import ConsortiumMember, Organization, Partnership
from iehub.core.models import Notification
from iehub.partnership import actions, queries
from iehub.partnership.models import Activity, Evidence
from tests.conftest import World, make_org
from tests.helpers import api

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def partnership(world: World) -> Partnership:
    return Partnership.objects.get(college=world.college, enterprise=world.enterprise)


def _form(**values: str) -> dict[str, str]:
    recent = (timezone.localdate() - dt.timedelta(days=20)).isoformat()
    return {"kind": "curriculum", "title": "共建《调色》课程", "starts_on": recent, "hours": "32", **values}


def test_the_college_admin_records_an_activity_and_the_enterprise_is_told(
    world: World, partnership: Partnership
) -> None:
    assert not partnership.curriculum
    client = world.client_for(world.college_admin)
    page = reverse("partnership_detail", args=[partnership.pk])
    upload = SimpleUploadedFile("协议.pdf", PDF, content_type="application/pdf")
    response = client.post(page, {**_form(program=str(world.program.pk)), "file": upload})
    assert response.status_code == 302
    activity = Activity.objects.get(partnership=partnership)
    assert (activity.kind, activity.hours, activity.program, activity.recorded_for) == (
        "curriculum",
        32,
        world.program,
        world.college,
    )
    assert activity.evidence.get().name == "协议.pdf"
    partnership.refresh_from_db()
    assert partnership.curriculum  # the flag follows the ledger
    assert Notification.objects.filter(recipient=world.enterprise_admin, kind="cooperation_activity").exists()
    shown = client.get(page, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "共建《调色》课程" in shown and 'data-testid="tier">Institutional' in shown


def test_bad_input_names_the_field_and_writes_nothing(world: World, partnership: Partnership) -> None:
    client = world.client_for(world.college_admin)
    page = reverse("partnership_detail", args=[partnership.pk])
    other_program = world.other_student.memberships.get().program
    for values, words in [
        ({"ends_on": "2000-01-01"}, "end date is before"),
        ({"hours": "-3"}, "not negative"),
        ({"hours": "abc"}, "Enter a number"),
        ({"amount": "1e20"}, "too large"),
        ({"students": "2.5"}, "whole number"),
        ({"title": "  "}, "title"),
        ({"title": "坏\x00"}, "title"),
        ({"kind": "party"}, "kind"),
        ({"starts_on": "2026-13-01"}, "YYYY-MM-DD"),
        ({"starts_on": "2099-01-01"}, "five years"),
        ({"program": str(other_program.pk)}, "program of the partner college"),
    ]:
        response = client.post(page, _form(**values), HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400, values
        assert words in response.content.decode(), values
    assert not Activity.objects.exists()
    hostile = SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(page, {**_form(), "file": hostile}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "not a .pdf file" in response.content.decode()
    assert not Activity.objects.exists()  # the activity and its file are one write


@pytest.mark.parametrize("who", ["outsider_admin", "other_college_admin", "student", "consortium_officer"])
def test_outsiders_and_students_neither_read_nor_write_the_ledger(
    world: World, partnership: Partnership, who: str
) -> None:
    activity = actions.record_activity(
        world.college_admin,
        partnership,
        actions.ActivityInput("guest_lecture", "讲座", timezone.localdate()),
    )
    evidence = actions.add_evidence(world.college_admin, activity, SimpleUploadedFile("a.pdf", PDF))
    client = world.client_for(getattr(world, who))
    assert client.get(reverse("partnership_detail", args=[partnership.pk])).status_code == 404
    assert client.post(reverse("partnership_detail", args=[partnership.pk]), _form()).status_code == 404
    assert client.get(reverse("evidence_file", args=[evidence.pk])).status_code == 404
    assert client.post(reverse("activity_void", args=[activity.pk]), {"reason": "x"}).status_code == 404
    assert api(client, "get", f"/api/v1/partnerships/{partnership.pk}").status_code == 404
    assert api(client, "get", "/api/v1/partnerships").json()["count"] == 0
    posted = api(client, "post", f"/api/v1/partnerships/{partnership.pk}/activities", {})
    assert posted.status_code in (404, 422)
    assert Activity.objects.count() == 1 and Activity.objects.get().voided_at is None


def test_anonymous_callers_are_sent_to_log_in_or_refused(world: World, partnership: Partnership) -> None:
    anonymous = world.client_for(None)
    for name, args in [
        ("partnership_list", []),
        ("partnership_new", []),
        ("partnership_detail", [partnership.pk]),
        ("consortium_contributions", [world.consortium.pk]),
    ]:
        assert anonymous.get(reverse(name, args=args)).status_code == 302
    for path in ["/api/v1/partnerships", f"/api/v1/partnerships/{partnership.pk}"]:
        assert api(anonymous, "get", path).status_code == 401
    assert api(anonymous, "post", f"/api/v1/partnerships/{partnership.pk}/activities", {}).status_code == 401


@pytest.mark.parametrize("who", ["teacher", "mentor", "gov_officer"])
def test_readers_who_may_not_record_see_the_ledger_without_the_forms(
    world: World, partnership: Partnership, who: str
) -> None:
    client = world.client_for(getattr(world, who))
    page = client.get(reverse("partnership_detail", args=[partnership.pk])).content.decode()
    assert 'data-testid="ledger"' in page and 'data-testid="activity-form"' not in page
    assert client.post(reverse("partnership_detail", args=[partnership.pk]), _form()).status_code == 403
    data = {"kind": "guest_lecture", "title": "讲座", "starts_on": "2026-01-05"}
    assert api(client, "post", f"/api/v1/partnerships/{partnership.pk}/activities", data).status_code == 403
    assert not Activity.objects.exists()


def test_the_enterprise_records_through_the_api_and_voids_with_a_reason(
    world: World, partnership: Partnership
) -> None:
    client = world.client_for(world.enterprise_admin)
    path = f"/api/v1/partnerships/{partnership.pk}/activities"
    created = api(
        client,
        "post",
        path,
        {
            "kind": "joint_research",
            "title": "调色算法联合攻关",
            "starts_on": "2026-09-01",
            "amount": "500000.00",
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["recorded_for_id"] == world.enterprise.pk and body["ends_on"] is None
    assert Notification.objects.filter(recipient=world.college_admin, kind="cooperation_activity").exists()
    refused = api(
        client, "post", path, {"kind": "joint_research", "title": "x", "starts_on": "2026-09-01", "hours": -1}
    )
    assert refused.status_code == 422 and "hours" in refused.json()["error"]["fields"]
    void = f"/api/v1/partnerships/activities/{body['id']}/void"
    assert api(client, "post", void, {"reason": " "}).status_code == 422
    voided = api(client, "post", void, {"reason": "录入重复"}).json()
    assert voided["void_reason"] == "录入重复" and voided["voided_at"]
    assert api(client, "post", void, {"reason": "again"}).status_code == 422
    listed = api(client, "get", f"{path}?limit=5").json()
    assert listed["count"] == 1  # a voided activity stays in the ledger
    partnership.refresh_from_db()
    assert not partnership.joint_research


def test_a_one_day_kind_without_an_end_ends_on_its_start(world: World, partnership: Partnership) -> None:
    day = timezone.localdate() - dt.timedelta(days=3)
    lecture = actions.record_activity(
        world.college_admin, partnership, actions.ActivityInput("guest_lecture", "讲座", day)
    )
    base = actions.record_activity(
        world.college_admin, partnership, actions.ActivityInput("training_base", "基地", day)
    )
    assert lecture.ends_on == day and base.ends_on is None


def test_the_detail_api_explains_the_tier(world: World, partnership: Partnership) -> None:
    recent = timezone.localdate() - dt.timedelta(days=10)
    for kind in ("curriculum", "order_class"):
        actions.record_activity(world.college_admin, partnership, actions.ActivityInput(kind, kind, recent))
    found = api(world.client_for(world.gov_officer), "get", f"/api/v1/partnerships/{partnership.pk}").json()
    assert found["tier"] == "institutional"
    assert found["next_steps"] == ["co_creation"]
    assert {c["code"]: c["met"] for c in found["conditions"]} == {
        "activity": True,
        "institutional_form": True,
        "joint_curriculum": True,
        "co_creation": False,
    }
    assert len(found["history"]) == 8 and found["history"][-1]["tier"] == "institutional"


def test_evidence_is_checked_served_sandboxed_and_kept(world: World, partnership: Partnership) -> None:
    activity = actions.record_activity(
        world.college_admin, partnership, actions.ActivityInput("training_base", "基地", timezone.localdate())
    )
    client = world.client_for(world.enterprise_admin)
    url = reverse("evidence_upload", args=[activity.pk])
    client.post(
        url, {"file": SimpleUploadedFile("照片.png", b"<svg onload=alert(1)>", content_type="image/png")}
    )
    assert not Evidence.objects.exists()
    client.post(url, {"file": SimpleUploadedFile("清单.pdf", PDF)})
    evidence = Evidence.objects.get()
    served = world.client_for(world.gov_officer).get(reverse("evidence_file", args=[evidence.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "application/pdf"
    assert "sandbox" in served["Content-Security-Policy"] and served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content) == PDF
    assert "cooperation/" in evidence.file.name and "清单" not in evidence.file.name


def test_partnerships_are_created_by_the_college_admin_only(world: World) -> None:
    page = reverse("partnership_new")
    assert world.client_for(world.teacher).get(page).status_code == 403
    assert world.client_for(world.enterprise_admin).get(page).status_code == 403
    client = world.client_for(world.college_admin)
    form = {"college": str(world.college.pk), "status": "active", "started_on": "2026-01-01"}
    assert client.post(page, {**form, "enterprise": "E1"}, HTTP_ACCEPT_LANGUAGE="en").status_code == 200
    assert Partnership.objects.filter(college=world.college).count() == 1  # E1 is a partner already
    response = client.post(page, {**form, "enterprise": "上海市星河软件有限公司"})
    created = Partnership.objects.get(college=world.college, enterprise=world.outsider_enterprise)
    assert response.status_code == 302 and response["Location"].endswith(f"/partnerships/{created.pk}/")
    refused = client.post(page, {**form, "college": str(world.other_college.pk), "enterprise": "E2"})
    assert refused.status_code == 200 and not Partnership.objects.filter(college=world.other_college).exists()
    edit = reverse("partnership_edit", args=[created.pk])
    client.post(edit, {"status": "ended", "started_on": "2026-01-01", "ends_on": "2026-06-30"})
    created.refresh_from_db()
    assert created.status == "ended" and created.ends_on == dt.date(2026, 6, 30)
    world.client_for(world.enterprise_admin).post(edit, {"status": "active", "started_on": "2026-01-01"})
    created.refresh_from_db()
    assert created.status == "ended"


def test_the_list_filters_by_tier_and_exports(world: World, partnership: Partnership) -> None:
    second = Partnership.objects.create(
        college=world.college,
        enterprise=world.outsider_enterprise,
        status="active",
        started_on=dt.date(2025, 1, 1),
    )
    actions.record_activity(
        world.college_admin, second, actions.ActivityInput("order_class", "订单班", timezone.localdate())
    )
    client = world.client_for(world.college_admin)
    institutional = client.get(reverse("partnership_list") + "?tier=2").content.decode()
    assert institutional.count('data-testid="partnership"') == 1 and "星河" in institutional
    dormant = client.get(reverse("partnership_list") + "?tier=0").content.decode()
    assert dormant.count('data-testid="partnership"') == 1 and "光影" in dormant
    sheet = load_workbook(io.BytesIO(client.get(reverse("partnership_list") + "?format=xlsx").content)).active
    assert sheet.max_row == 3


def test_list_queries_do_not_grow_with_partnerships(
    world: World, partnership: Partnership, django_assert_max_num_queries: object
) -> None:
    client = world.client_for(world.gov_officer)

    def queries_for_list() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("partnership_list")).status_code == 200
            assert client.get("/api/v1/partnerships").status_code == 200
        return len(ctx.captured_queries)

    before = queries_for_list()
    for n in range(12):
        enterprise = make_org("enterprise", f"EX{n}", f"企业{n}", "440100")
        extra = Partnership.objects.create(college=world.college, enterprise=enterprise, status="active")
        actions.record_activity(
            world.college_admin, extra, actions.ActivityInput("guest_lecture", "讲座", timezone.localdate())
        )
    assert queries_for_list() == before


def test_consortium_contributions_are_for_its_officers_and_members(world: World) -> None:
    partner = Partnership.objects.create(
        college=world.other_college, enterprise=world.outsider_enterprise, status="active"
    )
    actions.record_activity(
        world.platform_admin,
        partner,
        actions.ActivityInput("internship_hosting", "实习", timezone.localdate(), students=12),
    )
    ConsortiumMember.objects.create(consortium=world.consortium, member=world.outsider_enterprise)
    page = reverse("consortium_contributions", args=[world.consortium.pk])
    shown = world.client_for(world.consortium_officer).get(page)
    assert shown.status_code == 200
    assert shown.content.decode().count('data-testid="member"') == 2
    sheet = load_workbook(
        io.BytesIO(world.client_for(world.consortium_officer).get(page + "?format=xlsx").content)
    ).active
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows[world.other_college.display_name][1:4] == (1, 1, 12)  # partnerships, activities, students
    assert queries.consortium_totals(world.consortium).activities == 1  # between two members: once
    assert world.client_for(world.outsider_admin).get(page).status_code == 200  # a member's staff
    assert world.client_for(world.college_admin).get(page).status_code in (403, 404)
    assert world.client_for(world.student).get(page).status_code in (403, 404)


def test_carried_over_flags_become_activities(world: World, partnership: Partnership) -> None:
    migration = importlib.import_module("iehub.partnership.migrations.0004_flags_to_ledger")
    Partnership.objects.filter(pk=partnership.pk).update(curriculum=True, joint_research=True)
    ended = Partnership.objects.create(
        college=world.other_college,
        enterprise=world.outsider_enterprise,
        status="ended",
        started_on=dt.date(2024, 1, 1),
        ends_on=dt.date(2024, 12, 31),
        service_platform=True,
    )
    migration.flags_to_activities(apps, None)
    carried = sorted(Activity.objects.values_list("partnership_id", "kind", "starts_on", "ends_on", "origin"))
    assert carried == sorted(
        [
            (partnership.pk, "internship_hosting", dt.date(2024, 1, 1), None, "flag"),
            (partnership.pk, "curriculum", dt.date(2024, 1, 1), None, "flag"),
            (partnership.pk, "joint_research", dt.date(2024, 1, 1), None, "flag"),
            (ended.pk, "shared_platform", dt.date(2024, 1, 1), dt.date(2024, 12, 31), "flag"),
        ]
    )
    page = world.client_for(world.college_admin).get(reverse("partnership_detail", args=[partnership.pk]))
    assert 'data-testid="tier">认知层' in page.content.decode() or "Cognitive" in page.content.decode()
    migration.remove_carried_over(apps, None)
    assert not Activity.objects.exists()
    assert Organization.objects.filter(pk=world.enterprise.pk).exists()


def test_the_agreement_keeps_its_scope_and_documents(world: World, partnership: Partnership) -> None:
    admin = world.client_for(world.college_admin)
    admin.post(
        reverse("partnership_edit", args=[partnership.pk]),
        {"status": "active", "started_on": "2024-01-01", "scope": "共建影视后期实训中心；订单班 30 人"},
    )
    partnership.refresh_from_db()
    assert partnership.scope == "共建影视后期实训中心；订单班 30 人"
    upload = reverse("agreement_upload", args=[partnership.pk])
    world.client_for(world.enterprise_admin).post(upload, {"file": SimpleUploadedFile("合作协议.pdf", PDF)})
    document = partnership.documents.get()
    assert document.name == "合作协议.pdf" and "合作协议" not in document.file.name
    url = reverse("agreement_file", args=[document.pk])
    assert world.client_for(world.gov_officer).get(url).status_code == 200
    for outsider in (world.outsider_admin, world.student, world.other_college_admin):
        assert world.client_for(outsider).get(url).status_code == 404
        world.client_for(outsider).post(upload, {"file": SimpleUploadedFile("x.pdf", PDF)})
    world.client_for(world.teacher).post(upload, {"file": SimpleUploadedFile("y.pdf", PDF)})
    assert partnership.documents.count() == 1
    shown = (
        world.client_for(world.mentor)
        .get(reverse("partnership_detail", args=[partnership.pk]))
        .content.decode()
    )
    assert "合作协议.pdf" in shown and "订单班 30 人" in shown
