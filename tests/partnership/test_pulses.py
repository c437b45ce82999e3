"""Feedback pulses: a college asks its active partners each term, the enterprise answers once in a
minute (a suggestion becomes a curriculum suggestion), reminders, who never gives feedback, the KPI —
with bad input and who may do what."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from iehub.accounts.models import Partnership
from iehub.core.models import Notification
from iehub.curriculum.models import EnterpriseSuggestion
from iehub.partnership import kpis, pulse_views, pulses
from iehub.partnership.models import FeedbackPulse, PulseRequest
from tests.conftest import World, make_org
from tests.helpers import api, rows_on_two_pages

PAGE = "/partnerships/feedback/"
Capture = Callable[..., Any]


def _open(world: World, capture: Capture, **values: str) -> Any:
    data = {
        "college": str(world.college.pk),
        "term": pulses.term_of(timezone.localdate()),
        "closes_on": (timezone.localdate() + dt.timedelta(days=14)).isoformat(),
        "message": "请花一分钟",
        **values,
    }
    with capture(execute=True):
        return world.client_for(world.college_admin).post(PAGE, data, HTTP_ACCEPT_LANGUAGE="en", follow=True)


def _answer(**values: str) -> dict[str, str]:
    return {"cooperation_rating": "4", "students_rating": "3", "outlook": "deepen", **values}


def _request(world: World, capture: Capture) -> PulseRequest:
    _open(world, capture)
    return PulseRequest.objects.get()


def test_term_of_follows_the_curriculum_terms() -> None:
    assert pulses.term_of(dt.date(2026, 9, 1)) == "2026-2027-1"
    assert pulses.term_of(dt.date(2027, 1, 31)) == "2026-2027-1"
    assert pulses.term_of(dt.date(2027, 2, 1)) == "2026-2027-2"
    assert pulses.term_of(dt.date(2027, 8, 31)) == "2026-2027-2"


def test_a_college_asks_its_partners_and_an_enterprise_answers_once(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    response = _open(world, django_capture_on_commit_callbacks)
    assert "have been asked" in response.content.decode()
    request = PulseRequest.objects.select_related("pulse").get()  # the active partner only
    assert request.enterprise == world.enterprise and request.pulse.college == world.college
    told = Notification.objects.get(kind="feedback_pulse")
    assert (
        told.recipient == world.enterprise_admin
        and told.url == f"/partnerships/feedback/requests/{request.pk}/"
    )

    enterprise = world.client_for(world.enterprise_admin)
    assert 'data-testid="own-request"' in enterprise.get(PAGE).content.decode()
    assert 'data-testid="answer-form"' in enterprise.get(told.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        enterprise.post(
            told.url,
            _answer(
                skills_lacking="调色软件 DaVinci",
                program=str(world.program.pk),
                suggestion_title="增加调色实训",
                suggestion="建议第三学期增设调色实训 32 学时",
            ),
        )
    request.refresh_from_db()
    assert (request.cooperation_rating, request.students_rating, request.outlook) == (4, 3, "deepen")
    assert request.answered_by == world.enterprise_admin and request.answered_at is not None
    suggestion = EnterpriseSuggestion.objects.get()
    assert request.suggestion == suggestion
    assert (suggestion.program, suggestion.enterprise, suggestion.title) == (
        world.program,
        world.enterprise,
        "增加调色实训",
    )
    assert Notification.objects.filter(recipient=world.program_lead, kind="suggestion").exists()

    again = enterprise.post(told.url, _answer(cooperation_rating="1"), HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert 'data-testid="answer"' in again.content.decode()
    request.refresh_from_db()
    assert request.cooperation_rating == 4  # answered once

    admin = world.client_for(world.college_admin)
    detail = admin.get(f"/partnerships/feedback/pulses/{request.pulse_id}/").content.decode()
    assert 'data-testid="answered">1 / 1 (100%)' in detail and "调色软件 DaVinci" in detail
    sheet = openpyxl.load_workbook(
        io.BytesIO(admin.get(f"/partnerships/feedback/pulses/{request.pulse_id}/?format=xlsx").content)
    ).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == world.enterprise.display_name and rows[1][2] == 4 and rows[1][7] == "增加调色实训"


def test_no_students_this_term_is_an_answer(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    request = _request(world, django_capture_on_commit_callbacks)
    world.client_for(world.mentor).post(
        f"/partnerships/feedback/requests/{request.pk}/", _answer(students_rating="none", outlook="continue")
    )
    request.refresh_from_db()
    assert request.answered and request.students_rating is None and request.answered_by == world.mentor


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"cooperation_rating": "6"}, "rating from 1 to 5"),
        ({"cooperation_rating": ""}, "rating from 1 to 5"),
        ({"students_rating": "x"}, "no students this term"),
        ({"outlook": "maybe"}, "mean to do next term"),
        ({"suggestion": "多一些实训"}, "program your suggestion is for"),
        ({"comment": "长" * 2001}, "at most 2,000 characters"),
    ],
)
def test_bad_answers_name_the_field_and_write_nothing(
    world: World, django_capture_on_commit_callbacks: Capture, values: dict[str, str], words: str
) -> None:
    request = _request(world, django_capture_on_commit_callbacks)
    response = world.client_for(world.enterprise_admin).post(
        f"/partnerships/feedback/requests/{request.pk}/", _answer(**values), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert words in response.content.decode()
    request.refresh_from_db()
    assert not request.answered and not EnterpriseSuggestion.objects.exists()


def test_a_suggestion_for_another_colleges_program_is_refused(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    request = _request(world, django_capture_on_commit_callbacks)
    other = world.other_student.memberships.get().program
    response = world.client_for(world.enterprise_admin).post(
        f"/partnerships/feedback/requests/{request.pk}/",
        _answer(program=str(other.pk), suggestion="x"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "program your suggestion is for" in response.content.decode()
    assert not EnterpriseSuggestion.objects.exists()


def test_a_closed_pulse_takes_no_answer(world: World, django_capture_on_commit_callbacks: Capture) -> None:
    request = _request(world, django_capture_on_commit_callbacks)
    FeedbackPulse.objects.update(
        opens_on=timezone.localdate() - dt.timedelta(days=30),
        closes_on=timezone.localdate() - dt.timedelta(days=1),
    )
    client = world.client_for(world.enterprise_admin)
    url = f"/partnerships/feedback/requests/{request.pk}/"
    assert 'data-testid="closed"' in client.get(url).content.decode()
    client.post(url, _answer())
    request.refresh_from_db()
    assert not request.answered


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"term": "2026-2028-1"}, "start year-end year-term"),
        ({"term": "秋季"}, "start year-end year-term"),
        ({"closes_on": "2001-01-01"}, "within 120 days"),
        ({"closes_on": "2999-01-01"}, "within 120 days"),
        ({"closes_on": "2026-02-30"}, "YYYY-MM-DD"),
        ({"message": "m" * 1001}, "at most 1,000 characters"),
    ],
)
def test_bad_pulses_name_the_field_and_ask_no_one(
    world: World, django_capture_on_commit_callbacks: Capture, values: dict[str, str], words: str
) -> None:
    response = _open(world, django_capture_on_commit_callbacks, **values)
    assert words in response.content.decode()
    assert not FeedbackPulse.objects.exists() and not Notification.objects.exists()


def test_one_form_asks_the_college_an_administrator_of_several_chooses(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    """One form, not one a college: the platform administrator administers every college (48 forms
    and 90 kB on the large demo)."""
    own = world.client_for(world.college_admin).get(PAGE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert own.count('data-testid="open-pulse"') == 1
    assert f'<input type="hidden" name="college" value="{world.college.pk}">' in own
    Partnership.objects.create(
        college=world.other_college,
        enterprise=world.enterprise,
        status="active",
        started_on=dt.date(2025, 1, 1),
    )
    admin = world.client_for(world.platform_admin)
    page = admin.get(PAGE, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.count('data-testid="open-pulse"') == 1 and "Ask a college's partners" in page
    form = page[page.index('data-testid="open-pulse"') :]
    assert (
        f'<option value="{world.college.pk}"' in form and f'<option value="{world.other_college.pk}"' in form
    )
    data = {
        "college": str(world.other_college.pk),
        "term": pulses.term_of(timezone.localdate()),
        "closes_on": (timezone.localdate() + dt.timedelta(days=14)).isoformat(),
    }
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(PAGE, data)
    assert list(FeedbackPulse.objects.values_list("college", flat=True)) == [world.other_college.pk]
    # the requests the enterprise answers are its own page's, not every request the administrator opens
    assert 'data-testid="own-request"' not in admin.get(PAGE).content.decode()
    enterprise_page = world.client_for(world.enterprise_admin).get(PAGE).content.decode()
    assert enterprise_page.count('data-testid="own-request"') == 1


def test_one_pulse_per_term_and_only_with_partners(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    _open(world, django_capture_on_commit_callbacks)
    assert "already asked for this term" in _open(world, django_capture_on_commit_callbacks).content.decode()
    Partnership.objects.update(status="ended")
    response = _open(world, django_capture_on_commit_callbacks, term="2030-2031-1")
    assert "no active partner enterprise" in response.content.decode()
    assert FeedbackPulse.objects.count() == 1


def test_who_may_ask_answer_and_read(world: World, django_capture_on_commit_callbacks: Capture) -> None:
    request = _request(world, django_capture_on_commit_callbacks)
    answer_url = f"/partnerships/feedback/requests/{request.pk}/"
    detail_url = f"/partnerships/feedback/pulses/{request.pulse_id}/"
    opening = {"college": str(world.college.pk), "term": "2030-2031-1", "closes_on": "2030-09-01"}
    for user in (world.program_lead, world.other_college_admin, world.enterprise_admin, world.gov_officer):
        assert world.client_for(user).post(PAGE, opening).status_code == 403, user
    assert world.client_for(None).get(PAGE).status_code == 302
    assert world.client_for(world.student).get(PAGE).status_code == 403
    assert world.client_for(world.outsider_admin).get(PAGE).status_code == 403
    for user in (world.outsider_admin, world.college_admin, world.gov_officer, world.student):
        assert world.client_for(user).get(answer_url).status_code == 404, user
        assert world.client_for(user).post(answer_url, _answer()).status_code == 404, user
    assert world.client_for(None).post(answer_url, _answer()).status_code == 302
    for user in (world.other_college_admin, world.consortium_officer, world.enterprise_admin, world.student):
        assert world.client_for(user).get(detail_url).status_code == 404, user
    for user in (world.college_admin, world.program_lead, world.teacher, world.gov_officer):
        assert world.client_for(user).get(detail_url).status_code == 200, user
    for user in (world.program_lead, world.gov_officer):
        assert world.client_for(user).post(detail_url).status_code == 403, user
    request.refresh_from_db()
    assert not request.answered and request.reminders == 0
    assert FeedbackPulse.objects.count() == 1


def test_reminders_follow_the_rhythm_and_skip_answers(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    second = make_org("enterprise", "E3", "佛山市追光灯光器材有限公司", "440600")
    Partnership.objects.create(
        college=world.college, enterprise=second, status="active", started_on=dt.date(2025, 1, 1)
    )
    _open(world, django_capture_on_commit_callbacks)
    assert pulses.remind_due() == 0  # asked today
    PulseRequest.objects.update(created_at=timezone.now() - dt.timedelta(days=8))
    answered = PulseRequest.objects.get(enterprise=world.enterprise)
    world.client_for(world.enterprise_admin).post(
        f"/partnerships/feedback/requests/{answered.pk}/", _answer()
    )
    out = io.StringIO()
    call_command("partnership", "remind", stdout=out)
    assert out.getvalue().strip() == "reminded: 1"
    waiting = PulseRequest.objects.get(enterprise=second)
    assert waiting.reminders == 1 and waiting.reminded_at is not None
    assert not Notification.objects.filter(
        kind="feedback_pulse_reminder", recipient=world.enterprise_admin
    ).exists()
    assert pulses.remind_due() == 0  # reminded today: the next one in a week
    detail = f"/partnerships/feedback/pulses/{answered.pulse_id}/"
    world.client_for(world.college_admin).post(detail)  # "remind now" skips the last 24 hours
    assert PulseRequest.objects.get(enterprise=second).reminders == 1
    PulseRequest.objects.filter(pk=waiting.pk).update(reminded_at=timezone.now() - dt.timedelta(days=2))
    world.client_for(world.college_admin).post(detail)
    assert PulseRequest.objects.get(enterprise=second).reminders == 2
    FeedbackPulse.objects.update(
        closes_on=timezone.localdate() - dt.timedelta(days=1), opens_on=dt.date(2020, 1, 1)
    )
    PulseRequest.objects.update(reminded_at=None)
    assert pulses.remind_due() == 0  # closed


def _partners(world: World, n: int) -> None:
    for i in range(n):
        enterprise = make_org("enterprise", f"EX{i}", f"测试合作企业{i}号有限公司", "440100")
        Partnership.objects.create(
            college=world.college, enterprise=enterprise, status="active", started_on=dt.date(2025, 1, 1)
        )


def test_who_gives_feedback_the_kpi_and_the_export_agree(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    _partners(world, 2)
    kpi = kpis.BY_KEY["enterprise_feedback"]
    assert kpi.measure([world.college.pk]).numerator == 0
    request = PulseRequest.objects.filter(enterprise=world.enterprise)
    _open(world, django_capture_on_commit_callbacks)
    world.client_for(world.enterprise_admin).post(
        f"/partnerships/feedback/requests/{request.get().pk}/", _answer()
    )
    measure = kpi.measure([world.college.pk])
    assert (measure.numerator, measure.denominator) == (1, 3)
    admin = world.client_for(world.college_admin)
    page = admin.get(PAGE, {"show": "never"}).content.decode()
    assert (
        page.count('data-testid="feedback-row"') == 2
        and world.enterprise.display_name not in page.split('data-testid="enterprise-feedback"')[1]
    )
    sheet = openpyxl.load_workbook(
        io.BytesIO(admin.get(PAGE, {"show": "never", "format": "xlsx"}).content)
    ).active
    assert sheet.max_row - 1 == 2
    full = list(openpyxl.load_workbook(io.BytesIO(admin.get(PAGE, {"format": "xlsx"}).content)).active.values)
    mine = next(row for row in full if row[0] == world.enterprise.display_name)
    assert mine[1:3] == (1, 1) and mine[7] == "是"
    assert sum(1 for row in full[1:] if row[7] == "是") == measure.numerator


def test_the_feedback_page_reads_the_same_number_of_queries_for_more_partners(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    _open(world, django_capture_on_commit_callbacks)
    admin = world.client_for(world.college_admin)
    admin.get(PAGE)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert admin.get(PAGE).status_code == 200
        return len(queries)

    few = count()
    _partners(world, 6)
    assert count() == few


def test_the_api_lists_and_answers_within_scope(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    request = _request(world, django_capture_on_commit_callbacks)
    enterprise = world.client_for(world.enterprise_admin)
    mine = api(enterprise, "get", "/api/v1/feedback/requests?answered=false").json()
    assert [r["id"] for r in mine["results"]] == [request.pk] and mine["results"][0][
        "term"
    ] == request.pulse.term
    url = f"/api/v1/feedback/requests/{request.pk}/answer"
    assert api(enterprise, "post", url, {"cooperation_rating": 9, "outlook": "deepen"}).status_code == 422
    refused = api(enterprise, "post", url, {"cooperation_rating": 4, "outlook": "deepen", "suggestion": "x"})
    assert refused.status_code == 422 and "program" in refused.json()["error"]["fields"]
    for user in (world.outsider_admin, world.college_admin, world.gov_officer, world.student):
        client = world.client_for(user)
        assert api(client, "post", url, {"cooperation_rating": 4, "outlook": "deepen"}).status_code == 404, (
            user
        )
    assert (
        api(world.client_for(None), "post", url, {"cooperation_rating": 4, "outlook": "end"}).status_code
        == 401
    )
    answered = api(
        enterprise, "post", url, {"cooperation_rating": 5, "students_rating": None, "outlook": "continue"}
    )
    assert answered.status_code == 200 and answered.json()["cooperation_rating"] == 5
    assert api(enterprise, "post", url, {"cooperation_rating": 1, "outlook": "end"}).status_code == 422
    admin = api(world.client_for(world.college_admin), "get", "/api/v1/feedback/pulses").json()["results"]
    assert [(p["asked"], p["answered"], p["cooperation_mean"]) for p in admin] == [(1, 1, 5.0)]
    for user in (world.other_college_admin, world.outsider_admin, world.student, world.consortium_officer):
        client = world.client_for(user)
        assert api(client, "get", "/api/v1/feedback/pulses").json()["count"] == 0, user
        assert api(client, "get", "/api/v1/feedback/requests").json()["count"] == 0, user
    assert api(world.client_for(None), "get", "/api/v1/feedback/pulses").status_code == 401


def test_a_long_list_of_partners_is_paged_and_the_export_holds_them_all(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pulse_views, "PAGE_SIZE", 2)
    _partners(world, 3)  # four partners with the world's own
    admin = world.client_for(world.college_admin)
    first = admin.get(PAGE, {"show": "never"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Page 1 of 2" in first and "4 partner enterprises in all" in first
    assert rows_on_two_pages(admin, PAGE, 'data-testid="feedback-row"', show="never") == (2, 2)
    assert admin.get(PAGE, {"page": "junk"}).status_code == 200
    sheet = openpyxl.load_workbook(
        io.BytesIO(admin.get(PAGE, {"format": "xlsx", "page": "2"}).content)
    ).active
    assert sheet.max_row - 1 == 4


def test_a_hostile_answer_stays_text_in_the_export(
    world: World, django_capture_on_commit_callbacks: Capture
) -> None:
    request = _request(world, django_capture_on_commit_callbacks)
    hostile = '=HYPERLINK("http://evil.example","点我")'
    world.client_for(world.enterprise_admin).post(
        f"/partnerships/feedback/requests/{request.pk}/",
        _answer(comment=hostile + "\x00", skills_lacking="<script>alert(1)</script>"),
    )
    request.refresh_from_db()
    assert request.comment == hostile  # the NUL byte is dropped, nothing else
    admin = world.client_for(world.college_admin)
    page = admin.get(f"/partnerships/feedback/pulses/{request.pulse_id}/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    sheet = openpyxl.load_workbook(
        io.BytesIO(admin.get(f"/partnerships/feedback/pulses/{request.pulse_id}/?format=xlsx").content)
    ).active
    assert sheet.cell(row=2, column=7).value == "'" + hostile


def test_two_administrators_opening_the_same_term_at_once_get_a_clear_refusal(
    world: World, django_capture_on_commit_callbacks: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    _open(world, django_capture_on_commit_callbacks)
    monkeypatch.setattr(
        pulses, "_already_asked", lambda college, term: False
    )  # the other one's check ran first
    response = _open(world, django_capture_on_commit_callbacks)
    assert "already asked for this term" in response.content.decode()
    assert FeedbackPulse.objects.count() == 1 and PulseRequest.objects.count() == 1
