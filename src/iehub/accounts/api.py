"""``/api/v1`` endpoints for organisations, people, memberships, imports, exports and tokens.

Thin: each endpoint parses, calls a query or an action, and shapes the answer. Scoping happens in
``restrict``; an object the caller may not see is a 404, an action the caller may not take a 403.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import File, Query, Router, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import Field

from iehub.accounts import actions, exporting, queries
from iehub.accounts.importing import IMPORTERS
from iehub.accounts.models import ApiToken, Invitation, Membership, Organization, User
from iehub.accounts.privacy import PiiPolicy
from iehub.accounts.schemas import (
    DistributionOut,
    ImportReportOut,
    InvitationCreate,
    InvitationOut,
    MembershipCreate,
    MembershipFields,
    MembershipOut,
    MeOut,
    OrganizationCreate,
    OrganizationOut,
    OrganizationPatch,
    PersonCreate,
    PersonDetailOut,
    PersonOut,
    PersonPatch,
    TokenCreate,
    TokenCreated,
    TokenOut,
)
from iehub.core.api_support import PAGE_FIELDS, Page, PageQuery, paged
from iehub.core.kept_pages import kept_answer
from iehub.core.limits import DbId
from iehub.core.scopes import ACTIVITY, CLASSES, COOPERATION, PEOPLE, PROJECTS
from iehub.core.views_helpers import current_user as _user

router = Router()


class OrgQuery(PageQuery):
    kind: str = ""
    q: str = ""
    region: str = ""
    ownership: str = ""
    scale: str = ""
    industry: str = ""
    recognition: str = ""


def _org_out(org: Organization) -> dict[str, Any]:
    data = {f: getattr(org, f) for f in OrganizationOut.model_fields if hasattr(org, f)}
    data["region_name"] = org.region_name
    data["recognition"] = org.recognition
    return data


@router.get("/organisations", response=Page[OrganizationOut], tags=["organisations"])
@kept_answer()
def list_organisations(request: HttpRequest, filters: Query[OrgQuery]) -> dict[str, Any]:
    """Organisations visible to the caller, filtered; ``limit`` ≤ 500."""
    f = queries.OrgFilters(**filters.model_dump(exclude=PAGE_FIELDS))
    return paged(queries.organizations_for(_user(request), f), filters, _org_out)


@router.post("/organisations", response={201: OrganizationOut}, tags=["organisations"])
def create_organisation(request: HttpRequest, payload: OrganizationCreate) -> Status[dict[str, Any]]:
    """Register an organisation (platform administrators)."""
    return Status(201, _org_out(actions.create_organization(_user(request), payload.model_dump())))


@router.get("/organisations/distribution", response=DistributionOut, tags=["organisations"])
@kept_answer()
def enterprise_distribution(request: HttpRequest) -> Any:
    """Visible enterprises by ownership, scale and highest recognition (the survey's categories)."""
    return queries.enterprise_distribution(_user(request))


@router.get("/organisations/{org_id}", response=OrganizationOut, tags=["organisations"])
def get_organisation(request: HttpRequest, org_id: DbId) -> dict[str, Any]:
    return _org_out(get_object_or_404(Organization.objects.restrict(_user(request)), pk=org_id))


@router.patch("/organisations/{org_id}", response=OrganizationOut, tags=["organisations"])
def update_organisation(request: HttpRequest, org_id: DbId, payload: OrganizationPatch) -> dict[str, Any]:
    org = get_object_or_404(Organization.objects.restrict(_user(request)), pk=org_id)
    return _org_out(actions.update_organization(_user(request), org, payload.model_dump(exclude_unset=True)))


def _membership_out(m: Membership) -> dict[str, Any]:
    return {
        "id": m.pk,
        "user_id": m.user_id,
        "organization_id": m.organization_id,
        "organization_code": m.organization.code,
        "role": m.role,
        "title": m.title,
        "is_active": m.is_active,
        "dual_qualified": m.dual_qualified,
        "enterprise_practice_days": m.enterprise_practice_days,
        "student_number": m.student_number,
        "program_id": m.program_id,
        "cohort": m.cohort,
        "class_group_id": m.class_group_id,
    }


def _person_out(person: User, policy: PiiPolicy) -> dict[str, Any]:
    return {
        "id": person.pk,
        "username": person.username,
        "full_name": person.full_name,
        "name_en": person.name_en,
        "email": policy.email(person),
        "phone": policy.phone(person),
        "id_card_number": policy.id_card(person),
        "memberships": [_membership_out(m) for m in person.memberships.all()],
    }


class PeopleQuery(PageQuery):
    role: str = ""
    organization: DbId | None = None
    program: DbId | None = None
    cohort: int | None = Field(default=None, ge=0, le=32767)
    class_group: DbId | None = None
    q: str = ""


@router.get("/people", response=Page[PersonOut], tags=["people"])
@kept_answer(CLASSES, COOPERATION, PEOPLE, PROJECTS)
def list_people(request: HttpRequest, filters: Query[PeopleQuery]) -> dict[str, Any]:
    """People visible to the caller; identifiers masked unless the caller's role needs them."""
    user = _user(request)
    f = queries.PeopleFilters(**filters.model_dump(exclude=PAGE_FIELDS))
    policy = PiiPolicy.for_viewer(user)
    return paged(queries.people_for(user, f), filters, lambda person: _person_out(person, policy))


def _person_detail_out(person: User, policy: PiiPolicy) -> dict[str, Any]:
    data = _person_out(person, policy)
    data["pending_email"] = actions.pending_email(person) if policy.may_contact(person) else ""
    return data


@router.post("/people", response={201: PersonDetailOut}, tags=["people"])
def create_person(request: HttpRequest, payload: PersonCreate) -> Status[dict[str, Any]]:
    """Create a person with a first membership in an organisation the caller administers."""
    user = _user(request)
    data = payload.model_dump(exclude={"membership"})
    membership = payload.membership.model_dump(exclude_none=True)
    person = actions.create_person(user, data, membership)
    person = queries.people_for(user).get(pk=person.pk)
    return Status(201, _person_detail_out(person, PiiPolicy.for_viewer(user)))


@router.get("/people/{person_id}", response=PersonDetailOut, tags=["people"])
def get_person(request: HttpRequest, person_id: DbId) -> dict[str, Any]:
    user = _user(request)
    person = get_object_or_404(queries.people_for(user), pk=person_id)
    return _person_detail_out(person, PiiPolicy.for_viewer(user))


@router.patch("/people/{person_id}", response=PersonDetailOut, tags=["people"])
def update_person(request: HttpRequest, person_id: DbId, payload: PersonPatch) -> dict[str, Any]:
    """Change a profile (the person, or an administrator of their home organisation). A new e-mail
    address waits in ``pending_email`` until the owner of the old address confirms it."""
    user = _user(request)
    person = get_object_or_404(queries.people_for(user), pk=person_id)
    actions.update_person(user, person, payload.model_dump(exclude_unset=True))
    return _person_detail_out(queries.people_for(user).get(pk=person_id), PiiPolicy.for_viewer(user))


class MembershipQuery(PageQuery):
    organization: DbId | None = None
    role: str = ""
    user: DbId | None = None


@router.get("/memberships", response=Page[MembershipOut], tags=["memberships"])
@kept_answer(CLASSES, COOPERATION, PEOPLE, PROJECTS)
def list_memberships(request: HttpRequest, filters: Query[MembershipQuery]) -> dict[str, Any]:
    criteria: dict[str, Any] = {}
    if filters.organization:
        criteria["organization_id"] = filters.organization
    if filters.role:
        criteria["role"] = filters.role
    if filters.user:
        criteria["user_id"] = filters.user
    return paged(queries.memberships_for(_user(request), **criteria), filters, _membership_out)


@router.post("/memberships", response={201: MembershipOut}, tags=["memberships"])
def create_membership(request: HttpRequest, payload: MembershipCreate) -> Status[dict[str, Any]]:
    """Add a role directly, for people whose home organisation the caller administers; anyone else is
    invited (``POST /invitations``) and decides."""
    membership = actions.create_membership(_user(request), payload.model_dump(exclude_none=True))
    return Status(
        201, _membership_out(Membership.objects.select_related("organization").get(pk=membership.pk))
    )


@router.patch("/memberships/{membership_id}", response=MembershipOut, tags=["memberships"])
def update_membership(request: HttpRequest, membership_id: DbId, payload: MembershipFields) -> dict[str, Any]:
    user = _user(request)
    membership = get_object_or_404(queries.memberships_for(user), pk=membership_id)
    actions.update_membership(user, membership, payload.model_dump(exclude_unset=True))
    return _membership_out(membership)


def _invitation_out(invitation: Invitation) -> dict[str, Any]:
    return {
        "id": invitation.pk,
        "person_id": invitation.person_id,
        "person_name": invitation.person.display_name,
        "organization_id": invitation.organization_id,
        "organization_name": invitation.organization.display_name,
        "role": invitation.role,
        "title": invitation.title,
        "message": invitation.message,
        "status": invitation.status,
        "invited_by_id": invitation.invited_by_id,
        "created_at": invitation.created_at,
        "expires_at": invitation.expires_at,
        "responded_at": invitation.responded_at,
    }


class InvitationQuery(PageQuery):
    status: Invitation.Status | None = None


@router.get("/invitations", response=Page[InvitationOut], tags=["memberships"])
@kept_answer(ACTIVITY, PEOPLE)
def list_invitations(request: HttpRequest, filters: Query[InvitationQuery]) -> dict[str, Any]:
    """Invitations to the caller and those sent by organisations the caller administers."""
    return paged(queries.invitations_for(_user(request), filters.status or ""), filters, _invitation_out)


@router.post("/invitations", response={201: InvitationOut}, tags=["memberships"])
def create_invitation(request: HttpRequest, payload: InvitationCreate) -> Status[dict[str, Any]]:
    """Offer a visible person a role in an organisation the caller administers; they accept or decline."""
    return Status(201, _invitation_out(actions.invite(_user(request), payload.model_dump())))


def _visible_invitation(request: HttpRequest, invitation_id: DbId) -> Invitation:
    return get_object_or_404(queries.invitations_for(_user(request)), pk=invitation_id)


@router.post("/invitations/{invitation_id}/accept", response=InvitationOut, tags=["memberships"])
def accept_invitation(request: HttpRequest, invitation_id: DbId) -> dict[str, Any]:
    invitation = _visible_invitation(request, invitation_id)
    return _invitation_out(actions.answer_invitation(_user(request), invitation, accept=True))


@router.post("/invitations/{invitation_id}/decline", response=InvitationOut, tags=["memberships"])
def decline_invitation(request: HttpRequest, invitation_id: DbId) -> dict[str, Any]:
    invitation = _visible_invitation(request, invitation_id)
    return _invitation_out(actions.answer_invitation(_user(request), invitation, accept=False))


@router.post("/invitations/{invitation_id}/revoke", response=InvitationOut, tags=["memberships"])
def revoke_invitation(request: HttpRequest, invitation_id: DbId) -> dict[str, Any]:
    invitation = _visible_invitation(request, invitation_id)
    return _invitation_out(actions.revoke_invitation(_user(request), invitation))


@router.post("/imports/{kind}", response={200: ImportReportOut, 422: ImportReportOut}, tags=["imports"])
def import_file(request: HttpRequest, kind: str, file: File[UploadedFile]) -> Status[dict[str, Any]]:
    """Import organisations or people from CSV/XLSX, all or nothing; 422 with the row report on errors."""
    if kind not in IMPORTERS:
        raise HttpError(404, "not found")
    report = IMPORTERS[kind](_user(request), file, file.name or "")
    return Status(200 if report.ok else 422, report.as_dict())


@router.get("/exports/{kind}", tags=["exports"])
def export_file(request: HttpRequest, kind: str, format: str = "csv") -> HttpResponse:
    """The visible organisations or people as CSV or XLSX, identifiers masked as in lists."""
    user = _user(request)
    if format not in exporting.FORMATS or kind not in ("organizations", "people"):
        raise HttpError(404, "not found")
    if kind == "organizations":
        rows = exporting.organization_rows(queries.organizations_for(user))
    else:
        rows = exporting.people_rows(queries.people_for(user), user)
    response = HttpResponse(exporting.render(kind, format, rows), content_type=exporting.FORMATS[format])
    response["Content-Disposition"] = f'attachment; filename="iehub-{kind}.{format}"'
    return response


@router.get("/me", response=MeOut, tags=["people"])
def me(request: HttpRequest) -> dict[str, Any]:
    user = _user(request)
    memberships = Membership.objects.filter(user=user).select_related("organization")
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.full_name,
        "is_platform_admin": user.is_superuser,
        "memberships": [_membership_out(m) for m in memberships],
    }


@router.get("/tokens", response=Page[TokenOut], tags=["tokens"])
def list_tokens(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    """The caller's own tokens, newest first."""
    return paged(ApiToken.objects.restrict(_user(request)), page, lambda t: TokenOut.from_orm(t).model_dump())


@router.post("/tokens", response={201: TokenCreated}, tags=["tokens"])
def create_token(request: HttpRequest, payload: TokenCreate) -> Status[dict[str, Any]]:
    """Issue a token for the caller; the secret ``key`` is in this answer only."""
    token, key = actions.create_api_token(_user(request), payload.name, payload.scope, payload.expires_at)
    data = TokenOut.from_orm(token).model_dump()
    data["key"] = key
    return Status(201, data)


@router.delete("/tokens/{token_id}", response={204: None}, tags=["tokens"])
def revoke_token(request: HttpRequest, token_id: DbId) -> Status[None]:
    user = _user(request)
    actions.revoke_api_token(user, get_object_or_404(ApiToken.objects.restrict(user), pk=token_id))
    return Status(204, None)
