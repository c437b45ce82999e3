"""Enterprise suggestions (only 18.99 % of enterprises send any today)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from iehub.core.models import TimeStampedModel
from iehub.curriculum.models.programs import Program


class EnterpriseSuggestion(TimeStampedModel):
    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted: change request opened")
        DECLINED = "declined", _("Declined")

    enterprise = models.ForeignKey(
        "accounts.Organization",
        on_delete=models.CASCADE,
        related_name="curriculum_suggestions",
        verbose_name=_("enterprise"),
    )
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="suggestions", verbose_name=_("program")
    )
    author = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    title = models.CharField(pgettext_lazy("the title of a document", "title"), max_length=200)
    body = models.TextField(_("suggestion"))
    skill = models.ForeignKey(
        "taxonomy.Skill", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("skill")
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.SUBMITTED)
    decision_note = models.TextField(_("answer to the enterprise"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("enterprise curriculum suggestion")
        verbose_name_plural = _("enterprise curriculum suggestions")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title
