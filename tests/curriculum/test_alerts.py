"""Skill alerts reach exactly the program leads concerned, stay inside their college, and keep a
30-day response clock (tests with frozen time)."""

from __future__ import annotations

import csv
import datetime as dt
from io import StringIO
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import translation

from iehub.accounts.models import Role
from iehub.core.models import Notification
from iehub.curriculum import alerts
from iehub.curriculum.models import AlertAssignment, Program
from iehub.demand import alerts as demand_alerts
from iehub.taxonomy.actions import load_curated_skills
from iehub.taxonomy.models import Skill
from tests.conftest import make_user
from tests.helpers import api

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=10, tzinfo=SHANGHAI)


@pytest.fixture
def setup(world):
    load_curated_skills()
    om = Skill.objects.get(label_en="industrial internet operations and maintenance")
    world.program.key_skills.add(om)
    other_program = Program.objects.get(college=world.other_college)
    other_program.key_skills.add(om)
    other_lead = make_user("lead2", world.other_college, Role.PROGRAM_LEAD, program=other_program)
    unconcerned = Program.objects.create(college=world.college, major_code="560208", name="影视动画")
    bystander = make_user("lead3", world.college, Role.PROGRAM_LEAD, program=unconcerned)
    return world, om, other_lead, bystander


def test_alert_reaches_exactly_the_program_leads_concerned(setup, django_capture_on_commit_callbacks):
    world, om, other_lead, bystander = setup
    with django_capture_on_commit_callbacks(execute=True):
        alert = demand_alerts.raise_alert(om, "2024Q3", "surge", 0.31, 0.001, now=at("2024-07-01"))
    assert {a.program_id for a in alert.assignments.all()} == {
        world.program.pk,
        other_lead.memberships.get().program_id,
    }
    assert sorted(m.to[0] for m in mail.outbox) == ["lead2@example.cn", "lead@example.cn"]
    assert "工业互联网运维" in mail.outbox[0].subject  # Chinese by default
    bell = Notification.objects.filter(kind="alert")  # the same, under each lead's bell
    assert sorted(bell.values_list("recipient__username", flat=True)) == sorted(
        [world.program_lead.username, other_lead.username]
    )
    assert all("工业互联网运维" in n.title_zh and n.url == "/alerts/" for n in bell)
    mine = alerts.assignments_for(world.program_lead)
    assert [a.program_id for a in mine] == [world.program.pk]
    assert list(alerts.assignments_for(world.college_admin)) == list(mine)
    for outsider in (
        bystander,
        world.teacher,
        world.other_college_admin,
        world.enterprise_admin,
        world.student,
    ):
        assert world.program.pk not in {a.program_id for a in alerts.assignments_for(outsider)}
    # raising the same alert again adds nothing and mails nobody
    with django_capture_on_commit_callbacks(execute=True):
        demand_alerts.raise_alert(om, "2024Q3", "surge", 0.31, 0.001)
    assert AlertAssignment.objects.count() == 2 and len(mail.outbox) == 2


def test_pages_and_api_are_scoped(setup):
    world, om, other_lead, _ = setup
    alert = demand_alerts.raise_alert(om, "2024Q3", "surge", 0.31, 0.001)
    mine = alert.assignments.get(program=world.program)
    lead = world.client_for(world.program_lead)
    assert om.label_zh in lead.get("/alerts/").content.decode()
    assert lead.get(f"/alerts/{mine.pk}/").status_code == 200
    assert world.client_for(other_lead).get(f"/alerts/{mine.pk}/").status_code == 404
    assert world.client_for(world.other_college_admin).get(f"/alerts/{mine.pk}/").status_code == 404
    assert world.client_for(None).get("/alerts/").status_code == 302
    assert api(lead, "get", "/api/v1/alerts").json()["count"] == 1
    assert api(world.client_for(other_lead), "get", f"/api/v1/alerts/{mine.pk}").status_code == 404
    assert api(world.client_for(None), "get", "/api/v1/alerts").status_code == 401
    refused = api(world.client_for(other_lead), "post", f"/api/v1/alerts/{mine.pk}/acknowledge")
    assert refused.status_code == 404
    acknowledged = api(lead, "post", f"/api/v1/alerts/{mine.pk}/acknowledge")
    assert acknowledged.json()["state"] == "acknowledged"
    planned = api(
        lead,
        "post",
        f"/api/v1/alerts/{mine.pk}/plan",
        {"response": "micro_course", "note": "微课：平台告警处理"},
    )
    assert planned.json()["state"] == "planned"
    page = lead.post(f"/alerts/{mine.pk}/done/")
    assert page.status_code == 302
    mine.refresh_from_db()
    assert mine.state == "done" and mine.handled_by == world.program_lead


def test_response_clock_with_frozen_time(setup):
    world, om, other_lead, _ = setup
    alert = demand_alerts.raise_alert(om, "2024Q3", "surge", 0.31, 0.001, now=at("2024-07-01"))
    mine = alert.assignments.get(program=world.program)
    theirs = alert.assignments.get(program__college=world.other_college)
    assert mine.due_on == dt.date(2024, 7, 31)
    assert not alerts.is_overdue(mine, dt.date(2024, 7, 31))
    assert alerts.is_overdue(mine, dt.date(2024, 8, 1))
    assert alerts.days_left(mine, dt.date(2024, 7, 21)) == 10
    alerts.plan_response(world.program_lead, mine, "micro_course", "微课", now=at("2024-07-20"))
    assert not alerts.is_overdue(mine, dt.date(2024, 9, 1))
    with mock.patch("django.utils.timezone.now", return_value=at("2024-08-05")):
        page = world.client_for(other_lead).get("/alerts/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert "overdue by 5 days" in page
        rates = {r.college_id: r for r in alerts.response_rates(AlertAssignment.objects.all())}
    assert (rates[world.college.pk].answered_in_time, rates[world.college.pk].alerts) == (1, 1)
    assert (rates[world.other_college.pk].answered_in_time, rates[world.other_college.pk].alerts) == (0, 1)
    alerts.plan_response(other_lead, theirs, "curriculum_change", now=at("2024-08-10"))
    late = {
        r.college_id: r for r in alerts.response_rates(AlertAssignment.objects.all(), dt.date(2024, 8, 10))
    }
    assert late[world.other_college.pk].share == 0.0  # answered, but after the 30 days


def test_state_machine(setup):
    world, om, other_lead, _ = setup
    mine = demand_alerts.raise_alert(om, "2024Q3", "surge", 0.31, 0.001).assignments.get(
        program=world.program
    )
    with pytest.raises(ValidationError):
        alerts.complete(world.program_lead, mine)
    with translation.override("en"), pytest.raises(ValidationError, match="reason"):
        alerts.plan_response(world.program_lead, mine, "no_action", "")
    with pytest.raises(PermissionDenied):
        alerts.acknowledge(other_lead, mine)
    alerts.acknowledge(world.program_lead, mine)
    with pytest.raises(ValidationError):
        alerts.acknowledge(world.program_lead, mine)
    alerts.plan_response(world.college_admin, mine, "no_action", "已在课程中覆盖")
    assert mine.state == "planned" and mine.handled_by == world.college_admin


def test_cli_raises_alerts_from_counts(setup, tmp_path):
    world, om, _other_lead, _ = setup
    path = tmp_path / "counts.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["skill", "period", "count", "total"])
        for q, period in enumerate(["2023Q3", "2023Q4", "2024Q1", "2024Q2", "2024Q3"]):
            writer.writerow([om.label_zh, period, 2000 if q < 4 else 2800, 40000])
            for k in range(30):
                writer.writerow([f"flat-{k}", period, 300 + (k * 7 + q * 3) % 11, 40000])
    out = StringIO()
    call_command("demand", "alert", "--input", str(path), stdout=out)
    assert "1 alert(s) raised" in out.getvalue()
    assignment = AlertAssignment.objects.get(program=world.program)
    assert assignment.alert.period == "2024Q3" and assignment.alert.direction == "surge"
    evidence = assignment.alert.evidence
    assert [p["count"] for p in evidence["series"]] == [2000, 2000, 2000, 2000, 2800]
    assert evidence["break_period"] == "2024Q3" and evidence["q_value"] <= 0.05
    before, after = evidence["before"], evidence["after"]
    assert (before["periods"], after["periods"]) == (4, 1) and (before["postings"], after["postings"]) == (
        8000,
        2800,
    )
    assert before["low"] < 0.05 < before["high"] < after["low"] < 0.07 < after["high"]
    page = world.client_for(world.program_lead).get(f"/alerts/{assignment.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert 'data-testid="break">2024Q3<' in html and html.count('data-testid="level"') == 2
    assert "5.000 %" in html and "Change-point scan" in html
    assert "[5.0, 5.0, 5.0, 5.0, null]" in html and "[null, null, null, null, 7.0]" in html  # the two levels
    assert html.count('"symbol": "diamond"') == 1  # the one-period level is drawn as a point
    zh = world.client_for(world.program_lead).get(f"/alerts/{assignment.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "突变前水平" in zh.content.decode()


def test_alert_page_charts_the_evidence(setup, tmp_path):
    world, om, _other_lead, _ = setup
    series = [{"period": p, "count": c, "total": 40000} for p, c in (("2024Q2", 2000), ("2024Q3", 2800))]
    alert = demand_alerts.raise_alert(om, "2024Q3", "surge", 0.4, 0.0001, {"series": series})
    mine = alert.assignments.get(program=world.program)
    page = world.client_for(world.program_lead).get(f"/alerts/{mine.pk}/").content.decode()
    start = page.find("share-chart")
    assert start > 0, page[page.find("<main>") : page.find("<main>") + 3000]
    assert "[5.0, 7.0]" in page


def test_dashboards_count_open_and_overdue_alerts(setup):
    world, om, _other_lead, _ = setup
    demand_alerts.raise_alert(om, "2024Q3", "surge", 0.4, 0.0001, now=at("2024-07-01"))
    page = world.client_for(world.program_lead).get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<div class="value">1</div><div class="label">Open skill alerts</div>' in page
    assert '<div class="value">1</div><div class="label">Overdue skill alerts</div>' in page


def test_late_answers_are_marked_late(setup):
    world, om, _other_lead, _ = setup
    mine = demand_alerts.raise_alert(
        om, "2024Q3", "surge", 0.4, 0.00001, now=at("2024-07-01")
    ).assignments.get(program=world.program)
    alerts.plan_response(world.program_lead, mine, "curriculum_change", now=at("2024-08-15"))
    assert alerts.answered_late(mine)
    page = (
        world.client_for(world.program_lead)
        .get(f"/alerts/{mine.pk}/", HTTP_ACCEPT_LANGUAGE="en")
        .content.decode()
    )
    assert "answered late" in page and "p &lt; 0.0001" in page
