"""The professional development committee (专业建设委员会) and curriculum change requests."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from iehub.core.models import TimeStampedModel
from iehub.curriculum.models.programs import Program
from iehub.curriculum.models.versions import CurriculumVersion


class CommitteeMember(TimeStampedModel):
    """A seat on a program's committee; enterprise people sit on it too."""

    class Seat(models.TextChoices):
        CHAIR = "chair", pgettext_lazy("committee seat", "Chair")
        MEMBER = "member", pgettext_lazy("committee seat", "Member")

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="committee", verbose_name=_("program")
    )
    user = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="committee_seats", verbose_name=_("person")
    )
    seat = models.CharField(_("seat"), max_length=8, choices=Seat.choices, default=Seat.MEMBER)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["program_id", "seat", "id"]
        constraints = [models.UniqueConstraint(fields=["program", "user"], name="uniq_committee_seat")]

    def __str__(self) -> str:
        return f"{self.program}: {self.user}"


class ChangeOrigin(models.TextChoices):
    ALERT = "alert", _("Skill alert")
    COHORT_WEAKNESS = "cohort_weakness", _("Cohort weakness")
    ENTERPRISE_SUGGESTION = "enterprise_suggestion", _("Enterprise suggestion")
    TEACHER = "teacher", _("Teacher proposal")
    IMPORT = "import", _("Imported curriculum file")


class ChangeRequest(TimeStampedModel):
    """A proposal to change a program's curriculum, carried by a draft version to a committee decision.

    Cycle time runs from creation to decision; the papers' target is under three months (today ~six).
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In committee review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="change_requests", verbose_name=_("program")
    )
    title = models.CharField(pgettext_lazy("the title of a document", "title"), max_length=200)
    rationale = models.TextField(_("rationale"))
    origin = models.CharField(_("origin"), max_length=24, choices=ChangeOrigin.choices)
    alert_assignment = models.ForeignKey(
        "curriculum.AlertAssignment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="change_requests",
        verbose_name=_("skill alert"),
    )
    suggestion = models.ForeignKey(
        "curriculum.EnterpriseSuggestion",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="change_requests",
        verbose_name=_("enterprise suggestion"),
    )
    proposed_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("proposed by")
    )
    base_version = models.ForeignKey(
        CurriculumVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current version"),
    )
    proposed_version = models.OneToOneField(
        CurriculumVersion,
        on_delete=models.PROTECT,
        related_name="change_request",
        verbose_name=_("proposed version"),
    )
    effective_term = models.CharField(
        _("effective from term"), max_length=12, help_text=_("e.g. 2026-2027-1")
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_reason = models.TextField(_("reasons for the decision"), blank=True)

    class Meta:
        verbose_name = _("curriculum change request")
        verbose_name_plural = _("curriculum change requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def cycle_days(self) -> int | None:
        """Days from submission to the committee to decision (the papers' approval time); None while
        undecided."""
        if self.decided_at is None:
            return None
        return (self.decided_at - (self.submitted_at or self.created_at)).days


class ChangeVote(TimeStampedModel):
    class Choice(models.TextChoices):
        APPROVE = "approve", _("Approve")
        REJECT = "reject", _("Reject")
        ABSTAIN = "abstain", _("Abstain")

    request = models.ForeignKey(ChangeRequest, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(CommitteeMember, on_delete=models.CASCADE, related_name="votes")
    choice = models.CharField(_("vote"), max_length=8, choices=Choice.choices)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("committee vote")
        verbose_name_plural = _("committee votes")
        constraints = [models.UniqueConstraint(fields=["request", "member"], name="uniq_vote")]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.choice}"


class ChangeComment(TimeStampedModel):
    request = models.ForeignKey(ChangeRequest, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("comment"))

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:40]
