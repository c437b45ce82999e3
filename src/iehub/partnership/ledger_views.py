"""Partnership pages: the list with depth tiers, one partnership's ledger, its tier (why, and what would
move it up) and quarterly history, recording and voiding activities, evidence files, and each consortium
member's contribution. Thin: actions write, queries read, ``engines.depth`` decides the tiers."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from iehub.accounts import permissions as accounts
from iehub.accounts.models import Membership, Organization, Partnership
from iehub.accounts.roles import OrgKind, Role
from iehub.core.kept_pages import kept_page
from iehub.core.scopes import COOPERATION, CURRICULA, EVALUATIONS, LEDGER, MATCHING, PEOPLE
from iehub.core.views_helpers import (
    BoundedPaginator,
    current_user,
    date_or_none,
    flash_errors,
    int_or_none,
    perform,
    table_download,
    uploaded_file_response,
)
from iehub.curriculum.models import Program
from iehub.engines import depth
from iehub.partnership import (
    actions,
    collaborations,
    incentives,
    kpis,
    permissions,
    queries,
    report,
    teachers,
)
from iehub.partnership.models import (
    Activity,
    ActivityKind,
    AgreementDocument,
    Collaboration,
    CollaborationIndicator,
    DualQualification,
    Evidence,
    QualityReport,
    TeacherPractice,
)

TIER_NAMES = queries.TIER_NAMES
CONDITION_TEXT = {
    "activity": gettext_lazy("At least one cooperation activity in the last twelve months"),
    "institutional_form": gettext_lazy(
        "A shared institution in the last twelve months: an order class, a modern apprenticeship, "
        "curriculum co-development, teachers' enterprise practice, or at least 16 hours of teaching by "
        "enterprise staff"
    ),
    "joint_curriculum": gettext_lazy("Curriculum co-developed in the last twelve months"),
    "co_creation": gettext_lazy("Joint R&D or a shared technology platform in the last twelve months"),
}
PAGE_SIZE = 50


def _decimal(value: str | None, field: str) -> Decimal:
    try:
        number = Decimal(value.strip()) if value and value.strip() else Decimal(0)
    except InvalidOperation:
        raise ValidationError({field: _("Enter a number.")}) from None
    if not number.is_finite():
        raise ValidationError({field: _("Enter a number.")})
    return number


def _integer(value: str | None, field: str) -> int:
    try:
        return int(value) if value and value.strip() else 0
    except ValueError:
        raise ValidationError({field: _("Enter a whole number.")}) from None


def _kind_label(kind: str) -> str:
    return str(ActivityKind(kind).label) if kind in ActivityKind.values else kind


def explained(assessment: depth.Assessment) -> dict[str, Any]:
    """An assessment in the reader's words: the tier, why, and what would move it up."""

    def line(condition: depth.Condition) -> dict[str, Any]:
        return {
            "text": CONDITION_TEXT[condition.code],
            "kinds": [_kind_label(k) for k in condition.kinds],
            "tier": TIER_NAMES[condition.tier],
        }

    return {
        "tier": int(assessment.tier),
        "name": TIER_NAMES[assessment.tier],
        "reasons": [line(c) for c in assessment.reasons],
        "next": [line(c) for c in assessment.next_steps],
        "next_tier": TIER_NAMES[depth.Tier(assessment.tier + 1)]
        if assessment.tier < depth.Tier.COGNITIVE
        else None,
    }


def _visible(request: HttpRequest) -> Any:
    user = current_user(request)
    scope = permissions.ledger_partnerships(user)
    if not scope.exists() and not permissions.may_create_partnerships(user):
        raise PermissionDenied(
            _("Partnership ledgers are for the partners' staff, officers and administrators.")
        )
    return scope


@login_required
@kept_page(COOPERATION)
def partnership_list(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    scope = _visible(request).select_related("college", "enterprise")
    colleges = list(Organization.objects.filter(pk__in=scope.values("college_id")).order_by("code"))
    college = int_or_none(request.GET.get("college"))
    if college:
        scope = scope.filter(college_id=college)
    status = request.GET.get("status", "")
    if status in Partnership.Status.values:
        scope = scope.filter(status=status)
    text = request.GET.get("q", "").strip()[:100]
    if text:
        scope = scope.filter(Q(enterprise__name__icontains=text) | Q(enterprise__name_en__icontains=text))
    partnerships = list(scope.order_by("college__code", "enterprise__code"))
    facts = queries.facts_of([p.pk for p in partnerships])  # one read of the ledger for tiers and trend
    tiers = queries.assessments([p.pk for p in partnerships], facts=facts)
    tier = int_or_none(request.GET.get("tier"))
    if tier is not None:
        partnerships = [p for p in partnerships if tiers[p.pk].tier == tier]
    distribution = queries.tier_counts(tiers[p.pk].tier for p in partnerships)
    if request.GET.get("format") == "xlsx":
        header = [_("College"), _("Enterprise"), _("Status"), _("Started on"), _("Ends on"), _("Depth tier")]
        table = [
            [
                p.college.display_name,
                p.enterprise.display_name,
                p.get_status_display(),
                p.started_on,
                p.ends_on or "",
                str(TIER_NAMES[tiers[p.pk].tier]),
            ]
            for p in partnerships
        ]
        return table_download([str(h) for h in header], table, "partnerships", "xlsx")
    page = BoundedPaginator(partnerships, PAGE_SIZE).get_page(request.GET.get("page"))
    trend = queries.tier_history([p.pk for p in partnerships], facts)
    chart = {
        "tooltip": {"trigger": "axis"},
        "legend": {"bottom": 0},
        "grid": {"bottom": 40},
        "xAxis": {"type": "category", "data": [label for label, _counts in trend]},
        "yAxis": {"type": "value", "minInterval": 1},
        "series": [
            {
                "type": "bar",
                "stack": "tiers",
                "name": str(name),
                "data": [counts[int(tier)] for _label, counts in trend],
            }
            for tier, name in TIER_NAMES.items()
        ],
    }
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "partnership/partnership_list.html",
        {
            "page": page,
            "rows": [(p, TIER_NAMES[tiers[p.pk].tier], int(tiers[p.pk].tier)) for p in page.object_list],
            "colleges": colleges,
            "statuses": Partnership.Status.choices,
            "tiers": [(int(t), name) for t, name in TIER_NAMES.items()],
            "distribution": [(TIER_NAMES[depth.Tier(t)], n) for t, n in distribution.items()],
            "total": len(partnerships),
            "chart": chart,
            "rules": [
                (TIER_NAMES[c.tier], CONDITION_TEXT[c.code])
                for c in depth.assess([], timezone.localdate()).conditions
            ],
            "filters": request.GET,
            "query": params.urlencode(),
            "may_create": permissions.may_create_partnerships(user),
        },
    )


def _enterprise_named(text: str) -> Organization | None:
    """The one active enterprise with this code or exact name (Chinese or English)."""
    text = text.strip()
    if not text:
        return None
    found = list(
        Organization.objects.filter(kind=OrgKind.ENTERPRISE, is_active=True).filter(
            Q(code=text) | Q(name=text) | Q(name_en__iexact=text)
        )[:2]
    )
    return found[0] if len(found) == 1 else None


@login_required
def partnership_new(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    colleges = teachers.administered_colleges(user)
    if not colleges:
        raise PermissionDenied(_("Only colleges' administrators record partnerships."))
    if request.method == "POST":
        college = next((c for c in colleges if c.pk == int_or_none(request.POST.get("college"))), None)
        if college is None:
            flash_errors(request, ValidationError({"college": _("Choose a college.")}), Partnership)
        else:
            try:
                partnership = actions.create_partnership(
                    user,
                    college,
                    _enterprise_named(request.POST.get("enterprise", "")),
                    request.POST.get("status", ""),
                    date_or_none(request.POST.get("started_on")),
                    date_or_none(request.POST.get("ends_on")),
                    request.POST.get("scope", ""),
                )
            except ValidationError as exc:
                flash_errors(request, exc, Partnership)
            else:
                return redirect("partnership_detail", partnership.pk)
    return render(
        request,
        "partnership/partnership_form.html",
        {
            "colleges": colleges,
            "statuses": Partnership.Status.choices,
            "form": request.POST,
            "today": timezone.localdate(),
        },
    )


def _activity_input(request: HttpRequest) -> actions.ActivityInput:
    post = request.POST
    return actions.ActivityInput(
        kind=post.get("kind", ""),
        title=post.get("title", ""),
        starts_on=date_or_none(post.get("starts_on")),
        ends_on=date_or_none(post.get("ends_on")),
        program_id=int_or_none(post.get("program")),
        students=_integer(post.get("students"), "students"),
        hours=_decimal(post.get("hours"), "hours"),
        amount=_decimal(post.get("amount"), "amount"),
        equipment_value=_decimal(post.get("equipment_value"), "equipment_value"),
        description=post.get("description", ""),
    )


@login_required
@kept_page(COOPERATION, LEDGER, PEOPLE)
def partnership_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    partnership = get_object_or_404(
        permissions.ledger_partnerships(user).select_related("college", "enterprise"), pk=pk
    )
    may_record = permissions.may_record(user, partnership)
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied(
                _("Only the partners' administrators and the college's program leads record activities.")
            )
        try:
            actions.record_activity(user, partnership, _activity_input(request), request.FILES.get("file"))
        except ValidationError as exc:
            flash_errors(request, exc, Activity)
            return _detail(request, partnership, may_record, request.POST)
        return redirect("partnership_detail", partnership.pk)
    return _detail(request, partnership, may_record, {})


def _detail(request: HttpRequest, partnership: Partnership, may_record: bool, form: Any) -> HttpResponse:
    activities = list(
        Activity.objects.filter(partnership=partnership)
        .select_related("program", "recorded_by", "recorded_for", "voided_by")
        .prefetch_related("evidence")
        .order_by("-starts_on", "-pk")
    )
    facts = queries.facts_of([partnership.pk]).get(partnership.pk, [])
    today = timezone.localdate()
    history = depth.history(facts, today)
    names = [str(TIER_NAMES[t]) for t in depth.Tier]
    chart = {
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 100},
        "xAxis": {"type": "category", "data": [label for label, _t in history]},
        "yAxis": {"type": "category", "data": names},
        "series": [
            {
                "type": "line",
                "step": "end",
                "name": str(_("Depth tier")),
                "data": [names[t] for _l, t in history],
            }
        ],
    }
    ledger = Activity.objects.filter(partnership=partnership)
    return render(
        request,
        "partnership/partnership_detail.html",
        {
            "partnership": partnership,
            "assessment": explained(depth.assess(facts, today)),
            "history": [(label, TIER_NAMES[t]) for label, t in history],
            "chart": chart,
            "rules": [
                (TIER_NAMES[c.tier], CONDITION_TEXT[c.code])
                for c in depth.assess([], timezone.localdate()).conditions
            ],
            "activities": activities,
            "all_time": queries.totals(ledger),
            "last_year": queries.totals(queries.in_window(ledger)),
            "kinds": ActivityKind.choices,
            "programs": Program.objects.filter(college_id=partnership.college_id).order_by(
                "major_code", "pk"
            ),
            "may_record": may_record,
            "documents": partnership.documents.all(),
            "may_edit": Partnership.objects.restrict(current_user(request), "change")
            .filter(pk=partnership.pk)
            .exists(),
            "statuses": Partnership.Status.choices,
            "form": form,
        },
        status=400 if form else 200,
    )


@login_required
@require_POST
def partnership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    partnership = get_object_or_404(permissions.ledger_partnerships(user), pk=pk)
    perform(
        request,
        lambda: actions.update_partnership(
            user,
            partnership,
            request.POST.get("status", ""),
            date_or_none(request.POST.get("started_on")),
            date_or_none(request.POST.get("ends_on")),
            request.POST.get("scope", ""),
        ),
        Partnership,
        _("Saved."),
    )
    return redirect("partnership_detail", partnership.pk)


@login_required
@require_POST
def activity_void(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    activity = get_object_or_404(Activity.objects.restrict(user).select_related("partnership"), pk=pk)
    perform(
        request,
        lambda: actions.void_activity(user, activity, request.POST.get("reason", "")),
        Activity,
        _("The activity is void."),
    )
    return redirect("partnership_detail", activity.partnership_id)


@login_required
@require_POST
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    activity = get_object_or_404(Activity.objects.restrict(user).select_related("partnership"), pk=pk)
    upload = request.FILES.get("file")
    if upload is None:
        flash_errors(request, ValidationError({"file": _("Choose a file.")}), Evidence)
    else:
        perform(
            request,
            lambda: actions.add_evidence(user, activity, upload),
            Evidence,
            _("The file is attached."),
        )
    return redirect("partnership_detail", activity.partnership_id)


@login_required
@require_POST
def agreement_upload(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    partnership = get_object_or_404(permissions.ledger_partnerships(user), pk=pk)
    upload = request.FILES.get("file")
    if upload is None:
        flash_errors(request, ValidationError({"file": _("Choose a file.")}), AgreementDocument)
    else:
        perform(
            request,
            lambda: actions.add_agreement_document(user, partnership, upload),
            AgreementDocument,
            _("The file is attached."),
        )
    return redirect("partnership_detail", partnership.pk)


@login_required
def agreement_file(request: HttpRequest, pk: int) -> FileResponse:
    document = get_object_or_404(AgreementDocument.objects.restrict(current_user(request)), pk=pk)
    return uploaded_file_response(document.file, document.name, document.extension)


@login_required
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    """The file, to whoever reads the ledger: images, PDFs and videos inline, the rest as a download."""
    evidence = get_object_or_404(Evidence.objects.restrict(current_user(request)), pk=pk)
    return uploaded_file_response(evidence.file, evidence.name, evidence.extension)


@login_required
def consortium_contributions(request: HttpRequest, pk: int) -> HttpResponse:
    """Each member's cooperation over the last twelve months, for the consortium's officers, the
    members' staff, government officers of the province and platform administrators."""
    user = current_user(request)
    consortium = get_object_or_404(
        Organization.objects.filter(kind=OrgKind.CONSORTIUM).filter(accounts.visible_org_q(user)), pk=pk
    )
    if not (user.is_superuser or permissions.may_review_consortium(user, consortium)):
        raise PermissionDenied(_("A consortium's contributions are for its officers and members' staff."))
    rows = queries.consortium_contributions(consortium)
    if request.GET.get("format") == "xlsx":
        header = [
            _("Member"),
            _("Partnerships"),
            _("Activities"),
            _("Students"),
            _("Hours"),
            _("Funding (yuan)"),
            _("Equipment value (yuan)"),
            *[str(TIER_NAMES[t]) for t in depth.Tier],
        ]
        table = [
            [
                r.member.display_name,
                r.partnerships,
                r.totals.activities,
                r.totals.students,
                r.totals.hours,
                r.totals.amount,
                r.totals.equipment_value,
                *[r.tiers[int(t)] for t in depth.Tier],
            ]
            for r in rows
        ]
        return table_download([str(h) for h in header], table, "contributions", "xlsx")
    return render(
        request,
        "partnership/contributions.html",
        {"consortium": consortium, "rows": rows, "tier_names": [TIER_NAMES[t] for t in depth.Tier]},
    )


@login_required
@kept_page(COOPERATION, CURRICULA, EVALUATIONS, LEDGER, MATCHING)
def quality_report(request: HttpRequest) -> HttpResponse:
    """The annual quality report of one college: the figures generated now, the text its
    administrators edit, exports as PDF and DOCX."""
    user = current_user(request)
    colleges = list(kpis.kpi_colleges(user).order_by("code"))
    if not colleges:
        raise PermissionDenied(_("Quality reports are for colleges' staff, officers and administrators."))
    params = request.POST if request.method == "POST" else request.GET
    asked = int_or_none(params.get("college"))
    college = next((c for c in colleges if c.pk == asked), None if asked else colleges[0])
    if college is None:
        raise Http404
    year = int_or_none(params.get("year")) or timezone.localdate().year
    if not 2000 <= year <= 2100:
        year = timezone.localdate().year
    may_edit = user.is_superuser or accounts.admin_org_ids(user).filter(organization_id=college.pk).exists()
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied(_("Only the college's administrators edit its quality report."))
        texts = {key: request.POST.get(key, "") for key, _title in report.SECTIONS}
        perform(request, lambda: actions.save_report(user, college, year, texts), QualityReport, _("Saved."))
        return redirect(f"{reverse('quality_report')}?college={college.pk}&year={year}")
    stored = report.report_for(college, year)
    data = report.report_data(college, year)
    fmt = request.GET.get("format")
    if fmt in ("pdf", "docx"):
        payload = report.report_pdf(stored, data) if fmt == "pdf" else report.report_docx(stored, data)
        response = HttpResponse(payload, content_type=REPORT_TYPES[fmt])
        response["Content-Disposition"] = f'attachment; filename="quality-report-{college.code}-{year}.{fmt}"'
        return response
    return render(
        request,
        "partnership/quality_report.html",
        {
            **report.context(stored, data),
            "colleges": colleges,
            "college": college,
            "year": year,
            "years": range(timezone.localdate().year, timezone.localdate().year - 6, -1),
            "may_edit": may_edit,
        },
    )


REPORT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@login_required
@kept_page(COOPERATION, CURRICULA, EVALUATIONS, LEDGER, MATCHING)
def consortium_collaborations(request: HttpRequest, pk: int) -> HttpResponse:
    """The "four collaborations" over the consortium's member colleges; its officers set the indicators
    and targets."""
    user = current_user(request)
    consortium = get_object_or_404(
        Organization.objects.filter(kind=OrgKind.CONSORTIUM).filter(accounts.visible_org_q(user)), pk=pk
    )
    if not permissions.may_review_consortium(user, consortium):
        raise PermissionDenied(_("A consortium's indicators are for its officers and members' staff."))
    may_configure = collaborations.may_configure(user, consortium)
    if request.method == "POST":
        if not may_configure:
            raise PermissionDenied(_("Only the consortium's officers set its indicators."))
        rows = [
            (request.POST.get(f"dimension_{kpi.key}", ""), kpi.key, request.POST.get(f"target_{kpi.key}", ""))
            for kpi in kpis.KPIS
            if request.POST.get(f"dimension_{kpi.key}")
        ]
        perform(
            request,
            lambda: collaborations.configure(user, consortium, rows),
            CollaborationIndicator,
            _("Saved."),
        )
        return redirect("consortium_collaborations", consortium.pk)
    config = {
        key: (dim, target)
        for dim, pairs in collaborations.configuration(consortium).items()
        for key, target in pairs
    }
    return render(
        request,
        "partnership/collaborations.html",
        {
            "consortium": consortium,
            "dimensions": collaborations.collaborations(consortium),
            "colleges": len(collaborations.member_colleges(consortium)),
            "may_configure": may_configure,
            "choices": Collaboration.choices,
            "settings": [(kpi, *config.get(kpi.key, ("", None))) for kpi in kpis.KPIS],
        },
    )


@login_required
@kept_page(COOPERATION)
def incentive_list(request: HttpRequest) -> HttpResponse:
    """The enterprises whose incentives the reader may see. A reader with one (an enterprise's
    administrator) finds its page here, at the menu's address: one request, not a redirect and a
    second one (decision 122)."""
    user = current_user(request)
    enterprises = incentives.enterprises_for(user).order_by("code")
    text = request.GET.get("q", "").strip()[:100]
    if text:
        enterprises = enterprises.filter(Q(name__icontains=text) | Q(name_en__icontains=text))
    page = BoundedPaginator(enterprises, PAGE_SIZE).get_page(request.GET.get("page"))
    if page.paginator.count == 0 and not text:
        raise PermissionDenied(_("Incentives are for enterprises' administrators and government officers."))
    if page.paginator.count == 1 and not text:
        return _incentives_page(request, page.object_list[0], at_list=True)
    return render(request, "partnership/incentive_list.html", {"page": page, "q": text})


@login_required
@kept_page(COOPERATION)
def incentive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = get_object_or_404(incentives.enterprises_for(current_user(request)), pk=pk)
    return _incentives_page(request, enterprise, at_list=False)


def _incentives_page(request: HttpRequest, enterprise: Organization, at_list: bool) -> HttpResponse:
    """One enterprise's checklist and R&D spending for the asked year (``?year=``), or its evidence
    pack (``&format=zip``); the page's own links are relative, so they work at either address."""
    year = int_or_none(request.GET.get("year")) or incentives.default_year()
    if not 2000 <= year <= 2100:
        year = incentives.default_year()
    found = incentives.incentives(enterprise, year)
    if request.GET.get("format") == "zip":
        response = HttpResponse(incentives.evidence_pack(found), content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="evidence-{enterprise.code}-{year}.zip"'
        return response
    this_year = timezone.localdate().year
    return render(
        request,
        "partnership/incentive_detail.html",
        {
            "found": found,
            "enterprise": enterprise,
            "year": year,
            "years": range(this_year, this_year - 6, -1),
            "at_list": at_list,
        },
    )


@login_required
@kept_page(LEDGER, PEOPLE)
def teacher_practice(request: HttpRequest) -> HttpResponse:
    """Teachers submit their enterprise practice; the college's administrators approve it and decide
    the teachers' dual-qualified status."""
    user = current_user(request)
    taught = teachers.teaching_colleges(user)
    administered = teachers.administered_colleges(user)
    if not taught and not administered:
        raise PermissionDenied(_("Enterprise practice is for colleges' teachers and administrators."))
    if request.method == "POST":
        _teacher_step(request, user, taught, administered)
        return redirect("teacher_practice")
    college = next((c for c in administered if c.pk == int_or_none(request.GET.get("college"))), None)
    college = college or (administered[0] if administered else None)
    return render(
        request,
        "partnership/teacher_practice.html",
        {
            "taught": [(c, queries.partner_enterprises([c.pk])) for c in taught],
            "mine": TeacherPractice.objects.filter(teacher=user).select_related("enterprise", "college")[
                :100
            ],
            "administered": administered,
            "college": college,
            "pending": TeacherPractice.objects.filter(college=college, state=TeacherPractice.State.SUBMITTED)
            .select_related("teacher", "enterprise")
            .order_by("starts_on")
            if college
            else [],
            "rows": teachers.teacher_rows(college) if college else [],
            "shares": teachers.shares_by_program(college) if college else [],
            "programs": Program.objects.filter(college=college, is_active=True).order_by("major_code", "pk")
            if college
            else [],
            "yearly_days": teachers.YEARLY_DAYS,
            "today": timezone.localdate(),
        },
    )


def _teacher_step(
    request: HttpRequest, user: Any, taught: list[Organization], administered: list[Organization]
) -> None:
    post = request.POST
    step = post.get("step")
    if step == "submit":
        college = next((c for c in taught if c.pk == int_or_none(post.get("college"))), None)
        if college is None:
            raise PermissionDenied(_("Only the college's teachers submit enterprise practice."))
        enterprise = (
            queries.partner_enterprises([college.pk])
            .filter(pk=int_or_none(post.get("enterprise")) or 0)
            .first()
        )
        days = int_or_none(post.get("days"))
        perform(
            request,
            lambda: teachers.submit(
                user,
                college,
                enterprise,
                date_or_none(post.get("starts_on")),
                date_or_none(post.get("ends_on")),
                days,
                post.get("description", ""),
            ),
            TeacherPractice,
            _("Submitted for approval."),
        )
    elif step == "decide":
        practice = get_object_or_404(
            TeacherPractice.objects.restrict(user, "change"), pk=int_or_none(post.get("practice"))
        )
        approve = post.get("decision") == "approve"
        perform(
            request,
            lambda: teachers.decide(user, practice, approve, post.get("note", "")),
            TeacherPractice,
            _("Approved.") if approve else _("Rejected."),
        )
    elif step == "dual":
        membership = get_object_or_404(
            Membership.objects.filter(organization__in=administered, role=Role.TEACHER),
            pk=int_or_none(post.get("membership")) or 0,
        )
        perform(
            request,
            lambda: teachers.set_dual_qualified(
                user,
                membership,
                post.get("qualified") == "1",
                post.get("basis", ""),
                request.FILES.get("evidence"),
            ),
            DualQualification,
            _("Saved."),
        )
    elif step == "program":
        membership = get_object_or_404(
            Membership.objects.filter(organization__in=administered, role=Role.TEACHER),
            pk=int_or_none(post.get("membership")) or 0,
        )
        program = Program.objects.filter(pk=int_or_none(post.get("program")) or 0).first()
        perform(
            request,
            lambda: teachers.set_program(user, membership, program),
            Membership,
            _("Saved."),
        )
    else:
        raise PermissionDenied(_("Unknown step."))


@login_required
def qualification_file(request: HttpRequest, pk: int) -> FileResponse:
    decision = get_object_or_404(DualQualification.objects.restrict(current_user(request)), pk=pk)
    if not decision.evidence:
        raise Http404
    return uploaded_file_response(decision.evidence, decision.evidence_name, decision.evidence_extension)
