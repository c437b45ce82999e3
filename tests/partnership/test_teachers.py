"""Teachers' enterprise practice (submitted, approved into the ledger) and dual-qualified decisions
with evidence: the flow, bad input, and who may do what."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from iehub.accounts.models import Membership
from iehub.core.models import Notification
from iehub.partnership import kpis, teachers
from iehub.partnership.models import Activity, DualQualification, TeacherPractice
from tests.conftest import World, make_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PAGE = "/partnerships/teachers/"


def _submission(world: World, **values: str) -> dict[str, str]:
    end = timezone.localdate() - dt.timedelta(days=5)
    return {
        "step": "submit",
        "college": str(world.college.pk),
        "enterprise": str(world.enterprise.pk),
        "starts_on": (end - dt.timedelta(days=19)).isoformat(),
        "ends_on": end.isoformat(),
        "days": "15",
        "description": "参与调色产线运维",
        **values,
    }


def test_a_teacher_submits_and_the_admin_approves_into_the_ledger(world: World) -> None:
    assert reverse("teacher_practice") == PAGE
    before = Membership.objects.get(user=world.teacher, role="teacher").enterprise_practice_days
    world.client_for(world.teacher).post(PAGE, _submission(world))
    practice = TeacherPractice.objects.get()
    assert (practice.state, practice.days) == ("submitted", 15)
    assert Notification.objects.filter(recipient=world.college_admin, kind="teacher_practice").exists()
    admin = world.client_for(world.college_admin)
    assert 'data-testid="pending-practice"' in admin.get(PAGE).content.decode()
    admin.post(PAGE, {"step": "decide", "practice": practice.pk, "decision": "approve"})
    practice.refresh_from_db()
    assert practice.state == "approved" and practice.activity is not None
    assert Membership.objects.get(user=world.teacher, role="teacher").enterprise_practice_days == before + 15
    entry = Activity.objects.get()
    assert (entry.kind, entry.hours, entry.partnership.enterprise) == (
        "teacher_practice",
        120,
        world.enterprise,
    )
    assert Notification.objects.filter(recipient=world.teacher, kind="teacher_practice_decided").exists()
    admin.post(PAGE, {"step": "decide", "practice": practice.pk, "decision": "reject", "note": "x"})
    practice.refresh_from_db()
    assert practice.state == "approved"  # decided once


def test_bad_submissions_name_the_field_and_write_nothing(world: World) -> None:
    client = world.client_for(world.teacher)
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    for values, words in [
        ({"enterprise": str(world.outsider_enterprise.pk)}, "partner enterprise"),
        ({"ends_on": "2000-01-01"}, "before the start"),
        ({"ends_on": future}, "once it has taken place"),
        ({"days": "40"}, "between 1 and 20"),
        ({"days": "0"}, "between 1 and 20"),
        ({"description": " "}, "what you did"),
        ({"starts_on": "2026-02-30"}, "YYYY-MM-DD"),
    ]:
        response = client.post(PAGE, _submission(world, **values), HTTP_ACCEPT_LANGUAGE="en", follow=True)
        assert words in response.content.decode(), values
    assert not TeacherPractice.objects.exists()


def test_rejection_needs_a_reason_and_only_the_colleges_admins_decide(world: World) -> None:
    world.client_for(world.teacher).post(PAGE, _submission(world))
    practice = TeacherPractice.objects.get()
    decision = {"step": "decide", "practice": practice.pk, "decision": "approve"}
    for outsider in (world.teacher, world.other_college_admin, world.program_lead):
        assert world.client_for(outsider).post(PAGE, decision).status_code in (403, 404)
    admin = world.client_for(world.college_admin)
    admin.post(PAGE, {**decision, "decision": "reject"})
    practice.refresh_from_db()
    assert practice.state == "submitted"
    admin.post(PAGE, {**decision, "decision": "reject", "note": "日期与企业记录不符"})
    practice.refresh_from_db()
    assert practice.state == "rejected" and not Activity.objects.exists()


def test_who_may_open_the_page(world: World) -> None:
    for refused in (world.student, world.enterprise_admin, world.gov_officer):
        assert world.client_for(refused).get(PAGE).status_code == 403
    assert world.client_for(None).get(PAGE).status_code == 302
    page = world.client_for(world.teacher).get(PAGE).content.decode()
    assert 'data-testid="submit-practice"' in page and 'data-testid="pending"' not in page


def test_dual_qualified_decisions_keep_their_basis_and_evidence(world: World) -> None:
    membership = Membership.objects.get(user=world.teacher, role="teacher")
    admin = world.client_for(world.college_admin)
    step = {"step": "dual", "membership": membership.pk, "qualified": "0", "basis": "未取得职业资格证书"}
    admin.post(PAGE, step)
    membership.refresh_from_db()
    assert not membership.dual_qualified
    upload = SimpleUploadedFile("证书.pdf", PDF)
    admin.post(PAGE, {**step, "qualified": "1", "basis": "高级技师证书", "evidence": upload})
    membership.refresh_from_db()
    assert membership.dual_qualified
    assert list(DualQualification.objects.values_list("qualified", flat=True)) == [True, False]
    latest = DualQualification.objects.first()
    assert latest is not None and latest.evidence_name == "证书.pdf"
    url = reverse("qualification_file", args=[latest.pk])
    assert world.client_for(world.teacher).get(url).status_code == 200
    assert world.client_for(world.program_lead).get(url).status_code == 404
    assert world.client_for(world.other_college_admin).get(url).status_code == 404
    bad = SimpleUploadedFile("证书.pdf", b"not a pdf")
    admin.post(PAGE, {**step, "qualified": "0", "evidence": bad})
    membership.refresh_from_db()
    assert membership.dual_qualified and DualQualification.objects.count() == 2
    other = {**step, "membership": Membership.objects.get(user=world.teacher, role="teacher").pk}
    assert world.client_for(world.other_college_admin).post(PAGE, other).status_code == 404


def test_the_dual_qualified_share_by_program(world: World) -> None:
    second = make_user("teacher2", world.college, "teacher", dual_qualified=False)
    third = make_user("teacher3", world.college, "teacher", dual_qualified=True)
    admin = world.client_for(world.college_admin)
    for user in (world.teacher, second):
        membership = Membership.objects.get(user=user, role="teacher")
        admin.post(PAGE, {"step": "program", "membership": membership.pk, "program": world.program.pk})
    shares = {s.program: (s.qualified, s.teachers) for s in teachers.shares_by_program(world.college)}
    assert shares == {world.program: (1, 2), None: (1, 1)}  # teacher3 has no program yet
    page = admin.get(PAGE).content.decode()
    assert page.count('data-testid="program-share"') == 2 and "50.0%" in page
    records = kpis.BY_KEY["dual_qualified"].records([world.college.pk])
    assert {r[1]: r[2] for r in records}[world.teacher.display_name] == world.program.display_name
    assert third.display_name in {r[1] for r in records}


def test_only_the_colleges_admins_assign_a_teachers_program(world: World) -> None:
    membership = Membership.objects.get(user=world.teacher, role="teacher")
    other_program = world.other_student.memberships.get().program
    step = {"step": "program", "membership": membership.pk, "program": world.program.pk}
    for user in (world.teacher, world.program_lead):
        assert world.client_for(user).post(PAGE, step).status_code in (403, 404), user
    assert world.client_for(world.other_college_admin).post(PAGE, step).status_code == 404
    response = world.client_for(world.college_admin).post(
        PAGE, {**step, "program": other_program.pk}, HTTP_ACCEPT_LANGUAGE="en", follow=True
    )
    assert "belongs to another college" in response.content.decode()
    membership.refresh_from_db()
    assert membership.program is None
