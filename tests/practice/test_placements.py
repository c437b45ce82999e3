"""Placements under the national internship rules (each rule refused with its message, in Chinese and in
English), the logbook's copy detection, co-signing, and who sees a placement."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from iehub.core.models import Notification
from iehub.engines import internship_rules
from iehub.practice.actions import placements as actions
from iehub.practice.models import LogEntry, Placement, ProblemReport
from tests.conftest import World, make_user
from tests.helpers import api, count_queries

TODAY = timezone.localdate()


def valid(**changes: Any) -> dict[str, Any]:
    """A post internship that keeps every rule: 18 years old, second year, four months, insured, paid 90%."""
    data: dict[str, Any] = {
        "kind": Placement.Kind.POST,
        "post": "调色助理",
        "starts_on": TODAY - dt.timedelta(days=30),
        "ends_on": TODAY + dt.timedelta(days=90),
        "birth_date": dt.date(TODAY.year - 19, 1, 1),
        "study_year": 3,
        "agreement_signed_on": TODAY - dt.timedelta(days=40),
        "agreement_number": "SX-2026-001",
        "insurance_policy": "PICC-2026-88",
        "insurer": "中国人保",
        "stipend_monthly": Decimal("3600"),
        "probation_wage": Decimal("4000"),
        "daily_hours": Decimal("8"),
        "weekly_hours": Decimal("40"),
    }
    data.update(changes)
    return data


def place(world: World, **changes: Any) -> Placement:
    return actions.create_placement(
        world.teacher,
        world.college,
        world.student,
        world.enterprise,
        world.teacher,
        world.mentor,
        valid(**changes),
    )


RULES = [
    ("minimum_age", {"birth_date": dt.date(TODAY.year - 15, 1, 1)}, "birth_date", "16", "16"),
    ("first_year", {"study_year": 1}, "study_year", "First-year", "一年级"),
    ("post_length", {"ends_on": TODAY + dt.timedelta(days=200)}, "ends_on", "six months", "6 个月"),
    ("agency", {"via_agency": True}, "via_agency", "agencies", "中介"),
    ("insurance", {"insurance_policy": ""}, "insurance_policy", "insurance", "保险"),
    ("agreement", {"agreement_signed_on": None}, "agreement_signed_on", "tripartite", "三方协议"),
    ("night_shift", {"night_shifts": True}, "night_shifts", "night shifts", "夜班"),
    ("overtime", {"overtime": True}, "overtime", "overtime", "加班"),
    ("working_time", {"daily_hours": Decimal("10")}, "daily_hours", "8 hours", "8 小时"),
    ("pay", {"stipend_monthly": Decimal("3000")}, "stipend_monthly", "80%", "80%"),
    ("pay_unknown", {"probation_wage": None}, "stipend_monthly", "probation wage", "试用期工资"),
]


@pytest.mark.parametrize(("rule", "changes", "field", "english", "chinese"), RULES, ids=[r[0] for r in RULES])
def test_each_rule_refuses_a_placement_with_its_message(
    world: World, rule: str, changes: dict[str, Any], field: str, english: str, chinese: str
) -> None:
    for language, words in (("en", english), ("zh-hans", chinese)):
        with translation.override(language), pytest.raises(ValidationError) as refused:
            place(world, **changes)
        messages = refused.value.message_dict
        assert field in messages, (rule, messages)
        assert any(words in message for message in messages[field]), (language, messages[field])
    assert not Placement.objects.exists()


def test_a_placement_within_the_rules_is_accepted(world: World) -> None:
    placement = place(world)
    assert placement.pk and placement.state == Placement.State.PLANNED
    cognitive = place(
        world,
        kind=Placement.Kind.COGNITIVE,
        study_year=1,
        agreement_signed_on=None,
        stipend_monthly=None,
        probation_wage=None,
        birth_date=dt.date(TODAY.year - 15, 1, 1),
    )
    assert cognitive.pk  # a visit: no age, year, agreement or pay rule


def test_age_is_read_from_the_id_number_when_no_date_is_given(world: World) -> None:
    world.student.id_card_number = f"440106{TODAY.year - 15}01010013"
    world.student.save()
    with pytest.raises(ValidationError) as refused:
        place(world, birth_date=None)
    assert "birth_date" in refused.value.message_dict
    assert internship_rules.age_on(dt.date(2008, 6, 2), dt.date(2024, 6, 1)) == 15


def test_people_and_partners_are_checked(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        actions.create_placement(
            world.teacher,
            world.college,
            world.other_student,
            world.outsider_enterprise,
            world.teacher,
            world.mentor,
            valid(),
        )
    assert {"student", "enterprise", "mentor"} <= set(refused.value.message_dict)  # E1's mentor, not E2's
    with pytest.raises(PermissionDenied):
        actions.create_placement(
            world.student,
            world.college,
            world.student,
            world.enterprise,
            world.teacher,
            world.mentor,
            valid(),
        )


LOG = (
    "今天跟随导师完成了宣传片第三场的调色，学习了 ACES 色彩管理流程，"
    "并把 LUT 导出给剪辑组使用，下午整理了素材。"
)
FRESH = (
    "上午在调色室校准监视器，下午为第三场镜头做一级校色，导师指出肤色偏黄，我重新调整了白平衡后通过了审看。"
)


def test_a_copied_log_is_flagged_and_one_written_afresh_is_not(world: World) -> None:
    placement = place(world)
    classmate = make_user(
        "stu9", world.college, "student", class_group=world.class_group, program=world.program
    )
    other = actions.create_placement(
        world.teacher, world.college, classmate, world.enterprise, world.teacher, world.mentor, valid()
    )
    original = actions.write_log(world.student, placement, TODAY - dt.timedelta(days=2), LOG)
    assert not original.flagged
    copied = actions.write_log(
        classmate, other, TODAY - dt.timedelta(days=1), LOG.replace("第三场", "第四场")
    )
    assert copied.similar_to_id == original.pk and copied.similarity and copied.similarity >= 0.6
    fresh = actions.write_log(classmate, other, TODAY, FRESH)
    assert not fresh.flagged
    repeated = actions.write_log(world.student, placement, TODAY, LOG + "明天继续。")
    assert repeated.similar_to_id in (original.pk, copied.pk)  # repeating one's own earlier log


def test_logs_are_written_by_the_student_and_co_signed_by_the_mentor(world: World) -> None:
    placement = place(world)
    with pytest.raises(PermissionDenied):
        actions.write_log(world.mentor, placement, TODAY, LOG)
    with pytest.raises(ValidationError) as refused:
        actions.write_log(world.student, placement, TODAY + dt.timedelta(days=200), "太短")
    assert {"day", "text"} <= set(refused.value.message_dict)
    entry = actions.write_log(world.student, placement, TODAY, LOG)
    with pytest.raises(PermissionDenied):
        actions.co_sign(world.student, entry)
    actions.co_sign(world.mentor, entry)
    assert LogEntry.objects.get(pk=entry.pk).co_signed_by == world.mentor


def test_who_sees_a_placement_and_its_people(world: World) -> None:
    student_page = reverse("person_detail", args=[world.student.pk])
    assert world.client_for(world.mentor).get(student_page).status_code == 404
    placement = place(world)
    url = reverse("placement", args=[placement.pk])
    for user in (world.student, world.teacher, world.college_admin, world.mentor, world.enterprise_admin):
        assert world.client_for(user).get(url).status_code == 200, user
    classmate = make_user(
        "stu8", world.college, "student", class_group=world.class_group, program=world.program
    )
    for user in (classmate, world.other_college_admin, world.outsider_admin, world.other_student):
        assert world.client_for(user).get(url).status_code == 404, user
    assert world.client_for(None).get(url).status_code == 302
    assert world.client_for(world.mentor).get(student_page).status_code == 200  # the mentor's intern


def test_the_logbook_page(world: World) -> None:
    placement = place(world)
    student = world.client_for(world.student)
    url = reverse("placement_log", args=[placement.pk])
    ok = student.post(url, {"day": TODAY.isoformat(), "hours": "8", "period": "day", "text": LOG})
    assert ok.status_code == 302 and placement.logs.count() == 1
    refused = student.post(
        url,
        {"day": "", "hours": "8", "period": "day", "text": LOG},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
        follow=True,
    )
    assert placement.logs.count() == 1 and "日期" in refused.content.decode()
    assert (
        world.client_for(world.mentor).post(url, {"day": TODAY.isoformat(), "text": LOG}).status_code == 403
    )
    entry = placement.logs.get()
    sign = world.client_for(world.mentor).post(reverse("log_co_sign", args=[entry.pk]))
    assert sign.status_code == 302 and LogEntry.objects.get(pk=entry.pk).co_signed_at is not None
    page = world.client_for(world.mentor).get(
        reverse("placement", args=[placement.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert "调色助理" in page.content.decode() and 'data-testid="log"' in page.content.decode()


def test_the_api_is_scoped_and_writes_logs(world: World) -> None:
    placement = place(world)
    student = world.client_for(world.student)
    url = f"/api/v1/practice/placements/{placement.pk}/logs"
    written = api(student, "post", url, {"day": TODAY.isoformat(), "text": LOG})
    assert written.status_code == 201 and written.json()["similar_to_id"] is None
    listed = api(world.client_for(world.mentor), "get", "/api/v1/practice/placements").json()
    assert [p["id"] for p in listed["results"]] == [placement.pk] and listed["results"][0]["logs"] == 1
    refused = api(world.client_for(world.mentor), "post", url, {"day": TODAY.isoformat(), "text": LOG})
    assert refused.status_code == 403
    bad = api(student, "post", url, {"day": "2001-01-01", "text": "短"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert bad.status_code == 422 and {"day", "text"} <= set(bad.json()["error"]["fields"])
    log_id = written.json()["id"]
    assert api(student, "post", f"/api/v1/practice/logs/{log_id}/co-sign").status_code == 403
    signed = api(world.client_for(world.mentor), "post", f"/api/v1/practice/logs/{log_id}/co-sign")
    assert signed.status_code == 200 and signed.json()["co_signed_by_id"] == world.mentor.pk
    for user in (world.other_college_admin, world.outsider_admin, world.other_student):
        client = world.client_for(user)
        assert api(client, "get", "/api/v1/practice/placements").json()["count"] == 0
        assert api(client, "get", url).status_code == 404
    assert api(world.client_for(None), "get", url).status_code == 401


def test_check_in_once_a_day_and_out_after_in(world: World) -> None:
    placement = place(world)
    with pytest.raises(ValidationError) as early:
        actions.check_in(world.student, placement, "out")
    assert "kind" in early.value.message_dict
    actions.check_in(world.student, placement, "in")
    with pytest.raises(ValidationError):
        actions.check_in(world.student, placement, "in")
    actions.check_in(world.student, placement, "out")
    with pytest.raises(PermissionDenied):
        actions.check_in(world.mentor, placement, "in")
    before = timezone.make_aware(dt.datetime.combine(placement.starts_on - dt.timedelta(days=1), dt.time(9)))
    with pytest.raises(ValidationError) as outside:
        actions.check_in(world.student, placement, "in", now=before)
    assert "day" in outside.value.message_dict
    page = world.client_for(world.student).get(reverse("placement", args=[placement.pk])).content.decode()
    assert "check-in-button" not in page and "check-out-button" not in page  # both done today


def test_a_problem_is_answered_or_escalated(world: World, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    placement = place(world)
    with django_capture_on_commit_callbacks(execute=True):
        problem = actions.report_problem(world.student, placement, "车间要求晚上十点后继续加班。")
    assert Notification.objects.filter(recipient=world.mentor, kind="problem").count() == 1
    assert Notification.objects.filter(recipient=world.teacher, kind="problem").count() == 1
    with pytest.raises(PermissionDenied):
        actions.answer_problem(world.other_college_admin, problem, "不归我管")
    assert actions.escalate_overdue() == 0  # not overdue yet
    later = timezone.now() + dt.timedelta(days=3)
    assert actions.escalate_overdue(later) == 1
    problem.refresh_from_db()
    assert problem.state == ProblemReport.State.ESCALATED
    assert Notification.objects.filter(recipient=world.college_admin, kind="problem").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        actions.answer_problem(world.college_admin, problem, "已与企业沟通，取消加班安排。")
    assert ProblemReport.objects.get(pk=problem.pk).state == ProblemReport.State.ANSWERED
    assert Notification.objects.filter(recipient=world.student, kind="problem").count() == 1
    outsider = world.client_for(world.outsider_admin)
    assert outsider.post(reverse("problem_answer", args=[problem.pk]), {"answer": "x"}).status_code == 404


def test_check_in_and_problems_over_the_api(world: World) -> None:
    placement = place(world)
    student = world.client_for(world.student)
    base = f"/api/v1/practice/placements/{placement.pk}"
    assert api(student, "post", f"{base}/check-in", {"kind": "in"}).status_code == 201
    again = api(student, "post", f"{base}/check-in", {"kind": "in"})
    assert again.status_code == 422 and "kind" in again.json()["error"]["fields"]
    assert api(student, "post", f"{base}/check-in", {"kind": "sideways"}).status_code == 422
    reported = api(student, "post", f"{base}/problems", {"text": "宿舍离车间太远，早班赶不上。"})
    assert reported.status_code == 201 and reported.json()["state"] == "open"
    problem_id = reported.json()["id"]
    mentor = world.client_for(world.mentor)
    assert [p["id"] for p in api(mentor, "get", f"{base}/problems").json()] == [problem_id]
    answered = api(
        mentor, "post", f"/api/v1/practice/problems/{problem_id}/answer", {"answer": "早班改为九点。"}
    )
    assert answered.status_code == 200 and answered.json()["state"] == "answered"
    for user in (world.other_college_admin, world.outsider_admin):
        client = world.client_for(user)
        assert api(client, "get", f"{base}/problems").status_code == 404
        assert (
            api(client, "post", f"/api/v1/practice/problems/{problem_id}/answer", {"answer": "x"}).status_code
            == 404
        )
    assert api(world.client_for(None), "post", f"{base}/check-in", {"kind": "in"}).status_code == 401


def test_list_and_page_queries_do_not_grow(world: World) -> None:
    placement = place(world)
    actions.write_log(world.student, placement, TODAY, LOG)
    teacher = world.client_for(world.teacher)
    list_small = count_queries(teacher, reverse("placements"))
    page_small = count_queries(teacher, reverse("placement", args=[placement.pk]))
    for n in range(5):
        other = make_user(f"s{n}", world.college, "student")
        extra = actions.create_placement(
            world.teacher, world.college, other, world.enterprise, world.teacher, world.mentor, valid()
        )
        actions.write_log(other, extra, TODAY, f"第 {n} 位同学：" + FRESH)
        actions.write_log(world.student, placement, TODAY - dt.timedelta(days=n + 1), LOG + str(n))
    assert count_queries(teacher, reverse("placements")) == list_small
    assert count_queries(teacher, reverse("placement", args=[placement.pk])) == page_small


def test_evaluation_dates_default_to_halfway_and_the_end(world: World) -> None:
    placement = place(world)
    assert placement.final_on == placement.ends_on
    assert placement.starts_on < placement.midterm_on < placement.ends_on
    with pytest.raises(ValidationError) as refused:
        place(world, midterm_on=TODAY + dt.timedelta(days=400))
    assert "midterm_on" in refused.value.message_dict
    soon = place(world, midterm_on=TODAY + dt.timedelta(days=3))
    page = world.client_for(world.mentor).get(reverse("my_work")).content.decode()
    assert reverse("placement", args=[soon.pk]) in page and 'data-testid="evaluations-coming"' in page
