"""Arranging internships and apprenticeships under the national rules, and keeping the logbook.

A placement that breaks a rule of 《职业学校学生实习管理规定》 is refused with the rule in words, on the
field it concerns (the checks are the pure ``engines.internship_rules``). A log that nearly repeats an
earlier log — the student's own or another student's — is stored and flagged with the log it resembles,
for the teacher and mentor to look at; it is not refused, because a similar day is not always a copy.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iehub.accounts.models import Membership, Organization, Partnership, User
from iehub.accounts.roles import Role
from iehub.core.audit import acting_as
from iehub.core.notifications import notify
from iehub.engines import internship_rules as rules
from iehub.engines import similarity
from iehub.practice import permissions
from iehub.practice.models import CheckIn, LogEntry, Placement, ProblemReport, ProjectMember, Task

PLACEMENT_FIELDS = (
    "kind",
    "post",
    "starts_on",
    "ends_on",
    "birth_date",
    "study_year",
    "agreement_signed_on",
    "agreement_number",
    "insurance_policy",
    "insurer",
    "stipend_monthly",
    "probation_wage",
    "daily_hours",
    "weekly_hours",
    "night_shifts",
    "overtime",
    "via_agency",
    "work_study_schedule",
    "off_job_hours_target",
    "midterm_on",
    "final_on",
)
RULE_MESSAGES = {
    "dates": gettext_lazy("The end is on or after the start."),
    "birth_date_needed": gettext_lazy("Enter the student's date of birth: the minimum age is checked."),
    "minimum_age": gettext_lazy(
        "Students under 16 may not take a post internship (national rules, art. 16)."
    ),
    "first_year": gettext_lazy(
        "First-year students may not take a post internship (national rules, art. 16)."
    ),
    "post_length": gettext_lazy("A post internship normally lasts no more than six months."),
    "agency": gettext_lazy(
        "Internships may not be arranged through intermediary or paid agencies (art. 16)."
    ),
    "insurance": gettext_lazy("Internship liability insurance is required: enter the policy number."),
    "agreement": gettext_lazy(
        "A post internship needs the tripartite agreement (college, enterprise, student)."
    ),
    "night_shift": gettext_lazy("Interns may not work night shifts."),
    "overtime": gettext_lazy("Interns may not work overtime."),
    "working_time": gettext_lazy("Interns work at most 8 hours a day and 40 hours a week."),
    "pay_unknown": gettext_lazy("Enter the monthly pay and the probation wage of the same post."),
    "pay": gettext_lazy("Pay is at least 80% of the probation wage of the same post."),
}
# Logs compared with the newest ones of the college: enough for a term of a large cohort.
COMPARE_WITH = 5000


def _facts(placement: Placement) -> rules.PlacementFacts:
    return rules.PlacementFacts(
        kind=placement.kind,
        starts_on=placement.starts_on,
        ends_on=placement.ends_on,
        birth_date=placement.birth_date,
        study_year=placement.study_year,
        agreement_signed=placement.agreement_signed_on is not None,
        insured=bool(placement.insurance_policy.strip()),
        via_agency=placement.via_agency,
        night_shifts=placement.night_shifts,
        overtime=placement.overtime,
        daily_hours=Decimal(placement.daily_hours),
        weekly_hours=Decimal(placement.weekly_hours),
        stipend_monthly=placement.stipend_monthly,
        probation_wage=placement.probation_wage,
    )


def birth_date_from_id(id_number: str) -> dt.date | None:
    """The date of birth in an 18-digit resident ID number (digits 7–14), when it is a real date."""
    digits = id_number.strip()
    if len(digits) != 18 or not digits[:17].isdigit():
        return None
    try:
        return dt.date(int(digits[6:10]), int(digits[10:12]), int(digits[12:14]))
    except ValueError:
        return None


def create_placement(
    actor: User,
    college: Organization,
    student: User,
    enterprise: Organization,
    teacher: User,
    mentor: User,
    data: dict[str, Any],
) -> Placement:
    """Arrange a placement; every national rule it breaks is reported on its field at once."""
    if not permissions.placement_colleges(actor).filter(pk=college.pk).exists():
        raise PermissionDenied(_("Only the college's teachers and administrators arrange placements."))
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: Any) -> None:
        errors.setdefault(field, []).append(str(message))

    if not permissions.holds_role(student, college.pk, (Role.STUDENT,)):
        refuse("student", _("Choose a student of the college."))
    if not Partnership.objects.active().filter(college=college, enterprise=enterprise).exists():
        refuse("enterprise", _("Choose an enterprise in an active partnership with the college."))
    if not permissions.holds_role(teacher, college.pk, (Role.TEACHER, Role.PROGRAM_LEAD, Role.COLLEGE_ADMIN)):
        refuse("teacher", _("Choose a teacher of the college."))
    if not permissions.holds_role(mentor, enterprise.pk, (Role.ENTERPRISE_MENTOR, Role.ENTERPRISE_ADMIN)):
        refuse("mentor", _("Choose a mentor of the enterprise."))
    placement = Placement(
        college=college,
        student=student,
        enterprise=enterprise,
        teacher=teacher,
        mentor=mentor,
        created_by=actor,
    )
    for field in PLACEMENT_FIELDS:
        if field in data and data[field] is not None:
            setattr(placement, field, data[field])
    if placement.birth_date is None:
        placement.birth_date = birth_date_from_id(student.id_card_number or "")
    if not placement.post.strip():
        refuse("post", _("Name the post."))
    if placement.starts_on is None or placement.ends_on is None:
        refuse("starts_on", _("Enter the dates."))
    else:
        for field, code in rules.violations(_facts(placement)):
            refuse(field, RULE_MESSAGES[code])
        _evaluation_dates(placement, refuse)
    if errors:
        raise ValidationError(errors)
    placement.full_clean()
    with acting_as(actor):
        placement.save()
    return placement


def _evaluation_dates(placement: Placement, refuse: Any) -> None:
    """The mid-term and final evaluations (where evaluation plugs in): halfway and on the last day
    unless set, always within the placement."""
    halfway = placement.starts_on + (placement.ends_on - placement.starts_on) / 2
    placement.midterm_on = placement.midterm_on or halfway
    placement.final_on = placement.final_on or placement.ends_on
    for field in ("midterm_on", "final_on"):
        if not (placement.starts_on <= getattr(placement, field) <= placement.ends_on):
            refuse(field, _("The evaluation falls within the placement's dates."))


# --- the logbook ------------------------------------------------------------------------------------


def write_log(
    actor: User,
    placement: Placement,
    day: dt.date,
    text: str,
    hours: Decimal = Decimal("8"),
    period: str = LogEntry.Period.DAY,
    off_the_job: bool = False,
    task: Task | None = None,
) -> LogEntry:
    """The student's log for a day or week of the placement, flagged when it nearly repeats another."""
    if actor.pk != placement.student_id:
        raise PermissionDenied(_("Only the student writes their logbook."))
    errors: dict[str, str] = {}
    text = text.strip()
    if len(text) < 10:
        errors["text"] = _("Write at least a few sentences about what you did and learnt.")
    if not (placement.starts_on <= day <= placement.ends_on):
        errors["day"] = _("The date is within the placement's dates.")
    elif day > timezone.localdate():
        errors["day"] = _("A log is written for a day that has passed or today.")
    if not (Decimal("0") < hours <= Decimal("40")):
        errors["hours"] = _("Enter the hours worked (at most 40).")
    if period not in LogEntry.Period.values:
        errors["period"] = _("Choose daily or weekly.")
    if (
        task is not None
        and not ProjectMember.objects.filter(project_id=task.stage.project_id, user=actor).exists()
    ):
        errors["task"] = _("Choose a task of a project you are on.")
    if errors:
        raise ValidationError(errors)
    entry = LogEntry(
        placement=placement,
        author=actor,
        day=day,
        text=text[:5000],
        hours=hours,
        period=period,
        off_the_job=off_the_job,
        task=task,
        signature=similarity.text_signature(text),
    )
    if len(text) >= similarity.MIN_CHARS:
        _flag_copies(entry)
    with acting_as(actor):
        entry.save()
    return entry


def _flag_copies(entry: LogEntry) -> None:
    """Compare with the newest logs of the same college (the student's own and others')."""
    earlier = (
        LogEntry.objects.filter(placement__college_id=entry.placement.college_id)
        .order_by("-id")
        .values_list("id", "signature")[:COMPARE_WITH]
    )
    found = similarity.most_similar(bytes(entry.signature), [(pk, bytes(sig)) for pk, sig in earlier])
    if found is not None and found[1] >= similarity.COPY_THRESHOLD:
        entry.similar_to_id, entry.similarity = found[0], round(found[1], 3)


def co_sign(actor: User, entry: LogEntry) -> LogEntry:
    """The mentor (or teacher) confirms the log describes the work done."""
    if not permissions.may_co_sign(actor, entry.placement):
        raise PermissionDenied(_("Only the placement's mentor and teacher co-sign its logs."))
    if entry.co_signed_at is not None:
        raise ValidationError({"co_signed_by": _("This log is already co-signed.")})
    with acting_as(actor):
        entry.co_signed_by = actor
        entry.co_signed_at = timezone.now()
        entry.save(update_fields=["co_signed_by", "co_signed_at"])
    return entry


# --- attendance and problems ------------------------------------------------------------------------


def check_in(actor: User, placement: Placement, kind: str, now: dt.datetime | None = None) -> CheckIn:
    """The student checks in (once a day) and out (after checking in), on a day of the placement."""
    if actor.pk != placement.student_id:
        raise PermissionDenied(_("Only the student checks in."))
    day = timezone.localdate(now or timezone.now())
    if not (placement.starts_on <= day <= placement.ends_on):
        raise ValidationError({"day": _("Today is not a day of this placement.")})
    if kind not in CheckIn.Kind.values:
        raise ValidationError({"kind": _("Check in or check out.")})
    done = set(placement.check_ins.filter(day=day).values_list("kind", flat=True))
    if kind in done:
        raise ValidationError({"kind": _("Already recorded today.")})
    if kind == CheckIn.Kind.OUT and CheckIn.Kind.IN not in done:
        raise ValidationError({"kind": _("Check in before checking out.")})
    with acting_as(actor):
        return CheckIn.objects.create(placement=placement, kind=kind, day=day)


def _problem_path(placement: Placement) -> str:
    return reverse("placement", args=[placement.pk])


def report_problem(actor: User, placement: Placement, text: str) -> ProblemReport:
    """The student raises a problem; the teacher and the mentor are told at once."""
    if actor.pk != placement.student_id:
        raise PermissionDenied(_("Only the student reports a problem of their placement."))
    if len(text.strip()) < 5:
        raise ValidationError({"text": _("Describe the problem.")})
    with acting_as(actor):
        problem = ProblemReport.objects.create(placement=placement, text=text.strip()[:5000])
    people = [placement.teacher, placement.mentor]

    def message() -> tuple[str, str]:
        return (
            _("%(student)s reported a problem at %(enterprise)s")
            % {"student": placement.student.display_name, "enterprise": placement.enterprise.display_name},
            problem.text[:500],
        )

    transaction.on_commit(lambda: notify(people, "problem", message, _problem_path(placement)))
    return problem


def answer_problem(actor: User, problem: ProblemReport, answer: str) -> ProblemReport:
    if not permissions.may_answer_problem(actor, problem.placement):
        raise PermissionDenied(
            _("The placement's teacher and mentor, or the college's administrators, answer.")
        )
    if problem.state == ProblemReport.State.ANSWERED:
        raise ValidationError({"answer": _("This problem has already been answered.")})
    if len(answer.strip()) < 2:
        raise ValidationError({"answer": _("Write the answer.")})
    with acting_as(actor):
        problem.state = ProblemReport.State.ANSWERED
        problem.answer = answer.strip()[:5000]
        problem.answered_by = actor
        problem.answered_at = timezone.now()
        problem.save(update_fields=["state", "answer", "answered_by", "answered_at"])
    student = problem.placement.student

    def message() -> tuple[str, str]:
        return _("Your problem report was answered"), problem.answer[:500]

    transaction.on_commit(lambda: notify([student], "problem", message, _problem_path(problem.placement)))
    return problem


def escalate_overdue(now: dt.datetime | None = None) -> int:
    """Escalate open problems older than ``IEHUB_PROBLEM_ESCALATE_DAYS`` to the college's administrators
    (run by ``iehub practice escalate`` from cron, and on the placement list). Returns how many."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.IEHUB_PROBLEM_ESCALATE_DAYS)
    overdue = list(
        ProblemReport.objects.filter(state=ProblemReport.State.OPEN, created_at__lt=cutoff).select_related(
            "placement", "placement__student", "placement__enterprise"
        )
    )
    for problem in overdue:
        placement = problem.placement
        with transaction.atomic():
            problem.state = ProblemReport.State.ESCALATED
            problem.escalated_at = now or timezone.now()
            problem.save(update_fields=["state", "escalated_at"])
        admins = [
            m.user
            for m in Membership.objects.filter(
                organization_id=placement.college_id, role=Role.COLLEGE_ADMIN, is_active=True
            ).select_related("user")
        ]

        def message(placement: Placement = placement, problem: ProblemReport = problem) -> tuple[str, str]:
            return (
                _("Unanswered for %(days)s days: %(student)s's problem at %(enterprise)s")
                % {
                    "days": settings.IEHUB_PROBLEM_ESCALATE_DAYS,
                    "student": placement.student.display_name,
                    "enterprise": placement.enterprise.display_name,
                },
                problem.text[:500],
            )

        notify(admins, "problem", message, _problem_path(placement))
    return len(overdue)
