"""``/api/v1/alerts``: the skill-alert inbox for machine clients (a college's own systems)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router, Schema

from iehub.core.api_support import Page, PageQuery, paged
from iehub.core.kept_pages import kept_answer
from iehub.core.limits import DbId
from iehub.core.scopes import ACTIVITY, ALERTS, PEOPLE, POSTINGS
from iehub.core.views_helpers import current_user as _user
from iehub.curriculum import alerts
from iehub.curriculum.models import AlertAssignment

router = Router(tags=["skill alerts"])


class AlertOut(Schema):
    id: int
    skill_uri: str
    skill: str
    period: str
    direction: str
    growth: float
    p_value: float
    program_id: int
    college_id: int
    state: str
    due_on: dt.date
    overdue: bool
    response: str
    note: str


class PlanIn(Schema):
    response: str
    note: str = ""


def _out(a: AlertAssignment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "skill_uri": a.alert.skill.uri,
        "skill": a.alert.skill.display_name,
        "period": a.alert.period,
        "direction": a.alert.direction,
        "growth": a.alert.growth,
        "p_value": a.alert.p_value,
        "program_id": a.program_id,
        "college_id": a.college_id,
        "state": a.state,
        "due_on": a.due_on,
        "overdue": alerts.is_overdue(a, timezone.localdate()),
        "response": a.response,
        "note": a.note,
    }


@router.get("/alerts", response=Page[AlertOut])
@kept_answer(ACTIVITY, ALERTS, PEOPLE, POSTINGS)
def list_alerts(request: HttpRequest, page: Query[PageQuery], state: str = "") -> dict[str, Any]:
    """Alerts for the caller's programs (program lead) or college (college administrator)."""
    qs = alerts.assignments_for(_user(request))
    return paged(qs.filter(state=state) if state else qs, page, _out)


@router.get("/alerts/{alert_id}", response=AlertOut)
def get_alert(request: HttpRequest, alert_id: DbId) -> dict[str, Any]:
    return _out(get_object_or_404(alerts.assignments_for(_user(request)), pk=alert_id))


@router.post("/alerts/{alert_id}/acknowledge", response=AlertOut)
def acknowledge(request: HttpRequest, alert_id: DbId) -> dict[str, Any]:
    user = _user(request)
    return _out(alerts.acknowledge(user, get_object_or_404(alerts.assignments_for(user), pk=alert_id)))


@router.post("/alerts/{alert_id}/plan", response=AlertOut)
def plan(request: HttpRequest, alert_id: DbId, payload: PlanIn) -> dict[str, Any]:
    user = _user(request)
    assignment = get_object_or_404(alerts.assignments_for(user), pk=alert_id)
    return _out(alerts.plan_response(user, assignment, payload.response, payload.note))


@router.post("/alerts/{alert_id}/done", response=AlertOut)
def done(request: HttpRequest, alert_id: DbId) -> dict[str, Any]:
    user = _user(request)
    return _out(alerts.complete(user, get_object_or_404(alerts.assignments_for(user), pk=alert_id)))
