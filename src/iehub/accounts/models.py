"""Organisations, people and their memberships.

One person can hold several roles in several organisations (a teacher who is also an enterprise mentor,
an enterprise HR officer who sits in a consortium), so roles live on ``Membership``, never on ``User``.
Platform administrators are Django superusers.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iehub.accounts.roles import ROLES_BY_KIND, OrgKind, Role
from iehub.accounts.validators import validate_id_card_number, validate_phone
from iehub.core import reference
from iehub.core.models import RestrictedQuerySet, TimeStampedModel, bilingual

if TYPE_CHECKING:
    from collections.abc import Iterable


class Ownership(models.TextChoices):
    PRIVATE = "private", _("Private")
    STATE_OWNED = "state_owned", _("State-owned")
    JOINT_VENTURE_FOREIGN = "jv_foreign", _("Joint-venture or foreign")
    OTHER = "other", _("Other")


class Scale(models.TextChoices):
    SMALL = "small", _("Small")
    MEDIUM = "medium", _("Medium")
    LARGE = "large", _("Large")


class LittleGiant(models.TextChoices):
    NONE = "", _("No")
    PROVINCIAL = "provincial", _("Provincial Little Giant")
    NATIONAL = "national", _("National Little Giant")


class Recognition(models.TextChoices):
    """The highest recognition an enterprise holds, the category the enterprise survey reports."""

    SINGLE_CHAMPION = "single_champion", _("Manufacturing Single Champion")
    LITTLE_GIANT = "little_giant", _("Little Giant")
    SPECIALISED_SME = "specialised_sme", _("Specialised-and-new SME")
    NONE = "none", _("None")


# Attributes only an enterprise has (a college's form does not show them; validation refuses them).
ENTERPRISE_ONLY_FIELDS = (
    "ownership",
    "scale",
    "specialised_sme",
    "little_giant",
    "single_champion",
    "certified_iei",
)


class OrganizationQuerySet(RestrictedQuerySet):
    def enterprises(self) -> OrganizationQuerySet:
        return self.filter(kind=OrgKind.ENTERPRISE)


class Organization(TimeStampedModel):
    """A college, enterprise, government body, association, research institute or consortium."""

    kind = models.CharField(_("kind"), max_length=20, choices=OrgKind.choices, db_index=True)
    code = models.CharField(
        _("code"),
        max_length=32,
        unique=True,
        help_text=_("A short stable identifier, e.g. the unified social credit code or the college code."),
    )
    name = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    region_code = models.CharField(
        _("region"),
        max_length=6,
        blank=True,
        db_index=True,
        help_text=_("GB/T 2260 administrative division code (province or city)."),
    )
    industry = models.CharField(
        _("industry"), max_length=1, blank=True, help_text=_("GB/T 4754 section letter.")
    )
    ownership = models.CharField(_("ownership"), max_length=20, choices=Ownership.choices, blank=True)
    scale = models.CharField(_("scale"), max_length=10, choices=Scale.choices, blank=True)
    specialised_sme = models.BooleanField(_("specialised-and-new SME"), default=False)
    little_giant = models.CharField(
        _("Little Giant"), max_length=12, choices=LittleGiant.choices, blank=True, default=""
    )
    single_champion = models.BooleanField(_("manufacturing Single Champion"), default=False)
    certified_iei = models.BooleanField(
        _("certified industry–education integration enterprise"), default=False
    )
    province_code = models.CharField(_("province"), max_length=6, blank=True, db_index=True, editable=False)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = OrganizationQuerySet.as_manager()  # type: ignore[misc]  # narrower manager than the base

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["kind", "code"]
        indexes = [models.Index(fields=["kind", "ownership", "scale"])]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return bilingual(self.name_en, self.name)

    @property
    def region_name(self) -> str:
        return reference.region_name(self.region_code)

    @property
    def industry_name(self) -> str:
        return reference.industry_name(self.industry) if self.industry else ""

    @property
    def recognition(self) -> str:
        """Highest recognition held (Single Champion > Little Giant > specialised SME > none)."""
        if self.single_champion:
            return Recognition.SINGLE_CHAMPION
        if self.little_giant:
            return Recognition.LITTLE_GIANT
        if self.specialised_sme:
            return Recognition.SPECIALISED_SME
        return Recognition.NONE

    def get_recognition_display(self) -> str:
        return str(Recognition(self.recognition).label)

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Stored, not derived at query time, so a government body's province can scope by subquery.
        self.province_code = reference.province_code(self.region_code)
        if kwargs.get("update_fields") is not None and "region_code" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "province_code"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.region_code and self.region_code not in reference.REGIONS:
            errors["region_code"] = _("Unknown GB/T 2260 region code “%(code)s”.") % {
                "code": self.region_code
            }
        if self.industry and self.industry not in reference.INDUSTRY_SECTIONS:
            errors["industry"] = _("Unknown GB/T 4754 section “%(code)s”.") % {"code": self.industry}
        if self.kind == OrgKind.ENTERPRISE:
            if not self.ownership:
                errors["ownership"] = _("An enterprise needs an ownership type.")
            if not self.scale:
                errors["scale"] = _("An enterprise needs a scale.")
        else:
            for field in ENTERPRISE_ONLY_FIELDS:
                if getattr(self, field):
                    errors[field] = _("Only enterprises have this attribute.")
        if errors:
            raise ValidationError(errors)


class ConsortiumMember(TimeStampedModel):
    """An organisation's seat in an industry–education consortium or community (产教联合体)."""

    class MemberRole(models.TextChoices):
        LEAD = "lead", _("Lead")
        MEMBER = "member", _("Member")

    consortium = models.ForeignKey(
        Organization,
        on_delete=models.CASCADE,
        related_name="consortium_members",
        limit_choices_to={"kind": OrgKind.CONSORTIUM},
        verbose_name=_("consortium"),
    )
    member = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="consortium_seats", verbose_name=_("member")
    )
    role = models.CharField(_("role"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)

    class Meta:
        verbose_name = _("consortium member")
        verbose_name_plural = _("consortium members")
        constraints = [
            models.UniqueConstraint(fields=["consortium", "member"], name="uniq_consortium_member")
        ]

    def __str__(self) -> str:
        return f"{self.consortium} ← {self.member} ({self.get_role_display()})"

    def clean(self) -> None:
        if self.consortium_id and self.consortium.kind != OrgKind.CONSORTIUM:
            raise ValidationError({"consortium": _("Only a consortium can have members.")})
        if self.consortium_id and self.consortium_id == self.member_id:
            raise ValidationError({"member": _("A consortium cannot be its own member.")})


class PlatformUserManager(UserManager["User"]):
    def get_queryset(self) -> RestrictedQuerySet:
        return RestrictedQuerySet(self.model, using=self._db)

    def restrict(self, user: Any, action: str = "view") -> RestrictedQuerySet:
        return self.get_queryset().restrict(user, action)


class User(AbstractUser):
    """A person. Names are stored as the person writes them; ``name_en`` is for English pages."""

    full_name = models.CharField(_("full name"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    id_card_number = models.CharField(_("ID card number"), max_length=18, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, blank=True, choices=[("zh-hans", "中文"), ("en", "English")]
    )

    objects = PlatformUserManager()  # type: ignore[misc]  # adds restrict() to Django's user manager

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return bilingual(self.name_en, self.full_name or self.username)

    def clean(self) -> None:
        super().clean()

        errors: dict[str, Any] = {}
        for field, validator in (("phone", validate_phone), ("id_card_number", validate_id_card_number)):
            value = getattr(self, field)
            if value:
                try:
                    validator(value)
                except ValidationError as exc:
                    errors[field] = exc.messages
        if errors:
            raise ValidationError(errors)


class Membership(TimeStampedModel):
    """A person's role in an organisation, with the role's own attributes."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices, db_index=True)
    title = models.CharField(_("job title"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    # Teachers
    dual_qualified = models.BooleanField(_("dual-qualified teacher"), default=False)
    enterprise_practice_days = models.PositiveIntegerField(_("enterprise practice days"), default=0)
    # Students
    student_number = models.CharField(_("student number"), max_length=32, blank=True)
    program = models.ForeignKey(
        "curriculum.Program",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("program"),
    )
    cohort = models.PositiveSmallIntegerField(_("cohort"), null=True, blank=True)
    class_group = models.ForeignKey(
        "curriculum.ClassGroup",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("class"),
    )
    # A role the person accepted from another organisation's invitation. It lets that organisation work
    # with the person, but never gives its administrators their identifiers or their account (only the
    # person's home organisations, where they were entered, have that).
    invited = models.BooleanField(_("joined by invitation"), default=False)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organization_id", "role", "user_id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="uniq_membership_role"),
            models.UniqueConstraint(
                fields=["organization", "student_number"],
                condition=~Q(student_number=""),
                name="uniq_student_number_per_org",
            ),
        ]
        indexes = [models.Index(fields=["organization", "role", "is_active"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organization}"

    @property
    def is_student(self) -> bool:
        return self.role == Role.STUDENT

    @property
    def is_teacher(self) -> bool:
        return self.role == Role.TEACHER

    def _related(self, name: str) -> Any:
        """A related object, or ``None`` when its id points nowhere (``clean_fields`` reports that)."""
        try:
            return getattr(self, name)
        except ObjectDoesNotExist:
            return None

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        organization, program, class_group = (
            self._related("organization"),
            self._related("program"),
            self._related("class_group"),
        )
        if self.role and self.role not in Role.values:
            raise ValidationError({"role": _("Choose one of the allowed values.")})
        if organization is not None and self.role:
            allowed = ROLES_BY_KIND.get(organization.kind, ())
            if self.role not in allowed:
                errors["role"] = _("The role “%(role)s” does not exist in a %(kind)s.") % {
                    "role": Role(self.role).label,
                    "kind": organization.get_kind_display(),
                }
        if self.role == Role.STUDENT:
            if not self.student_number:
                errors["student_number"] = _("A student needs a student number.")
            if not self.program_id:
                errors["program"] = _("A student needs a program.")
            if not self.cohort:
                errors["cohort"] = _("A student needs a cohort (year of entry).")
        elif self.student_number or self.class_group_id or self.cohort:
            errors["role"] = _("Student number, cohort and class apply to students only.")
        if self.role == Role.PROGRAM_LEAD and not self.program_id:
            errors["program"] = _("A program lead needs a program.")
        if program is not None and organization is not None and program.college_id != organization.pk:
            errors["program"] = _("The program belongs to another college.")
        if class_group is not None and program is not None and class_group.program_id != program.pk:
            errors["class_group"] = _("The class belongs to another program.")
        if self.role != Role.TEACHER and (self.dual_qualified or self.enterprise_practice_days):
            errors["dual_qualified"] = _("Dual qualification applies to teachers only.")
        if errors:
            raise ValidationError(errors)


class ApiTokenQuerySet(RestrictedQuerySet):
    def usable(self) -> ApiTokenQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


class ApiToken(TimeStampedModel):
    """A per-user secret for machine clients. Only a hash is stored; the secret is shown once."""

    class Scope(models.TextChoices):
        READ = "read", _("Read only")
        WRITE = "write", _("Read and write")

    PREFIX = "iehub_"

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("person")
    )
    name = models.CharField(_("name"), max_length=100)
    key_prefix = models.CharField(_("key prefix"), max_length=16, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.READ)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()  # type: ignore[misc]  # narrower manager than the base

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def new_key(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())


class Invitation(TimeStampedModel):
    """An organisation's offer of a role to a person who belongs elsewhere; a membership only on consent.

    Why: a membership lets an organisation see and contact the person. Adding someone from another
    organisation without asking was an account takeover path, so it needs the person's own yes.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        REVOKED = "revoked", _("Withdrawn")

    person = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("person")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    title = models.CharField(_("job title"), max_length=100, blank=True)
    message = models.TextField(_("message"), blank=True, max_length=2000)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("invited by")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    expires_at = models.DateTimeField(_("expires at"))
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organization", "role"],
                condition=Q(status="pending"),
                name="uniq_pending_invitation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organization} → {self.person} ({self.get_role_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.PENDING and self.expires_at > timezone.now()


class EmailChange(TimeStampedModel):
    """A requested change of e-mail address, applied only once confirmed from the old address.

    Why: the address is where password resets go. Whoever may edit a profile could otherwise move the
    address and reset the password; the owner of the old address has to say yes first.
    """

    person = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="email_changes", verbose_name=_("person")
    )
    old_email = models.EmailField(_("old e-mail"))
    new_email = models.EmailField(_("new e-mail"))
    requested_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("requested by")
    )
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("expires at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail change")
        verbose_name_plural = _("e-mail changes")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.person}: {self.old_email} → {self.new_email}"

    @property
    def is_open(self) -> bool:
        return self.confirmed_at is None and self.cancelled_at is None and self.expires_at > timezone.now()


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
    scope = models.TextField(_("scope of the agreement"), blank=True, max_length=4000)
    # Cooperation forms surveyed in the enterprise study (several may apply); derived from the
    # partnership app's cooperation ledger, which keeps them in step.
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


def roles_of(memberships: Iterable[Membership]) -> set[str]:
    return {m.role for m in memberships if m.is_active}
