"""Policy incentives for an enterprise, from its cooperation ledger: whether it meets the platform's
reading of the certified industry–education integration enterprise (产教融合型企业) criteria, how
much it spent on shared technology platforms and joint R&D in a tax year (the spending seed 001
proposes to count toward the R&D super-deduction), and an evidence pack of the records behind both.

The criteria here are a transparent checklist over the platform's records, not the authorities'
decision: each line says what was found, so the enterprise and the officer can see what is missing.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from iehub.accounts import permissions as accounts
from iehub.accounts.models import Organization, Partnership
from iehub.accounts.roles import OrgKind, Role
from iehub.core.tabular import write_xlsx
from iehub.engines import depth
from iehub.partnership import queries
from iehub.partnership.models import Activity, ActivityKind

YEARS_OF_COOPERATION = 2
DEEP_FORMS = (
    ActivityKind.TRAINING_BASE,
    ActivityKind.ORDER_CLASS,
    ActivityKind.APPRENTICESHIP,
    ActivityKind.JOINT_RESEARCH,
)
RND_KINDS = (ActivityKind.SHARED_PLATFORM, ActivityKind.JOINT_RESEARCH)
MAX_PACK_BYTES = 200 * 1024 * 1024  # an evidence pack over this lists the files instead of carrying them


@dataclass(frozen=True)
class Criterion:
    text: str
    met: bool
    found: str


@dataclass(frozen=True)
class Incentives:
    enterprise: Organization
    year: int
    criteria: list[Criterion]
    rnd_activities: list[Activity]
    rnd_spending: Decimal

    @property
    def eligible(self) -> bool:
        return all(c.met for c in self.criteria)


def enterprises_for(user: Any) -> QuerySet[Organization]:
    """The enterprises whose incentives the user may read."""
    found = Organization.objects.filter(kind=OrgKind.ENTERPRISE, is_active=True)
    if user.is_superuser:
        return found
    own = accounts.role_org_ids(user, (Role.ENTERPRISE_ADMIN,))
    return found.filter(Q(pk__in=own) | Q(pk__in=accounts.governed_org_ids(user)))


def _ledger(enterprise: Organization) -> QuerySet[Activity]:
    return queries.standing(Activity.objects.filter(partnership__enterprise=enterprise))


def incentives(enterprise: Organization, year: int) -> Incentives:
    today = timezone.localdate()
    partnerships = list(Partnership.objects.active().filter(enterprise=enterprise).select_related("college"))
    since = today - dt.timedelta(days=365 * YEARS_OF_COOPERATION)
    long_standing = [p for p in partnerships if p.started_on <= since]
    tiers = queries.assessments([p.pk for p in partnerships])
    deep = [p for p in partnerships if tiers[p.pk].tier >= depth.Tier.INSTITUTIONAL]
    forms = sorted(
        {
            str(ActivityKind(k).label)
            for k in queries.in_window(_ledger(enterprise))
            .filter(kind__in=DEEP_FORMS)
            .values_list("kind", flat=True)
        }
    )
    rnd = list(
        _ledger(enterprise)
        .filter(kind__in=RND_KINDS, starts_on__year=year)
        .select_related("partnership__college")
        .prefetch_related("evidence")
        .order_by("starts_on", "pk")
    )
    spending = sum((a.amount + a.equipment_value for a in rnd), Decimal(0))

    def names(rows: list[Partnership]) -> str:
        return "、".join(p.college.display_name for p in rows) or "—"

    criteria = [
        Criterion(
            _("An active partnership with a college for at least %(years)s years")
            % {"years": YEARS_OF_COOPERATION},
            bool(long_standing),
            names(long_standing),
        ),
        Criterion(_("A partnership at the institutional tier or deeper"), bool(deep), names(deep)),
        Criterion(
            _(
                "A co-built training base, an order class, a modern apprenticeship or joint R&D in the "
                "last twelve months"
            ),
            bool(forms),
            "、".join(forms) or "—",
        ),
    ]
    return Incentives(enterprise, year, criteria, rnd, spending)


def evidence_pack(found: Incentives) -> bytes:
    """A ZIP of the summary (XLSX) and every evidence file of the year's R&D activities."""
    header = [
        _("College"),
        _("Kind"),
        _("Activity"),
        _("Starts on"),
        _("Ends on"),
        _("Funding (yuan)"),
        _("Equipment value (yuan)"),
        _("Evidence"),
    ]
    rows = [
        [
            a.partnership.college.display_name,
            str(a.get_kind_display()),
            a.display_title,
            a.starts_on,
            a.ends_on or "",
            a.amount,
            a.equipment_value,
            "; ".join(e.name for e in a.evidence.all()),
        ]
        for a in found.rnd_activities
    ]
    criteria = [[c.text, _("yes") if c.met else _("no"), c.found] for c in found.criteria]
    buffer = io.BytesIO()
    carried = 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as pack:
        pack.writestr("summary.xlsx", write_xlsx([str(h) for h in header], rows, "rnd"))
        pack.writestr(
            "criteria.xlsx", write_xlsx([_("Criterion"), _("Met"), _("Found")], criteria, "criteria")
        )
        for activity in found.rnd_activities:
            for evidence in activity.evidence.all():
                carried += evidence.size
                if carried > MAX_PACK_BYTES:
                    continue  # listed in summary.xlsx; too large to carry
                with evidence.file.open("rb") as stored:
                    pack.writestr(f"evidence/{activity.pk}-{evidence.pk}.{evidence.extension}", stored.read())
    return buffer.getvalue()


def default_year() -> int:
    """The current tax year, so far (the page offers the closed years the deduction is claimed for)."""
    return timezone.localdate().year
