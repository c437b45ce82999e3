"""Matching pages: opportunities, the student's matches and profile, applications, allocation rounds and
regional supply vs demand. Thin: actions write, queries read, the engines compute."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iehub.accounts import permissions as accounts
from iehub.accounts.models import Organization, Ownership, User
from iehub.core import reference
from iehub.core.kept_pages import kept_page
from iehub.core.scopes import (
    ALERTS,
    APPLICATIONS,
    COOPERATION,
    EVALUATIONS,
    MATCH_SCORES,
    MATCHING,
    PEOPLE,
    POSTINGS,
    PROJECTS,
)
from iehub.core.views_helpers import (
    current_user,
    date_or_none,
    flash_errors,
    int_or_none,
    perform,
    table_download,
)
from iehub.curriculum.queries import programs_for
from iehub.demand.occupations import title_normaliser
from iehub.engines.extraction.lexicon import posting_mentions
from iehub.matching import actions, permissions, queries
from iehub.matching.models import (
    IMPORTANCE_CHOICES,
    LEVEL_CHOICES,
    AllocationRound,
    Application,
    Complaint,
    Opportunity,
    RoundAssignment,
    RoundPosition,
)
from iehub.matching.tasks import recompute_match_scores
from iehub.taxonomy.models import Occupation, Skill
from iehub.taxonomy.queries import build_lexicon

SKILL_ROWS = 8


def _decimal(value: str | None) -> Decimal | None:
    try:
        return Decimal(value) if value else None
    except InvalidOperation:
        return None


@login_required
@kept_page(APPLICATIONS, MATCH_SCORES, MATCHING, PEOPLE)
def matching_home(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    student = accounts.is_student(user)
    return render(
        request,
        "matching/home.html",
        {
            "student": student,
            "recommendations": queries.recommendations(user) if student else [],
            "profile": actions.profile_of(user) if student else None,
            "applications": Application.objects.restrict(user)
            .select_related("opportunity__organization", "student")
            .order_by("-updated_at")[:100],
            "rounds": queries.rounds_for(user)[:50],
            # Booleans, not the querysets: the template only asks whether there are any, and a
            # platform administrator's would load every active enterprise to answer.
            "posting_orgs": permissions.posting_orgs(user).exists(),
            "own": Opportunity.objects.restrict(user)
            .filter(organization_id__in=accounts.staff_org_ids(user))
            .select_related("organization")[:100],
            "round_colleges": permissions.round_colleges(user).exists(),
            "supply_demand": permissions.may_see_supply_demand(user),
        },
    )


@login_required
@kept_page(MATCHING, POSTINGS)
def opportunity_list(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    kind = request.GET.get("kind", "")
    region = request.GET.get("region", "")
    text = request.GET.get("q", "")[:100]
    rows = queries.opportunities_for(user, kind if kind in Opportunity.Kind.values else "", region, text)
    return render(
        request,
        "matching/opportunities.html",
        {
            "opportunities": rows[:200],
            "kinds": Opportunity.Kind.choices,
            "kind": kind,
            "region": region,
            "q": text,
            "regions": reference.region_choices(),
            # Booleans, not the querysets: the template only asks whether there are any, and a
            # platform administrator's would load every active enterprise to answer.
            "posting_orgs": permissions.posting_orgs(user).exists(),
        },
    )


def _skills_from_post(request: HttpRequest) -> list[actions.RequiredSkill]:
    ids = request.POST.getlist("skill")
    levels = request.POST.getlist("level")
    importances = request.POST.getlist("importance")
    chosen = Skill.objects.in_bulk([pk for pk in (int_or_none(v) for v in ids) if pk])
    lines = []
    for raw, level, importance in zip(ids, levels, importances, strict=False):
        skill = chosen.get(int_or_none(raw) or 0)
        if skill is not None:
            lines.append(actions.RequiredSkill(skill, int_or_none(level) or 0, int_or_none(importance) or 0))
    return lines


def _opportunity_data(request: HttpRequest) -> dict[str, Any]:
    post = request.POST
    return {
        "kind": post.get("kind", ""),
        "title": post.get("title", "").strip(),
        "title_en": post.get("title_en", "").strip(),
        "description": post.get("description", "").strip(),
        "region_code": post.get("region_code", ""),
        "places": int_or_none(post.get("places")) or 0,
        "starts_on": date_or_none(post.get("starts_on")),
        "ends_on": date_or_none(post.get("ends_on")),
        "apply_by": date_or_none(post.get("apply_by")),
        "stipend_monthly": _decimal(post.get("stipend_monthly")),
        "probation_wage": _decimal(post.get("probation_wage")),
        "daily_hours": _decimal(post.get("daily_hours")) or Decimal("8"),
        "weekly_hours": _decimal(post.get("weekly_hours")) or Decimal("40"),
        "night_shifts": post.get("night_shifts") == "on",
    }


def _suggest(data: dict[str, Any]) -> tuple[list[actions.RequiredSkill], Any]:
    """Skills linked from the title and description with the postings' extractor, and the occupation
    the title normaliser finds: the same reading the demand data gets."""
    mentions = posting_mentions(build_lexicon(), data["title"] or data["title_en"], data["description"])
    by_uri = {s.uri: s for s in Skill.objects.filter(uri__in=[m.uri for m in mentions])}
    lines = [actions.RequiredSkill(by_uri[m.uri], 2, 2) for m in mentions if m.uri in by_uri][:SKILL_ROWS]
    normaliser, ids = title_normaliser()
    match = normaliser.normalise(data["title"] or data["title_en"])
    occupation = ids.get(match.uri) if match else None
    return lines, occupation


@login_required
def opportunity_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = current_user(request)
    orgs = list(permissions.posting_orgs(user))
    if not orgs:
        raise PermissionDenied(_("Only an organisation's administrators post opportunities."))
    opportunity = None
    if pk is not None:
        opportunity = get_object_or_404(Opportunity.objects.restrict(user, "change"), pk=pk)
    data: dict[str, Any] = {}
    lines: list[actions.RequiredSkill] = []
    if opportunity is not None:
        data = {f: getattr(opportunity, f) for f in actions.OPPORTUNITY_FIELDS}
        data["occupation_id"] = opportunity.occupation_id
        lines = [
            actions.RequiredSkill(s.skill, s.level, s.importance)
            for s in opportunity.skills.select_related("skill")
        ]
    if request.method == "POST":
        data = _opportunity_data(request)
        lines = _skills_from_post(request)
        organization = next((o for o in orgs if o.pk == int_or_none(request.POST.get("organization"))), None)
        if request.POST.get("suggest"):
            suggested, occupation = _suggest(data)
            known = {line.skill.pk for line in lines}
            lines += [line for line in suggested if line.skill.pk not in known]
            data["occupation_id"] = occupation
            messages.info(
                request,
                _("%(n)d skills suggested from the text: check them before saving.") % {"n": len(suggested)},
            )
        elif organization is None:
            messages.error(request, _("Choose the organisation."))
        else:
            data["occupation_id"] = int_or_none(request.POST.get("occupation"))
            try:
                saved = actions.save_opportunity(user, organization, data, lines, opportunity)
            except ValidationError as exc:
                flash_errors(request, exc, Opportunity)
            else:
                messages.success(request, _("Opportunity saved."))
                return redirect("opportunity_detail", saved.pk)
    rows = lines + [actions.RequiredSkill(None, 2, 2)] * max(0, SKILL_ROWS - len(lines))  # type: ignore[arg-type]
    return render(
        request,
        "matching/opportunity_form.html",
        {
            "opportunity": opportunity,
            "orgs": orgs,
            "data": data,
            "rows": rows,
            "kinds": Opportunity.Kind.choices,
            "levels": LEVEL_CHOICES,
            "importances": IMPORTANCE_CHOICES,
            "regions": reference.region_choices(),
            "occupation": Occupation.objects.filter(pk=data.get("occupation_id") or 0).first(),
        },
    )


@login_required
@kept_page(ALERTS, APPLICATIONS, COOPERATION, EVALUATIONS, MATCHING, PEOPLE, POSTINGS, PROJECTS)
def opportunity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    opportunity = get_object_or_404(queries.opportunities_for(user), pk=pk)
    student = accounts.is_student(user)
    staff = (
        user.is_superuser
        or Organization.objects.filter(
            pk=opportunity.organization_id, pk__in=accounts.staff_org_ids(user)
        ).exists()
    )
    found, hidden = queries.candidates(user, opportunity) if staff else ([], 0)
    return render(
        request,
        "matching/opportunity_detail.html",
        {
            "o": opportunity,
            "required": opportunity.skills.select_related("skill").order_by("pk"),
            "explained": queries.explain(user, opportunity) if student else None,
            "application": Application.objects.filter(student=user, opportunity=opportunity).first()
            if student
            else None,
            "student": student,
            "may_change": Opportunity.objects.restrict(user, "change").filter(pk=pk).exists(),
            "may_vet": permissions.may_vet(user, opportunity.organization),
            "vetted": hasattr(opportunity.organization, "vetting"),
            "candidates": found,
            "hidden_applicants": hidden,
            "staff": staff,
            "complaints": Complaint.objects.restrict(user).filter(opportunity=opportunity),
        },
    )


@login_required
@require_POST
def opportunity_status(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    opportunity = get_object_or_404(Opportunity.objects.restrict(user, "change"), pk=pk)
    step = actions.publish_opportunity if request.POST.get("to") == "published" else actions.close_opportunity
    if perform(request, lambda: step(user, opportunity), Opportunity, _("Status changed.")):
        recompute_match_scores.enqueue(None)
    return redirect("opportunity_detail", pk)


@login_required
@require_POST
def organisation_vet(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    opportunity = get_object_or_404(queries.opportunities_for(user), pk=pk)
    perform(
        request,
        lambda: actions.vet_organization(user, opportunity.organization, request.POST.get("note", "")),
        None,
        _("The organisation is vetted: its published opportunities are open to students."),
    )
    return redirect("opportunity_detail", pk)


@login_required
@require_POST
def complaint_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    opportunity = get_object_or_404(queries.opportunities_for(user), pk=pk)
    perform(
        request,
        lambda: actions.raise_complaint(user, opportunity, request.POST.get("reason", "")),
        Complaint,
        _("Thank you: the opportunity is under review."),
    )
    # a student no longer sees an opportunity under review: back to the list for them
    still_visible = queries.opportunities_for(user).filter(pk=pk).exists()
    return redirect("opportunity_detail", pk) if still_visible else redirect("opportunities")


@login_required
@require_POST
def complaint_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    complaint = get_object_or_404(Complaint.objects.restrict(user), pk=pk)
    perform(
        request,
        lambda: actions.resolve_complaint(user, complaint, request.POST.get("resolution", "")),
        Complaint,
        _("Complaint resolved."),
    )
    return redirect("opportunity_detail", complaint.opportunity_id)


@login_required
@require_POST
def application_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    opportunity = get_object_or_404(queries.opportunities_for(user), pk=pk)
    try:
        application = actions.apply(
            user, opportunity, request.POST.get("note", ""), request.POST.get("consent") == "on"
        )
    except ValidationError as exc:
        flash_errors(request, exc, Application)
        return redirect("opportunity_detail", pk)
    messages.success(request, _("Application sent."))
    return redirect("application_detail", application.pk)


@login_required
@kept_page(ALERTS, APPLICATIONS, COOPERATION, EVALUATIONS, MATCHING, PEOPLE, POSTINGS, PROJECTS)
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    application = get_object_or_404(
        Application.objects.restrict(user).select_related("opportunity__organization", "student"), pk=pk
    )
    if request.method == "POST":
        perform(
            request,
            lambda: actions.move_application(
                user, application, request.POST.get("status", ""), request.POST.get("message", "")
            ),
            Application,
            _("Saved."),
        )
        return redirect("application_detail", pk)
    is_student = application.student_id == user.pk
    current = Application.Status(application.status)
    if current in actions.FINAL:
        moves: set[str] = set()
    elif is_student:
        moves = actions.STUDENT_MOVES.get(current, set()) | {Application.Status.WITHDRAWN}
    else:
        moves = set(actions.EMPLOYER_MOVES.get(current, set()))
    may_act = is_student or Application.objects.restrict(user, "change").filter(pk=pk).exists()
    return render(
        request,
        "matching/application.html",
        {
            "a": application,
            "events": application.events.select_related("author"),
            "moves": [(s, Application.Status(s).label) for s in Application.Status.values if s in moves],
            "may_act": may_act,
            "explained": queries.explain(application.student, application.opportunity) if may_act else None,
        },
    )


@login_required
@kept_page(APPLICATIONS)
def profile(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if not accounts.is_student(user):
        raise PermissionDenied(_("The matching profile is for students."))
    if request.method == "POST":
        post = request.POST
        data = {
            "regions": post.getlist("regions"),
            "industries": post.getlist("industries"),
            "enterprise_types": post.getlist("enterprise_types"),
            "available_from": date_or_none(post.get("available_from")),
            "available_until": date_or_none(post.get("available_until")),
            "share_with_enterprises": post.get("share_with_enterprises") == "on",
        }
        if perform(request, lambda: actions.save_profile(user, data), None, _("Matching profile saved.")):
            queries.recompute_scores([user.pk])
        return redirect("matching_profile")
    return render(
        request,
        "matching/profile.html",
        {
            "profile": actions.profile_of(user),
            "regions": reference.region_choices(),
            "industries": reference.industry_choices(),
            "types": Ownership.choices,
        },
    )


@login_required
@kept_page(MATCHING)
def round_list(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    # Each college's programs are listed in the new-round form: read once, not once per college.
    colleges = list(permissions.round_colleges(user).prefetch_related("programs"))
    if request.method == "POST":
        college = next((c for c in colleges if c.pk == int_or_none(request.POST.get("college"))), None)
        if college is None:
            raise PermissionDenied(
                _("Only the college's administrators and program leads run allocation rounds.")
            )
        program = college.programs.filter(pk=int_or_none(request.POST.get("program")) or 0).first()
        data = {
            "name": request.POST.get("name", ""),
            "program": program,
            "cohort": int_or_none(request.POST.get("cohort")),
            "max_choices": int_or_none(request.POST.get("max_choices")),
        }
        try:
            allocation = actions.create_round(user, college, data)
        except ValidationError as exc:
            flash_errors(request, exc, AllocationRound)
            return redirect("rounds")
        return redirect("round_detail", allocation.pk)
    return render(
        request, "matching/rounds.html", {"rounds": queries.rounds_for(user)[:200], "colleges": colleges}
    )


@login_required
@kept_page(ALERTS, APPLICATIONS, COOPERATION, EVALUATIONS, MATCHING, PEOPLE, PROJECTS)
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    allocation = get_object_or_404(queries.rounds_for(user), pk=pk)
    runner = queries.may_run(user, allocation)
    positions = list(allocation.positions.select_related("opportunity__organization").order_by("pk"))
    my_choices = list(
        allocation.positions.filter(choices__student=user)
        .order_by("choices__rank")
        .values_list("pk", flat=True)
    )
    assignments = (
        queries.current_assignments(allocation)
        if runner or allocation.status == AllocationRound.Status.PUBLISHED
        else {}
    )
    mine = assignments.get(user.pk) if allocation.status == AllocationRound.Status.PUBLISHED else None
    students = {u.pk: u for u in User.objects.filter(pk__in=list(assignments))} if runner else {}
    administered = set(accounts.admin_org_ids(user).values_list("organization_id", flat=True))
    own_positions = [p for p in positions if p.opportunity.organization_id in administered]
    settled = allocation.status in (AllocationRound.Status.SOLVED, AllocationRound.Status.PUBLISHED)
    ranking = allocation.status == AllocationRound.Status.CLOSED and bool(own_positions)
    # the round's scores are computed once for the page (they read every participant's portfolio)
    scores = queries.round_scores(allocation) if (runner and settled) or ranking else {}
    return render(
        request,
        "matching/round_detail.html",
        {
            "r": allocation,
            "runner": runner,
            "positions": positions,
            "open_opportunities": queries.open_opportunities()
            .exclude(round_positions__round=allocation)
            .exclude(kind=Opportunity.Kind.PROGRAMME)
            .select_related("organization")[:300]
            if runner
            else [],
            "eligible": User.objects.filter(
                pk=user.pk, pk__in=queries.round_student_ids(allocation)
            ).exists(),
            "my_choices": my_choices,
            "choice_slots": range(1, allocation.max_choices + 1),
            "assignments": [(students.get(sid), a) for sid, a in sorted(assignments.items())]
            if runner
            else [],
            "mine": mine,
            "silent": queries.silent_students(allocation) if runner else [],
            "overridden": runner
            and any(a.source == RoundAssignment.Source.OVERRIDE for a in assignments.values()),
            "blocking_now": actions.blocking_after_overrides(allocation, scores, assignments)
            if runner and settled
            else None,
            "problems": actions.rule_problems(allocation, current=assignments)
            if runner and allocation.status == AllocationRound.Status.SOLVED
            else {},
            "own_positions": [(p, queries.round_applicants(p, scores)) for p in own_positions]
            if ranking
            else [],
        },
    )


@login_required
@require_POST
def round_action(request: HttpRequest, pk: int) -> HttpResponse:
    """One form post per step of a round: add a position, open, close, allocate, override, publish."""
    user = current_user(request)
    allocation = get_object_or_404(queries.rounds_for(user), pk=pk)
    step = request.POST.get("step", "")
    post = request.POST
    try:
        if step == "position":
            opportunity = get_object_or_404(
                queries.open_opportunities(), pk=int_or_none(post.get("opportunity")) or 0
            )
            actions.add_position(user, allocation, opportunity, int_or_none(post.get("capacity")) or 0)
        elif step in ("open", "closed"):
            actions.set_round_status(user, allocation, step)
        elif step == "choices":
            ranked = [int_or_none(v) for v in post.getlist("choice")]
            actions.set_choices(user, allocation, [v for v in ranked if v])
        elif step == "rank":
            position = get_object_or_404(
                RoundPosition, pk=int_or_none(post.get("position")) or 0, round=allocation
            )
            order = sorted(
                (int_or_none(post.get(f"rank-{sid}")) or 10**6, sid)
                for sid in (int_or_none(v) for v in post.getlist("student"))
                if sid
            )
            actions.rank_applicants(user, position, [sid for rank, sid in order if rank < 10**6])
        elif step == "solve":
            blocking = actions.solve_round(user, allocation, queries.round_scores(allocation))
            if blocking:
                messages.error(
                    request, _("The allocation has blocking pairs: report this to the platform team.")
                )
        elif step == "override":
            student = get_object_or_404(User, pk=int_or_none(post.get("student")) or 0)
            target = allocation.positions.filter(pk=int_or_none(post.get("position")) or 0).first()
            actions.override(user, allocation, student, target, post.get("reason", ""))
        elif step == "publish":
            actions.publish_round(user, allocation)
        else:
            raise Http404
    except ValidationError as exc:
        flash_errors(request, exc, AllocationRound)
    else:
        messages.success(request, _("Saved."))
    return redirect("round_detail", pk)


@login_required
def round_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The round's results (CSV or XLSX) for those who run it."""
    user = current_user(request)
    allocation = get_object_or_404(queries.rounds_for(user), pk=pk)
    if fmt not in ("csv", "xlsx") or not queries.may_run(user, allocation):
        raise Http404
    header, rows = queries.round_results(allocation)
    return table_download(header, rows, f"round-{allocation.pk}-results", fmt)


@login_required
@kept_page(COOPERATION, EVALUATIONS, MATCHING, PEOPLE, POSTINGS, PROJECTS)
def supply_demand(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    if not permissions.may_see_supply_demand(user):
        raise PermissionDenied(_("Regional supply and demand is for officers and college administrators."))
    region = request.GET.get("region", "")
    programs = programs_for(user).select_related("college").order_by("college__code", "major_code")[:500]
    program = int_or_none(request.GET.get("program"))
    return render(
        request,
        "matching/supply_demand.html",
        {
            "gaps": queries.supply_and_demand(user, region if region in reference.REGIONS else "", program),
            "region": region,
            "regions": reference.region_choices(),
            "programs": programs,
            "program": program,
        },
    )
