"""Skill alerts: a significant change in demand for a skill, recorded with its evidence and announced.

Demand only raises alerts; who must answer them, and how, is the college side's business
(``curriculum.alerts`` receives ``signals.alert_raised`` and routes each alert to the programs
concerned, with their 30-day response clock).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from iehub.demand.models import SkillAlert
from iehub.demand.signals import alert_raised
from iehub.engines.surge import Alert, Panel
from iehub.taxonomy.models import Skill


@transaction.atomic
def raise_alert(
    skill: Skill,
    period: str,
    direction: str,
    growth: float,
    p_value: float,
    evidence: dict[str, Any] | None = None,
    now: dt.datetime | None = None,
    notify: bool = True,
) -> SkillAlert:
    """Record an alert (once per skill, period and direction) and announce it, in the same transaction,
    to whoever answers alerts (``notify``: e-mail them; the demo loader does not). Raising it again
    changes nothing."""
    now = now or timezone.now()
    alert, created = SkillAlert.objects.get_or_create(
        skill=skill,
        period=period,
        direction=direction,
        defaults={"growth": growth, "p_value": p_value, "evidence": evidence or {}},
    )
    if created:
        alert_raised.send(sender=SkillAlert, alert=alert, now=now, notify=notify)
    return alert


def evidence_series(panel: Panel, skill_key: str) -> list[dict[str, Any]]:
    """The skill's postings and all postings per period, as stored with an alert."""
    counts = panel.counts.get(skill_key)
    if counts is None:
        return []
    return [
        {"period": str(period), "count": int(count), "total": int(total)}
        for period, count, total in zip(panel.periods, counts, panel.totals, strict=True)
    ]


def raise_detected(
    panel: Panel, detected: Iterable[Alert], now: dt.datetime | None = None, notify: bool = True
) -> tuple[list[SkillAlert], int]:
    """Alerts for the detector's findings on skills the taxonomy knows (by URI, English or Chinese label),
    with the series as evidence. Returns the alerts and how many findings named unknown skills."""
    raised, unknown = [], 0
    for found in detected:
        skill = Skill.objects.filter(
            Q(uri=found.skill) | Q(label_en=found.skill) | Q(label_zh=found.skill)
        ).first()
        if skill is None:
            unknown += 1
            continue
        evidence = {
            "count": found.count,
            "expected": round(found.expected, 1),
            "q_value": found.q_value,
            "series": evidence_series(panel, found.skill),
            **found.evidence(),
        }
        raised.append(
            raise_alert(
                skill,
                found.period,
                found.direction,
                found.growth,
                found.p_value,
                evidence,
                now=now,
                notify=notify,
            )
        )
    return raised, unknown
