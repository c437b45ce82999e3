"""Use cases that write organisations, people, memberships and tokens (Zulip's ``do_*`` pattern).

Each function checks the actor's permission, validates, writes inside a transaction and leaves an
audit entry attributed to the actor (also for API-token callers, whom the audit middleware cannot see).
Views and the API only parse input and call these.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from iehub.accounts.models import ApiToken, EmailChange, Invitation, Membership, Organization, User
from iehub.core.audit import acting_as
from iehub.core.mailing import absolute_url, mail_address
from iehub.core.models import CHANGE
from iehub.core.notifications import notify

ORG_EDITABLE_FIELDS = (
    "name",
    "name_en",
    "region_code",
    "industry",
    "ownership",
    "scale",
    "specialised_sme",
    "little_giant",
    "single_champion",
    "certified_iei",
    "website",
    "description",
    "is_active",
)
ORG_CREATE_FIELDS = ("kind", "code", *ORG_EDITABLE_FIELDS)
PERSON_FIELDS = ("full_name", "name_en", "email", "phone", "id_card_number", "preferred_language")
INVITATION_DAYS = 14
EMAIL_CHANGE_DAYS = 3
MEMBERSHIP_EDITABLE_FIELDS = (
    "title",
    "is_active",
    "dual_qualified",
    "enterprise_practice_days",
    "student_number",
    "program",
    "program_id",
    "cohort",
    "class_group",
    "class_group_id",
)
MEMBERSHIP_KEY_FIELDS = ("user", "user_id", "organization", "organization_id", "role")


def _assign(instance: Any, data: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    """Set the allowed fields; an unknown field, or ``null`` for a field that cannot be empty, is an
    error naming the field (the database would refuse it with a server error)."""
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError({field: _("This field cannot be set here.") for field in sorted(unknown)})
    nulls = [f for f, v in data.items() if v is None and not _nullable(instance, f)]
    if nulls:
        raise ValidationError({field: _("This field cannot be empty.") for field in sorted(nulls)})
    for field, value in data.items():
        setattr(instance, field, value)


def _nullable(instance: Any, name: str) -> bool:
    field = next((f for f in instance._meta.concrete_fields if name in (f.name, f.attname)), None)
    return field is None or bool(field.null)


def _require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied(_("You do not have permission to do this."))


def create_organization(actor: User, data: Mapping[str, Any]) -> Organization:
    """Register an organisation. Platform administrators only: organisations are vetted on entry."""
    _require(actor.is_superuser)
    org = Organization()
    _assign(org, data, ORG_CREATE_FIELDS)
    org.full_clean()
    with acting_as(actor):
        org.save()
    return org


def update_organization(actor: User, org: Organization, data: Mapping[str, Any]) -> Organization:
    """Change an organisation's profile; its administrators and platform administrators may."""
    _require(Organization.objects.restrict(actor, CHANGE).filter(pk=org.pk).exists())
    _assign(org, data, ORG_EDITABLE_FIELDS)
    org.full_clean()
    with acting_as(actor):
        org.save()
    return org


def create_person(actor: User, person_data: Mapping[str, Any], membership_data: Mapping[str, Any]) -> User:
    """Create a person together with their first membership, in an organisation the actor administers.

    The person gets no password; they set one through the password-reset e-mail.
    """
    person = User(username=str(person_data.get("username", "")))
    _assign(person, {k: v for k, v in person_data.items() if k != "username"}, PERSON_FIELDS)
    person.set_unusable_password()
    person.full_clean(exclude=["password"])
    membership = Membership(user=person)
    _assign(membership, membership_data, (*MEMBERSHIP_KEY_FIELDS[2:], *MEMBERSHIP_EDITABLE_FIELDS))
    _require(_administers(actor, membership.organization_id))
    membership.full_clean(exclude=["user"])
    with acting_as(actor):
        person.save()
        membership.user = person
        membership.save()
    return person


def update_person(actor: User, person: User, data: Mapping[str, Any]) -> User:
    """Change a person's profile: themself, or an administrator of one of their home organisations.

    A new e-mail address is not stored at once when the person has one: it waits for confirmation
    from the old address (``request_email_change``), because the address is where password resets go.
    """
    _require(User.objects.restrict(actor, CHANGE).filter(pk=person.pk).exists())
    fields = dict(data)
    new_email = fields.pop("email", None)
    changes_email = new_email is not None and new_email.strip().lower() != person.email.lower()
    if changes_email and not person.email:
        fields["email"] = new_email  # nothing to confirm from; the new address is told below
    _assign(person, fields, PERSON_FIELDS)
    person.full_clean(exclude=["password"])
    with acting_as(actor):
        person.save()
        if changes_email and "email" not in fields:
            request_email_change(actor, person, str(new_email))
        elif changes_email:
            transaction.on_commit(lambda: _tell_email_changed(person, old_email=""))
    return person


def request_email_change(actor: User, person: User, new_email: str) -> EmailChange:
    """Ask the owner of the old address to confirm a new one; earlier open requests are cancelled."""
    _require(User.objects.restrict(actor, CHANGE).filter(pk=person.pk).exists())
    token = secrets.token_urlsafe(32)
    change = EmailChange(
        person=person,
        old_email=person.email,
        new_email=new_email.strip(),
        requested_by=actor,
        token_hash=ApiToken.hash_key(token),
        expires_at=timezone.now() + dt.timedelta(days=EMAIL_CHANGE_DAYS),
    )
    try:
        change.full_clean(exclude=["person", "requested_by"])
    except ValidationError as exc:
        raise ValidationError({"email": exc.message_dict.get("new_email", exc.messages)}) from exc
    with acting_as(actor):
        open_changes = EmailChange.objects.filter(person=person, confirmed_at=None, cancelled_at=None)
        open_changes.update(cancelled_at=timezone.now())
        change.save()
    link = absolute_url(reverse("email_change_confirm", args=[token]))

    def message() -> tuple[str, str]:
        return (
            _("Confirm the new e-mail address of your iehub account"),
            _(
                "Someone asked to change the e-mail address of your iehub account (%(username)s) "
                "from %(old)s to %(new)s. Password resets will go to the new address.\n\n"
                "If this is right, confirm it here within %(days)s days:\n%(link)s\n\n"
                "If you did not ask for this, ignore this e-mail: nothing changes."
            )
            % {
                "username": person.username,
                "old": change.old_email,
                "new": change.new_email,
                "days": EMAIL_CHANGE_DAYS,
                "link": link,
            },
        )

    transaction.on_commit(lambda: mail_address(change.old_email, person.preferred_language, message))
    return change


def email_change_for_token(token: str) -> EmailChange | None:
    """The open change request behind a confirmation link; ``None`` when unknown, used or expired."""
    change = EmailChange.objects.select_related("person").filter(token_hash=ApiToken.hash_key(token)).first()
    return change if change is not None and change.is_open else None


def confirm_email_change(change: EmailChange) -> User:
    """Apply a confirmed change and tell both addresses (the old one in case the link was forwarded)."""
    person = change.person
    if not change.is_open or person.email != change.old_email:
        raise ValidationError(_("This confirmation link is no longer valid."))
    with acting_as(person):
        person.email = change.new_email
        person.save(update_fields=["email"])
        change.confirmed_at = timezone.now()
        change.save(update_fields=["confirmed_at", "updated_at"])
    transaction.on_commit(lambda: _tell_email_changed(person, old_email=change.old_email))
    return person


def _tell_email_changed(person: User, old_email: str) -> None:
    def message() -> tuple[str, str]:
        return (
            _("The e-mail address of your iehub account has changed"),
            _(
                "The e-mail address of your iehub account (%(username)s) is now %(new)s. "
                "If you did not expect this, tell your organisation's administrator at once."
            )
            % {"username": person.username, "new": person.email},
        )

    for address in {old_email, person.email} - {""}:
        mail_address(address, person.preferred_language, message)


def pending_email(person: User) -> str:
    """The address waiting for confirmation, if any (shown to whoever may see the person's e-mail)."""
    change = EmailChange.objects.filter(
        person=person, confirmed_at=None, cancelled_at=None, expires_at__gt=timezone.now()
    ).first()
    return change.new_email if change is not None else ""


def _administers(actor: User, organization_id: int | None) -> bool:
    if organization_id is None:
        return False
    return Organization.objects.restrict(actor, CHANGE).filter(pk=organization_id).exists()


def create_membership(actor: User, data: Mapping[str, Any]) -> Membership:
    """Give a person a role in an organisation the actor administers, directly.

    Only for people whose account the actor already answers for (themself, or someone of a home
    organisation the actor administers). Anyone else is invited and decides (``invite``): a membership
    exposes the person to the organisation, so it never happens without them or their home's admin.
    """
    membership = Membership()
    _assign(membership, data, (*MEMBERSHIP_KEY_FIELDS, *MEMBERSHIP_EDITABLE_FIELDS))
    _require(_administers(actor, membership.organization_id))
    if not User.objects.restrict(actor, CHANGE).filter(pk=membership.user_id).exists():
        raise PermissionDenied(
            _("This person belongs to another organisation: invite them, and they decide whether to join.")
        )
    # Adding oneself gives the organisation's other administrators no power over one's account.
    membership.invited = membership.user_id == actor.pk and not actor.is_superuser
    membership.full_clean()
    with acting_as(actor):
        membership.save()
    return membership


def invite(actor: User, data: Mapping[str, Any]) -> Invitation:
    """Offer a person a role in an organisation the actor administers; they accept or decline it."""
    invitation = Invitation(invited_by=actor)
    _assign(
        invitation,
        data,
        ("person", "person_id", "organization", "organization_id", "role", "title", "message"),
    )
    _require(_administers(actor, invitation.organization_id))
    # Only people the actor can already see: inviting by guessing ids must not reveal who exists.
    if not User.objects.restrict(actor).filter(pk=invitation.person_id, is_active=True).exists():
        raise ValidationError({"person_id": _("No such person among the people you can see.")})
    invitation.expires_at = timezone.now() + dt.timedelta(days=INVITATION_DAYS)
    invitation.full_clean(exclude=["invited_by"], validate_constraints=False)
    _check_role(invitation)
    if Membership.objects.filter(
        user_id=invitation.person_id,
        organization_id=invitation.organization_id,
        role=invitation.role,
        is_active=True,
    ).exists():
        raise ValidationError({"role": _("The person already has this role here.")})
    if Invitation.objects.filter(
        person_id=invitation.person_id,
        organization_id=invitation.organization_id,
        role=invitation.role,
        status=Invitation.Status.PENDING,
    ).exists():
        raise ValidationError({"role": _("An invitation for this role is already waiting for an answer.")})
    with acting_as(actor):
        invitation.save()
    path = reverse("invitation_list")
    link = absolute_url(path)

    def message() -> tuple[str, str]:
        return (
            _("Invitation from %(organization)s") % {"organization": invitation.organization.display_name},
            _("%(organization)s invites you to join as %(role)s on iehub. Accept or decline here:\n%(link)s")
            % {
                "organization": invitation.organization.display_name,
                "role": invitation.get_role_display(),
                "link": link,
            },
        )

    person = invitation.person
    transaction.on_commit(lambda: notify([person], "invitation", message, path))
    return invitation


def _check_role(invitation: Invitation) -> None:
    """Roles offered by invitation are the organisation's staff roles (a student is enrolled, not invited)."""
    trial = Membership(organization=invitation.organization, role=invitation.role, title=invitation.title)
    try:
        trial.clean()
    except ValidationError as exc:
        raise ValidationError({"role": exc.message_dict.get("role", exc.messages)}) from exc


def answer_invitation(actor: User, invitation: Invitation, accept: bool) -> Invitation:
    """The invited person accepts (a membership is created, marked as joined by invitation) or declines."""
    if invitation.person_id != actor.pk:
        raise PermissionDenied(_("Only the invited person can answer an invitation."))
    if not invitation.is_open:
        raise ValidationError(_("This invitation is no longer open."))
    with acting_as(actor):
        invitation.status = Invitation.Status.ACCEPTED if accept else Invitation.Status.DECLINED
        invitation.responded_at = timezone.now()
        invitation.save(update_fields=["status", "responded_at", "updated_at"])
        if accept:
            membership, created = Membership.objects.get_or_create(
                user=actor,
                organization=invitation.organization,
                role=invitation.role,
                defaults={"title": invitation.title, "invited": True},
            )
            if not created and not membership.is_active:
                membership.is_active = True
                membership.save(update_fields=["is_active", "updated_at"])
    return invitation


def revoke_invitation(actor: User, invitation: Invitation) -> Invitation:
    """Withdraw an open invitation; administrators of the inviting organisation may."""
    _require(Invitation.objects.restrict(actor, CHANGE).filter(pk=invitation.pk).exists())
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(_("This invitation is no longer open."))
    with acting_as(actor):
        invitation.status = Invitation.Status.REVOKED
        invitation.responded_at = timezone.now()
        invitation.save(update_fields=["status", "responded_at", "updated_at"])
    return invitation


def update_membership(actor: User, membership: Membership, data: Mapping[str, Any]) -> Membership:
    """Change a membership's role attributes (or end it with ``is_active=False``)."""
    _require(Membership.objects.restrict(actor, CHANGE).filter(pk=membership.pk).exists())
    _assign(membership, data, MEMBERSHIP_EDITABLE_FIELDS)
    membership.full_clean()
    with acting_as(actor):
        membership.save()
    return membership


def create_api_token(
    actor: User, name: str, scope: str = ApiToken.Scope.READ, expires_at: dt.datetime | None = None
) -> tuple[ApiToken, str]:
    """Issue a token for the actor's own machine clients; returns the token and its secret (shown once)."""
    key = ApiToken.new_key()
    token = ApiToken(
        user=actor,
        name=name.strip(),
        scope=scope,
        expires_at=expires_at,
        key_prefix=key[len(ApiToken.PREFIX) : len(ApiToken.PREFIX) + 8],
        key_hash=ApiToken.hash_key(key),
    )
    token.full_clean()
    with acting_as(actor):
        token.save()
    return token, key


def revoke_api_token(actor: User, token: ApiToken) -> ApiToken:
    """Revoke one of the actor's tokens; revoking twice changes nothing."""
    _require(token.user_id == actor.pk or actor.is_superuser)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        with acting_as(actor):
            token.save(update_fields=["revoked_at", "updated_at"])
    return token


def is_locked_out(user: User) -> bool:
    """Whether the login lockout holds for this account (from any address): its tokens stop too, so a
    stolen token cannot outlive the lockout that guessing its owner's password triggered."""
    if not settings.AXES_ENABLED:
        return False
    since = timezone.now() - dt.timedelta(hours=float(settings.AXES_COOLOFF_TIME))
    return AccessAttempt.objects.filter(
        username=user.username,
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=since,
    ).exists()


def authenticate_api_token(key: str) -> ApiToken | None:
    """The usable token for a presented secret, marking its use; ``None`` when unknown or revoked."""
    if not key.startswith(ApiToken.PREFIX):
        return None
    token = ApiToken.objects.usable().select_related("user").filter(key_hash=ApiToken.hash_key(key)).first()
    if token is None or not token.user.is_active or is_locked_out(token.user):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
