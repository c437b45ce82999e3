"""School–enterprise partnerships (校企合作).

An enterprise sees a college's data only through an *active* partnership, so the partnership is part
of the foundation even though its depth indicators come later.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iehub.core.models import CHANGE, RestrictedQuerySet, TimeStampedModel

if TYPE_CHECKING:
    from iehub.accounts.models import User


class PartnershipQuerySet(RestrictedQuerySet):
    def active(self) -> PartnershipQuerySet:
        today = timezone.localdate()
        return self.filter(status=Partnership.Status.ACTIVE, started_on__lte=today).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today)
        )


class Partnership(TimeStampedModel):
    """A cooperation agreement between one college and one enterprise."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    college = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="enterprise_partnerships",
        limit_choices_to={"kind": "college"},
        verbose_name=_("college"),
    )
    enterprise = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="college_partnerships",
        limit_choices_to={"kind": "enterprise"},
        verbose_name=_("enterprise"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    started_on = models.DateField(_("started on"), default=timezone.localdate)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    # Cooperation forms surveyed in the enterprise study (several may apply).
    internships = models.BooleanField(_("internships and employment"), default=False)
    curriculum = models.BooleanField(_("curriculum development"), default=False)
    training_base = models.BooleanField(_("co-built training base"), default=False)
    joint_research = models.BooleanField(_("joint technology research"), default=False)
    service_platform = models.BooleanField(_("shared technology service platform"), default=False)

    objects = PartnershipQuerySet.as_manager()  # type: ignore[misc]  # narrower manager than the base

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["college_id", "enterprise_id"]
        constraints = [models.UniqueConstraint(fields=["college", "enterprise"], name="uniq_partnership")]

    def __str__(self) -> str:
        return f"{self.college} ↔ {self.enterprise}"

    def clean(self) -> None:
        errors = {}
        if self.college_id and self.college.kind != "college":
            errors["college"] = _("Choose a college.")
        if self.enterprise_id and self.enterprise.kind != "enterprise":
            errors["enterprise"] = _("Choose an enterprise.")
        if self.ends_on and self.started_on and self.ends_on < self.started_on:
            errors["ends_on"] = _("The end date is before the start date.")
        if errors:
            raise ValidationError(errors)

    @classmethod
    def scope_filter(cls, user: User, action: str) -> Q | None:
        from iehub.accounts import scoping

        if action == CHANGE:
            return Q(college_id__in=scoping.admin_org_ids(user))
        mine = scoping.member_org_ids(user)
        return (
            Q(college_id__in=mine)
            | Q(enterprise_id__in=mine)
            | Q(college_id__in=scoping.governed_org_ids(user))
        )
