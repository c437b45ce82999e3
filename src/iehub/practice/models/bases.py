"""Teaching through production: training bases (实训基地) and their equipment, booked without conflicts.

A base belongs to a college; an off-campus base sits at a partner enterprise. Whether it trains on real
production is recorded because the papers found only 40 % of co-built bases do.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iehub.core.models import TimeStampedModel, bilingual


class TrainingBase(TimeStampedModel):
    class Location(models.TextChoices):
        ON_CAMPUS = "on_campus", _("On campus")
        OFF_CAMPUS = "off_campus", _("Off campus (at the enterprise)")

    college = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        related_name="training_bases",
        verbose_name=_("college"),
    )
    partner = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_training_bases",
        verbose_name=_("partner enterprise"),
    )
    name = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    location = models.CharField(_("location"), max_length=12, choices=Location.choices)
    address = models.CharField(_("address"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(_("capacity (people)"))
    real_production = models.BooleanField(
        _("trains on real production"),
        default=False,
        help_text=_("Students work on the enterprise's real orders, not on exercises."),
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("training base")
        verbose_name_plural = _("training bases")
        ordering = ("college__name", "name")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return bilingual(self.name_en, self.name)


class Equipment(TimeStampedModel):
    """One bookable item of a base (a camera kit, a grading suite, a robot cell), by its asset number."""

    base = models.ForeignKey(
        TrainingBase, on_delete=models.CASCADE, related_name="equipment", verbose_name=_("training base")
    )
    code = models.CharField(_("asset number"), max_length=40)
    name = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("equipment")
        verbose_name_plural = _("equipment")
        ordering = ("base", "code")
        constraints = [models.UniqueConstraint(fields=("base", "code"), name="equipment_code_per_base")]

    def __str__(self) -> str:
        return f"{self.code} {self.display_name}"

    @property
    def display_name(self) -> str:
        return bilingual(self.name_en, self.name)


class Booking(TimeStampedModel):
    """A base (whole) or one item of its equipment, for a time span. Confirmed bookings of the same
    thing never overlap (``actions.book`` checks under a lock on the base)."""

    class State(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        CANCELLED = "cancelled", _("Cancelled")

    base = models.ForeignKey(
        TrainingBase, on_delete=models.CASCADE, related_name="bookings", verbose_name=_("training base")
    )
    equipment = models.ForeignKey(
        Equipment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("equipment"),
        help_text=_("Empty: the whole base."),
    )
    booked_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="bookings", verbose_name=_("booked by")
    )
    purpose = models.CharField(_("purpose"), max_length=200)
    headcount = models.PositiveIntegerField(_("people"), default=1)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.CONFIRMED)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ("starts_at", "id")
        indexes = [models.Index(fields=("base", "state", "starts_at"), name="booking_base_time")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="booking_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.thing} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def span(self) -> str:
        """When, in the platform's time: "09:00–12:00" within a day, with dates when it runs over days."""
        start, end = timezone.localtime(self.starts_at), timezone.localtime(self.ends_at)
        if start.date() == end.date():
            return f"{start:%H:%M}–{end:%H:%M}"
        return f"{start:%m-%d %H:%M} – {end:%m-%d %H:%M}"

    @property
    def thing(self) -> str:
        """What is booked, in words: the equipment item, or the base."""
        return str(self.equipment) if self.equipment_id else self.base.display_name
