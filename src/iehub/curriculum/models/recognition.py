"""Curriculum–certificate integration (课证融通): the certificate catalogue, recognition rules and
requests, and the transcript."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from iehub.core.models import TimeStampedModel, bilingual
from iehub.curriculum.models.matrix import Level
from iehub.curriculum.models.programs import Program


class Certificate(TimeStampedModel):
    """A certificate in the catalogue: vendor, national 1+X, or occupational skill level."""

    class Kind(models.TextChoices):
        VENDOR = "vendor", _("Vendor certificate")
        ONE_PLUS_X = "1+x", _("1+X vocational skill certificate")
        SKILL_LEVEL = "skill_level", _("Occupational skill level")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name (Chinese)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    issuer = models.CharField(_("issuer"), max_length=150)
    issuer_en = models.CharField(_("issuer (English)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=40, blank=True)
    level_en = models.CharField(_("level (English)"), max_length=60, blank=True)
    skills = models.ManyToManyField(  # type: ignore[var-annotated]
        "taxonomy.Skill",
        through="CertificateSkill",
        related_name="certificates",
        verbose_name=_("competencies"),
    )

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return f"{self.name} {self.level}".strip()

    @property
    def display_name(self) -> str:
        return f"{bilingual(self.name_en, self.name)} {bilingual(self.level_en, self.level)}".strip()

    @property
    def display_issuer(self) -> str:
        return bilingual(self.issuer_en, self.issuer)


class CertificateSkill(models.Model):
    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE)
    skill = models.ForeignKey("taxonomy.Skill", on_delete=models.PROTECT, verbose_name=_("skill"))
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, default=Level.PRACTISED)

    class Meta:
        verbose_name = _("certificate competency")
        verbose_name_plural = _("certificate competencies")
        constraints = [
            models.UniqueConstraint(fields=["certificate", "skill"], name="uniq_certificate_skill")
        ]

    def __str__(self) -> str:
        return f"{self.certificate_id}: {self.skill_id}"


class RecognitionRule(TimeStampedModel):
    """A certificate substitutes a module's credits in a program (identified by the module's code, so
    the rule survives new curriculum versions)."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="recognition_rules", verbose_name=_("program")
    )
    certificate = models.ForeignKey(
        Certificate, on_delete=models.PROTECT, related_name="rules", verbose_name=_("certificate")
    )
    module_code = models.CharField(_("module code"), max_length=24)
    module_name = models.CharField(_("module"), max_length=150)
    module_name_en = models.CharField(_("module (English)"), max_length=200, blank=True)
    credits = models.DecimalField(_("credits"), max_digits=4, decimal_places=1)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("credit recognition rule")
        verbose_name_plural = _("credit recognition rules")
        ordering = ["program_id", "module_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "certificate", "module_code"], name="uniq_recognition_rule"
            )
        ]

    def __str__(self) -> str:
        return f"{self.certificate} → {self.module_code}"

    @property
    def display_module(self) -> str:
        return f"{self.module_code} {bilingual(self.module_name_en, self.module_name)}"


class RecognitionRequest(TimeStampedModel):
    """A student asks for a module's credits on the strength of a certificate."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    student = models.ForeignKey(
        "accounts.User",
        on_delete=models.CASCADE,
        related_name="recognition_requests",
        verbose_name=_("student"),
    )
    rule = models.ForeignKey(
        RecognitionRule, on_delete=models.PROTECT, related_name="requests", verbose_name=_("rule")
    )
    certificate_number = models.CharField(_("certificate number"), max_length=60)
    obtained_on = models.DateField(_("obtained on"))
    evidence = models.FileField(_("evidence"), upload_to="recognition/%Y/", blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("recognition request")
        verbose_name_plural = _("recognition requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.student} {self.rule}"


class TranscriptEntry(TimeStampedModel):
    """A line on a student's transcript. Append-only: a correction is a new entry."""

    class Source(models.TextChoices):
        CERTIFICATE = "certificate", _("Certificate recognition")

    student = models.ForeignKey(
        "accounts.User", on_delete=models.CASCADE, related_name="transcript", verbose_name=_("student")
    )
    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="+", verbose_name=_("program")
    )
    module_code = models.CharField(_("module code"), max_length=24)
    module_name = models.CharField(_("module"), max_length=150)
    module_name_en = models.CharField(_("module (English)"), max_length=200, blank=True)
    credits = models.DecimalField(_("credits"), max_digits=4, decimal_places=1)
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    recognition = models.OneToOneField(
        RecognitionRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="transcript_entry"
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("transcript entry")
        verbose_name_plural = _("transcript entries")
        ordering = ["student_id", "created_at"]

    def __str__(self) -> str:
        return f"{self.student}: {self.module_code} {self.credits}"

    @property
    def display_module(self) -> str:
        return f"{self.module_code} {bilingual(self.module_name_en, self.module_name)}"

    @property
    def display_note(self) -> str:
        """A recognised certificate's entry names it in the reader's language; other notes as written."""
        if self.recognition is not None:
            certificate = self.recognition.rule.certificate
            return f"{certificate.display_name} {self.recognition.certificate_number}"
        return self.note
