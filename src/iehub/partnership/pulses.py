"""Enterprise feedback each term (the partnership issue's feedback channels).

45% of traditional enterprises never give feedback and most colleges rely on one annual survey. A
*pulse* is a college's short request to all its active partner enterprises for one term: five questions
(the cooperation, the students, next term's intention, the skills students lacked, a curriculum
suggestion), answered once per enterprise in a minute, reminded until it closes. A suggestion made in a
pulse is an ordinary curriculum suggestion (``curriculum.actions.suggestions.suggest``), so it reaches
the program leads and is decided like any other.

The feedback overview answers the issue's two questions per partner enterprise: who never gives
feedback (no pulse answer, suggestion or stated skill need) and who sends curriculum suggestions. Use
cases and reads live here together, like ``teachers.py``.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from iehub.accounts.models import Membership, Organization, User
from iehub.accounts.roles import Role
from iehub.core import data_versions
from iehub.core.audit import acting_as
from iehub.core.mailing import absolute_url
from iehub.core.models import CHANGE
from iehub.core.notifications import notify
from iehub.curriculum.actions.common import valid_term
from iehub.curriculum.actions.suggestions import suggest
from iehub.curriculum.models import EnterpriseSuggestion, Program
from iehub.demand.models import SkillNeed
from iehub.partnership import queries
from iehub.partnership.models import FeedbackPulse, Outlook, PulseRequest
from iehub.partnership.permissions import pulse_request_scope
from iehub.partnership.teachers import administered_colleges

MAX_OPEN_DAYS = 120  # a pulse belongs to one term
REMIND_EVERY_DAYS = 7  # the scheduled reminder's rhythm (``iehub partnership remind``)
MANUAL_REMIND_GAP_HOURS = 24  # "remind now" skips enterprises reminded since
FEEDBACK_WINDOW_DAYS = 365
RATINGS = range(1, 6)


def feedback_since() -> dt.datetime:
    """The start of the twelve months in which feedback counts (the pages and the KPI alike)."""
    return timezone.now() - dt.timedelta(days=FEEDBACK_WINDOW_DAYS)


def term_of(day: dt.date) -> str:
    """The term a day falls in, written like curricula's effective terms: ``2026-2027-1`` from 1
    September, ``2026-2027-2`` from 1 February."""
    if day.month >= 9:
        return f"{day.year}-{day.year + 1}-1"
    if day.month >= 2:
        return f"{day.year - 1}-{day.year}-2"
    return f"{day.year - 1}-{day.year}-1"


def requests_to_answer(user: Any) -> QuerySet[PulseRequest]:
    """The requests the user answers for their own enterprise: the scope rule's own predicate, without
    the platform administrator's reach over every request (on the large demo, two hundred rows headed
    "sent to your enterprise")."""
    if not (user.is_authenticated and user.is_active):
        return PulseRequest.objects.none()
    return PulseRequest.objects.filter(pulse_request_scope(user, CHANGE))


def has_requests(user: Any) -> bool:
    """Whether the user answers feedback requests for an enterprise (the enterprise's side of the page)."""
    return requests_to_answer(user).exists()


def partner_enterprises(college: Organization | int) -> list[Organization]:
    """The college's active partner enterprises: the ones a pulse asks."""
    college_id = college if isinstance(college, int) else college.pk
    return list(queries.partner_enterprises([college_id]).filter(is_active=True))


def _enterprise_contacts(enterprise_ids: Sequence[int]) -> dict[int, list[User]]:
    """Who is told of a request: the enterprise's administrators, or its mentors where it has none."""
    found: dict[int, dict[str, list[User]]] = {}
    for m in Membership.objects.filter(
        organization_id__in=enterprise_ids,
        role__in=(Role.ENTERPRISE_ADMIN, Role.ENTERPRISE_MENTOR),
        is_active=True,
        user__is_active=True,
    ).select_related("user"):
        found.setdefault(m.organization_id, {}).setdefault(m.role, []).append(m.user)
    return {
        org: roles.get(Role.ENTERPRISE_ADMIN) or roles.get(Role.ENTERPRISE_MENTOR, [])
        for org, roles in found.items()
    }


def _tell(requests: Sequence[PulseRequest], kind: str, reminder: bool) -> None:
    contacts = _enterprise_contacts([r.enterprise_id for r in requests])
    for request in requests:
        pulse = request.pulse
        path = reverse("pulse_answer", args=[request.pk])

        def message(pulse: FeedbackPulse = pulse, path: str = path) -> tuple[str, str]:
            subject = (
                _("Reminder: %(college)s asks for your feedback (until %(day)s)")
                if reminder
                else _("%(college)s asks for your feedback (until %(day)s)")
            ) % {"college": pulse.college.display_name, "day": pulse.closes_on.isoformat()}
            body = _("Five questions on this term's cooperation, about a minute.")
            return subject, "\n".join(p for p in (body, pulse.message, absolute_url(path)) if p)

        notify(contacts.get(request.enterprise_id, []), kind, message, path)


def open_pulse(
    actor: User, college: Organization, term: str, closes_on: dt.date | None, message: str
) -> FeedbackPulse:
    """A college's administrator asks every active partner enterprise for this term's feedback."""
    if college not in administered_colleges(actor):
        raise PermissionDenied(_("Only the college's administrators ask its partners for feedback."))
    try:
        term = valid_term(term)
    except ValidationError as error:
        raise ValidationError({"term": error.message_dict["effective_term"]}) from error
    today = timezone.localdate()
    if closes_on is None:
        raise ValidationError({"closes_on": _("Enter a date as YYYY-MM-DD.")})
    if not today <= closes_on <= today + dt.timedelta(days=MAX_OPEN_DAYS):
        raise ValidationError(
            {"closes_on": _("Close the pulse within %(n)s days from today.") % {"n": MAX_OPEN_DAYS}}
        )
    if _already_asked(college, term):
        raise _asked_twice()
    message = message.replace("\x00", "").strip()
    if len(message) > 1000:
        raise ValidationError({"message": _("Write at most 1,000 characters.")})
    enterprises = partner_enterprises(college)
    if not enterprises:
        raise ValidationError({"college": _("The college has no active partner enterprise yet.")})
    try:
        with transaction.atomic(), acting_as(actor):
            pulse = FeedbackPulse.objects.create(
                college=college,
                term=term,
                opens_on=today,
                closes_on=closes_on,
                message=message,
                created_by=actor,
            )
            requests = PulseRequest.objects.bulk_create(
                PulseRequest(pulse=pulse, enterprise=enterprise) for enterprise in enterprises
            )
            transaction.on_commit(lambda: _tell(requests, "feedback_pulse", reminder=False))
    except IntegrityError as error:  # another administrator opened the same term a moment ago
        raise _asked_twice() from error
    return pulse


def _already_asked(college: Organization, term: str) -> bool:
    return FeedbackPulse.objects.filter(college=college, term=term).exists()


def _asked_twice() -> ValidationError:
    return ValidationError({"term": _("The college has already asked for this term's feedback.")})


@dataclass(frozen=True)
class Answer:
    cooperation_rating: int | None
    students_rating: int | None  # None: the enterprise worked with no students this term
    outlook: str
    skills_lacking: str = ""
    comment: str = ""
    program_id: int | None = None  # with a suggestion: the program it is for
    suggestion_title: str = ""
    suggestion: str = ""


def _clean(text: str, field: str, limit: int) -> str:
    text = text.replace("\x00", "").strip()
    if len(text) > limit:
        raise ValidationError({field: _("Write at most %(n)s characters.") % {"n": f"{limit:,}"}})
    return text


def _checked(answer: Answer) -> dict[str, object]:
    errors: dict[str, str] = {}
    if answer.cooperation_rating not in RATINGS:
        errors["cooperation_rating"] = _("Choose a rating from 1 to 5.")
    if answer.students_rating is not None and answer.students_rating not in RATINGS:
        errors["students_rating"] = _("Choose a rating from 1 to 5, or “no students this term”.")
    if answer.outlook not in Outlook.values:
        errors["outlook"] = _("Choose what you mean to do next term.")
    if errors:
        raise ValidationError(errors)
    return {
        "cooperation_rating": answer.cooperation_rating,
        "students_rating": answer.students_rating,
        "outlook": answer.outlook,
        "skills_lacking": _clean(answer.skills_lacking, "skills_lacking", 1000),
        "comment": _clean(answer.comment, "comment", 2000),
    }


def _suggestion_program(request: PulseRequest, answer: Answer) -> Program | None:
    wanted = answer.suggestion.strip() or answer.suggestion_title.strip()
    if not wanted:
        return None
    program = Program.objects.filter(pk=answer.program_id or 0, college_id=request.pulse.college_id).first()
    if program is None:
        raise ValidationError({"program": _("Choose the program your suggestion is for.")})
    return program


def answer_request(actor: User, request: PulseRequest, answer: Answer) -> PulseRequest:
    """The enterprise answers once, while the pulse is open; a suggestion goes to the program's leads."""
    if not PulseRequest.objects.restrict(actor, "change").filter(pk=request.pk).exists():
        raise PermissionDenied(_("Only the enterprise's staff answer its feedback request."))
    if request.answered:
        raise ValidationError({"answered_at": _("This request has already been answered.")})
    if not request.pulse.is_open():
        raise ValidationError(
            {"closes_on": _("This pulse closed on %(day)s.") % {"day": request.pulse.closes_on}}
        )
    values = _checked(answer)
    program = _suggestion_program(request, answer)
    with transaction.atomic(), acting_as(actor):
        if program is not None:
            title = _clean(answer.suggestion_title, "suggestion_title", 200) or _(
                "Suggestion from the %(term)s feedback"
            ) % {"term": request.pulse.term}
            request.suggestion = suggest(actor, program, title, _clean(answer.suggestion, "suggestion", 4000))
        for field, value in values.items():
            setattr(request, field, value)
        request.answered_at, request.answered_by = timezone.now(), actor
        request.save()
    return request


def remind(pulse: FeedbackPulse, gap: dt.timedelta, actor: User | None = None) -> int:
    """Remind the enterprises that have not answered an open pulse and were not reminded within ``gap``;
    returns how many. ``actor`` (a college administrator) for the page's "remind now"."""
    if actor is not None and not FeedbackPulse.objects.restrict(actor, "change").filter(pk=pulse.pk).exists():
        raise PermissionDenied(_("Only the college's administrators send reminders."))
    if not pulse.is_open():
        return 0
    now = timezone.now()
    due = list(
        pulse.requests.filter(answered_at__isnull=True, created_at__lte=now - gap)
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=now - gap))
        .select_related("pulse__college")
    )
    for request in due:
        request.reminders += 1
        request.reminded_at = now
    PulseRequest.objects.bulk_update(due, ["reminders", "reminded_at"])
    _tell(due, "feedback_pulse_reminder", reminder=True)
    return len(due)


def remind_manually(actor: User, pulse: FeedbackPulse) -> int:
    return remind(pulse, dt.timedelta(hours=MANUAL_REMIND_GAP_HOURS), actor)


def remind_due() -> int:
    """The scheduled reminders of every open pulse (``iehub partnership remind``, daily)."""
    today = timezone.localdate()
    return sum(
        remind(pulse, dt.timedelta(days=REMIND_EVERY_DAYS))
        for pulse in FeedbackPulse.objects.filter(closes_on__gte=today).select_related("college")
    )


@dataclass(frozen=True)
class PulseSummary:
    asked: int
    answered: int
    cooperation_mean: float | None
    students_mean: float | None
    outlook: dict[str, int]
    suggestions: int

    @property
    def rate(self) -> float | None:
        return 100 * self.answered / self.asked if self.asked else None


def _mean(values: list[int]) -> float | None:
    return round(statistics.fmean(values), 2) if values else None


def summary(requests: Sequence[PulseRequest]) -> PulseSummary:
    answered = [r for r in requests if r.answered]
    outlook = Counter(r.outlook for r in answered)
    return PulseSummary(
        asked=len(requests),
        answered=len(answered),
        cooperation_mean=_mean([r.cooperation_rating for r in answered if r.cooperation_rating]),
        students_mean=_mean([r.students_rating for r in answered if r.students_rating]),
        outlook={value: outlook.get(value, 0) for value in Outlook.values},
        suggestions=sum(1 for r in answered if r.suggestion_id),
    )


def summaries(pulses: Sequence[FeedbackPulse]) -> dict[int, PulseSummary]:
    """Each pulse's summary, from one read of their requests."""
    found: dict[int, list[PulseRequest]] = {p.pk: [] for p in pulses}
    for request in PulseRequest.objects.filter(pulse__in=pulses):
        found[request.pulse_id].append(request)
    return {pk: summary(requests) for pk, requests in found.items()}


# --- who gives feedback --------------------------------------------------------------------------------


@dataclass(frozen=True)
class EnterpriseFeedback:
    """One partner enterprise's feedback to the colleges in scope."""

    enterprise: Organization
    asked: int
    answered: int
    suggestions_recent: int
    suggestions_total: int
    needs_recent: int
    last_feedback: dt.datetime | None
    gave_recently: bool  # feedback of any kind since ``feedback_since()``

    @property
    def never(self) -> bool:
        return self.last_feedback is None


def answering_enterprises(colleges: Sequence[int], since: dt.datetime) -> set[int]:
    """Enterprises that answered a pulse of these colleges since ``since`` (the KPI reads this)."""
    return set(
        PulseRequest.objects.filter(pulse__college_id__in=colleges, answered_at__gte=since).values_list(
            "enterprise_id", flat=True
        )
    )


def _latest(*candidates: dt.datetime | None) -> dt.datetime | None:
    present = [c for c in candidates if c is not None]
    return max(present) if present else None


FEEDBACK_KEPT_SECONDS = 600


def kept_feedback_rows(colleges: Sequence[int]) -> list[EnterpriseFeedback]:
    """:func:`feedback_rows`, kept between requests like the quality indicators (under every data
    version, the date in the key, ten minutes at most): a province has thousands of partners."""
    return data_versions.kept_under_every_scope(
        data_versions.key_for_ids("feedback", colleges),
        lambda: feedback_rows(sorted(set(colleges))),
        FEEDBACK_KEPT_SECONDS,
    )


def feedback_rows(colleges: Sequence[int]) -> list[EnterpriseFeedback]:
    """Every active partner enterprise of the colleges with its pulses asked and answered, curriculum
    suggestions (last twelve months and in all) and stated skill needs, and when it last gave any
    feedback — four queries whatever the number of enterprises."""
    since = feedback_since()
    enterprises = list(queries.partner_enterprises(colleges))
    ids = [e.pk for e in enterprises]
    pulses: dict[int, dict[str, Any]] = {
        row["enterprise_id"]: row
        for row in PulseRequest.objects.filter(pulse__college_id__in=colleges, enterprise_id__in=ids)
        .values("enterprise_id")
        .annotate(asked=Count("pk"), answered=Count("answered_at"), last=Max("answered_at"))
        .order_by()
    }
    suggestions: dict[int, dict[str, Any]] = {
        row["enterprise_id"]: row
        for row in EnterpriseSuggestion.objects.filter(
            program__college_id__in=colleges, enterprise_id__in=ids
        )
        .values("enterprise_id")
        .annotate(
            total=Count("pk"), recent=Count("pk", filter=Q(created_at__gte=since)), last=Max("created_at")
        )
        .order_by()
    }
    needs: dict[int, dict[str, Any]] = {
        row["enterprise_id"]: row
        for row in SkillNeed.objects.filter(enterprise_id__in=ids)
        .values("enterprise_id")
        .annotate(recent=Count("pk", filter=Q(created_at__gte=since)), last=Max("created_at"))
        .order_by()
    }
    empty: dict[str, Any] = {}
    rows = []
    for enterprise in enterprises:
        pulse, suggested, stated = (
            pulses.get(enterprise.pk, empty),
            suggestions.get(enterprise.pk, empty),
            needs.get(enterprise.pk, empty),
        )
        last = _latest(pulse.get("last"), suggested.get("last"), stated.get("last"))
        rows.append(
            EnterpriseFeedback(
                enterprise=enterprise,
                asked=int(pulse.get("asked", 0)),
                answered=int(pulse.get("answered", 0)),
                suggestions_recent=int(suggested.get("recent", 0)),
                suggestions_total=int(suggested.get("total", 0)),
                needs_recent=int(stated.get("recent", 0)),
                last_feedback=last,
                gave_recently=last is not None and last >= since,
            )
        )
    return rows
