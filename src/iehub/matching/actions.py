"""Matching use cases: one function per thing a user does; the only place matching writes.

Each refuses with a translated ``ValidationError`` naming the field, or ``PermissionDenied``.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from iehub.accounts import permissions as accounts
from iehub.accounts.models import Membership, Organization, Ownership, User
from iehub.accounts.roles import OrgKind, Role
from iehub.core import reference
from iehub.core.audit import acting_as
from iehub.core.notifications import notify
from iehub.engines import matching as solver
from iehub.engines.internship_rules import PlacementFacts, violations
from iehub.matching import permissions
from iehub.matching.models import (
    AllocationRound,
    Application,
    ApplicationEvent,
    Complaint,
    MatchingProfile,
    Opportunity,
    OpportunitySkill,
    RoundAssignment,
    RoundChoice,
    RoundPosition,
    RoundRanking,
    Vetting,
)
from iehub.matching.queries import current_assignments, round_student_ids
from iehub.practice.actions.placements import RULE_MESSAGES, birth_date_from_id
from iehub.taxonomy.models import Occupation, Skill

OPPORTUNITY_FIELDS = (
    "kind",
    "title",
    "title_en",
    "description",
    "region_code",
    "places",
    "starts_on",
    "ends_on",
    "apply_by",
    "stipend_monthly",
    "probation_wage",
    "daily_hours",
    "weekly_hours",
    "night_shifts",
    "occupation",
)
MAX_REQUIRED_SKILLS = 30


@dataclass(frozen=True)
class RequiredSkill:
    skill: Skill
    level: int
    importance: int


# --- opportunities ----------------------------------------------------------------------------------


def save_opportunity(
    actor: User,
    organization: Organization,
    data: dict[str, Any],
    skills: Sequence[RequiredSkill],
    opportunity: Opportunity | None = None,
) -> Opportunity:
    """Create or edit an opportunity with its required skills (all refusals reported at once)."""
    if not permissions.posting_orgs(actor).filter(pk=organization.pk).exists():
        raise PermissionDenied(_("Only the organisation's administrators post its opportunities."))
    if opportunity is not None and opportunity.organization_id != organization.pk:
        raise PermissionDenied(_("This opportunity belongs to another organisation."))
    errors: dict[str, list[str]] = {}
    target = opportunity or Opportunity(organization=organization, created_by=actor)
    for field in OPPORTUNITY_FIELDS:
        if field in data:
            setattr(target, field, data[field])
    if "occupation_id" in data:
        target.occupation = Occupation.objects.filter(pk=data["occupation_id"] or 0).first()
    allowed = permissions.POSTING_KINDS.get(OrgKind(organization.kind), ())
    if target.kind not in allowed:
        errors.setdefault("kind", []).append(
            _("A %(kind)s posts: %(allowed)s.")
            % {
                "kind": organization.get_kind_display(),
                "allowed": ", ".join(str(Opportunity.Kind(k).label) for k in allowed),
            }
        )
    if not (target.title or "").strip():
        errors.setdefault("title", []).append(_("Enter a title."))
    if target.region_code and target.region_code not in reference.REGIONS:
        errors.setdefault("region_code", []).append(
            _("Unknown GB/T 2260 region code “%(code)s”.") % {"code": target.region_code}
        )
    seen: set[int] = set()
    for line in skills:
        if line.skill.pk in seen:
            errors.setdefault("skills", []).append(
                _("“%(skill)s” is listed twice.") % {"skill": line.skill.display_name}
            )
        seen.add(line.skill.pk)
        if line.level not in (1, 2, 3) or line.importance not in (1, 2, 3):
            errors.setdefault("skills", []).append(_("Levels and importance run from 1 to 3."))
    if len(skills) > MAX_REQUIRED_SKILLS:
        errors.setdefault("skills", []).append(
            _("List at most %(n)d skills: the ones that decide.") % {"n": MAX_REQUIRED_SKILLS}
        )
    try:
        target.full_clean(exclude=["organization", "created_by", "occupation"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        target.save()
        target.skills.all().delete()
        OpportunitySkill.objects.bulk_create(
            OpportunitySkill(
                opportunity=target, skill=line.skill, level=line.level, importance=line.importance
            )
            for line in skills
        )
    return target


def _may_change(actor: User, opportunity: Opportunity) -> None:
    if not Opportunity.objects.restrict(actor, "change").filter(pk=opportunity.pk).exists():
        raise PermissionDenied(_("Only the organisation's administrators change its opportunities."))


def publish_opportunity(actor: User, opportunity: Opportunity) -> Opportunity:
    """Publish: students see it once the organisation is vetted."""
    _may_change(actor, opportunity)
    if not opportunity.skills.exists() and opportunity.kind != Opportunity.Kind.PROGRAMME:
        raise ValidationError({"skills": _("Name at least one required skill: matching reads them.")})
    opportunity.status = Opportunity.Status.PUBLISHED
    opportunity.published_at = opportunity.published_at or timezone.now()
    with acting_as(actor):
        opportunity.save(update_fields=["status", "published_at", "updated_at"])
    return opportunity


def close_opportunity(actor: User, opportunity: Opportunity) -> Opportunity:
    _may_change(actor, opportunity)
    opportunity.status = Opportunity.Status.CLOSED
    with acting_as(actor):
        opportunity.save(update_fields=["status", "updated_at"])
    return opportunity


def vet_organization(actor: User, organization: Organization, note: str = "") -> Vetting:
    """Record that the organisation is a real employer; its published opportunities become visible."""
    if organization.kind not in permissions.POSTING_KINDS:
        raise ValidationError({"organization": _("Only organisations that post opportunities are vetted.")})
    if not permissions.may_vet(actor, organization):
        raise PermissionDenied(
            _("Platform administrators, the province's officers or a partner college's administrators vet.")
        )
    with acting_as(actor):
        vetting, _created = Vetting.objects.update_or_create(
            organization=organization, defaults={"verified_by": actor, "note": note[:300]}
        )
    return vetting


def raise_complaint(actor: User, opportunity: Opportunity, reason: str) -> Complaint:
    """Flag an opportunity: it leaves students' sight until the complaint is resolved."""
    if not Opportunity.objects.restrict(actor).filter(pk=opportunity.pk).exists():
        raise PermissionDenied(_("You cannot see this opportunity."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say what is wrong.")})
    with acting_as(actor):
        complaint = Complaint.objects.create(
            opportunity=opportunity, raised_by=actor, reason=reason.strip()[:4000]
        )
    deciders = User.objects.filter(
        memberships__organization__in=Organization.objects.filter(kind=OrgKind.GOVERNMENT),
        memberships__role=Role.GOVERNMENT_OFFICER,
        memberships__organization__province_code=opportunity.organization.province_code or "-",
    ).distinct()

    def message() -> tuple[str, str]:
        return (
            _("Complaint about “%(title)s”") % {"title": opportunity.display_title},
            _("The opportunity is hidden from students until the complaint is resolved.\n\n%(reason)s")
            % {"reason": complaint.reason},
        )

    notify(deciders, "matching.complaint", message, reverse("opportunity_detail", args=[opportunity.pk]))
    return complaint


def resolve_complaint(actor: User, complaint: Complaint, resolution: str) -> Complaint:
    if not permissions.may_resolve_complaint(actor, complaint.opportunity):
        raise PermissionDenied(_("Whoever vets the organisation decides on complaints."))
    if complaint.resolved_at is not None:
        raise ValidationError({"resolution": _("This complaint is already resolved.")})
    if not resolution.strip():
        raise ValidationError({"resolution": _("Say what was decided.")})
    complaint.resolved_at = timezone.now()
    complaint.resolved_by = actor
    complaint.resolution = resolution.strip()[:4000]
    with acting_as(actor):
        complaint.save(update_fields=["resolved_at", "resolved_by", "resolution", "updated_at"])
    return complaint


# --- the student's profile --------------------------------------------------------------------------


def save_profile(student: User, data: dict[str, Any]) -> MatchingProfile:
    """Preferences, availability and consent; consenting records when, withdrawing clears it."""
    errors: dict[str, list[str]] = {}
    regions = [code for code in data.get("regions", []) if code]
    for code in regions:
        if code not in reference.REGIONS:
            errors.setdefault("regions", []).append(
                _("Unknown GB/T 2260 region code “%(code)s”.") % {"code": code}
            )
    industries = [code for code in data.get("industries", []) if code]
    for code in industries:
        if code not in reference.INDUSTRY_SECTIONS:
            errors.setdefault("industries", []).append(
                _("Unknown GB/T 4754 section “%(code)s”.") % {"code": code}
            )
    types = [kind for kind in data.get("enterprise_types", []) if kind]
    for kind in types:
        if kind not in Ownership.values:
            errors.setdefault("enterprise_types", []).append(
                _("Unknown enterprise type “%(kind)s”.") % {"kind": str(kind)[:40]}
            )
    from_, until = data.get("available_from"), data.get("available_until")
    if from_ and until and until < from_:
        errors.setdefault("available_until", []).append(_("The end date is before the start date."))
    if errors:
        raise ValidationError(errors)
    profile, _created = MatchingProfile.objects.get_or_create(student=student)
    consent = bool(data.get("share_with_enterprises"))
    if consent and not profile.share_with_enterprises:
        profile.consented_at = timezone.now()
    if not consent:
        profile.consented_at = None
    profile.share_with_enterprises = consent
    profile.regions = sorted(set(regions))[:10]
    profile.industries = sorted(set(industries))[:10]
    profile.enterprise_types = sorted(set(types))[:10]
    profile.available_from, profile.available_until = from_, until
    with acting_as(student):
        profile.save()
    return profile


def profile_of(student: User) -> MatchingProfile:
    """The student's profile (unsaved and empty when they have not set one)."""
    return MatchingProfile.objects.filter(student=student).first() or MatchingProfile(student=student)


# --- applications -----------------------------------------------------------------------------------

# who moves an application from which status to which
EMPLOYER_MOVES = {
    Application.Status.APPLIED: {Application.Status.SHORTLISTED, Application.Status.REJECTED},
    Application.Status.SHORTLISTED: {
        Application.Status.INTERVIEW,
        Application.Status.OFFER,
        Application.Status.REJECTED,
    },
    Application.Status.INTERVIEW: {Application.Status.OFFER, Application.Status.REJECTED},
}
STUDENT_MOVES = {
    Application.Status.OFFER: {Application.Status.ACCEPTED, Application.Status.DECLINED},
}
FINAL = {
    Application.Status.ACCEPTED,
    Application.Status.DECLINED,
    Application.Status.REJECTED,
    Application.Status.WITHDRAWN,
}


def apply(student: User, opportunity: Opportunity, note: str, consent: bool) -> Application:
    """Apply to an open opportunity; applying shares the profile with the employer, so it needs consent."""
    if not Opportunity.objects.filter(permissions.open_to_students_q(), pk=opportunity.pk).exists():
        raise ValidationError({"opportunity": _("This opportunity is not open for applications.")})
    if opportunity.apply_by and opportunity.apply_by < timezone.localdate():
        raise ValidationError(
            {"opportunity": _("Applications closed on %(day)s.") % {"day": opportunity.apply_by}}
        )
    if not Membership.objects.filter(user=student, role=Role.STUDENT, is_active=True).exists():
        raise PermissionDenied(_("Only students apply."))
    if not consent:
        raise ValidationError(
            {
                "consent": _(
                    "Applying shares your portfolio and matching profile with the employer: tick to agree."
                )
            }
        )
    if Application.objects.filter(student=student, opportunity=opportunity).exists():
        raise ValidationError({"opportunity": _("You have already applied.")})
    with transaction.atomic(), acting_as(student):
        profile, _created = MatchingProfile.objects.get_or_create(student=student)
        if not profile.share_with_enterprises:
            profile.share_with_enterprises = True
            profile.consented_at = timezone.now()
            profile.save(update_fields=["share_with_enterprises", "consented_at", "updated_at"])
        application = Application.objects.create(
            student=student, opportunity=opportunity, note=note.strip()[:4000]
        )
        ApplicationEvent.objects.create(
            application=application, author=student, status=Application.Status.APPLIED
        )
    admins = User.objects.filter(
        memberships__organization=opportunity.organization, memberships__role=Role.ENTERPRISE_ADMIN
    )

    def message() -> tuple[str, str]:
        return (
            _("New application for “%(title)s”") % {"title": opportunity.display_title},
            _("%(student)s applied.") % {"student": student.get_full_name() or student.username},
        )

    notify(admins, "matching.application", message, reverse("application_detail", args=[application.pk]))
    return application


def move_application(actor: User, application: Application, status: str, message: str = "") -> Application:
    """Change the status (each side moves only its own steps) and/or add a message."""
    is_student = actor.pk == application.student_id
    is_employer = (
        Application.objects.restrict(actor, "change").filter(pk=application.pk).exists() and not is_student
    )
    if not (is_student or is_employer):
        raise PermissionDenied(_("You cannot act on this application."))
    if status:
        current = Application.Status(application.status)
        if current in FINAL:
            raise ValidationError({"status": _("This application is closed.")})
        if is_student:
            allowed = STUDENT_MOVES.get(current, set()) | {Application.Status.WITHDRAWN}
        else:
            allowed = EMPLOYER_MOVES.get(current, set())
        if status not in allowed:
            raise ValidationError(
                {
                    "status": _("From “%(from)s” you may move to: %(allowed)s.")
                    % {
                        "from": current.label,
                        "allowed": ", ".join(str(Application.Status(s).label) for s in sorted(allowed))
                        or "—",
                    }
                }
            )
    elif not message.strip():
        raise ValidationError({"message": _("Write a message or choose a new status.")})
    with transaction.atomic(), acting_as(actor):
        if status:
            application.status = status
            application.save(update_fields=["status", "updated_at"])
        ApplicationEvent.objects.create(
            application=application, author=actor, status=status or "", message=message.strip()[:4000]
        )
    other = (
        User.objects.filter(
            memberships__organization=application.opportunity.organization,
            memberships__role=Role.ENTERPRISE_ADMIN,
        )
        if is_student
        else User.objects.filter(pk=application.student_id)
    )

    def note() -> tuple[str, str]:
        label = Application.Status(application.status).label
        return (
            _("Application for “%(title)s”: %(status)s")
            % {"title": application.opportunity.display_title, "status": label},
            message.strip(),
        )

    notify(other, "matching.application", note, reverse("application_detail", args=[application.pk]))
    return application


# --- allocation rounds ------------------------------------------------------------------------------


def _runner(actor: User, allocation: AllocationRound) -> None:
    if not permissions.round_colleges(actor).filter(pk=allocation.college_id).exists():
        raise PermissionDenied(
            _("Only the college's administrators and program leads run allocation rounds.")
        )


def create_round(actor: User, college: Organization, data: dict[str, Any]) -> AllocationRound:
    if not permissions.round_colleges(actor).filter(pk=college.pk).exists():
        raise PermissionDenied(
            _("Only the college's administrators and program leads run allocation rounds.")
        )
    allocation = AllocationRound(
        college=college,
        created_by=actor,
        lottery_seed=secrets.randbelow(2**31),
        name=(data.get("name") or "").strip(),
    )
    allocation.program = data.get("program")
    allocation.cohort = data.get("cohort")
    allocation.max_choices = data.get("max_choices") or 10
    errors: dict[str, list[str]] = {}
    if not allocation.name:
        errors["name"] = [_("Name the round.")]
    if allocation.program is not None and allocation.program.college_id != college.pk:
        errors["program"] = [_("Choose a program of the college.")]
    try:
        allocation.full_clean(exclude=["college", "created_by", "program", "name"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    with acting_as(actor):
        allocation.save()
    return allocation


def add_position(
    actor: User, allocation: AllocationRound, opportunity: Opportunity, capacity: int
) -> RoundPosition:
    """Offer an open opportunity in a draft or open round."""
    _runner(actor, allocation)
    if allocation.status not in (AllocationRound.Status.DRAFT, AllocationRound.Status.OPEN):
        raise ValidationError({"opportunity": _("Positions are added before choices close.")})
    if not Opportunity.objects.filter(permissions.open_to_students_q(), pk=opportunity.pk).exists():
        raise ValidationError(
            {"opportunity": _("Only published opportunities of vetted organisations are offered.")}
        )
    if opportunity.kind not in (
        Opportunity.Kind.INTERNSHIP,
        Opportunity.Kind.APPRENTICESHIP,
        Opportunity.Kind.JOB,
    ):
        raise ValidationError(
            {"opportunity": _("Rounds place students in internships, apprenticeships and jobs.")}
        )
    if not 1 <= capacity <= opportunity.places:
        raise ValidationError(
            {
                "capacity": _("Between 1 and the opportunity's %(places)d places.")
                % {"places": opportunity.places}
            }
        )
    if allocation.positions.filter(opportunity=opportunity).exists():
        raise ValidationError({"opportunity": _("This opportunity is already in the round.")})
    with acting_as(actor):
        return RoundPosition.objects.create(round=allocation, opportunity=opportunity, capacity=capacity)


def set_round_status(actor: User, allocation: AllocationRound, status: str) -> AllocationRound:
    """Open a draft round for choices, or close choices (enterprises then rank)."""
    _runner(actor, allocation)
    moves = {
        AllocationRound.Status.DRAFT: AllocationRound.Status.OPEN,
        AllocationRound.Status.OPEN: AllocationRound.Status.CLOSED,
    }
    if moves.get(AllocationRound.Status(allocation.status)) != status:
        raise ValidationError({"status": _("The round cannot move to that step from here.")})
    if status == AllocationRound.Status.OPEN and not allocation.positions.exists():
        raise ValidationError({"status": _("Add positions before opening the round.")})
    allocation.status = status
    with acting_as(actor):
        allocation.save(update_fields=["status", "updated_at"])
    if status == AllocationRound.Status.OPEN:
        students = User.objects.filter(pk__in=round_student_ids(allocation))

        def message() -> tuple[str, str]:
            return (
                _("Rank your choices: %(round)s") % {"round": allocation.name},
                _("Rank up to %(n)d positions, best first. Rank honestly: the allocation cannot be gamed.")
                % {"n": allocation.max_choices},
            )

        notify(students, "matching.round", message, reverse("round_detail", args=[allocation.pk]))
    return allocation


def set_choices(student: User, allocation: AllocationRound, position_ids: Sequence[int]) -> list[RoundChoice]:
    """Replace the student's ranked choices (best first) while the round is open."""
    if allocation.status != AllocationRound.Status.OPEN:
        raise ValidationError({"choices": _("Choices can be changed only while the round is open.")})
    if not User.objects.filter(pk=student.pk, pk__in=round_student_ids(allocation)).exists():
        raise PermissionDenied(_("This round is not for you."))
    if len(set(position_ids)) != len(position_ids):
        raise ValidationError({"choices": _("Each position may be ranked once.")})
    if len(position_ids) > allocation.max_choices:
        raise ValidationError({"choices": _("Rank at most %(n)d positions.") % {"n": allocation.max_choices}})
    positions = {p.pk: p for p in allocation.positions.filter(pk__in=position_ids)}
    unknown = [pk for pk in position_ids if pk not in positions]
    if unknown:
        raise ValidationError({"choices": _("Choose positions of this round.")})
    with transaction.atomic(), acting_as(student):
        RoundChoice.objects.filter(position__round=allocation, student=student).delete()
        return RoundChoice.objects.bulk_create(
            RoundChoice(position=positions[pk], student=student, rank=rank)
            for rank, pk in enumerate(position_ids, start=1)
        )


def rank_applicants(actor: User, position: RoundPosition, student_ids: Sequence[int]) -> list[RoundRanking]:
    """The enterprise's order of the consenting applicants to its position (best first); applicants it
    leaves out, and those who did not consent, follow in score order."""
    admins_of = Organization.objects.filter(
        pk=position.opportunity.organization_id, pk__in=accounts.admin_org_ids(actor)
    )
    if not (actor.is_superuser or admins_of.exists()):
        raise PermissionDenied(_("Only the enterprise's administrators rank its applicants."))
    if position.round.status != AllocationRound.Status.CLOSED:
        raise ValidationError(
            {"ranking": _("Applicants are ranked after choices close and before allocation.")}
        )
    visible = set(
        RoundChoice.objects.filter(
            position=position, student_id__in=permissions.consenting_students()
        ).values_list("student_id", flat=True)
    )
    if len(set(student_ids)) != len(student_ids) or not set(student_ids) <= visible:
        raise ValidationError({"ranking": _("Rank each of your position's applicants once.")})
    with transaction.atomic(), acting_as(actor):
        RoundRanking.objects.filter(position=position).delete()
        rankings = RoundRanking.objects.bulk_create(
            RoundRanking(position=position, student_id=pk, rank=rank)
            for rank, pk in enumerate(student_ids, start=1)
        )
        position.ranked_by_enterprise = bool(student_ids)
        position.save(update_fields=["ranked_by_enterprise"])
    return rankings


@dataclass
class RoundInstance:
    """A round as the solver sees it: ids, lists and capacities, with the tie-break lottery applied."""

    students: list[int]
    positions: list[int]
    student_prefs: list[list[int]]
    position_prefs: list[list[int]]
    capacities: list[int]


def lottery(seed: int, student_ids: Sequence[int]) -> dict[int, float]:
    """One lottery number per student for the whole round (single tie-breaking), from the round's
    recorded seed, so the allocation can be reproduced and explained."""
    draw = random.Random(seed)
    return {pk: draw.random() for pk in sorted(student_ids)}


def round_instance(allocation: AllocationRound, scores: dict[tuple[int, int], float]) -> RoundInstance:
    """Build the solver's instance. A position's order: the enterprise's ranks first, then everyone else
    who listed it by score (highest first), ties by the round's lottery (lowest number first)."""
    positions = list(allocation.positions.order_by("pk"))
    index = {p.pk: i for i, p in enumerate(positions)}
    choices = list(RoundChoice.objects.filter(position__round=allocation).order_by("student_id", "rank"))
    students = sorted({c.student_id for c in choices})
    student_index = {pk: i for i, pk in enumerate(students)}
    student_prefs: list[list[int]] = [[] for _ in students]
    applicants: list[list[int]] = [[] for _ in positions]
    for choice in choices:
        student_prefs[student_index[choice.student_id]].append(index[choice.position_id])
        applicants[index[choice.position_id]].append(choice.student_id)
    ranks = {
        (r.position_id, r.student_id): r.rank for r in RoundRanking.objects.filter(position__round=allocation)
    }
    draws = lottery(allocation.lottery_seed, students)
    position_prefs = []
    for position, listed in zip(positions, applicants, strict=True):
        opportunity_id = position.opportunity_id
        ordered = sorted(
            listed,
            key=lambda pk: (
                ranks.get((position.pk, pk), 10**9),
                -scores.get((pk, opportunity_id), 0.0),
                draws[pk],
            ),
        )
        position_prefs.append([student_index[pk] for pk in ordered])
    return RoundInstance(
        students=students,
        positions=[p.pk for p in positions],
        student_prefs=student_prefs,
        position_prefs=position_prefs,
        capacities=[p.capacity for p in positions],
    )


def solve_round(actor: User, allocation: AllocationRound, scores: dict[tuple[int, int], float]) -> int:
    """Allocate a closed round (student-optimal stable), record each student's result and the proof."""
    _runner(actor, allocation)
    if allocation.status not in (AllocationRound.Status.CLOSED, AllocationRound.Status.SOLVED):
        raise ValidationError({"status": _("Close the choices before allocating.")})
    instance = round_instance(allocation, scores)
    result = solver.deferred_acceptance(instance.student_prefs, instance.position_prefs, instance.capacities)
    pairs = solver.blocking_pairs(
        instance.student_prefs, instance.position_prefs, instance.capacities, result
    )
    with transaction.atomic(), acting_as(actor):
        RoundAssignment.objects.bulk_create(
            RoundAssignment(
                round=allocation,
                student_id=student,
                position_id=None if placed is None else instance.positions[placed],
                choice_rank=None if placed is None else instance.student_prefs[s].index(placed) + 1,
                source=RoundAssignment.Source.SOLVER,
                decided_by=actor,
            )
            for s, (student, placed) in enumerate(zip(instance.students, result, strict=True))
        )
        allocation.status = AllocationRound.Status.SOLVED
        allocation.solved_at = timezone.now()
        allocation.stability = {
            "checked_at": allocation.solved_at.isoformat(),
            "students": len(instance.students),
            "positions": len(instance.positions),
            "proposals_possible": sum(len(p) for p in instance.student_prefs),
            "blocking_pairs": [[instance.students[s], instance.positions[p]] for s, p in pairs],
            "placed": sum(p is not None for p in result),
            "lottery_seed": allocation.lottery_seed,
        }
        allocation.save(update_fields=["status", "solved_at", "stability", "updated_at"])
    return len(pairs)


def blocking_after_overrides(
    allocation: AllocationRound,
    scores: dict[tuple[int, int], float],
    current: dict[int, RoundAssignment] | None = None,
) -> int | None:
    """Blocking pairs of the allocation as it stands with its overrides (the solver's result has none;
    an override can create some, and the college should see how many). None when an override placed a
    student at a position they did not rank, where stability is not defined."""
    instance = round_instance(allocation, scores)
    student_index = {pk: i for i, pk in enumerate(instance.students)}
    position_index = {pk: i for i, pk in enumerate(instance.positions)}
    placed: list[int | None] = [None] * len(instance.students)
    found = current if current is not None else current_assignments(allocation)
    for student_id, assignment in found.items():
        if student_id in student_index and assignment.position_id is not None:
            placed[student_index[student_id]] = position_index[assignment.position_id]
    try:
        pairs = solver.blocking_pairs(
            instance.student_prefs, instance.position_prefs, instance.capacities, placed
        )
    except ValueError:
        return None
    return len(pairs)


def override(
    actor: User, allocation: AllocationRound, student: User, position: RoundPosition | None, reason: str
) -> RoundAssignment:
    """Place a student by hand (or leave them unplaced) with a reason; the solver's result stays on record."""
    _runner(actor, allocation)
    if allocation.status != AllocationRound.Status.SOLVED:
        raise ValidationError({"student": _("Overrides are made after allocation and before publication.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the override.")})
    if not allocation.assignments.filter(student=student).exists():
        raise ValidationError({"student": _("This student took no part in the round.")})
    if position is not None and position.round_id != allocation.pk:
        raise ValidationError({"position": _("Choose a position of this round.")})
    if position is not None:
        held = sum(
            1
            for a in current_assignments(allocation).values()
            if a.position_id == position.pk and a.student_id != student.pk
        )
        if held >= position.capacity:
            raise ValidationError({"position": _("The position is full: move someone out first.")})
    rank = (
        RoundChoice.objects.filter(position=position, student=student).values_list("rank", flat=True).first()
        if position
        else None
    )
    with acting_as(actor):
        return RoundAssignment.objects.create(
            round=allocation,
            student=student,
            position=position,
            choice_rank=rank,
            source=RoundAssignment.Source.OVERRIDE,
            reason=reason.strip()[:2000],
            decided_by=actor,
        )


def rule_problems(
    allocation: AllocationRound,
    today: dt.date | None = None,
    current: dict[int, RoundAssignment] | None = None,
) -> dict[int, list[str]]:
    """The internship rules each current placement would break (the practice issue's checks that can be
    known before the agreement is signed), by student id."""
    today = today or timezone.localdate()
    seats = {
        m.user_id: m
        for m in Membership.objects.filter(
            organization_id=allocation.college_id, role=Role.STUDENT
        ).select_related("user")
    }
    problems: dict[int, list[str]] = {}
    found = current if current is not None else current_assignments(allocation)
    for student_id, assignment in found.items():
        position = assignment.position
        if position is None:
            continue
        opportunity = position.opportunity
        if opportunity.kind == Opportunity.Kind.JOB:
            continue
        seat = seats.get(student_id)
        starts = opportunity.starts_on or today
        facts = PlacementFacts(
            kind="apprenticeship" if opportunity.kind == Opportunity.Kind.APPRENTICESHIP else "post",
            starts_on=starts,
            ends_on=opportunity.ends_on or starts,
            birth_date=birth_date_from_id(seat.user.id_card_number or "") if seat else None,
            study_year=(starts.year - seat.cohort + (1 if starts.month >= 9 else 0))
            if seat and seat.cohort
            else 2,
            agreement_signed=True,
            insured=True,
            via_agency=False,
            night_shifts=opportunity.night_shifts,
            overtime=False,
            daily_hours=opportunity.daily_hours,
            weekly_hours=opportunity.weekly_hours,
            stipend_monthly=opportunity.stipend_monthly,
            probation_wage=opportunity.probation_wage,
        )
        broken = [
            str(RULE_MESSAGES[code]) for _field, code in violations(facts) if code != "birth_date_needed"
        ]
        if broken:
            problems[student_id] = broken
    return problems


def publish_round(actor: User, allocation: AllocationRound) -> AllocationRound:
    """Publish the results: refused while a placement breaks an internship rule; everyone is notified."""
    _runner(actor, allocation)
    if allocation.status != AllocationRound.Status.SOLVED:
        raise ValidationError({"status": _("Allocate the round before publishing it.")})
    problems = rule_problems(allocation)
    if problems:
        raise ValidationError(
            {
                "status": _(
                    "%(n)d placements break internship rules; override them (or fix the opportunities) first."
                )
                % {"n": len(problems)}
            }
        )
    allocation.status = AllocationRound.Status.PUBLISHED
    allocation.published_at = timezone.now()
    with acting_as(actor):
        allocation.save(update_fields=["status", "published_at", "updated_at"])
    assignments = current_assignments(allocation)
    for student in User.objects.filter(pk__in=list(assignments)):
        assignment = assignments[student.pk]

        def message(assignment: RoundAssignment = assignment) -> tuple[str, str]:
            if assignment.position is None:
                body = _("No position could be given to you in this round; your teacher will contact you.")
            else:
                body = _("You are placed at %(title)s (your choice no. %(rank)s).") % {
                    "title": assignment.position.opportunity.display_title,
                    "rank": assignment.choice_rank or "—",
                }
            return _("Allocation results: %(round)s") % {"round": allocation.name}, body

        notify([student], "matching.round", message, reverse("round_detail", args=[allocation.pk]))
    return allocation
