"""Who may see and change what in accounts, and the relations every app's rules are built on.

The scope rules of this app's models (``@scope_rule``, read by ``restrict(user, action)``), the who-may
predicates that views, the API, actions and navigation call (``may_…``), and the relations between a
person and organisations that other apps' ``permissions.py`` use. Relations return lazy querysets of
ids (used as ``__in`` subqueries), so scoping a list adds no query and never needs ``distinct()``.
The rules:

- a person sees the organisations they belong to, the partners of those (active partnerships), the
  consortia they sit in with their fellow members, and — for government officers — every organisation
  in their province;
- staff of an organisation see its people; students see themselves;
- an enterprise's administrators see the students and teachers of colleges it has an *active*
  partnership with; its mentors see only the people they work with — the students they mentor and
  those students' teachers — as the apps above declare with ``work_relation`` (projects, placements);
  neither ever sees personal identifiers (masking is decided in ``privacy``);
- administrators (college / enterprise admin, government / consortium officer) change their own
  organisation and its memberships;
- a person's account and contact data are changed only by the person and by administrators of their
  *home* organisations — those that entered them, not those whose invitation they accepted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.db.models import Q, QuerySet
from django.utils import timezone

from iehub.accounts.models import (
    ApiToken,
    ConsortiumMember,
    EmailChange,
    Invitation,
    Membership,
    Organization,
    Partnership,
    User,
)
from iehub.accounts.roles import ADMIN_ROLES, STAFF_ROLES, OrgKind, Role
from iehub.core.models import CHANGE, scope_rule

# A lazy ``.values("…_id")`` queryset, used as an ``__in`` subquery.
IdSubquery = QuerySet[Any, Any]
T = TypeVar("T")


def _memberships(user: User, roles: tuple[str, ...] | None = None) -> QuerySet[Membership]:
    """The user's active memberships in active organisations, in ``roles`` when given.

    When the user holds none of ``roles`` (known from :func:`active_roles`, one query per request) the
    answer is an empty queryset: an ``__in`` over it drops out of the SQL instead of adding a subquery,
    which is most of the scoping for most users (a teacher is no government officer).
    """
    if roles is not None and not has_any_role(user, roles):
        return Membership.objects.none()
    qs = Membership.objects.filter(user_id=user.pk, is_active=True, organization__is_active=True)
    return qs.filter(role__in=roles) if roles is not None else qs


def role_org_ids(user: Any, roles: tuple[str, ...]) -> IdSubquery:
    """Active organisations where the user holds one of ``roles`` (empty, with no subquery in the SQL,
    when the user holds none of them)."""
    return _memberships(user, roles).values("organization_id")


def member_org_ids(user: User) -> IdSubquery:
    """Organisations the user belongs to in any role."""
    return _memberships(user).values("organization_id")


def staff_org_ids(user: User) -> IdSubquery:
    """Organisations whose directory the user works with (any role except student)."""
    return _memberships(user, STAFF_ROLES).values("organization_id")


def admin_org_ids(user: User) -> IdSubquery:
    """Organisations the user administers."""
    return _memberships(user, ADMIN_ROLES).values("organization_id")


def _active_partnerships() -> QuerySet[Any, Any]:
    return Partnership.objects.active()


def partner_college_ids_of_enterprise_admins(user: User) -> IdSubquery:
    """Colleges in an active partnership with an enterprise the user administers (empty, with no
    subquery in the SQL, for anyone else: ``_memberships`` answers nothing for a role not held)."""
    enterprises = _memberships(user, (Role.ENTERPRISE_ADMIN,)).values("organization_id")
    return _active_partnerships().filter(enterprise_id__in=enterprises).values("college_id")


# People a user works with through something an app above keeps (a project, a placement): each
# function returns the ids of those people as a subquery, or several subqueries. Registered by the app
# that owns the relation (``practice`` registers project members and placements), so this layer never
# imports it.
WorkRelation = Callable[[User], IdSubquery | tuple[IdSubquery, ...]]
_WORK_RELATIONS: list[WorkRelation] = []


def work_relation(function: WorkRelation) -> WorkRelation:
    """Declare a relation through which a person sees other people (decorator)."""
    _WORK_RELATIONS.append(function)
    return function


def _worked_with_ids(user: User) -> list[IdSubquery]:
    """The ids of the people the user works with, one subquery per declared relation (or several)."""
    found: list[IdSubquery] = []
    for relation in _WORK_RELATIONS:
        ids = relation(user)
        found += ids if isinstance(ids, tuple) else (ids,)
    return found


def governed_org_ids(user: User) -> IdSubquery:
    """Organisations in the provinces of the government bodies where the user is an officer."""
    # ``_memberships`` would empty it too; asked first because the top bar and most scopes build this
    # three-level subquery several times a request, for users who are mostly not officers.
    if not is_government_officer(user):
        return Organization.objects.none().values("id")
    provinces = (
        Organization.objects.filter(
            id__in=_memberships(user, (Role.GOVERNMENT_OFFICER,)).values("organization_id"),
            kind=OrgKind.GOVERNMENT,
        )
        .exclude(province_code="")
        .values("province_code")
    )
    return Organization.objects.filter(province_code__in=provinces).values("id")


def _built_once(user: User, key: str, build: Callable[[], T]) -> T:
    """``build()`` once per user object (a request loads its own) and day, cached on the object like its
    roles (:func:`active_roles`). For the scope rules' Q objects and subqueries: building them costs a
    government officer milliseconds of Python each time, several times a page. What is built is SQL run
    with each query, so rows written in between are seen; only the user's id, roles and today's date
    (the partnerships in force) are fixed in it."""
    holder: Any = user
    memo: dict[tuple[str, Any], Any] | None = getattr(holder, "_iehub_scope_memo", None)
    if memo is None:
        memo = {}
        holder._iehub_scope_memo = memo
    found = (key, timezone.localdate())
    if found not in memo:
        memo[found] = build()
    return cast(T, memo[found])


def visible_org_q(user: User) -> Q:
    """Q over Organization for what the user may view (built once a request: :func:`_built_once`)."""
    return _built_once(user, "visible_org_q", lambda: _visible_org_q(user))


def _visible_org_q(user: User) -> Q:
    mine = member_org_ids(user)
    partnerships = _active_partnerships()
    consortia = ConsortiumMember.objects.filter(member_id__in=mine).values("consortium_id")
    return (
        Q(id__in=mine)
        | Q(id__in=partnerships.filter(college_id__in=mine).values("enterprise_id"))
        | Q(id__in=partnerships.filter(enterprise_id__in=mine).values("college_id"))
        | Q(id__in=consortia)
        | Q(id__in=ConsortiumMember.objects.filter(consortium_id__in=consortia).values("member_id"))
        | Q(id__in=ConsortiumMember.objects.filter(consortium_id__in=mine).values("member_id"))
        | Q(id__in=governed_org_ids(user))
    )


def visible_org_ids(user: User) -> IdSubquery:
    """Ids of the organisations the user may view, as a subquery (built once a request)."""
    return _built_once(
        user, "visible_org_ids", lambda: Organization.objects.filter(visible_org_q(user)).values("id")
    )


_PARTNER_VISIBLE_ROLES = (Role.STUDENT, Role.TEACHER)


def visible_membership_q(user: User, action: str) -> Q:
    """Q over Membership for what the user may view or change (built once a request)."""
    return _built_once(user, f"visible_membership_q:{action}", lambda: _visible_membership_q(user, action))


def _visible_membership_q(user: User, action: str) -> Q:
    if action == CHANGE:
        return Q(organization_id__in=admin_org_ids(user))
    seen_by_partners = Membership.objects.filter(role__in=_PARTNER_VISIBLE_ROLES, is_active=True)
    parts = (
        Membership.objects.filter(organization_id__in=staff_org_ids(user)),
        seen_by_partners.filter(organization_id__in=partner_college_ids_of_enterprise_admins(user)),
        *(seen_by_partners.filter(user_id__in=ids) for ids in _worked_with_ids(user)),
    )
    # One UNION of id sets, as for people (visible_user_q): an OR of subqueries scans every membership.
    own = Membership.objects.filter(user_id=user.pk).order_by().values("id")
    return Q(pk__in=own.union(*(part.order_by().values("id") for part in parts)))


def home_member_ids(user: User) -> IdSubquery:
    """People whose home organisation the user administers (memberships not joined by invitation)."""
    return Membership.objects.filter(organization_id__in=admin_org_ids(user), invited=False).values("user_id")


def visible_user_q(user: User, action: str) -> Q:
    """Q over User for what the user may view or change (built once a request)."""
    return _built_once(user, f"visible_user_q:{action}", lambda: _visible_user_q(user, action))


def _visible_user_q(user: User, action: str) -> Q:
    if action == CHANGE:
        return Q(pk=user.pk) | Q(pk__in=home_member_ids(user))
    oneself = User.objects.filter(pk=user.pk).values("id")
    colleagues = Membership.objects.filter(organization_id__in=staff_org_ids(user)).values("user_id")
    partner_people = Membership.objects.filter(
        organization_id__in=partner_college_ids_of_enterprise_admins(user),
        role__in=_PARTNER_VISIBLE_ROLES,
        is_active=True,
    ).values("user_id")
    # One UNION of the id sets, not an OR of IN-subqueries: PostgreSQL reads an OR of subqueries by
    # scanning every user (30 ms at 100,000 students), a union of a few hundred ids through the key.
    parts = (colleagues, partner_people, *_worked_with_ids(user))
    return Q(pk__in=oneself.order_by().union(*(part.order_by() for part in parts)))


# --- scope rules ------------------------------------------------------------------------------------


@scope_rule(Organization)
def organisation_scope(user: User, action: str) -> Q | None:
    if action == CHANGE:
        return Q(id__in=admin_org_ids(user))
    return visible_org_q(user)


@scope_rule(ConsortiumMember)
def consortium_seat_scope(user: User, action: str) -> Q | None:
    if action == CHANGE:
        return Q(consortium_id__in=admin_org_ids(user))
    return Q(consortium__in=visible_org_ids(user))


@scope_rule(User)
def person_scope(user: User, action: str) -> Q | None:
    return visible_user_q(user, action)


@scope_rule(Membership)
def membership_scope(user: User, action: str) -> Q | None:
    return visible_membership_q(user, action)


@scope_rule(ApiToken)
def token_scope(user: User, action: str) -> Q | None:
    """One's own tokens only."""
    return Q(user_id=user.pk)


@scope_rule(Invitation)
def invitation_scope(user: User, action: str) -> Q | None:
    """The invited person reads; the inviting organisation's administrators read and withdraw."""
    administered = Q(organization_id__in=admin_org_ids(user))
    return administered if action == CHANGE else administered | Q(person_id=user.pk)


@scope_rule(EmailChange)
def email_change_scope(user: User, action: str) -> Q | None:
    return Q(person_id=user.pk)


@scope_rule(Partnership)
def partnership_scope(user: User, action: str) -> Q | None:
    """Both partners and the province's government read; the college's administrators change."""
    if action == CHANGE:
        return Q(college_id__in=admin_org_ids(user))
    mine = member_org_ids(user)
    return Q(college_id__in=mine) | Q(enterprise_id__in=mine) | Q(college_id__in=governed_org_ids(user))


# --- who may ----------------------------------------------------------------------------------------


def active_roles(user: Any) -> set[str]:
    """Roles the user holds in active organisations (one query, cached on the user object)."""
    cached: set[str] | None = getattr(user, "_iehub_roles", None)
    if cached is None:
        cached = set(_memberships(user).values_list("role", flat=True).distinct())
        user._iehub_roles = cached
    return cached


def has_any_role(user: Any, roles: set[str] | tuple[str, ...]) -> bool:
    return bool(active_roles(user) & set(roles))


def is_member_anywhere(user: Any) -> bool:
    """Holds any role (organisation directory, demand pages)."""
    return bool(user.is_superuser or active_roles(user))


def may_browse_people(user: Any) -> bool:
    """The people directory is for staff: students see only themselves (by their own page)."""
    return bool(user.is_superuser or has_any_role(user, STAFF_ROLES))


def may_administer_anything(user: Any) -> bool:
    """Imports, the audit log: platform administrators and administrators of an organisation."""
    return bool(user.is_superuser or has_any_role(user, ADMIN_ROLES))


def may_import_organisations(user: Any) -> bool:
    """Organisations are vetted on entry: platform administrators only."""
    return bool(user.is_superuser)


def is_enterprise_staff(user: Any) -> bool:
    return has_any_role(user, (Role.ENTERPRISE_ADMIN, Role.ENTERPRISE_MENTOR))


def is_government_officer(user: Any) -> bool:
    return has_any_role(user, (Role.GOVERNMENT_OFFICER,))


def is_student(user: Any) -> bool:
    return has_any_role(user, (Role.STUDENT,))


# Roles offered by invitation: an organisation's staff roles (a student is enrolled, a program lead
# appointed with a program, not invited).
INVITABLE_ROLES = tuple(r for r in Role if r not in (Role.STUDENT, Role.PROGRAM_LEAD))
