"""The national rules for student internships as checks on a placement's facts (pure: no Django).

Source: 《职业学校学生实习管理规定》 (Ministry of Education and seven other ministries, 教职成〔2021〕4号),
see docs/internship-rules.md. Each check returns the field it concerns and a rule code; the practice
app turns codes into translated messages. Cognitive internships (认识实习) are visits: only the
agency, insurance and working-time rules apply to them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

POST_KINDS = frozenset({"shadowing", "post", "apprenticeship"})
MIN_AGE = 16
POST_MAX_MONTHS = 6
MIN_PAY_SHARE = Decimal("0.8")
MAX_DAILY_HOURS = Decimal("8")
MAX_WEEKLY_HOURS = Decimal("40")


@dataclass(frozen=True)
class PlacementFacts:
    kind: str
    starts_on: dt.date
    ends_on: dt.date
    birth_date: dt.date | None
    study_year: int
    agreement_signed: bool
    insured: bool
    via_agency: bool
    night_shifts: bool
    overtime: bool
    daily_hours: Decimal
    weekly_hours: Decimal
    stipend_monthly: Decimal | None
    probation_wage: Decimal | None


def age_on(birth: dt.date, day: dt.date) -> int:
    """Completed years of age on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def months_between(start: dt.date, end: dt.date) -> float:
    """Length of ``start``–``end`` (both included) in months of 30.44 days."""
    return ((end - start).days + 1) / 30.44


def violations(facts: PlacementFacts) -> list[tuple[str, str]]:
    """Every rule the placement breaks, as (field, rule code), in a stable order."""
    found: list[tuple[str, str]] = []
    on_post = facts.kind in POST_KINDS
    if facts.ends_on < facts.starts_on:
        found.append(("ends_on", "dates"))
    if on_post and facts.birth_date is None:
        found.append(("birth_date", "birth_date_needed"))
    elif on_post and facts.birth_date and age_on(facts.birth_date, facts.starts_on) < MIN_AGE:
        found.append(("birth_date", "minimum_age"))
    if on_post and facts.study_year <= 1:
        found.append(("study_year", "first_year"))
    if facts.kind == "post" and months_between(facts.starts_on, facts.ends_on) > POST_MAX_MONTHS + 0.5:
        found.append(("ends_on", "post_length"))
    if facts.via_agency:
        found.append(("via_agency", "agency"))
    if not facts.insured:
        found.append(("insurance_policy", "insurance"))
    if on_post and not facts.agreement_signed:
        found.append(("agreement_signed_on", "agreement"))
    if facts.night_shifts:
        found.append(("night_shifts", "night_shift"))
    if facts.overtime:
        found.append(("overtime", "overtime"))
    if facts.daily_hours > MAX_DAILY_HOURS or facts.weekly_hours > MAX_WEEKLY_HOURS:
        found.append(("daily_hours", "working_time"))
    if facts.kind in ("post", "apprenticeship"):
        if facts.probation_wage is None or facts.stipend_monthly is None:
            found.append(("stipend_monthly", "pay_unknown"))
        elif facts.stipend_monthly < facts.probation_wage * MIN_PAY_SHARE:
            found.append(("stipend_monthly", "pay"))
    return found
