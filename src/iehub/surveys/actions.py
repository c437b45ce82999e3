"""What people do with surveys: create one from a template, open and close it, send links, remind,
answer through a link (saving as they go), import collected responses, make a new version.

Every function that writes is here; views and the API parse and call them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iehub.accounts.models import Membership, Organization, User
from iehub.accounts.roles import OrgKind, Role
from iehub.core import links
from iehub.core.audit import acting_as
from iehub.core.mailing import absolute_url
from iehub.core.notifications import notify
from iehub.core.tabular import TableError, WorkBudget, read_table
from iehub.core.views_helpers import int_or_none
from iehub.demand.actions import record_stated_needs
from iehub.engines import questionnaire as q
from iehub.surveys import permissions, queries
from iehub.surveys.catalog import TEMPLATES
from iehub.surveys.models import (
    Code,
    CodedSegment,
    Indicator,
    Invitation,
    Question,
    Response,
    ResponseSource,
    Section,
    Survey,
    SurveyStatus,
)

LINK_SALT = "iehub.surveys.link"
MANUAL_REMIND_GAP = dt.timedelta(hours=20)
SCHEDULED_REMIND_GAP = dt.timedelta(days=7)
MAX_LINKS_AT_ONCE = 2000

ANSWER_ERRORS = {
    "required": gettext_lazy("Please answer this question."),
    "choice": gettext_lazy("Choose one of the options given."),
    "ranking": gettext_lazy("Rank each option once."),
    "rating": gettext_lazy("Choose a point on the scale."),
    "number": gettext_lazy("Enter a number."),
    "too_small": gettext_lazy("The number is below the smallest allowed."),
    "too_large": gettext_lazy("The number is above the largest allowed."),
    "text": gettext_lazy("The text is too long or holds characters that cannot be stored."),
    "unknown": gettext_lazy("This survey has no such question."),
}


def _refuse_unless_designer(actor: User, survey: Survey) -> None:
    if not permissions.may_design(actor, survey):
        raise PermissionDenied(_("Only the college's administrators and program leads manage its surveys."))


# --- design --------------------------------------------------------------------------------------------


def create_from_template(actor: User, college: Organization, template: str) -> Survey:
    """A new draft survey holding a copy of a built-in questionnaire."""
    if not permissions.may_create_for(actor, college.pk):
        raise PermissionDenied(_("Only the college's administrators and program leads create its surveys."))
    definition = TEMPLATES.get(template)
    if definition is None:
        raise ValidationError({"template": _("Choose one of the templates.")})
    with transaction.atomic(), acting_as(actor):
        survey = Survey.objects.create(
            college=college,
            title=definition["title"],
            title_en=definition["title_en"],
            intro=definition.get("intro", ""),
            intro_en=definition.get("intro_en", ""),
            audience=definition["audience"],
            template=template,
            anonymous=bool(definition.get("anonymous", False)),
            created_by=actor,
        )
        _write_questions(survey, definition["sections"])
    return survey


def _write_questions(survey: Survey, sections: Sequence[Mapping[str, Any]]) -> None:
    position = 0
    for section_position, block in enumerate(sections, start=1):
        section = Section.objects.create(
            survey=survey, position=section_position, title=block["title"], title_en=block.get("title_en", "")
        )
        for row in block["questions"]:
            position += 1
            Question.objects.create(
                survey=survey,
                section=section,
                position=position,
                code=row["code"],
                kind=row["kind"],
                text=row["zh"],
                text_en=row.get("en", ""),
                required=bool(row.get("required", False)),
                options=list(row.get("options", [])),
                items=list(row.get("items", [])),
                scale=int(row.get("scale", 5)),
                show_if=row.get("show_if"),
                minimum=row.get("minimum"),
                maximum=row.get("maximum"),
                kpi=row.get("kpi", ""),
            )


def _definition(survey: Survey) -> list[dict[str, Any]]:
    """The survey's sections and questions in the shape ``_write_questions`` reads (to copy them)."""
    questions = list(survey.questions.order_by("position"))
    return [
        {
            "title": section.title,
            "title_en": section.title_en,
            "questions": [
                {
                    "code": question.code,
                    "kind": question.kind,
                    "zh": question.text,
                    "en": question.text_en,
                    "required": question.required,
                    "options": question.options,
                    "items": question.items,
                    "scale": question.scale,
                    "show_if": question.show_if,
                    "minimum": question.minimum,
                    "maximum": question.maximum,
                    "kpi": question.kpi,
                }
                for question in questions
                if question.section_id == section.pk
            ],
        }
        for section in survey.sections.order_by("position")
    ]


def new_version(actor: User, survey: Survey) -> Survey:
    """A draft copy of the survey (version + 1) to change; the old one keeps its responses as given."""
    _refuse_unless_designer(actor, survey)
    with transaction.atomic(), acting_as(actor):
        copy = Survey.objects.create(
            college=survey.college,
            title=survey.title,
            title_en=survey.title_en,
            intro=survey.intro,
            intro_en=survey.intro_en,
            audience=survey.audience,
            template=survey.template,
            anonymous=survey.anonymous,
            version=survey.version + 1,
            previous=survey,
            created_by=actor,
        )
        _write_questions(copy, _definition(survey))
    return copy


def update_question(actor: User, question: Question, text: str, text_en: str, required: bool) -> Question:
    """Reword a question of a survey that has no submitted response yet (otherwise: a new version)."""
    survey = question.survey
    _refuse_unless_designer(actor, survey)
    if survey.responses.filter(submitted_at__isnull=False).exists():
        raise ValidationError(
            _("This survey already has responses; make a new version to change its questions.")
        )
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Enter the question.")})
    question.text, question.text_en, question.required = text[:500], text_en.strip()[:500], required
    with acting_as(actor):
        question.save(update_fields=["text", "text_en", "required"])
    return question


MAX_OPTIONS = 30
FROZEN = gettext_lazy("This survey already has responses; make a new version to change its questions.")
INDICATOR_KEYS = tuple(Indicator.values)


def _refuse_unless_editable(actor: User, survey: Survey) -> None:
    _refuse_unless_designer(actor, survey)
    if survey.responses.exists():
        raise ValidationError(
            _("This survey already has responses; make a new version to change its questions.")
        )


def parse_choices(text: str) -> list[dict[str, str]]:
    """Options or matrix rows written one per line as "中文 | English" (English optional), numbered 1…n
    (the codes of the statistics file)."""
    rows: list[dict[str, str]] = []
    for line in text.splitlines():
        if line.strip():
            zh, _bar, en = line.partition("|")
            rows.append({"value": str(len(rows) + 1), "zh": zh.strip()[:200], "en": en.strip()[:200]})
    return rows


def add_question(
    actor: User,
    survey: Survey,
    section: Section | None,
    section_title: str,
    fields: Mapping[str, Any],
) -> Question:
    """Add a question at the end of a section (or of a new section), on a survey without responses.

    ``fields``: ``code``, ``kind``, ``text``, ``text_en``, ``required``, ``options`` and ``items`` (text,
    one per line), ``scale``, ``minimum``, ``maximum``, ``show_if_question``, ``show_if_values`` (option
    numbers), ``kpi``, ``skill`` (the competency it asks about). Every error names its field."""
    _refuse_unless_editable(actor, survey)
    errors: dict[str, str] = {}
    code = str(fields.get("code", "")).strip().lower()
    kind = str(fields.get("kind", ""))
    text = str(fields.get("text", "")).strip()
    if not code or not code.replace("_", "").isalnum() or not code[0].isalpha() or len(code) > 30:
        errors["code"] = _("Use letters, digits and _ (starting with a letter), at most 30.")
    elif survey.questions.filter(code=code).exists():
        errors["code"] = _("Another question of this survey has this code.")
    if kind not in q.KINDS:
        errors["kind"] = _("Choose a kind.")
    if not text:
        errors["text"] = _("Enter the question.")
    options = parse_choices(str(fields.get("options", ""))) if kind in q.CHOICE_KINDS else []
    items = parse_choices(str(fields.get("items", ""))) if kind == q.MATRIX else []
    if kind in q.CHOICE_KINDS and not 2 <= len(options) <= MAX_OPTIONS:
        errors["options"] = _("Give from 2 to %(n)s options, one per line.") % {"n": MAX_OPTIONS}
    if kind == q.MATRIX and not 2 <= len(items) <= MAX_OPTIONS:
        errors["items"] = _("Give from 2 to %(n)s rows, one per line.") % {"n": MAX_OPTIONS}
    scale = int(str(fields.get("scale") or 5)) if str(fields.get("scale") or 5).isdigit() else 0
    if kind == q.MATRIX and scale not in (5, 7):
        errors["scale"] = _("A matrix is rated on 5 or 7 points.")
    kpi = str(fields.get("kpi", ""))
    if kpi and kpi not in INDICATOR_KEYS:
        errors["kpi"] = _("Choose one of the indicators.")
    show_if = _skip_rule(survey, fields, errors)
    bounds = [_bound(fields, "minimum", errors), _bound(fields, "maximum", errors)]
    if kind == q.NUMERIC and bounds[0] is not None and bounds[1] is not None and bounds[0] > bounds[1]:
        errors["maximum"] = _("The largest allowed is below the smallest.")
    if section is None and not section_title.strip():
        errors["section"] = _("Choose a section or name a new one.")
    skill = None
    if str(fields.get("skill") or "").strip():
        skill = (
            queries.curriculum_competencies(survey)
            .filter(pk=int_or_none(str(fields.get("skill") or "")) or 0)
            .first()
        )
        if skill is None:
            errors["skill"] = _("Choose a competency of the college's curricula.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), acting_as(actor):
        if section is None:
            last = survey.sections.order_by("-position").first()
            section = Section.objects.create(
                survey=survey, position=(last.position if last else 0) + 1, title=section_title.strip()[:200]
            )
        position = _make_room(survey, section)
        return Question.objects.create(
            survey=survey,
            section=section,
            position=position,
            code=code,
            kind=kind,
            text=text[:500],
            text_en=str(fields.get("text_en", "")).strip()[:500],
            required=bool(fields.get("required")),
            options=options,
            items=items,
            scale=scale if kind == q.MATRIX else 5,
            show_if=show_if,
            minimum=bounds[0] if kind == q.NUMERIC else None,
            maximum=bounds[1] if kind == q.NUMERIC else None,
            kpi=kpi,
            skill=skill,
        )


def _bound(fields: Mapping[str, Any], name: str, errors: dict[str, str]) -> float | None:
    text = str(fields.get(name) or "").strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not abs(value) <= q.NUMBER_LIMIT:  # also refuses NaN and infinities
        errors[name] = _("Enter a number.")
        return None
    return value


def _skip_rule(survey: Survey, fields: Mapping[str, Any], errors: dict[str, str]) -> dict[str, Any] | None:
    """The "shown only if" rule: an earlier single- or multiple-choice question and some of its options."""
    depends = str(fields.get("show_if_question", "")).strip()
    if not depends:
        return None
    earlier = survey.questions.filter(code=depends, kind__in=(q.SINGLE, q.MULTIPLE)).first()
    values = [
        v.strip() for v in str(fields.get("show_if_values", "")).replace("，", ",").split(",") if v.strip()
    ]
    allowed = {str(option["value"]) for option in (earlier.options if earlier else [])}
    if earlier is None:
        errors["show_if"] = _("Choose an earlier single- or multiple-choice question.")
    elif not values or not set(values) <= allowed:
        errors["show_if"] = _("Give the numbers of its options that show this question, separated by commas.")
    return {"question": depends, "in": values}


def _make_room(survey: Survey, section: Section) -> int:
    """The position after the section's last question; later questions move down one (from the end,
    so the one-question-per-position rule holds at every step)."""
    last = (
        survey.questions.filter(section=section).order_by("-position").first()
        or survey.questions.filter(section__position__lt=section.position).order_by("-position").first()
    )
    position = last.position + 1 if last is not None else 1
    for question in survey.questions.filter(position__gte=position).order_by("-position"):
        question.position += 1
        question.save(update_fields=["position"])
    return position


def remove_question(actor: User, question: Question) -> None:
    """Remove a question from a survey without responses (not one another question's rule depends on)."""
    survey = question.survey
    _refuse_unless_editable(actor, survey)
    dependants = [
        other.code
        for other in survey.questions.exclude(pk=question.pk)
        if (other.show_if or {}).get("question") == question.code
    ]
    if dependants:
        raise ValidationError(
            _("Questions %(codes)s are shown depending on this one; change them first.")
            % {"codes": ", ".join(dependants)}
        )
    with transaction.atomic(), acting_as(actor):
        section = question.section
        question.delete()
        if not section.questions.exists():
            section.delete()


def open_survey(actor: User, survey: Survey, closes_on: dt.date | None) -> Survey:
    """Start collecting answers until ``closes_on`` (inclusive)."""
    _refuse_unless_designer(actor, survey)
    if closes_on is not None and closes_on < timezone.localdate():
        raise ValidationError({"closes_on": _("The closing date is in the past.")})
    if not survey.questions.exists():
        raise ValidationError(_("A survey without questions cannot be opened."))
    survey.status, survey.closes_on = SurveyStatus.OPEN, closes_on
    with acting_as(actor):
        survey.save(update_fields=["status", "closes_on", "updated_at"])
    return survey


def close_survey(actor: User, survey: Survey) -> Survey:
    _refuse_unless_designer(actor, survey)
    survey.status = SurveyStatus.CLOSED
    with acting_as(actor):
        survey.save(update_fields=["status", "updated_at"])
    return survey


# --- distribution --------------------------------------------------------------------------------------


def link_token(invitation: Invitation) -> str:
    """The secret part of an invitation's link: its id signed (so it cannot be guessed from the id), the
    same each time it is shown."""
    return signing.Signer(salt=LINK_SALT).sign(str(invitation.pk))


def link_path(invitation: Invitation) -> str:
    return reverse("survey_answer", args=[link_token(invitation)])


def _contacts(organization_ids: Iterable[int]) -> dict[int, list[User]]:
    """Who receives an organisation's link: its administrators (an enterprise's mentors if it has none)."""
    found: dict[int, dict[str, list[User]]] = {}
    for membership in Membership.objects.filter(
        organization_id__in=list(organization_ids),
        role__in=(Role.ENTERPRISE_ADMIN, Role.ENTERPRISE_MENTOR, Role.COLLEGE_ADMIN, Role.GOVERNMENT_OFFICER),
        is_active=True,
        user__is_active=True,
    ).select_related("user"):
        found.setdefault(membership.organization_id, {}).setdefault(membership.role, []).append(
            membership.user
        )
    preferred = (Role.ENTERPRISE_ADMIN, Role.ENTERPRISE_MENTOR, Role.COLLEGE_ADMIN, Role.GOVERNMENT_OFFICER)
    return {org: next(roles[r] for r in preferred if r in roles) for org, roles in found.items()}


def _tell(invitations: Sequence[Invitation], reminder: bool) -> None:
    contacts = _contacts(i.organization_id for i in invitations if i.organization_id)
    for invitation in invitations:
        survey = invitation.survey
        path = link_path(invitation)
        people = (
            [invitation.person] if invitation.person else contacts.get(invitation.organization_id or 0, [])
        )

        def message(survey: Survey = survey, path: str = path) -> tuple[str, str]:
            subject = (
                _("Reminder: %(college)s asks you to answer “%(title)s”")
                if reminder
                else _("%(college)s asks you to answer “%(title)s”")
            ) % {"college": survey.college.display_name, "title": survey.display_title}
            closes = (
                _("Open until %(day)s.") % {"day": survey.closes_on.isoformat()} if survey.closes_on else ""
            )
            return subject, "\n".join(p for p in (survey.display_intro, closes, absolute_url(path)) if p)

        notify(people, "survey_reminder" if reminder else "survey_invitation", message, path)


def invite(
    actor: User,
    survey: Survey,
    organizations: Iterable[Organization] = (),
    people: Iterable[User] = (),
    unaddressed: int = 0,
    label: str = "",
) -> list[Invitation]:
    """Links for the chosen organisations and people (one each; asking again changes nothing) and
    ``unaddressed`` links to hand out (graduates without an account). Addressed links are sent at once
    when the survey is open."""
    _refuse_unless_designer(actor, survey)
    if survey.status == SurveyStatus.CLOSED:
        raise ValidationError(_("This survey is closed."))
    organizations, people = list(organizations), list(people)
    if not 0 <= unaddressed <= MAX_LINKS_AT_ONCE or len(organizations) + len(people) > MAX_LINKS_AT_ONCE:
        raise ValidationError(_("At most %(limit)s links at once.") % {"limit": MAX_LINKS_AT_ONCE})
    taken_orgs = set(survey.invitations.filter(person__isnull=True).values_list("organization_id", flat=True))
    taken_people = set(survey.invitations.values_list("person_id", flat=True))
    new = [
        Invitation(survey=survey, organization=org, created_by=actor)
        for org in organizations
        if org.pk not in taken_orgs
    ]
    new += [
        Invitation(survey=survey, person=person, created_by=actor)
        for person in people
        if person.pk not in taken_people
    ]
    new += [
        Invitation(survey=survey, label=label.strip()[:200], created_by=actor) for _ in range(unaddressed)
    ]
    with transaction.atomic(), acting_as(actor):
        created = Invitation.objects.bulk_create(new)
    if survey.status == SurveyStatus.OPEN:
        _tell([i for i in created if i.organization_id or i.person_id], reminder=False)
    return created


def remind(actor: User, survey: Survey) -> int:
    """Remind now (the survey page): the addressed links without a submitted response that were not
    reminded in the last 20 hours."""
    _refuse_unless_designer(actor, survey)
    return _remind(survey, MANUAL_REMIND_GAP)


def remind_due() -> int:
    """The scheduled reminders of every open survey (``iehub surveys remind``, daily): each addressed
    link without a submitted response, at most every seven days."""
    today = timezone.localdate()
    open_surveys = Survey.objects.filter(status=SurveyStatus.OPEN).filter(
        Q(closes_on__isnull=True) | Q(closes_on__gte=today)
    )
    return sum(_remind(survey, SCHEDULED_REMIND_GAP) for survey in open_surveys.select_related("college"))


def _remind(survey: Survey, gap: dt.timedelta) -> int:
    if not survey.accepts_answers():
        return 0
    now = timezone.now()
    due = list(
        survey.invitations.filter(revoked_at__isnull=True, created_at__lte=now - gap)
        .exclude(response__submitted_at__isnull=False)
        .exclude(organization__isnull=True, person__isnull=True)
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lte=now - gap))
        .select_related("survey__college", "person")
    )
    for invitation in due:
        invitation.reminders += 1
        invitation.reminded_at = now
    Invitation.objects.bulk_update(due, ["reminders", "reminded_at"])
    _tell(due, reminder=True)
    return len(due)


def revoke(actor: User, invitation: Invitation) -> None:
    """Withdraw a link (sent to the wrong address, shared too widely); a submitted answer stays."""
    _refuse_unless_designer(actor, invitation.survey)
    if invitation.revoked_at is not None:
        raise ValidationError(_("This link is already withdrawn."))
    if Response.objects.filter(invitation=invitation, submitted_at__isnull=False).exists():
        raise ValidationError(_("An answer was submitted with this link; it stays part of the results."))
    invitation.revoked_at = timezone.now()
    with acting_as(actor):
        invitation.save(update_fields=["revoked_at", "updated_at"])


# --- answering -----------------------------------------------------------------------------------------

REFUSALS = {
    "invalid": gettext_lazy("This link is not valid. Ask the college for a new one."),
    "revoked": gettext_lazy("This link was withdrawn by the college."),
    "closed": gettext_lazy("This survey is not open for answers."),
    "submitted": gettext_lazy("An answer was already submitted with this link. Thank you!"),
}


class LinkRefused(links.LinkRefused):
    """A survey link that cannot be answered; ``reason`` is a key of ``REFUSALS``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason, REFUSALS)


def invitation_for(token: str) -> Invitation:
    """The invitation a token names, if it may still be answered."""
    try:
        pk = int(signing.Signer(salt=LINK_SALT).unsign(token))
    except (signing.BadSignature, ValueError) as exc:
        raise LinkRefused("invalid") from exc
    invitation = Invitation.objects.select_related("survey__college").filter(pk=pk).first()
    if invitation is None:
        raise LinkRefused("invalid")
    if invitation.revoked_at is not None:
        raise LinkRefused("revoked")
    if Response.objects.filter(invitation=invitation, submitted_at__isnull=False).exists():
        raise LinkRefused("submitted")
    if not invitation.survey.accepts_answers():
        raise LinkRefused("closed")
    return invitation


def engine_questions(survey: Survey) -> list[q.Question]:
    return [question.engine() for question in survey.questions.order_by("position")]


def save_answers(token: str, posted: Mapping[str, Any], submit: bool) -> Response:
    """Store a respondent's answers: merged into the saved ones (resume later) or, with ``submit``,
    checked for the required questions and made final. One response per link, enforced by the database
    and by a row lock, so two tabs submitting at once give one response and one refusal."""
    with transaction.atomic():
        invitation = invitation_for(token)
        Invitation.objects.select_for_update().get(pk=invitation.pk)
        response = Response.objects.filter(invitation=invitation).first()
        if response is not None and response.submitted_at is not None:
            raise LinkRefused("submitted")
        questions = engine_questions(invitation.survey)
        saved = dict(response.answers) if response else {}
        saved.update(posted)
        merged = {code: value for code, value in saved.items() if value is not None}
        kept, errors = q.check(questions, merged, complete=submit)
        if errors:
            raise ValidationError({code: ANSWER_ERRORS[key] for code, key in errors.items()})
        if response is None:
            response = Response(survey=invitation.survey, invitation=invitation)
        response.answers = kept
        if submit:
            response.submitted_at = timezone.now()
        try:
            with transaction.atomic():
                response.save()
        except IntegrityError as exc:  # another tab created the response first
            raise LinkRefused("submitted") from exc
    return response


def parse_posted(survey: Survey, data: Any) -> tuple[dict[str, Any], dict[str, str]]:
    """The answers in a posted form (``data`` has ``getlist``) and the translated errors by code.

    Field names: the question's code; a matrix row ``code.item``; a ranking ``code.option`` holding a
    rank number (the form's select boxes)."""
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for question in survey.questions.order_by("position"):
        engine = question.engine()
        try:
            answers[question.code] = q.clean(engine, _raw(engine, data))
        except q.AnswerError as error:
            errors[question.code] = str(ANSWER_ERRORS[error.key])
    return answers, errors


def _raw(question: q.Question, data: Any) -> Sequence[str] | Mapping[str, str]:
    if question.kind == q.MATRIX:
        return {item.value: str(data.get(f"{question.code}.{item.value}", "")) for item in question.items}
    if question.kind == q.RANKING:
        ranks: list[tuple[int, str]] = []
        for option in question.options:
            text = str(data.get(f"{question.code}.{option.value}", "")).strip()
            if text:
                try:
                    ranks.append((int(text), option.value))
                except ValueError as exc:
                    raise q.AnswerError("ranking") from exc
        if len({rank for rank, _ in ranks}) != len(ranks):
            raise q.AnswerError("ranking")
        return [value for _, value in sorted(ranks)]
    return [str(value) for value in data.getlist(question.code)]


# --- import --------------------------------------------------------------------------------------------


def import_columns(survey: Survey) -> list[str]:
    """The columns of an import file: one per question, one per matrix row (``code_item``)."""
    columns = []
    for question in survey.questions.order_by("position"):
        if question.kind == q.MATRIX:
            columns += [f"{question.code}_{item['value']}" for item in question.items]
        else:
            columns.append(question.code)
    return columns


def _imported_answer(question: q.Question, values: Mapping[str, str]) -> Any:
    """One question's answer from an import row: choices by value, label or number; several choices or a
    ranking separated by ``;``."""
    if question.kind == q.MATRIX:
        return q.clean(
            question, {item.value: values.get(f"{question.code}_{item.value}", "") for item in question.items}
        )
    cell = values.get(question.code, "").strip()
    if question.kind in q.CHOICE_KINDS:
        parts = [part for part in cell.replace("；", ";").split(";") if part.strip()]
        return q.clean(question, [q.decode_choice(question, part) for part in parts])
    return q.clean(question, [cell])


_REFUSED = object()  # an import cell with a wrong value (reported once, not again as "missing")


def import_responses(
    actor: User, survey: Survey, file: IO[bytes], filename: str, budget: WorkBudget | None = None
) -> int:
    """Import responses collected elsewhere (paper, another tool): every row valid or nothing stored.

    Raises ``ValidationError`` listing each bad row and column; returns the number imported."""
    _refuse_unless_designer(actor, survey)
    columns = import_columns(survey)
    budget = budget or WorkBudget()
    try:
        table = read_table(file, filename, {}, columns, budget)
    except TableError as error:
        raise ValidationError(str(error)) from error
    questions = engine_questions(survey)
    problems: list[str] = []
    ready: list[Response] = []
    for row_number, values in table.rows:
        budget.check_time()
        answers: dict[str, Any] = {}
        for question in questions:
            try:
                answers[question.code] = _imported_answer(question, values)
            except q.AnswerError as error:
                problems.append(_row_problem(row_number, question.code, ANSWER_ERRORS[error.key]))
                answers[question.code] = _REFUSED
        given = {k: v for k, v in answers.items() if v is not None and v is not _REFUSED}
        kept, missing = q.check(questions, given, complete=True)
        refused = {problem_code for problem_code in answers if answers[problem_code] is _REFUSED}
        for code, key in missing.items():
            if code in refused:
                continue  # already reported as a wrong value
            problems.append(_row_problem(row_number, code, ANSWER_ERRORS[key]))
        ready.append(
            Response(
                survey=survey,
                answers=kept,
                submitted_at=timezone.now(),
                source=ResponseSource.IMPORT,
                row=row_number,
            )
        )
    if not table.rows:
        raise ValidationError(_("The file has no responses."))
    if problems:
        raise ValidationError(problems[:200])
    with transaction.atomic(), acting_as(actor):
        Response.objects.bulk_create(ready)
    return len(ready)


def _row_problem(row: int, column: str, message: Any) -> str:
    return _("Row %(row)s, %(column)s: %(message)s") % {"row": row, "column": column, "message": message}


# --- use of results -------------------------------------------------------------------------------------

STATED_NEEDS = Indicator.STATED_SKILL_NEEDS  # the questions whose answers name needed skills


def send_stated_needs(actor: User, survey: Survey) -> int:
    """Record the skills enterprises named in the survey's "skills you will need" answers as their skill
    needs in the demand database (``demand.actions.record_stated_needs``); returns how many were new.

    Only answers given through a link addressed to an enterprise count (an anonymous survey or an
    imported row names no enterprise); sending again adds only what is new."""
    _refuse_unless_designer(actor, survey)
    if survey.anonymous:
        raise ValidationError(_("An anonymous survey names no enterprise; its answers cannot become needs."))
    codes = list(survey.questions.filter(kpi=STATED_NEEDS).values_list("code", flat=True))
    responses = Response.objects.filter(
        survey=survey, submitted_at__isnull=False, invitation__organization__kind=OrgKind.ENTERPRISE
    ).select_related("invitation__organization")
    source = _("Survey “%(title)s”") % {"title": survey.display_title}
    statements = [
        (response.invitation.organization, str(response.answers.get(code) or "").strip())
        for response in responses
        if response.invitation is not None and response.invitation.organization is not None
        for code in codes
        if str(response.answers.get(code) or "").strip()
    ]
    return len(record_stated_needs(actor, statements, source))


# --- open-text coding ----------------------------------------------------------------------------------


def add_code(actor: User, survey: Survey, label: str, description: str = "") -> Code:
    _refuse_unless_designer(actor, survey)
    label = label.strip()
    if not label:
        raise ValidationError({"label": _("Enter the code.")})
    code, _created = Code.objects.get_or_create(
        survey=survey, label=label[:80], defaults={"description": description.strip()[:300]}
    )
    return code


def code_segment(
    actor: User, response: Response, question: Question, code: Code, excerpt: str
) -> CodedSegment:
    """Tag a passage of an open answer with a code; the passage must be part of the answer."""
    survey = response.survey
    _refuse_unless_designer(actor, survey)
    if question.survey_id != survey.pk or code.survey_id != survey.pk or question.kind != q.TEXT:
        raise ValidationError(_("The code, the question and the response must belong to the same survey."))
    answer = str(response.answers.get(question.code, ""))
    excerpt = excerpt.strip() or answer
    if not excerpt or excerpt not in answer:
        raise ValidationError({"excerpt": _("The excerpt must be a passage of the answer.")})
    with acting_as(actor):
        return CodedSegment.objects.create(
            response=response, question=question, code=code, excerpt=excerpt[:1000], created_by=actor
        )


def uncode(actor: User, segment: CodedSegment) -> None:
    """Take a code off a passage (a coding mistake)."""
    _refuse_unless_designer(actor, segment.response.survey)
    with acting_as(actor):
        segment.delete()


def remove_code(actor: User, code: Code) -> None:
    """Remove a code from the frame, with the passages coded with it."""
    _refuse_unless_designer(actor, code.survey)
    with transaction.atomic(), acting_as(actor):
        code.delete()
