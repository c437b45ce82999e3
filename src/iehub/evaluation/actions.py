"""Writes for evaluation. Each checks who may do it, is audited, and fails with a translated message
naming the field. Evaluations are append-only: a correction is a new evaluation naming the old one."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any, NoReturn

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iehub.accounts import permissions as accounts_permissions
from iehub.accounts.models import Organization, User
from iehub.accounts.roles import Role
from iehub.core import links
from iehub.core.audit import acting_as
from iehub.core.mailing import absolute_url, mail_address
from iehub.core.notifications import notify
from iehub.curriculum.actions.changes import open_change_request
from iehub.curriculum.models import ChangeOrigin, ChangeRequest, Course, Program
from iehub.evaluation import credentials, permissions, queries
from iehub.evaluation.models import (
    ENTERPRISE_SIDE,
    AssessorLink,
    Credential,
    Criterion,
    Evaluation,
    EvaluationPolicy,
    EvaluatorRole,
    LinkUse,
    Mark,
    Moderation,
    PortfolioShare,
    Rubric,
    Scheme,
    SchemeWeight,
)
from iehub.evaluation.portfolio import PORTFOLIO_THRESHOLD, Competency, portfolio_of
from iehub.evaluation.reports import CohortWeakness
from iehub.practice.models import Placement, Project
from iehub.taxonomy.models import Skill

LINK_SALT = "iehub.evaluation.assessor-link"
MAX_LINK_DAYS = 60
CORRECTION_OF_ONES_OWN = gettext_lazy("A correction replaces one of your own evaluations of this student.")
OUTSIDE_ROLES = (EvaluatorRole.CLIENT, EvaluatorRole.EXPERT, EvaluatorRole.MENTOR)


def set_policy(
    actor: User, college: Organization, minimum: int, program: Program | None = None
) -> EvaluationPolicy:
    """Set the minimum enterprise weight (%) of the college's (or one program's) schemes."""
    if not permissions.may_set_policy(actor, college.pk):
        raise PermissionDenied(_("Only the college's administrators set its evaluation policy."))
    if program is not None and program.college_id != college.pk:
        raise ValidationError({"program": _("Choose a program of this college.")})
    if not 0 <= minimum <= 100:
        raise ValidationError({"min_enterprise_weight": _("Give a share between 0 and 100 %.")})
    policy = EvaluationPolicy.objects.filter(college=college, program=program).first()
    policy = policy or EvaluationPolicy(college=college, program=program)
    policy.min_enterprise_weight = minimum
    with acting_as(actor):
        policy.save()
    return policy


def create_rubric(actor: User, college: Organization, data: dict[str, Any]) -> Rubric:
    if not permissions.may_design(actor, college.pk):
        raise PermissionDenied(_("Only the college's teachers and administrators write rubrics."))
    rubric = Rubric(
        college=college, **{k: data[k] for k in ("name", "name_en", "field", "levels") if k in data}
    )
    rubric.full_clean()
    with acting_as(actor):
        rubric.save()
    return rubric


def add_criterion(actor: User, rubric: Rubric, skill: Skill, data: dict[str, Any]) -> Criterion:
    """A criterion evidencing ``skill``; its descriptors, if given, are one per rubric level."""
    if not permissions.may_design(actor, rubric.college_id):
        raise PermissionDenied(_("Only the college's teachers and administrators write rubrics."))
    criterion = Criterion(rubric=rubric, skill=skill, order=rubric.criteria.count())
    for field in ("component", "name", "name_en", "descriptors", "descriptors_en", "roles"):
        if field in data:
            setattr(criterion, field, data[field])
    errors: dict[str, str] = {}
    for field in ("descriptors", "descriptors_en"):
        texts = getattr(criterion, field)
        if texts and len(texts) != rubric.levels:
            errors[field] = _("Give one descriptor per level: %(levels)d.") % {"levels": rubric.levels}
    if any(role not in EvaluatorRole.values for role in criterion.roles):
        errors["roles"] = _("Choose evaluator roles from the list.")
    if errors:
        raise ValidationError(errors)
    criterion.full_clean()
    with acting_as(actor):
        criterion.save()
    return criterion


def save_scheme(
    actor: User,
    college: Organization,
    data: dict[str, Any],
    weights: dict[str, int],
) -> Scheme:
    """A scheme for a course, project or internship of the college, with evaluator weights adding up to
    100 % and an enterprise share at least what the policy sets — below it, it cannot be saved."""
    if not permissions.may_design(actor, college.pk):
        raise PermissionDenied(_("Only the college's teachers and administrators set up evaluation."))
    scheme = Scheme(college=college, created_by=actor)
    for field in (
        "name",
        "rubric",
        "program",
        "project",
        "placement",
        "course",
        "process_weight",
        "mastery_method",
        "mastery_threshold",
        "mastery_times",
    ):
        if field in data:
            setattr(scheme, field, data[field])
    _check_subject(scheme)
    _check_weights(scheme, weights)
    scheme.full_clean()
    with transaction.atomic(), acting_as(actor):
        scheme.save()
        SchemeWeight.objects.bulk_create(
            SchemeWeight(scheme=scheme, role=role, weight=weight)
            for role, weight in weights.items()
            if weight
        )
    return scheme


def _check_subject(scheme: Scheme) -> None:
    errors: dict[str, str] = {}
    college_id = scheme.college_id
    rubric: Rubric | None = scheme.rubric if scheme.rubric_id is not None else None
    program: Program | None = scheme.program
    project: Project | None = scheme.project
    placement: Placement | None = scheme.placement
    course: Course | None = scheme.course
    if rubric is None or rubric.college_id != college_id:
        errors["rubric"] = _("Choose a rubric of this college.")
    if program is not None and program.college_id != college_id:
        errors["program"] = _("Choose a program of this college.")
    if project is not None and project.college_id != college_id:
        errors["project"] = _("Choose a project of this college.")
    if placement is not None and placement.college_id != college_id:
        errors["placement"] = _("Choose an internship of this college.")
    if course is not None and course.version.program.college_id != college_id:
        errors["course"] = _("Choose a course of this college.")
    if sum(x is not None for x in (scheme.project_id, scheme.placement_id, scheme.course_id)) > 1:
        errors["project"] = _("A scheme evaluates one course, project or internship.")
    if scheme.program_id is None and project is not None:
        scheme.program = project.program
    if errors:
        raise ValidationError(errors)


def _check_weights(scheme: Scheme, weights: dict[str, int]) -> None:
    if any(role not in EvaluatorRole.values for role in weights):
        raise ValidationError({"weights": _("Choose evaluator roles from the list.")})
    if any(not 0 <= weight <= 100 for weight in weights.values()):
        raise ValidationError({"weights": _("Each weight is between 0 and 100 %.")})
    total = sum(weights.values())
    if total != 100:
        raise ValidationError(
            {"weights": _("The evaluators' weights add up to %(total)d %%, not 100 %%.") % {"total": total}}
        )
    minimum = queries.minimum_enterprise_weight(scheme.college_id, scheme.program_id)
    share = queries.enterprise_weight(weights)
    if share < minimum:
        raise ValidationError(
            {
                "weights": _(
                    "Enterprise-side evaluators (mentor, client, expert) carry %(share)d %%; the policy "
                    "asks for at least %(minimum)d %%."
                )
                % {"share": share, "minimum": minimum}
            }
        )


def record_evaluation(
    actor: User,
    scheme: Scheme,
    student: User,
    role: str,
    marks: dict[int, int],
    comment: str = "",
    corrects: Evaluation | None = None,
) -> Evaluation:
    """The actor's evaluation of the student in ``role``; ``corrects`` names an earlier evaluation of
    theirs that this one replaces (it stays in the history)."""
    if role not in permissions.evaluator_roles(actor, scheme, student.pk):
        raise PermissionDenied(_("You may not evaluate this student in this role."))
    _check_student(scheme, student)
    if corrects is not None and (
        corrects.scheme_id != scheme.pk
        or corrects.student_id != student.pk
        or corrects.evaluator_id != actor.pk
        or corrects.role != role
    ):
        raise ValidationError(
            {"corrects": _("A correction replaces one of your own evaluations of this student.")}
        )
    evaluation = Evaluation(
        scheme=scheme, student=student, role=role, evaluator=actor, comment=comment.strip(), corrects=corrects
    )
    with transaction.atomic(), acting_as(actor):
        _save_with_marks(evaluation, marks)
    return evaluation


def _check_student(scheme: Scheme, student: User) -> None:
    if not queries.scheme_students(scheme).filter(pk=student.pk).exists():
        raise ValidationError({"student": _("This student is not evaluated under this scheme.")})


def _save_with_marks(evaluation: Evaluation, marks: dict[int, int]) -> None:
    """Check the marks against the role's variant of the rubric, then write the evaluation and them."""
    scheme = evaluation.scheme
    criteria = queries.criteria_of(scheme, evaluation.role)
    levels = scheme.rubric.levels
    errors: dict[str, str] = {}
    for criterion in criteria:
        level = marks.get(criterion.pk)
        if level is None:
            errors[f"criterion_{criterion.pk}"] = _("Give a level for “%(criterion)s”.") % {
                "criterion": criterion.display_name
            }
        elif not 1 <= level <= levels:
            errors[f"criterion_{criterion.pk}"] = _("“%(criterion)s”: a level from 1 to %(levels)d.") % {
                "criterion": criterion.display_name,
                "levels": levels,
            }
    unknown = set(marks) - {criterion.pk for criterion in criteria}
    if unknown:
        errors["marks"] = _("Some marks are for criteria not on this evaluator's form.")
    if not criteria:
        errors["marks"] = _("The rubric has no criteria for this evaluator.")
    if errors:
        raise ValidationError(errors)
    evaluation.save()
    Mark.objects.bulk_create(
        Mark(evaluation=evaluation, criterion=criterion, level=marks[criterion.pk]) for criterion in criteria
    )


# --- outside assessors --------------------------------------------------------------------------------


def issue_link(
    actor: User,
    scheme: Scheme,
    student: User,
    role: str,
    assessor_name: str,
    assessor_email: str = "",
    days: int = 14,
    now: dt.datetime | None = None,
) -> tuple[AssessorLink, str]:
    """A single-use link for an assessor without an account; returns it with its token (shown once,
    e-mailed to the assessor when an address is given)."""
    if not permissions.may_design(actor, scheme.college_id):
        raise PermissionDenied(_("Only the college's teachers and administrators invite outside assessors."))
    errors: dict[str, str] = {}
    if role not in OUTSIDE_ROLES or role not in permissions.scheme_roles(scheme):
        errors["role"] = _("Choose an enterprise-side role that has a weight in this scheme.")
    if not assessor_name.strip():
        errors["assessor_name"] = _("Name the assessor.")
    if not 1 <= days <= MAX_LINK_DAYS:
        errors["days"] = _("A link is valid for 1 to %(days)d days.") % {"days": MAX_LINK_DAYS}
    if errors:
        raise ValidationError(errors)
    _check_student(scheme, student)
    link = AssessorLink(
        scheme=scheme,
        student=student,
        role=role,
        assessor_name=assessor_name.strip(),
        assessor_email=assessor_email.strip(),
        expires_at=(now or timezone.now()) + dt.timedelta(days=days),
        created_by=actor,
    )
    link.full_clean()
    with acting_as(actor):
        link.save()
    token = signing.dumps(link.pk, salt=LINK_SALT)
    if link.assessor_email:
        _mail_link(link, token)
    return link, token


def _mail_link(link: AssessorLink, token: str) -> None:
    """E-mail the link to an assessor who has no account, in the platform's language."""
    url = absolute_url(f"/assess/{token}/")

    def build() -> tuple[str, str]:
        subject = _("Please evaluate %(student)s") % {"student": link.student}
        body = _("%(name)s, the college asks for your evaluation of %(student)s (%(scheme)s): %(url)s") % {
            "name": link.assessor_name,
            "student": link.student,
            "scheme": link.scheme,
            "url": url,
        }
        return subject, body

    mail_address(link.assessor_email, settings.LANGUAGE_CODE, build)


def revoke_link(actor: User, link: AssessorLink) -> None:
    if not permissions.may_design(actor, link.scheme.college_id):
        raise PermissionDenied(_("Only the college's teachers and administrators revoke assessor links."))
    if link.used_at or link.revoked_at:
        raise ValidationError(_("This link is already used or revoked."))
    link.revoked_at = timezone.now()
    with acting_as(actor):
        link.save(update_fields=["revoked_at", "updated_at"])


REFUSALS = {
    "invalid": gettext_lazy("This link is not valid. Ask the college for a new one."),
    "used": gettext_lazy("This link has already been used: an evaluation was submitted with it."),
    "revoked": gettext_lazy("This link was withdrawn by the college."),
    "withdrawn": gettext_lazy("This link was withdrawn by the student."),
    "expired": gettext_lazy("This link has expired. Ask the college for a new one."),
}


class LinkRefused(links.LinkRefused):
    """An assessor's link that cannot be used; ``reason`` is a key of ``REFUSALS``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason, REFUSALS)


def link_for(token: str) -> AssessorLink:
    """The link a token names, whatever its state (refused only when the token is not one of ours)."""
    try:
        pk = signing.loads(token, salt=LINK_SALT)
    except signing.BadSignature as exc:
        raise LinkRefused("invalid") from exc
    link = AssessorLink.objects.select_related("scheme__rubric", "student").filter(pk=pk).first()
    if link is None:
        raise LinkRefused("invalid")
    return link


def open_link(token: str, address: str = "") -> AssessorLink:
    """The link behind a token, if it can still be used; every opening and refusal is recorded."""
    link = link_for(token)
    if link.state != "open":
        _refuse(link, address)
    LinkUse.objects.create(link=link, outcome=LinkUse.Outcome.OPENED, address=address)
    return link


def _refuse(link: AssessorLink, address: str) -> NoReturn:
    """Record the refusal (outside any transaction that could roll it back) and refuse."""
    LinkUse.objects.create(link=link, outcome=LinkUse.Outcome.REFUSED, reason=link.state, address=address)
    raise LinkRefused(link.state)


def evaluate_by_link(token: str, marks: dict[int, int], comment: str = "", address: str = "") -> Evaluation:
    """The outside assessor's evaluation; the link is used up in the same transaction, under a row lock,
    so two submissions of one link cannot both count."""
    pk = link_for(token).pk
    with transaction.atomic():
        link = AssessorLink.objects.select_for_update().select_related("scheme__rubric", "student").get(pk=pk)
        if link.state == "open":
            return _evaluate_with(link, marks, comment, address)
    _refuse(link, address)


def _evaluate_with(link: AssessorLink, marks: dict[int, int], comment: str, address: str) -> Evaluation:
    """Inside the locked transaction: the evaluation, its marks, the link used up, the use recorded."""
    evaluation = Evaluation(
        scheme=link.scheme,
        student=link.student,
        role=link.role,
        assessor_name=link.assessor_name,
        link=link,
        comment=comment.strip(),
    )
    _save_with_marks(evaluation, marks)
    link.used_at = timezone.now()
    link.save(update_fields=["used_at", "updated_at"])
    LinkUse.objects.create(link=link, outcome=LinkUse.Outcome.SUBMITTED, address=address)
    return evaluation


# --- portfolio shares --------------------------------------------------------------------------------

SHARE_SALT = "iehub.evaluation.portfolio-share"


def share_portfolio(
    actor: User, skill_ids: list[int], label: str, show_comments: bool = False
) -> tuple[PortfolioShare, str]:
    """A public link to the actor's own portfolio showing the chosen competencies (of those evaluated)."""
    evaluated = set(
        Mark.objects.filter(evaluation__student=actor).values_list("criterion__skill_id", flat=True)
    )
    chosen = [pk for pk in skill_ids if pk in evaluated]
    errors: dict[str, str] = {}
    if not chosen:
        errors["skills"] = _("Choose at least one of your evaluated competencies.")
    if not label.strip():
        errors["label"] = _("Say who the link is for.")
    if errors:
        raise ValidationError(errors)
    share = PortfolioShare(student=actor, label=label.strip()[:100], show_comments=show_comments)
    with transaction.atomic(), acting_as(actor):
        share.save()
        share.skills.set(chosen)
    return share, signing.dumps(share.pk, salt=SHARE_SALT)


def share_token(share: PortfolioShare) -> str:
    return signing.dumps(share.pk, salt=SHARE_SALT)


def withdraw_share(actor: User, share: PortfolioShare) -> None:
    if share.student_id != actor.pk:
        raise PermissionDenied(_("Only the student withdraws a link to their portfolio."))
    share.revoked_at = timezone.now()
    with acting_as(actor):
        share.save(update_fields=["revoked_at", "updated_at"])


def open_share(token: str) -> PortfolioShare:
    """The share behind a public token; refused when forged or withdrawn."""
    try:
        pk = signing.loads(token, salt=SHARE_SALT)
    except signing.BadSignature as exc:
        raise LinkRefused("invalid") from exc
    share = PortfolioShare.objects.select_related("student").filter(pk=pk).first()
    if share is None:
        raise LinkRefused("invalid")
    if share.revoked_at is not None:
        raise LinkRefused("withdrawn")
    return share


# --- closing the loop --------------------------------------------------------------------------------


def open_cohort_change(
    actor: User, program: Program, rows: list[CohortWeakness], students: int, term: str
) -> ChangeRequest:
    """A curriculum change request citing the cohort's common weaknesses (origin: cohort weakness), through
    the curriculum's own workflow (its permission and validation apply)."""
    weak = [row for row in rows if row.below][:5]
    if not weak:
        raise ValidationError({"skills": _("No competency of this cohort is below the threshold.")})
    names = "、".join(row.skill.display_name for row in weak)
    facts = "\n".join(
        _("%(skill)s: %(below)d of %(evaluated)d evaluated students below the threshold")
        % {"skill": row.skill.display_name, "below": row.below, "evaluated": row.evaluated}
        for row in weak
    )
    title = _("Cohort weakness: %(skills)s") % {"skills": names}
    rationale = _("From the evaluations of %(students)d students:\n%(facts)s") % {
        "students": students,
        "facts": facts,
    }
    return open_change_request(actor, program, title[:200], rationale, ChangeOrigin.COHORT_WEAKNESS, term)


# --- credentials -------------------------------------------------------------------------------------


def _student_college(actor: User, student: User) -> Organization:
    """The college where the student studies and the actor is on the staff (else refused)."""
    college = (
        Organization.objects.filter(
            memberships__user=student, memberships__role=Role.STUDENT, memberships__is_active=True
        )
        .filter(id__in=accounts_permissions.staff_org_ids(actor))
        .first()
    )
    if college is None and not actor.is_superuser:
        raise PermissionDenied(_("Only the staff of the student's college issue and revoke credentials."))
    if college is None:
        college = Organization.objects.filter(
            memberships__user=student, memberships__role=Role.STUDENT, memberships__is_active=True
        ).first()
    if college is None:
        raise ValidationError({"student": _("This person is not a student of any college.")})
    return college


def _endorsing_enterprise(competency: Competency) -> Organization | None:
    """The enterprise whose people evaluated the competency (client or host of the work), latest first."""
    for item in competency.evidence:
        evaluation = item.evaluation
        if evaluation.role not in ENTERPRISE_SIDE:
            continue
        scheme = evaluation.scheme
        if scheme.project is not None:
            return scheme.project.client
        if scheme.placement is not None:
            return scheme.placement.enterprise
    return None


def issue_credential(actor: User, student: User, skill: Skill) -> Credential:
    """An Open Badges 3.0 credential for a competency the student's portfolio shows as mastered; joint
    with the enterprise whose evaluators took part."""
    college = _student_college(actor, student)
    competency = next((c for c in portfolio_of(student).competencies if c.skill.pk == skill.pk), None)
    if competency is None or not competency.mastered or competency.score is None:
        raise ValidationError({"skill": _("Only a mastered competency earns a credential.")})
    if not student.email:
        raise ValidationError({"student": _("The student needs an e-mail address to receive a credential.")})
    if Credential.objects.filter(student=student, skill=skill, revoked_at__isnull=True).exists():
        raise ValidationError({"skill": _("The student already holds a credential for this competency.")})
    enterprise = _endorsing_enterprise(competency)
    roles = sorted({item.evaluation.get_role_display() for item in competency.evidence}, key=str)
    score = round(competency.score, 2)
    criteria = (
        f"掌握：得分 {score} ≥ {PORTFOLIO_THRESHOLD}（1–3 量表），依据 {len(competency.evidence)} 项评价。"
        f" Mastered: score {score} ≥ {PORTFOLIO_THRESHOLD} on the 1–3 scale, from "
        f"{len(competency.evidence)} marks ({', '.join(str(r) for r in roles)})."
    )
    evidence = [
        (
            f"{item.evaluation.scheme.name} · {item.evaluation.get_role_display()}",
            f"{item.evaluation.at:%Y-%m-%d}: {item.level}/{item.evaluation.scheme.rubric.levels}",
        )
        for item in competency.evidence
    ]
    uid = uuid.uuid4()
    with transaction.atomic(), acting_as(actor):
        Organization.objects.select_for_update().filter(pk=college.pk).first()
        last = Credential.objects.filter(college=college).aggregate(top=Max("status_index"))["top"]
        index = 0 if last is None else last + 1
        token = credentials.sign(
            uid=uid,
            college=college,
            enterprise=enterprise,
            recipient_email=student.email,
            skill=skill,
            criteria=criteria,
            evidence=evidence,
            status_index=index,
            endorsement_comment=f"{enterprise.name if enterprise else ''}: {skill.label_zh} {skill.label_en}",
        )
        credential = Credential.objects.create(
            uid=uid,
            student=student,
            skill=skill,
            college=college,
            enterprise=enterprise,
            score=Decimal(str(score)),
            status_index=index,
            token=token,
            issued_by=actor,
        )
    notify(
        [student],
        "credential",
        lambda: (
            _("Credential issued: %(skill)s") % {"skill": skill.display_name},
            _("Your credential for %(skill)s can be verified at %(url)s")
            % {"skill": skill.display_name, "url": credentials.credential_url(uid)},
        ),
        reverse("credential", args=[uid]),
    )
    return credential


def revoke_credential(actor: User, credential: Credential, reason: str) -> None:
    """Revoke through the college's status list: verifiers see it at their next check."""
    if not actor.is_superuser and not permissions.is_college_staff(actor, credential.college_id):
        raise PermissionDenied(_("Only the staff of the student's college issue and revoke credentials."))
    if credential.revoked_at is not None:
        raise ValidationError(_("This credential is already revoked."))
    if not reason.strip():
        raise ValidationError({"revoked_reason": _("Give the reason for the revocation.")})
    credential.revoked_at = timezone.now()
    credential.revoked_reason = reason.strip()[:200]
    with acting_as(actor):
        credential.save(update_fields=["revoked_at", "revoked_reason"])


def moderate(actor: User, scheme: Scheme, decision: str, note: str) -> Moderation:
    """Record a decision on the scheme's panel (the college's staff), with the agreement at that time;
    "evaluate again" notifies the scheme's evaluators through the usual notifications."""
    if not permissions.may_design(actor, scheme.college_id):
        raise PermissionDenied(_("Only the college's teachers and administrators moderate a panel."))
    errors: dict[str, str] = {}
    if decision not in Moderation.Decision.values:
        errors["decision"] = _("Choose one of the allowed values.")
    if not note.strip():
        errors["note"] = _("Say what the review found.")
    if errors:
        raise ValidationError(errors)
    agreement = queries.panel_agreement(scheme)
    moderation = Moderation(
        scheme=scheme, moderator=actor, alpha=agreement.alpha, decision=decision, note=note.strip()
    )
    with acting_as(actor):
        moderation.save()
    if decision == Moderation.Decision.REEVALUATE:
        evaluators = User.objects.filter(
            id__in=Evaluation.objects.filter(scheme=scheme, evaluator__isnull=False).values("evaluator_id")
        ).exclude(pk=actor.pk)
        notify(
            evaluators,
            "moderation",
            lambda: (
                _("Please evaluate again: %(scheme)s") % {"scheme": scheme.name},
                _("The panel of %(scheme)s disagreed; after review: %(note)s")
                % {"scheme": scheme.name, "note": moderation.note},
            ),
            reverse("evaluation_scheme", args=[scheme.pk]),
        )
    return moderation
