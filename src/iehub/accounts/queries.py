"""Reads about organisations and people, always scoped to the viewer."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Case, CharField, Count, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from iehub.accounts.models import (
    Invitation,
    LittleGiant,
    Membership,
    Organization,
    OrgKind,
    Ownership,
    Partnership,
    Recognition,
    Scale,
    User,
)
from iehub.accounts.roles import Role
from iehub.core import data_versions
from iehub.core.models import CHANGE, VIEW
from iehub.core.scopes import PEOPLE
from iehub.core.search import best_first, search_text

# The user rows: part of no value kept under every scope; what shows people (names, lists) names it.
# A login sets only ``last_login``, which nothing kept shows: that update leaves the token alone, or every
# login would compute afresh every kept page that lists people.
data_versions.register({PEOPLE: ("accounts_user",)}, in_every_scope=False)
data_versions.ignore_updates_of("accounts_user", "last_login")

if TYPE_CHECKING:
    from django.db.models.enums import TextChoices


@dataclass(frozen=True)
class OrgFilters:
    """Filters a person can apply to the organisation directory (page and API share them)."""

    kind: str = ""
    q: str = ""
    region: str = ""
    ownership: str = ""
    scale: str = ""
    industry: str = ""
    recognition: str = ""


def organizations_for(
    user: User, filters: OrgFilters | None = None, action: str = VIEW
) -> QuerySet[Organization]:
    """Organisations the user may see (or change), filtered and ready for a list."""
    qs: QuerySet[Organization] = Organization.objects.restrict(user, action)
    f = filters or OrgFilters()
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.q:
        qs = qs.filter(Q(name__icontains=f.q) | Q(name_en__icontains=f.q) | Q(code__icontains=f.q))
    if f.region:
        qs = qs.filter(Q(region_code=f.region) | Q(province_code=f.region))
    if f.ownership:
        qs = qs.filter(ownership=f.ownership)
    if f.scale:
        qs = qs.filter(scale=f.scale)
    if f.industry:
        qs = qs.filter(industry=f.industry)
    if f.recognition:
        qs = with_recognition(qs).filter(**{RECOGNITION_ANNOTATION: f.recognition})
    return qs.order_by("kind", "code")


def search_organizations(orgs: QuerySet[Organization], text: str, limit: int = 20) -> list[Organization]:
    """The organisations of ``orgs`` whose name (either language) or code contains ``text``, best first:
    an exact name or code, then names that start with the text, then the shortest. What an organisation
    picker asks for as the user types, so that a form never carries every enterprise of a province.
    NUL bytes are dropped and the text is cut to 100 characters; an empty text finds nothing."""
    text = search_text(text)
    if not text:
        return []
    return best_first(
        orgs,
        matches=Q(name__icontains=text) | Q(name_en__icontains=text) | Q(code__icontains=text),
        exact=Q(name=text) | Q(name_en__iexact=text) | Q(code__iexact=text),
        prefix=Q(name__startswith=text) | Q(name_en__istartswith=text),
        name="name",
        limit=limit,
    )


def search_people(people: QuerySet[User], text: str, limit: int = 20) -> list[User]:
    """The people of ``people`` whose name (either language) or username contains ``text``, best first
    (an exact name or username, then names that start with it, then the shortest): what a person
    picker asks for as the user types, so that a form never carries every student of a college."""
    text = search_text(text)
    if not text:
        return []
    return best_first(
        people,
        matches=Q(full_name__icontains=text) | Q(name_en__icontains=text) | Q(username__icontains=text),
        exact=Q(full_name=text) | Q(name_en__iexact=text) | Q(username__iexact=text),
        prefix=Q(full_name__startswith=text) | Q(name_en__istartswith=text) | Q(username__istartswith=text),
        name="full_name",
        limit=limit,
    )


def person_label(person: User) -> str:
    """How a person picker names a person: the name and the username, since a college has many 张伟."""
    return f"{person} · {person.username}"


RECOGNITION_ANNOTATION = "recognition_level"


def with_recognition(qs: QuerySet[Organization]) -> QuerySet[Organization]:
    """Annotate the highest recognition, computed in SQL so it can be grouped and filtered."""
    return qs.annotate(
        **{
            RECOGNITION_ANNOTATION: Case(
                When(single_champion=True, then=Value(Recognition.SINGLE_CHAMPION.value)),
                When(~Q(little_giant=LittleGiant.NONE), then=Value(Recognition.LITTLE_GIANT.value)),
                When(specialised_sme=True, then=Value(Recognition.SPECIALISED_SME.value)),
                default=Value(Recognition.NONE.value),
                output_field=CharField(),
            )
        }
    )


@dataclass(frozen=True)
class Share:
    key: str
    label: str
    count: int
    percent: float


def _shares(counts: dict[str, int], choices: type[TextChoices], total: int) -> list[Share]:
    return [
        Share(
            key=str(value),
            label=str(label),
            count=counts.get(str(value), 0),
            percent=round(100 * counts.get(str(value), 0) / total, 2) if total else 0.0,
        )
        for value, label in choices.choices
    ]


@dataclass(frozen=True)
class EnterpriseDistribution:
    total: int
    ownership: list[Share]
    scale: list[Share]
    recognition: list[Share]


def enterprise_distribution(user: User) -> EnterpriseDistribution:
    """Enterprises the user may see, by ownership, scale and highest recognition (three grouped queries).

    The categories are those of the enterprise survey, so the demo reproduces its figures exactly.
    """
    enterprises = Organization.objects.restrict(user).filter(kind=OrgKind.ENTERPRISE, is_active=True)

    def grouped(qs: QuerySet[Organization], field: str) -> dict[str, int]:
        return {row[field]: row["n"] for row in qs.values(field).annotate(n=Count("id")).order_by()}

    ownership = grouped(enterprises, "ownership")
    total = sum(ownership.values())
    return EnterpriseDistribution(
        total=total,
        ownership=_shares(ownership, Ownership, total),
        scale=_shares(grouped(enterprises, "scale"), Scale, total),
        recognition=_shares(grouped(with_recognition(enterprises), "recognition_level"), Recognition, total),
    )


@dataclass(frozen=True)
class PeopleFilters:
    role: str = ""
    organization: int | None = None
    program: int | None = None
    cohort: int | None = None
    class_group: int | None = None
    q: str = ""


def people_for(user: User, filters: PeopleFilters | None = None, action: str = VIEW) -> QuerySet[User]:
    """People the user may see, with the memberships the viewer may see prefetched (no N+1)."""
    f = filters or PeopleFilters()
    qs = User.objects.restrict(user, action).filter(is_active=True)
    membership_filter = Q()
    if f.role:
        membership_filter &= Q(role=f.role)
    if f.organization:
        membership_filter &= Q(organization_id=f.organization)
    if f.program:
        membership_filter &= Q(program_id=f.program)
    if f.cohort:
        membership_filter &= Q(cohort=f.cohort)
    if f.class_group:
        membership_filter &= Q(class_group_id=f.class_group)
    if membership_filter:
        visible = Membership.objects.restrict(user).filter(membership_filter)
        qs = qs.filter(pk__in=visible.values("user_id"))
    if f.q:
        qs = qs.filter(
            Q(username__icontains=f.q)
            | Q(full_name__icontains=f.q)
            | Q(name_en__icontains=f.q)
            | Q(pk__in=Membership.objects.restrict(user).filter(student_number=f.q).values("user_id"))
        )
    return qs.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.restrict(user).select_related(
                "organization", "program", "class_group"
            ),
        )
    ).order_by("username")


def memberships_for(user: User, action: str = VIEW, **filters: Any) -> QuerySet[Membership]:
    """Memberships the user may see or change, with related rows joined for lists."""
    qs = Membership.objects.restrict(user, action).filter(**filters)
    return qs.select_related("user", "organization", "program", "class_group").order_by(
        "organization_id", "role", "user_id"
    )


def invitations_for(user: User, status: str = "") -> QuerySet[Invitation]:
    """Invitations to the user and those sent by organisations the user administers, newest first."""
    qs = Invitation.objects.restrict(user).select_related("person", "organization", "invited_by")
    return (qs.filter(status=status) if status else qs).order_by("-created_at", "-id")


def open_invitations_to(user: User) -> QuerySet[Invitation]:
    """Invitations waiting for the user's answer."""
    return Invitation.objects.filter(
        person_id=user.pk, status=Invitation.Status.PENDING, expires_at__gt=timezone.now()
    ).select_related("organization", "invited_by")


def staff_memberships(user: User, org: Organization) -> QuerySet[Membership]:
    """An organisation's visible memberships other than students (its page lists its staff)."""
    return memberships_for(user, organization=org).exclude(role=Role.STUDENT)


def can_change_organization(user: User, org: Organization) -> bool:
    return Organization.objects.restrict(user, CHANGE).filter(pk=org.pk).exists()


def visible_organization_ids(user: User, ids: Iterable[int]) -> set[int]:
    """Which of these organisations the user may open: a page links only those (the others would 404),
    and names the rest as plain text."""
    wanted = set(ids)
    if not wanted:
        return set()
    return set(Organization.objects.restrict(user).filter(pk__in=wanted).values_list("pk", flat=True))


def partnerships_of(user: User, org: Organization) -> QuerySet[Any]:
    """The visible partnerships of one college or enterprise, with the partner joined."""
    qs = Partnership.objects.restrict(user).select_related("college", "enterprise")
    if org.kind == OrgKind.COLLEGE:
        return qs.filter(college=org).order_by("status", "enterprise__name")
    if org.kind == OrgKind.ENTERPRISE:
        return qs.filter(enterprise=org).order_by("status", "college__name")
    return qs.none()
