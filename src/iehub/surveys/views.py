"""Survey pages: the list and templates, one survey (questions, distribution, links, import), its
results (tables, charts, crosstab, group comparison, exports), open-text coding, and the respondent's
answer page behind a token link (no login). Thin: ``actions`` writes, ``queries`` reads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect

from iehub.accounts import permissions as accounts
from iehub.accounts.models import Organization, User
from iehub.core.kept_pages import kept_page
from iehub.core.scopes import CLASSES, COOPERATION, CURRICULA, PEOPLE, POSTINGS, SURVEY_FORMS
from iehub.core.views_helpers import (
    TABLE_TYPES,
    current_user,
    date_or_none,
    flash_errors,
    int_or_none,
    perform,
    table_download,
)
from iehub.surveys import actions, permissions, queries
from iehub.surveys.catalog import TEMPLATES
from iehub.surveys.models import (
    Audience,
    Code,
    CodedSegment,
    Indicator,
    Invitation,
    Question,
    QuestionKind,
    Response,
    Section,
    Survey,
)

ADDED_FIELDS = (
    "code",
    "kind",
    "text",
    "text_en",
    "options",
    "items",
    "scale",
    "minimum",
    "maximum",
    "show_if_question",
    "show_if_values",
    "kpi",
    "skill",
)
EXPORT_TYPES = {**TABLE_TYPES, "sav": "application/x-spss-sav"}


def _survey(request: HttpRequest, pk: int) -> Survey:
    return get_object_or_404(Survey.objects.restrict(current_user(request)).select_related("college"), pk=pk)


@login_required
@kept_page()
def survey_list(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    colleges = list(Organization.objects.filter(id__in=permissions.designer_colleges(user)).order_by("code"))
    surveys = list(queries.surveys_for(user).order_by("-created_at")[:200])
    if not permissions.may_see_surveys(user):
        raise PermissionDenied(_("Surveys are for the colleges' staff and the officers above them."))
    if request.method == "POST":
        college = next((c for c in colleges if c.pk == int_or_none(request.POST.get("college"))), None)
        if college is None:
            raise PermissionDenied(
                _("Only the college's administrators and program leads create its surveys.")
            )
        try:
            survey = actions.create_from_template(user, college, request.POST.get("template", ""))
        except ValidationError as exc:
            flash_errors(request, exc, Survey)
            return redirect("survey_list")
        messages.success(request, _("The survey was created as a draft; check its questions, then open it."))
        return redirect("survey_detail", pk=survey.pk)
    templates = [(key, t["title"], t["title_en"], t["audience"]) for key, t in TEMPLATES.items()]
    return render(
        request, "surveys/list.html", {"surveys": surveys, "colleges": colleges, "templates": templates}
    )


# --- the survey page's forms: one function per step, each running one action ----------------------------

Step = Callable[[HttpRequest, User, Survey], "HttpResponse | None"]


def _step_open(request: HttpRequest, user: User, survey: Survey) -> None:
    closes_on = date_or_none(request.POST.get("closes_on"))
    perform(request, lambda: actions.open_survey(user, survey, closes_on), Survey, _("The survey is open."))


def _step_close(request: HttpRequest, user: User, survey: Survey) -> None:
    perform(request, lambda: actions.close_survey(user, survey), Survey, _("The survey is closed."))


def _step_version(request: HttpRequest, user: User, survey: Survey) -> HttpResponse:
    copy = actions.new_version(user, survey)
    messages.success(request, _("Version %(n)s was created as a draft.") % {"n": copy.version})
    return redirect("survey_detail", pk=copy.pk)


def _step_invite(request: HttpRequest, user: User, survey: Survey) -> None:
    post = request.POST
    chosen = [int(pk) for pk in post.getlist("organization") if pk.isdigit()]
    organizations = Organization.objects.filter(accounts.visible_org_q(user), pk__in=chosen, is_active=True)
    classes = [int(pk) for pk in post.getlist("class_group") if pk.isdigit()]
    people = queries.students_of(survey, classes) if classes else User.objects.none()
    unaddressed = int_or_none(post.get("unaddressed")) or 0
    perform(
        request,
        lambda: actions.invite(user, survey, organizations, people, unaddressed, post.get("label", "")),
        Survey,
        _("The links are ready."),
    )


def _step_remind(request: HttpRequest, user: User, survey: Survey) -> None:
    sent = actions.remind(user, survey)
    messages.success(request, _("%(n)s reminders were sent.") % {"n": sent})


def _step_import(request: HttpRequest, user: User, survey: Survey) -> None:
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file."))
        return
    done = _("The responses were imported.")
    perform(
        request, lambda: actions.import_responses(user, survey, upload, upload.name or ""), Response, done
    )


def _step_needs(request: HttpRequest, user: User, survey: Survey) -> None:
    recorded = actions.send_stated_needs(user, survey)
    messages.success(request, _("%(n)s skill needs were added to the demand database.") % {"n": recorded})


def _step_add_question(request: HttpRequest, user: User, survey: Survey) -> None:
    post = request.POST
    section = Section.objects.filter(survey=survey, pk=int_or_none(post.get("section")) or 0).first()
    fields = {name: post.get(name, "") for name in ADDED_FIELDS} | {"required": "required" in post}
    perform(
        request,
        lambda: actions.add_question(user, survey, section, post.get("section_title", ""), fields),
        Question,
        _("The question was added."),
    )


def _posted_question(request: HttpRequest, survey: Survey) -> Question:
    return get_object_or_404(Question, survey=survey, pk=int_or_none(request.POST.get("question")) or 0)


def _step_remove_question(request: HttpRequest, user: User, survey: Survey) -> None:
    question = _posted_question(request, survey)
    done = _("The question was removed.")
    perform(request, lambda: actions.remove_question(user, question), Question, done)


def _step_reword(request: HttpRequest, user: User, survey: Survey) -> None:
    question, post = _posted_question(request, survey), request.POST
    perform(
        request,
        lambda: actions.update_question(
            user, question, post.get("text", ""), post.get("text_en", ""), "required" in post
        ),
        Question,
        _("The question was saved."),
    )


def _step_revoke(request: HttpRequest, user: User, survey: Survey) -> None:
    invitation = get_object_or_404(
        Invitation, survey=survey, pk=int_or_none(request.POST.get("invitation")) or 0
    )
    perform(request, lambda: actions.revoke(user, invitation), Invitation, _("The link was withdrawn."))


STEPS: dict[str, Step] = {
    "open": _step_open,
    "close": _step_close,
    "version": _step_version,
    "invite": _step_invite,
    "remind": _step_remind,
    "import": _step_import,
    "needs": _step_needs,
    "add_question": _step_add_question,
    "remove_question": _step_remove_question,
    "question": _step_reword,
    "revoke": _step_revoke,
}


def _survey_post(request: HttpRequest, survey: Survey) -> HttpResponse:
    step = STEPS.get(request.POST.get("step", ""))
    if step is None:
        messages.error(request, _("Nothing was changed."))
        return redirect("survey_detail", pk=survey.pk)
    return step(request, current_user(request), survey) or redirect("survey_detail", pk=survey.pk)


@login_required
@kept_page(CLASSES, COOPERATION, CURRICULA, PEOPLE, POSTINGS, SURVEY_FORMS)
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    survey = _survey(request, pk)
    may_design = permissions.may_design(user, survey)
    if request.method == "POST":
        if not may_design:
            raise PermissionDenied(
                _("Only the college's administrators and program leads manage its surveys.")
            )
        return _survey_post(request, survey)
    questions = queries.questions_of(survey)
    sections = queries.by_section(questions)
    answered = survey.responses.exists()
    links = [
        (invitation, actions.link_path(invitation) if may_design else "")
        for invitation in queries.invitations_of(survey)
    ]
    for_enterprises = survey.audience == Audience.ENTERPRISES
    partners = queries.partner_enterprises(survey) if may_design and for_enterprises else []
    classes = queries.class_groups(survey) if may_design and not for_enterprises else []
    if may_design and request.GET.get("format") == "xlsx":
        return _links_table(request, links)
    return render(
        request,
        "surveys/detail.html",
        {
            "survey": survey,
            "sections": sections,
            "may_design": may_design,
            "progress": queries.progress(survey),
            "links": links,
            "partners": partners,
            "classes": classes,
            "answered": answered,
            "import_columns": actions.import_columns(survey),
            "sees_respondents": permissions.sees_respondents(user, survey),
            "kinds": QuestionKind.choices,
            "skills": queries.curriculum_competencies(survey) if may_design and not answered else [],
            "indicators": Indicator.choices,
            "all_sections": [section for section, _questions in sections],
            "states_needs": not survey.anonymous
            and any(question.kpi == actions.STATED_NEEDS for question in questions),
        },
    )


def _links_table(request: HttpRequest, links: list[tuple[Invitation, str]]) -> HttpResponse:
    """The links as a spreadsheet, for a mail merge or to hand out to a class."""
    header = [_("For"), _("State"), _("Link")]
    rows = [
        [invitation.addressee, _link_state(invitation), request.build_absolute_uri(path)]
        for invitation, path in links
    ]
    return table_download(header, rows, "survey-links", "xlsx")


def _link_state(invitation: Invitation) -> str:
    if invitation.revoked_at:
        return _("withdrawn")
    response = getattr(invitation, "response", None)
    if response is None:
        return _("not opened")
    return _("submitted") if response.submitted_at else _("started")


def _question(survey: Survey, pk: int | None, kinds: tuple[str, ...]) -> Question | None:
    if pk is None:
        return None
    return Question.objects.filter(survey=survey, pk=pk, kind__in=kinds).first()


def _chosen(value: str | None, allowed: tuple[str, ...]) -> str:
    """The value if it is one of ``allowed``, else the first (the default)."""
    return value if value is not None and value in allowed else allowed[0]


Chosen = queries.Subset | None


def _export(survey: Survey, user: User, fmt: str) -> HttpResponse:
    if not permissions.reads_answers(user, survey):
        raise PermissionDenied(_("The exports hold single answers; they are for the college's staff."))
    writer = {"csv": queries.export_csv, "xlsx": queries.export_xlsx, "sav": queries.export_sav}[fmt]
    response = HttpResponse(
        writer(survey, permissions.sees_respondents(user, survey)), content_type=EXPORT_TYPES[fmt]
    )
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}-v{survey.version}.{fmt}"'
    return response


def _crosstab_context(request: HttpRequest, survey: Survey, subset: Chosen) -> dict[str, Any]:
    row = _question(survey, int_or_none(request.GET.get("row")), ("single",))
    column = _question(survey, int_or_none(request.GET.get("col")), ("single",))
    table = queries.crosstab(survey, row, column, subset) if row and column and row != column else None
    return {
        "singles": queries.single_choice_questions(survey),
        "row": row,
        "column": column,
        "crosstab": table,
    }


def _comparison_context(
    request: HttpRequest, survey: Survey, subset: queries.Subset | None
) -> dict[str, Any]:
    value = _question(survey, int_or_none(request.GET.get("dv")), ("likert5", "likert7", "numeric"))
    group = _question(survey, int_or_none(request.GET.get("group")), ("single",))
    compared = queries.compare_groups(survey, value, group, subset) if value and group else None
    return {"rated": queries.rated_questions(survey), "value": value, "group": group, "comparison": compared}


def _scale_context(request: HttpRequest, survey: Survey, subset: Chosen) -> dict[str, Any]:
    scale = _question(survey, int_or_none(request.GET.get("scale")), ("matrix",))
    method = _chosen(request.GET.get("method"), queries.EFA_METHODS)
    rotation = _chosen(request.GET.get("rotation"), queries.ROTATIONS)
    factors = int_or_none(request.GET.get("factors"))
    factors = factors if factors is not None and 1 <= factors <= 20 else None
    analysis = scale and queries.scale_analysis(survey, scale, factors, method, rotation, subset)
    return {
        "matrices": queries.matrix_questions(survey),
        "scale": scale,
        "scale_analysis": analysis,
        "methods": queries.EFA_METHODS,
        "rotations": queries.ROTATIONS,
        "method": method,
        "rotation": rotation,
        "factors": factors,
    }


@login_required
@kept_page(COOPERATION, POSTINGS, SURVEY_FORMS)
def survey_results(request: HttpRequest, pk: int) -> HttpResponse:
    """Every question's table and chart, the analyses chosen in the forms (crosstab, group comparison,
    reliability and factors), all over a subset of respondents when one is chosen; the exports."""
    user = current_user(request)
    survey = _survey(request, pk)
    fmt = request.GET.get("format")
    if fmt in EXPORT_TYPES:
        return _export(survey, user, fmt)
    subset = queries.subset_of(survey, request.GET.get("only"))
    context = {
        "survey": survey,
        "progress": queries.progress(survey),
        "results": queries.results(survey, permissions.reads_answers(user, survey), subset),
        "subset": subset,
        "subset_choices": queries.subset_choices(survey),
        "only": request.GET.get("only", ""),
    }
    context |= _crosstab_context(request, survey, subset)
    context |= _comparison_context(request, survey, subset)
    context |= _scale_context(request, survey, subset)
    return render(request, "surveys/results.html", context)


def _coding_post(request: HttpRequest, user: User, survey: Survey, question: Question | None) -> None:
    """One change to the coding: a code added or removed, a passage coded or uncoded."""
    post, step = request.POST, request.POST.get("step")
    if step == "code":
        label, description = post.get("label", ""), post.get("description", "")
        perform(
            request,
            lambda: actions.add_code(user, survey, label, description),
            Code,
            _("The code was added."),
        )
    elif step == "uncode":
        chosen = int_or_none(post.get("segment")) or 0
        actions.uncode(user, get_object_or_404(CodedSegment, response__survey=survey, pk=chosen))
    elif step == "remove_code":
        actions.remove_code(
            user, get_object_or_404(Code, survey=survey, pk=int_or_none(post.get("code")) or 0)
        )
    elif question is not None:
        response = get_object_or_404(Response, survey=survey, pk=int_or_none(post.get("response")) or 0)
        code = get_object_or_404(Code, survey=survey, pk=int_or_none(post.get("code")) or 0)
        excerpt = post.get("excerpt", "")
        done = _("The passage was coded.")
        perform(request, lambda: actions.code_segment(user, response, question, code, excerpt), Code, done)


@login_required
def survey_coding(request: HttpRequest, pk: int) -> HttpResponse:
    """Open-text coding: a coding frame, each open answer tagged with codes, code frequencies by group."""
    user = current_user(request)
    survey = _survey(request, pk)
    if not permissions.may_design(user, survey):
        raise PermissionDenied(_("Only the college's administrators and program leads code the answers."))
    texts = [question for question in queries.questions_of(survey) if question.kind == "text"]
    question = next(
        (t for t in texts if t.pk == int_or_none(request.GET.get("question"))), texts[0] if texts else None
    )
    if request.method == "POST":
        _coding_post(request, user, survey, question)
        return redirect(f"{request.path}?question={question.pk if question else ''}")
    group = next(
        (g for g in queries.single_choice_questions(survey) if g.pk == int_or_none(request.GET.get("group"))),
        None,
    )
    frequencies = queries.code_frequencies(survey, group)
    return render(
        request,
        "surveys/coding.html",
        {
            "survey": survey,
            "texts": texts,
            "question": question,
            "answers": queries.text_answers(survey, question)[:200] if question else [],
            "codes": list(Code.objects.filter(survey=survey)),
            "frequencies": frequencies,
            "groups": queries.single_choice_questions(survey),
            "group": group,
            "group_labels": [label for _, label in group.display_options()] if group else [],
        },
    )


@login_required
def my_surveys(request: HttpRequest) -> HttpResponse:
    """The survey links waiting for the user (their own, or their enterprise's)."""
    waiting = [
        (invitation, actions.link_path(invitation)) for invitation in queries.links_for(current_user(request))
    ]
    return render(request, "surveys/mine.html", {"waiting": waiting})


@login_required
def competencies(request: HttpRequest) -> HttpResponse:
    """Taught, valued, used: each competency a survey question is tied to, for one college."""
    user = current_user(request)
    colleges = list(
        Organization.objects.filter(pk__in=queries.surveys_for(user).values("college_id")).order_by("code")
    )
    if not colleges:
        raise PermissionDenied(_("Surveys are for the colleges' staff and the officers above them."))
    college = next((c for c in colleges if c.pk == int_or_none(request.GET.get("college"))), colleges[0])
    return render(
        request,
        "surveys/competencies.html",
        {"colleges": colleges, "college": college, "views": queries.competency_views(college.pk)},
    )


# --- the respondent's page -------------------------------------------------------------------------


def _answer_context(invitation: Any, answers: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    sections = queries.by_section(queries.questions_of(invitation.survey))
    return {
        "invitation": invitation,
        "survey": invitation.survey,
        "sections": sections,
        "answers": answers,
        "errors": errors,
    }


@csrf_protect
def survey_answer(request: HttpRequest, token: str) -> HttpResponse:
    """The respondent's form behind a link: no login, saved as they go, submitted once."""
    try:
        invitation = actions.invitation_for(token)
    except actions.LinkRefused as refused:
        return render(request, "surveys/answer_refused.html", {"message": refused.message}, status=410)
    saved = Response.objects.filter(invitation=invitation).values_list("answers", flat=True).first() or {}
    if request.method != "POST":
        return render(request, "surveys/answer.html", _answer_context(invitation, dict(saved), {}))
    answers, errors = actions.parse_posted(invitation.survey, request.POST)
    submit = request.POST.get("step") == "submit"
    if not errors:
        try:
            actions.save_answers(token, answers, submit)
        except actions.LinkRefused as refused:
            return render(request, "surveys/answer_refused.html", {"message": refused.message}, status=410)
        except ValidationError as exc:
            errors = {code: " ".join(messages_) for code, messages_ in exc.message_dict.items()}
        else:
            if submit:
                return render(request, "surveys/answer_done.html", {"survey": invitation.survey})
            messages.success(request, _("Your answers are saved; you can come back to this link to finish."))
            return redirect("survey_answer", token=token)
    shown = {**dict(saved), **{k: v for k, v in answers.items() if v is not None}}
    return render(request, "surveys/answer.html", _answer_context(invitation, shown, errors), status=400)
