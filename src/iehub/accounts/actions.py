"""Use cases that write organisations, people, memberships and tokens (Zulip's ``do_*`` pattern).

Each function checks the actor's permission, validates, writes inside a transaction and leaves an
audit entry attributed to the actor (also for API-token callers, whom the audit middleware cannot see).
Views and the API only parse input and call these.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from iehub.accounts.models import ApiToken, Membership, Organization, User
from iehub.core.models import CHANGE

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


@contextmanager
def acting_as(actor: User) -> Iterator[None]:
    """Attribute the audit entries of the enclosed writes to ``actor`` inside one transaction."""
    with set_actor(actor), transaction.atomic():
        yield


def _assign(instance: Any, data: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError({field: _("This field cannot be set here.") for field in sorted(unknown)})
    for field, value in data.items():
        setattr(instance, field, value)


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
    """Change a person's profile: themself, or an administrator of one of their organisations."""
    _require(User.objects.restrict(actor, CHANGE).filter(pk=person.pk).exists())
    _assign(person, data, PERSON_FIELDS)
    person.full_clean(exclude=["password"])
    with acting_as(actor):
        person.save()
    return person


def _administers(actor: User, organization_id: int | None) -> bool:
    if organization_id is None:
        return False
    return Organization.objects.restrict(actor, CHANGE).filter(pk=organization_id).exists()


def create_membership(actor: User, data: Mapping[str, Any]) -> Membership:
    """Give an existing person a role in an organisation the actor administers."""
    membership = Membership()
    _assign(membership, data, (*MEMBERSHIP_KEY_FIELDS, *MEMBERSHIP_EDITABLE_FIELDS))
    _require(_administers(actor, membership.organization_id))
    # Only people the actor can already see: attaching a stranger would expose their personal data.
    _require(User.objects.restrict(actor).filter(pk=membership.user_id).exists())
    membership.full_clean()
    with acting_as(actor):
        membership.save()
    return membership


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


def authenticate_api_token(key: str) -> ApiToken | None:
    """The usable token for a presented secret, marking its use; ``None`` when unknown or revoked."""
    if not key.startswith(ApiToken.PREFIX):
        return None
    token = ApiToken.objects.usable().select_related("user").filter(key_hash=ApiToken.hash_key(key)).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
