"""The "four collaborations" of a consortium (seed 002): collaborative education, talent cultivation,
employment and development, each read through indicators of the KPI framework over the consortium's
member colleges, against targets the consortium may set.

A consortium without its own configuration reads the default set below; the values are never
recomputed here, only read through ``kpis`` (so the consortium page, the indicators page and the XLSX
export agree).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from iehub.accounts.models import ConsortiumMember, Membership, Organization
from iehub.accounts.roles import OrgKind, Role
from iehub.core.audit import acting_as
from iehub.partnership import kpis
from iehub.partnership.models import Collaboration, CollaborationIndicator

DEFAULTS: dict[str, tuple[str, ...]] = {
    Collaboration.EDUCATION: (
        "curriculum_cooperation",
        "institutional_depth",
        "enterprise_weight_compliance",
    ),
    Collaboration.TALENT: ("dual_qualified", "real_production_bases", "alert_response", "change_cycle"),
    Collaboration.EMPLOYMENT: ("internship_cooperation", "internships", "round_match_rate"),
    Collaboration.DEVELOPMENT: ("platform_cooperation", "enterprise_feedback", "curriculum_suggestions"),
}
MAX_TARGET = 100_000.0


@dataclass(frozen=True)
class Reading:
    kpi: kpis.Kpi
    measure: kpis.Measure
    target: float | None

    @property
    def met(self) -> bool | None:
        if self.measure.value is None or self.target is None:
            return None
        if self.kpi.higher_is_better:
            return self.measure.value >= self.target
        return self.measure.value <= self.target


@dataclass(frozen=True)
class Dimension:
    key: str
    label: Any
    readings: list[Reading]

    @property
    def met(self) -> int:
        return sum(1 for r in self.readings if r.met)

    @property
    def judged(self) -> int:
        """Indicators with both a value and a target (the others cannot be met or missed)."""
        return sum(1 for r in self.readings if r.met is not None)


def member_colleges(consortium: Organization) -> list[int]:
    return list(
        ConsortiumMember.objects.filter(
            consortium=consortium, member__kind=OrgKind.COLLEGE, member__is_active=True
        ).values_list("member_id", flat=True)
    )


def configuration(consortium: Organization) -> dict[str, list[tuple[str, float | None]]]:
    """Each collaboration's indicators with their targets: the consortium's own, else the defaults
    with the KPIs' targets."""
    own = list(CollaborationIndicator.objects.filter(consortium=consortium).order_by("dimension", "pk"))
    if not own:
        return {dim: [(key, kpis.BY_KEY[key].target) for key in keys] for dim, keys in DEFAULTS.items()}
    found: dict[str, list[tuple[str, float | None]]] = {dim: [] for dim in Collaboration.values}
    for row in own:
        if row.kpi_key in kpis.BY_KEY:
            target = row.target if row.target is not None else kpis.BY_KEY[row.kpi_key].target
            found[row.dimension].append((row.kpi_key, target))
    return found


def collaborations(consortium: Organization) -> list[Dimension]:
    """The four collaborations read over the consortium's member colleges (the KPIs measured once, kept)."""
    colleges = member_colleges(consortium)
    config = configuration(consortium)
    # All measured at once and kept: the indicators page of the same colleges shares the values.
    measured = {kpi.key: measure for kpi, measure in kpis.measures(colleges)}
    dimensions = []
    for dim in Collaboration:
        readings = []
        for key, target in config.get(dim.value, []):
            readings.append(Reading(kpis.BY_KEY[key], measured[key], target))
        dimensions.append(Dimension(dim.value, dim.label, readings))
    return dimensions


def may_configure(user: Any, consortium: Organization) -> bool:
    return bool(
        user.is_superuser
        or Membership.objects.filter(
            user_id=user.pk, organization=consortium, role=Role.CONSORTIUM_OFFICER, is_active=True
        ).exists()
    )


def configure(
    actor: Any, consortium: Organization, rows: list[tuple[str, str, str]]
) -> list[CollaborationIndicator]:
    """Replace the consortium's indicator set: (collaboration, KPI key, target text or empty)."""
    if not may_configure(actor, consortium):
        raise PermissionDenied(_("Only the consortium's officers set its indicators."))
    chosen: list[CollaborationIndicator] = []
    for dimension, key, target_text in rows:
        if key not in kpis.BY_KEY:
            raise ValidationError({"kpi_key": _("Choose an indicator.")})
        if dimension not in Collaboration.values:
            raise ValidationError(
                {"dimension": _("%(indicator)s: choose one of the four collaborations.") % _named(key)}
            )
        chosen.append(
            CollaborationIndicator(
                consortium=consortium, dimension=dimension, kpi_key=key, target=_target(key, target_text)
            )
        )
    if not chosen:
        raise ValidationError({"kpi_key": _("Keep at least one indicator.")})
    with acting_as(actor):
        CollaborationIndicator.objects.filter(consortium=consortium).delete()
        return CollaborationIndicator.objects.bulk_create(chosen)


def _target(key: str, text: str) -> float | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise ValidationError(
            {"target": _("%(indicator)s: enter the target as a number.") % _named(key)}
        ) from None
    limit = 100.0 if kpis.BY_KEY[key].unit == kpis.PERCENT else MAX_TARGET
    if not 0 <= value <= limit:
        raise ValidationError(
            {
                "target": _("%(indicator)s: enter a target between 0 and %(limit)s.")
                % {**_named(key), "limit": f"{limit:g}"}
            }
        )
    return value


def _named(key: str) -> dict[str, str]:
    return {"indicator": str(kpis.BY_KEY[key].name)}
