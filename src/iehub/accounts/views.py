"""Pages for organisations, people, imports, exports and API tokens. Thin: parse, call, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iehub.accounts import actions, exporting, permissions, queries
from iehub.accounts.forms import ImportForm, InvitationForm, OrganizationForm, TokenForm
from iehub.accounts.importing import IMPORTERS, ORG_COLUMNS, PEOPLE_COLUMNS
from iehub.accounts.models import (
    ApiToken,
    Invitation,
    Organization,
    OrgKind,
    Ownership,
    Role,
    Scale,
    User,
)
from iehub.accounts.privacy import PiiPolicy
from iehub.core import reference
from iehub.core.kept_pages import kept_page
from iehub.core.models import CHANGE
from iehub.core.scopes import CLASSES, COOPERATION, PEOPLE, PROJECTS
from iehub.core.views_helpers import BoundedPaginator, flash_errors, int_or_none, query_string_without_page
from iehub.core.views_helpers import current_user as _user


def _org_filters(request: HttpRequest) -> queries.OrgFilters:
    g = request.GET
    return queries.OrgFilters(
        kind=g.get("kind", ""),
        q=g.get("q", "").strip(),
        region=g.get("region", ""),
        ownership=g.get("ownership", ""),
        scale=g.get("scale", ""),
        industry=g.get("industry", ""),
        recognition=g.get("recognition", ""),
    )


@login_required
def organization_search(request: HttpRequest) -> JsonResponse:
    """The organisations an invitation picker lists as the user types (``?q=``): those the caller
    administers, less those the invitee (``?invitee=``, a person the caller may see) already belongs to."""
    user = _user(request)
    orgs = queries.organizations_for(user, action=CHANGE)
    invitee = queries.people_for(user).filter(pk=int_or_none(request.GET.get("invitee")) or 0).first()
    if invitee is not None:
        orgs = orgs.exclude(memberships__user=invitee, memberships__is_active=True)
    limit = int_or_none(request.GET.get("limit")) or 20
    found = queries.search_organizations(orgs, request.GET.get("q", ""), limit)
    return JsonResponse({"results": [organization_option(org) for org in found]})


def organization_option(org: Organization) -> dict[str, str]:
    """One organisation as a picker option: its name as the page shows it, both names and the code to
    search in."""
    return {"value": str(org.pk), "text": str(org), "alt": f"{org.name} {org.name_en} {org.code}"}


def person_option(person: User) -> dict[str, str]:
    """One person as a picker option: named as the picker names them, with both names and the username
    to search in."""
    return {
        "value": str(person.pk),
        "text": queries.person_label(person),
        "alt": f"{person.full_name} {person.name_en} {person.username}",
    }


@login_required
@kept_page()
def organization_list(request: HttpRequest) -> HttpResponse:
    orgs = queries.organizations_for(_user(request), _org_filters(request))
    page = BoundedPaginator(orgs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/organization_list.html",
        {
            "page": page,
            "filters": _org_filters(request),
            "kinds": OrgKind.choices,
            "ownerships": Ownership.choices,
            "scales": Scale.choices,
            "regions": reference.region_choices(),
            "industries": reference.industry_choices(),
            "query_string": query_string_without_page(request),
        },
    )


def _visible_org(request: HttpRequest, pk: int) -> Organization:
    return get_object_or_404(Organization.objects.restrict(_user(request)), pk=pk)


@login_required
@kept_page(CLASSES, COOPERATION, PEOPLE, PROJECTS)
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = _visible_org(request, pk)
    user = _user(request)
    members = queries.staff_memberships(user, org)[:100]
    seats = list(org.consortium_members.select_related("member")) if org.kind == OrgKind.CONSORTIUM else []
    partnerships = list(queries.partnerships_of(user, org))
    linked = [s.member_id for s in seats] + [
        pk for p in partnerships for pk in (p.college_id, p.enterprise_id)
    ]
    return render(
        request,
        "accounts/organization_detail.html",
        {
            "org": org,
            "can_change": queries.can_change_organization(user, org),
            "members": members,
            "programs": org.programs.all() if org.kind == OrgKind.COLLEGE else [],
            "seats": seats,
            "partnerships": partnerships,
            "linkable": queries.visible_organization_ids(user, linked),
        },
    )


@login_required
def organization_edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = _visible_org(request, pk)
    user = _user(request)
    if not queries.can_change_organization(user, org):
        raise PermissionDenied
    form = OrganizationForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_organization(user, Organization.objects.get(pk=org.pk), form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("organization_detail", pk=org.pk)
    return render(request, "accounts/organization_form.html", {"org": org, "form": form})


def _people_filters(request: HttpRequest) -> queries.PeopleFilters:
    g = request.GET
    return queries.PeopleFilters(
        role=g.get("role", ""),
        organization=int_or_none(g.get("organization")),
        program=int_or_none(g.get("program")),
        cohort=int_or_none(g.get("cohort")),
        class_group=int_or_none(g.get("class_group")),
        q=g.get("q", "").strip(),
    )


def _require_people_access(request: HttpRequest) -> None:
    if not permissions.may_browse_people(_user(request)):
        raise PermissionDenied


@login_required
@kept_page(CLASSES, COOPERATION, PEOPLE, PROJECTS)
def person_list(request: HttpRequest) -> HttpResponse:
    _require_people_access(request)
    user = _user(request)
    people = queries.people_for(user, _people_filters(request))
    page = BoundedPaginator(people, 50).get_page(request.GET.get("page"))
    policy = PiiPolicy.for_viewer(user)
    rows = [(p, policy.phone(p)) for p in page.object_list]
    return render(
        request,
        "accounts/person_list.html",
        {
            "page": page,
            "rows": rows,
            "filters": _people_filters(request),
            "roles": Role.choices,
            "query_string": query_string_without_page(request),
            "organizations": queries.organizations_for(user).exclude(kind=OrgKind.ENTERPRISE)
            if not user.is_superuser
            else Organization.objects.exclude(kind=OrgKind.ENTERPRISE),
        },
    )


@login_required
@kept_page(CLASSES, COOPERATION, PEOPLE, PROJECTS)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    person = queries.people_for(user).filter(pk=pk).first()
    if person is None:
        raise Http404
    policy = PiiPolicy.for_viewer(user)
    invite_form = InvitationForm(user, person)
    return render(
        request,
        "accounts/person_detail.html",
        {
            "person": person,
            "phone": policy.phone(person),
            "id_card": policy.id_card(person),
            "memberships": person.memberships.all(),
            "invite_form": invite_form if invite_form.has_organisations else None,
        },
    )


def _export(request: HttpRequest, kind: str, rows: Any) -> HttpResponse:
    fmt = request.GET.get("format", "csv")
    if fmt not in exporting.FORMATS:
        raise Http404
    response = HttpResponse(exporting.render(kind, fmt, rows), content_type=exporting.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="iehub-{kind}.{fmt}"'
    return response


@login_required
def organization_export(request: HttpRequest) -> HttpResponse:
    orgs = queries.organizations_for(_user(request), _org_filters(request))
    return _export(request, "organizations", exporting.organization_rows(orgs))


@login_required
def person_export(request: HttpRequest) -> HttpResponse:
    _require_people_access(request)
    user = _user(request)
    people = queries.people_for(user, _people_filters(request))
    return _export(request, "people", exporting.people_rows(people, user))


@login_required
@kept_page()  # its form, for administrators (a POST is never kept)
def import_upload(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not permissions.may_administer_anything(user):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = IMPORTERS[form.cleaned_data["kind"]](user, upload, upload.name)
        except PermissionDenied as exc:
            form.add_error("kind", str(exc))
        else:
            if report.ok:
                messages.success(
                    request,
                    _("Imported %(rows)s rows: %(created)s created, %(updated)s updated.")
                    % {"rows": report.rows, "created": report.created, "updated": report.updated},
                )
    return render(
        request,
        "accounts/import.html",
        {
            "form": form,
            "report": report,
            "org_columns": ORG_COLUMNS,
            "people_columns": PEOPLE_COLUMNS,
        },
    )


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = TokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = actions.create_api_token(
            user, form.cleaned_data["name"], form.cleaned_data["scope"], form.cleaned_data["expires_at"]
        )
        form = TokenForm()
    tokens = ApiToken.objects.restrict(user).order_by("-created_at")
    return render(request, "accounts/tokens.html", {"form": form, "tokens": tokens, "new_key": new_key})


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    token = get_object_or_404(ApiToken.objects.restrict(user), pk=pk)
    actions.revoke_api_token(user, token)
    messages.success(request, _("Token revoked."))
    return redirect("token_list")


@login_required
def invitation_list(request: HttpRequest) -> HttpResponse:
    """Invitations waiting for the user's answer, and those the user's organisations sent."""
    user = _user(request)
    received = queries.invitations_for(user).filter(person=user)
    sent = queries.invitations_for(user).exclude(person=user)[:200]
    return render(
        request,
        "accounts/invitations.html",
        {"received": received, "sent": sent, "open_ids": {i.pk for i in received if i.is_open}},
    )


@login_required
@require_POST
def invitation_answer(request: HttpRequest, pk: int, answer: str) -> HttpResponse:
    if answer not in ("accept", "decline", "revoke"):
        raise Http404
    user = _user(request)
    invitation = get_object_or_404(queries.invitations_for(user), pk=pk)
    try:
        if answer == "revoke":
            actions.revoke_invitation(user, invitation)
        else:
            actions.answer_invitation(user, invitation, accept=answer == "accept")
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        done = {
            "accept": _("Invitation accepted."),
            "decline": _("Invitation declined."),
            "revoke": _("Invitation withdrawn."),
        }
        messages.success(request, done[answer])
    return redirect("invitation_list")


@login_required
@require_POST
def person_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite a visible person into one of the organisations the user administers."""
    user = _user(request)
    person = get_object_or_404(queries.people_for(user), pk=pk)
    form = InvitationForm(user, person, request.POST)
    if not form.is_valid():
        for field_errors in form.errors.values():
            for error in field_errors:
                messages.error(request, str(error))
        return redirect("person_detail", pk=pk)
    try:
        actions.invite(user, {"person_id": person.pk, **form.cleaned_data})
    except ValidationError as exc:
        flash_errors(request, exc, Invitation)
    else:
        messages.success(request, _("Invitation sent. The person decides whether to join."))
    return redirect("person_detail", pk=pk)


def email_change_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """Confirmation from the old address (no login: the link in the e-mail is the proof)."""
    change = actions.email_change_for_token(token)
    if change is not None and request.method == "POST":
        actions.confirm_email_change(change)
        return render(request, "registration/email_change_done.html", {"change": change})
    return render(request, "registration/email_change_confirm.html", {"change": change})
