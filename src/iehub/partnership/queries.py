"""Reading the cooperation ledger: depth tiers, totals and each consortium member's contribution.

Every function takes ids or querysets already scoped by the caller and reads the ledger with a fixed
number of queries, whatever the number of partnerships.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy

from iehub.accounts.models import ConsortiumMember, Organization, Partnership
from iehub.accounts.roles import OrgKind
from iehub.engines import depth
from iehub.partnership.models import Activity

TIER_NAMES = {
    depth.Tier.DORMANT: gettext_lazy("Dormant"),
    depth.Tier.PHYSICAL: gettext_lazy("Physical"),
    depth.Tier.INSTITUTIONAL: gettext_lazy("Institutional"),
    depth.Tier.COGNITIVE: gettext_lazy("Cognitive"),
}


def partner_enterprises(colleges: Sequence[int]) -> QuerySet[Organization]:
    """The enterprises in an active partnership with any of the colleges, by code."""
    return Organization.objects.filter(
        id__in=Partnership.objects.active().filter(college_id__in=colleges).values("enterprise_id"),
        kind=OrgKind.ENTERPRISE,
    ).order_by("code")


def facts_of(partnership_ids: Iterable[int]) -> dict[int, list[depth.Fact]]:
    """Each partnership's standing (not voided) activities as the depth rules see them (one query)."""
    facts: dict[int, list[depth.Fact]] = defaultdict(list)
    rows = Activity.objects.filter(partnership_id__in=list(partnership_ids), voided_at__isnull=True)
    for pid, kind, starts, ends, hours in rows.values_list(
        "partnership_id", "kind", "starts_on", "ends_on", "hours"
    ):
        facts[pid].append(depth.Fact(kind, starts, ends, float(hours)))
    return facts


def assessments(
    partnership_ids: Sequence[int],
    as_of: dt.date | None = None,
    facts: dict[int, list[depth.Fact]] | None = None,
) -> dict[int, depth.Assessment]:
    """The depth tier of each partnership today (or on ``as_of``), with the conditions behind it; pass
    ``facts`` (from ``facts_of``) when the caller has read the ledger already."""
    day = as_of or timezone.localdate()
    found = facts_of(partnership_ids) if facts is None else facts
    return {pid: depth.assess(found.get(pid, []), day) for pid in partnership_ids}


def tier_counts(tiers: Iterable[depth.Tier]) -> dict[int, int]:
    """How many of the given tiers are each tier, every tier present (dormant first)."""
    counts = dict.fromkeys((int(t) for t in depth.Tier), 0)
    for tier in tiers:
        counts[int(tier)] += 1
    return counts


def tier_history(
    partnership_ids: Sequence[int], facts: dict[int, list[depth.Fact]], quarters: int = 8
) -> list[tuple[str, dict[int, int]]]:
    """For each of the last quarters, how many of the partnerships stood at each tier at its end."""
    return [
        (
            depth.quarter_label(end),
            tier_counts(depth.assess(facts.get(pid, []), end).tier for pid in partnership_ids),
        )
        for end in depth.quarter_ends(timezone.localdate(), quarters)
    ]


@dataclass
class Totals:
    """What a set of activities adds up to."""

    activities: int = 0
    students: int = 0
    hours: Decimal = Decimal(0)
    amount: Decimal = Decimal(0)
    equipment_value: Decimal = Decimal(0)
    by_kind: dict[str, int] = field(default_factory=dict)


SUMS = {
    "activities": Count("id"),
    "students_sum": Sum("students"),
    "hours_sum": Sum("hours"),
    "amount_sum": Sum("amount"),
    "equipment_sum": Sum("equipment_value"),
}


def _totals(row: dict[str, Any]) -> Totals:
    return Totals(
        activities=row["activities"] or 0,
        students=row["students_sum"] or 0,
        hours=row["hours_sum"] or Decimal(0),
        amount=row["amount_sum"] or Decimal(0),
        equipment_value=row["equipment_sum"] or Decimal(0),
    )


def standing(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    return activities.filter(voided_at__isnull=True)


def in_window(activities: QuerySet[Activity], as_of: dt.date | None = None) -> QuerySet[Activity]:
    """Activities running during the depth rules' window (the last twelve months)."""
    first, last = depth.window(as_of or timezone.localdate())
    return activities.filter(starts_on__lte=last).filter(Q(ends_on__gte=first) | Q(ends_on__isnull=True))


def totals(activities: QuerySet[Activity]) -> Totals:
    """Totals of standing activities, with the count per kind (two queries)."""
    rows = standing(activities)
    result = _totals(rows.aggregate(**SUMS))
    result.by_kind = dict(rows.values_list("kind").annotate(n=Count("id")).order_by("kind"))
    return result


@dataclass(frozen=True)
class Contribution:
    """A consortium member's cooperation over the last twelve months."""

    member: Organization
    role: str
    partnerships: int
    totals: Totals
    tiers: dict[int, int]


def _member_partnerships(member_ids: Any) -> QuerySet[Partnership]:
    return Partnership.objects.active().filter(Q(college_id__in=member_ids) | Q(enterprise_id__in=member_ids))


def consortium_totals(consortium: Organization) -> Totals:
    """What the members' active partnerships did in the last twelve months, each activity once (a
    partnership between two members is not counted twice)."""
    members = ConsortiumMember.objects.filter(consortium=consortium).values("member_id")
    return totals(in_window(Activity.objects.filter(partnership__in=_member_partnerships(members))))


def consortium_contributions(consortium: Organization) -> list[Contribution]:
    """Each member's partnerships (as college or enterprise), what they did in the last twelve months
    and where their partnerships stand — the material of the "four collaborations" review."""
    seats = list(
        ConsortiumMember.objects.filter(consortium=consortium)
        .select_related("member")
        .order_by("member__code")
    )
    member_ids = [s.member_id for s in seats]
    partnerships = list(_member_partnerships(member_ids).values_list("pk", "college_id", "enterprise_id"))
    tiers = assessments([pid for pid, _c, _e in partnerships])
    running = in_window(
        standing(Activity.objects.filter(partnership_id__in=[p for p, _c, _e in partnerships]))
    )
    per_partnership = {
        row["partnership_id"]: _totals(row)
        for row in running.values("partnership_id").annotate(**SUMS).order_by("partnership_id")
    }
    result = []
    for seat in seats:
        own = [pid for pid, college, enterprise in partnerships if seat.member_id in (college, enterprise)]
        summed = Totals()
        for pid in own:
            part = per_partnership.get(pid)
            if part is not None:
                summed.activities += part.activities
                summed.students += part.students
                summed.hours += part.hours
                summed.amount += part.amount
                summed.equipment_value += part.equipment_value
        counts = tier_counts(tiers[pid].tier for pid in own)
        result.append(Contribution(seat.member, seat.role, len(own), summed, counts))
    return result
