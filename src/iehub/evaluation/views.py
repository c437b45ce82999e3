"""Evaluation pages: schemes and rubrics, a student's evaluation (form, history, mastery), outside
assessors' links and the assessor's own form (no account). Logic lives in actions and queries."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from iehub.accounts.models import Organization, User
from iehub.core.audit import client_address
from iehub.core.kept_pages import kept_page
from iehub.core.models import CHANGE
from iehub.core.scopes import ASSESSMENT, CLASSES, COOPERATION, EVALUATIONS, PEOPLE, POSTINGS, PROJECTS
from iehub.core.views_helpers import current_user, flash_errors, int_or_none, perform
from iehub.curriculum.models import ChangeRequest, Program
from iehub.engines.reliability import DRIFT_LEVELS
from iehub.evaluation import actions, credentials, permissions, portfolio, queries, reports
from iehub.evaluation.models import (
    AssessorLink,
    Component,
    Credential,
    Criterion,
    EvaluatorRole,
    IssuerKey,
    MasteryMethod,
    Moderation,
    PortfolioShare,
    Rubric,
    Scheme,
)
from iehub.taxonomy.models import Skill


def _college(user: User, pk: Any) -> Organization:
    college = permissions.designer_colleges(user).filter(pk=int_or_none(str(pk)) or 0).first()
    if college is None:
        raise PermissionDenied(_("Only the college's teachers and administrators set up evaluation."))
    return college


@login_required
@kept_page(COOPERATION, EVALUATIONS, PEOPLE, PROJECTS)
def evaluation_home(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    # Each college's programs are listed in the policy form: read once, not once per college.
    colleges = list(permissions.designer_colleges(user).prefetch_related("programs"))
    policy_colleges = [c for c in colleges if permissions.may_set_policy(user, c.pk)]
    return render(
        request,
        "evaluation/home.html",
        {
            "schemes": queries.schemes_for(user)[:200],
            "rubrics": Rubric.objects.restrict(user).select_related("college")[:200],
            "colleges": colleges,
            "policy_colleges": policy_colleges,
            "policies": queries.policies_of(policy_colleges),
            "programs": Program.objects.filter(college__in=colleges, is_active=True).order_by("major_code"),
        },
    )


@login_required
@require_POST
def policy_set(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    college = _college(user, request.POST.get("college"))
    program = college.programs.filter(pk=int_or_none(request.POST.get("program")) or 0).first()
    minimum = int_or_none(request.POST.get("min_enterprise_weight"))
    perform(
        request,
        lambda: actions.set_policy(user, college, -1 if minimum is None else minimum, program),
        None,
        _("The evaluation policy is saved."),
    )
    return redirect("evaluation")


@login_required
@require_POST
def rubric_new(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    college = _college(user, request.POST.get("college"))
    data: dict[str, Any] = {k: request.POST.get(k, "").strip() for k in ("name", "name_en", "field")}
    data["levels"] = int_or_none(request.POST.get("levels")) or 0
    try:
        rubric = actions.create_rubric(user, college, data)
    except ValidationError as exc:
        flash_errors(request, exc, Rubric)
        return redirect("evaluation")
    return redirect("evaluation_rubric", pk=rubric.pk)


@login_required
@kept_page(EVALUATIONS, POSTINGS)
def rubric_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    rubric = get_object_or_404(Rubric.objects.restrict(user), pk=pk)
    criteria = rubric.criteria.select_related("skill")
    return render(
        request,
        "evaluation/rubric_detail.html",
        {
            "rubric": rubric,
            "criteria": criteria,
            "may_edit": permissions.may_design(user, rubric.college_id),
            "components": Component.choices,
            "roles": EvaluatorRole.choices,
            "level_numbers": range(1, rubric.levels + 1),
        },
    )


@login_required
@require_POST
def criterion_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    rubric = get_object_or_404(Rubric.objects.restrict(user), pk=pk)
    skill = Skill.objects.filter(pk=int_or_none(request.POST.get("skill")) or 0).first()
    if skill is None:
        messages.error(request, _("Choose the competency the criterion evidences."))
        return redirect("evaluation_rubric", pk=rubric.pk)
    data: dict[str, Any] = {k: request.POST.get(k, "").strip() for k in ("component", "name", "name_en")}
    data["roles"] = request.POST.getlist("roles")
    for field in ("descriptors", "descriptors_en"):
        texts = [request.POST.get(f"{field}_{n}", "").strip() for n in range(1, rubric.levels + 1)]
        data[field] = texts if any(texts) else []
    perform(
        request,
        lambda: actions.add_criterion(user, rubric, skill, data),
        Criterion,
        _("The criterion is added."),
    )
    return redirect("evaluation_rubric", pk=rubric.pk)


def _scheme_data(request: HttpRequest, choices: dict[str, Any]) -> dict[str, Any]:
    def chosen(name: str, options: Any) -> Any:
        pk = int_or_none(request.POST.get(name))
        return next((option for option in options if option.pk == pk), None) if pk else None

    return {
        "name": request.POST.get("name", "").strip(),
        "rubric": chosen("rubric", choices["rubrics"]),
        "program": chosen("program", choices["programs"]),
        "project": chosen("project", choices["projects"]),
        "placement": chosen("placement", choices["placements"]),
        "course": chosen("course", choices["courses"]),
        "process_weight": int_or_none(request.POST.get("process_weight")) or 0,
        "mastery_method": request.POST.get("mastery_method", ""),
        "mastery_threshold": request.POST.get("mastery_threshold", "") or None,
        "mastery_times": int_or_none(request.POST.get("mastery_times")) or 1,
    }


@login_required
def scheme_new(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    # Each college's programs are listed in the policy form: read once, not once per college.
    colleges = list(permissions.designer_colleges(user).prefetch_related("programs"))
    if not colleges:
        raise PermissionDenied(_("Only the college's teachers and administrators set up evaluation."))
    college = _college(user, request.POST.get("college") or request.GET.get("college") or colleges[0].pk)
    choices = queries.subject_choices(user, college.pk)
    choices = {name: list(options) for name, options in choices.items()}
    if request.method == "POST":
        weights = {
            role: int_or_none(request.POST.get(f"weight_{role}")) or 0 for role in EvaluatorRole.values
        }
        try:
            scheme = actions.save_scheme(user, college, _scheme_data(request, choices), weights)
        except ValidationError as exc:
            flash_errors(request, exc, Scheme)
        else:
            messages.success(request, _("The evaluation scheme is saved."))
            return redirect("evaluation_scheme", pk=scheme.pk)
    return render(
        request,
        "evaluation/scheme_form.html",
        {
            "college": college,
            "colleges": colleges,
            **choices,
            "roles": EvaluatorRole.choices,
            "enterprise_side": sorted(queries.ENTERPRISE_SIDE),
            "methods": MasteryMethod.choices,
            "minimum": queries.minimum_enterprise_weight(college.pk, None),
            "posted": request.POST,
        },
    )


def _scheme(user: User, pk: int) -> Scheme:
    return get_object_or_404(queries.schemes_for(user), pk=pk)


@login_required
@kept_page(ASSESSMENT, COOPERATION, EVALUATIONS, PEOPLE, POSTINGS, PROJECTS)
def scheme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    scheme = _scheme(user, pk)
    may_design = permissions.may_design(user, scheme.college_id)
    students = queries.students_with_results(scheme) if may_design else []
    return render(
        request,
        "evaluation/scheme_detail.html",
        {
            "scheme": scheme,
            "weights": scheme.weights.all(),
            "enterprise_weight": queries.enterprise_weight({w.role: w.weight for w in scheme.weights.all()}),
            "criteria": scheme.rubric.criteria.select_related("skill"),
            "students": students,
            "may_design": may_design,
            "agreement": queries.panel_agreement(scheme) if may_design else None,
            "links": scheme.links.select_related("student") if may_design else [],
            "link_roles": [
                (role, label)
                for role, label in EvaluatorRole.choices
                if role in actions.OUTSIDE_ROLES and role in permissions.scheme_roles(scheme)
            ],
            "my_students": [] if may_design else queries.students_i_evaluate(user, scheme),
            "moderations": scheme.moderations.select_related("moderator") if may_design else [],
            "decisions": Moderation.Decision.choices,
        },
    )


@login_required
def student_evaluation(request: HttpRequest, pk: int, student: int) -> HttpResponse:
    user = current_user(request)
    scheme = _scheme(user, pk)
    person = get_object_or_404(queries.scheme_students(scheme), pk=student)
    roles = permissions.evaluator_roles(user, scheme, person.pk)
    may_see_all = user.pk == person.pk or permissions.is_college_staff(user, scheme.college_id)
    if not roles and not may_see_all:
        raise Http404
    found = queries.history(user, scheme, person.pk)
    if request.method == "POST":
        return _record(request, user, scheme, person, roles, found)
    return render(
        request,
        "evaluation/student.html",
        {
            "scheme": scheme,
            "person": person,
            "forms": [(role, EvaluatorRole(role).label, queries.criteria_of(scheme, role)) for role in roles],
            "levels": range(1, scheme.rubric.levels + 1),
            "history": found,
            "current": {e.pk for e in queries.current(found)},
            "mine": [e for e in found if e.evaluator_id == user.pk],
            "mastery": queries.mastery_by_competency(scheme, found) if may_see_all else None,
        },
    )


def _posted_marks(request: HttpRequest, criteria: list[Criterion]) -> dict[int, int]:
    marks = {}
    for criterion in criteria:
        level = int_or_none(request.POST.get(f"criterion_{criterion.pk}"))
        if level is not None:
            marks[criterion.pk] = level
    return marks


def _record(
    request: HttpRequest, user: User, scheme: Scheme, person: User, roles: list[str], found: list[Any]
) -> HttpResponse:
    role = request.POST.get("role", "")
    if role not in roles:
        raise PermissionDenied(_("You may not evaluate this student in this role."))
    corrects_pk = int_or_none(request.POST.get("corrects"))
    corrects = next((e for e in found if e.pk == corrects_pk and e.evaluator_id == user.pk), None)
    marks = _posted_marks(request, queries.criteria_of(scheme, role))
    perform(
        request,
        lambda: actions.record_evaluation(
            user, scheme, person, role, marks, request.POST.get("comment", "")[:4000], corrects
        ),
        None,
        _("Your evaluation is recorded."),
    )
    return redirect("evaluation_student", pk=scheme.pk, student=person.pk)


@login_required
@require_POST
def link_issue(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    scheme = _scheme(user, pk)
    person = queries.scheme_students(scheme).filter(pk=int_or_none(request.POST.get("student")) or 0).first()
    if person is None:
        messages.error(request, _("Choose a student of this scheme."))
        return redirect("evaluation_scheme", pk=scheme.pk)
    try:
        _link, token = actions.issue_link(
            user,
            scheme,
            person,
            request.POST.get("role", ""),
            request.POST.get("assessor_name", "")[:100],
            request.POST.get("assessor_email", "")[:254],
            int_or_none(request.POST.get("days")) or 0,
        )
    except ValidationError as exc:
        flash_errors(request, exc, AssessorLink)
    else:
        url = request.build_absolute_uri(reverse("assess", args=[token]))
        messages.success(
            request, _("Link for the assessor (shown once; it works once): %(url)s") % {"url": url}
        )
    return redirect("evaluation_scheme", pk=scheme.pk)


@login_required
@require_POST
def link_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    link = get_object_or_404(AssessorLink.objects.restrict(user).select_related("scheme"), pk=pk)
    perform(request, lambda: actions.revoke_link(user, link), None, _("The link is withdrawn."))
    return redirect("evaluation_scheme", pk=link.scheme_id)


@csrf_protect
def assess(request: HttpRequest, token: str) -> HttpResponse:
    """The outside assessor's form: no account, one use, works on a phone."""
    address = client_address(request) or ""
    try:
        link = actions.open_link(token, address) if request.method != "POST" else None
        if request.method == "POST":
            link = _submit_assessment(request, token, address)
            if link is None:
                return render(request, "evaluation/assess_done.html", status=200)
    except actions.LinkRefused as refused:
        return render(request, "evaluation/assess_refused.html", {"message": refused.message}, status=410)
    assert link is not None
    return render(
        request,
        "evaluation/assess.html",
        {
            "link": link,
            "criteria": queries.criteria_of(link.scheme, link.role),
            "levels": range(1, link.scheme.rubric.levels + 1),
        },
    )


def _submit_assessment(request: HttpRequest, token: str, address: str) -> AssessorLink | None:
    """Record the posted evaluation; on an error, the link (still unused) to show the form again."""
    link = actions.link_for(token)
    marks = _posted_marks(request, queries.criteria_of(link.scheme, link.role))
    try:
        actions.evaluate_by_link(token, marks, request.POST.get("comment", "")[:4000], address)
    except ValidationError as exc:
        flash_errors(request, exc)
        return link
    return None


# --- portfolio ---------------------------------------------------------------------------------------


def _portfolio_student(user: User, student: int) -> User:
    """A student whose portfolio (reports, credentials) the user may see; anyone else is not found."""
    person = get_object_or_404(User, pk=student, is_active=True)
    if not permissions.may_see_portfolio(user, person):
        raise Http404
    return person


def _portfolio_page(
    request: HttpRequest,
    student: User,
    template: str,
    extra: dict[str, Any],
    skill_ids: set[int] | None = None,
) -> HttpResponse:
    found = portfolio.portfolio_of(student, skill_ids)
    return render(
        request,
        template,
        {
            "portfolio": found,
            "radar": portfolio.radar_options(found),
            "dimension_labels": portfolio.dimension_labels(),
            "threshold": portfolio.PORTFOLIO_THRESHOLD,
            **extra,
        },
    )


@login_required
@kept_page(ASSESSMENT, COOPERATION, EVALUATIONS, PEOPLE, POSTINGS, PROJECTS)
def my_portfolio(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    shares = [(share, actions.share_token(share)) for share in portfolio.shares_of(user)]
    held = Credential.objects.filter(student=user).select_related("skill", "enterprise")
    return _portfolio_page(
        request, user, "evaluation/portfolio.html", {"own": True, "shares": shares, "credentials": held}
    )


@login_required
def student_portfolio(request: HttpRequest, student: int) -> HttpResponse:
    user = current_user(request)
    person = _portfolio_student(user, student)
    if person.pk == user.pk:
        return redirect("portfolio")
    held = Credential.objects.filter(student=person).select_related("skill", "enterprise")
    return _portfolio_page(
        request, person, "evaluation/portfolio.html", {"own": False, "credentials": held, "issuer": True}
    )


@login_required
@require_POST
def share_new(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    skill_ids = [pk for pk in (int_or_none(v) for v in request.POST.getlist("skills")) if pk]
    perform(
        request,
        lambda: actions.share_portfolio(
            user, skill_ids, request.POST.get("label", ""), request.POST.get("show_comments") == "1"
        ),
        PortfolioShare,
        _("The link to your portfolio is ready."),
    )
    return redirect("portfolio")


@login_required
@require_POST
def share_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    share = get_object_or_404(PortfolioShare.objects.restrict(user), pk=pk)
    perform(request, lambda: actions.withdraw_share(user, share), None, _("The link is withdrawn."))
    return redirect("portfolio")


def shared_portfolio(request: HttpRequest, token: str) -> HttpResponse:
    """A portfolio as its student shared it: the chosen competencies, no login."""
    try:
        share = actions.open_share(token)
    except actions.LinkRefused as refused:
        return render(request, "evaluation/assess_refused.html", {"message": refused.message}, status=410)
    skill_ids = set(share.skills.values_list("pk", flat=True))
    return _portfolio_page(
        request, share.student, "evaluation/portfolio.html", {"own": False, "share": share}, skill_ids
    )


# --- diagnostic reports --------------------------------------------------------------------------------


def _pdf(student: User) -> HttpResponse:
    content = reports.diagnostic_pdf(reports.diagnostic(student))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="diagnostic-{student.pk}.pdf"'
    return response


@login_required
def my_report(request: HttpRequest) -> HttpResponse:
    return _pdf(current_user(request))


@login_required
def student_report(request: HttpRequest, student: int) -> HttpResponse:
    user = current_user(request)
    person = _portfolio_student(user, student)
    return _pdf(person)


def _cohort_program(user: User, pk: int) -> Program:
    program = get_object_or_404(Program.objects.select_related("college"), pk=pk)
    if not permissions.is_college_staff(user, program.college_id):
        raise Http404
    return program


@login_required
@kept_page(CLASSES, COOPERATION, EVALUATIONS, PEOPLE, PROJECTS)
def cohort(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    program = _cohort_program(user, pk)
    classes = list(program.classes.all())
    chosen = next((c for c in classes if c.pk == int_or_none(request.GET.get("class"))), None)
    students, rows = reports.cohort_weaknesses(program, chosen)
    return render(
        request,
        "evaluation/cohort.html",
        {
            "program": program,
            "classes": classes,
            "chosen": chosen,
            "students": students,
            "rows": rows,
            "term": reports.next_term(timezone.localdate()),
        },
    )


@login_required
@require_POST
def cohort_change(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    program = _cohort_program(user, pk)
    chosen = program.classes.filter(pk=int_or_none(request.POST.get("class")) or 0).first()
    students, rows = reports.cohort_weaknesses(program, chosen)
    try:
        change = actions.open_cohort_change(user, program, rows, students, request.POST.get("term", ""))
    except ValidationError as exc:
        flash_errors(request, exc, ChangeRequest)
        return redirect("evaluation_cohort", pk=program.pk)
    messages.success(request, _("A change request citing the cohort's weaknesses is open: edit its draft."))
    return redirect("change_request", pk=change.pk)


# --- credentials -------------------------------------------------------------------------------------


@login_required
@require_POST
def credential_issue(request: HttpRequest, student: int) -> HttpResponse:
    user = current_user(request)
    person = _portfolio_student(user, student)
    skill = Skill.objects.filter(pk=int_or_none(request.POST.get("skill")) or 0).first()
    if skill is None:
        raise Http404
    perform(
        request,
        lambda: actions.issue_credential(user, person, skill),
        Credential,
        _("The credential is issued and signed."),
    )
    return redirect("student_portfolio", student=person.pk)


@login_required
@require_POST
def credential_revoke(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    user = current_user(request)
    credential = get_object_or_404(Credential.objects.restrict(user, CHANGE), uid=uid)
    perform(
        request,
        lambda: actions.revoke_credential(user, credential, request.POST.get("reason", "")),
        Credential,
        _("The credential is revoked."),
    )
    return redirect("student_portfolio", student=credential.student_id)


def _public_credential(uid: uuid.UUID) -> Credential:
    return get_object_or_404(
        Credential.objects.select_related("student", "skill", "college", "enterprise"), uid=uid
    )


def credential_page(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    """The public verification page: the credential checked now, as any verifier would check it."""
    credential = _public_credential(uid)
    valid, reason = credentials.verify(credential.token, credential.college, credential.enterprise)
    return render(
        request,
        "evaluation/credential.html",
        {"credential": credential, "valid": valid, "reason": reason},
    )


def credential_verification(request: HttpRequest, uid: uuid.UUID) -> JsonResponse:
    """The same check as JSON, for machines."""
    credential = _public_credential(uid)
    valid, reason = credentials.verify(credential.token, credential.college, credential.enterprise)
    return JsonResponse(
        {
            "id": credentials.credential_url(credential.uid),
            "valid": valid,
            "reason": reason,
            "revoked": credential.revoked_at is not None,
            "issuer": credentials.issuer_url(credential.college),
            "endorser": credentials.issuer_url(credential.enterprise) if credential.enterprise else None,
        }
    )


def credential_token(request: HttpRequest, uid: uuid.UUID) -> HttpResponse:
    """The signed credential (a JWT-VC) for wallets and offline verifiers."""
    credential = _public_credential(uid)
    response = HttpResponse(credential.token, content_type="application/vc+jwt")
    response["Content-Disposition"] = f'attachment; filename="credential-{credential.uid}.jwt"'
    return response


def credential_issuer(request: HttpRequest, pk: int) -> JsonResponse:
    """An issuer's profile with the public key its credentials and endorsements verify against."""
    key = get_object_or_404(IssuerKey.objects.select_related("organization"), organization_id=pk)
    return JsonResponse(
        {
            "id": credentials.issuer_url(key.organization),
            "type": ["Profile"],
            "name": key.organization.name,
            "publicKeyPem": key.public_key,
            "algorithm": credentials.ALGORITHM,
            # the Ed25519 key of its Data Integrity proofs (CLR), once it has signed one
            "ldpPublicKeyPem": key.ldp_public_key or None,
        },
        json_dumps_params={"ensure_ascii": False},
    )


def credential_status_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The college's signed revocation list (Bitstring Status List)."""
    college = get_object_or_404(
        Organization.objects.filter(id__in=Credential.objects.values("college_id")), pk=pk
    )
    return HttpResponse(credentials.status_list_token(college), content_type="application/vc+jwt")


# --- quality -------------------------------------------------------------------------------------------


@login_required
@require_POST
def scheme_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    scheme = _scheme(user, pk)
    perform(
        request,
        lambda: actions.moderate(
            user, scheme, request.POST.get("decision", ""), request.POST.get("note", "")
        ),
        Moderation,
        _("The moderation is recorded."),
    )
    return redirect("evaluation_scheme", pk=scheme.pk)


@login_required
@kept_page(COOPERATION, EVALUATIONS, PEOPLE)
def quality(request: HttpRequest) -> HttpResponse:
    """Whether schemes give enterprises the policy's weight, and which evaluators drift from their panel."""
    user = current_user(request)
    colleges = permissions.quality_colleges(user)
    if not colleges.exists():
        raise PermissionDenied(_("Evaluation quality is for colleges' staff and government officers."))
    return render(
        request,
        "evaluation/quality.html",
        {
            "compliance": queries.policy_compliance(colleges),
            "drifting": queries.drifting_evaluators(colleges),
            "drift_levels": DRIFT_LEVELS,
        },
    )


def _clr_response(student: User) -> HttpResponse:
    held = list(Credential.objects.filter(student=student, revoked_at__isnull=True).select_related("college"))
    if not held:
        raise Http404
    college = held[0].college
    clr_id = f"urn:uuid:{uuid.uuid4()}"  # a CLR is a snapshot of the credentials held at that moment
    document = credentials.clr(
        college, student.email, [c for c in held if c.college_id == college.pk], clr_id
    )
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/ld+json"
    response["Content-Disposition"] = f'attachment; filename="clr-{student.pk}.json"'
    return response


@login_required
def my_clr(request: HttpRequest) -> HttpResponse:
    """The portfolio's credentials as one CLR 2.0 document, signed by the college."""
    return _clr_response(current_user(request))


@login_required
def student_clr(request: HttpRequest, student: int) -> HttpResponse:
    user = current_user(request)
    person = _portfolio_student(user, student)
    return _clr_response(person)
