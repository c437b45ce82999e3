"""Shell pages that gather several apps: the dashboard, the audit log, a skill's page (demand data with
the programs that teach the skill and the alerts about it). Thin: they call each app's queries."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from iehub.accounts import audit_log
from iehub.core.views_helpers import current_user
from iehub.curriculum import alerts
from iehub.curriculum.queries import programs_teaching
from iehub.demand import queries
from iehub.demand.charts import share_chart
from iehub.taxonomy.models import Skill
from iehub.web.dashboard import panels_for
from iehub.web.todo import waiting_for


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    context = {"panels": panels_for(user), "waiting": waiting_for(user)}
    return render(request, "core/dashboard.html", context)


@login_required
def audit_log_page(request: HttpRequest) -> HttpResponse:
    entries = audit_log.entries_for(current_user(request))
    if entries is None:
        raise PermissionDenied
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request, "core/audit_log.html", {"page": page, "rows": audit_log.describe(page.object_list)}
    )


@login_required
def skill_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    skill = get_object_or_404(Skill.objects.restrict(user), pk=pk)
    points = queries.series(skill)
    return render(
        request,
        "demand/skill_detail.html",
        {
            "skill": skill,
            "points": points,
            "chart": share_chart(points),
            "provinces": queries.top_provinces(skill, points[-1]["period"]) if points else [],
            "postings": queries.recent_postings(skill),
            "programs": programs_teaching(user, skill),
            "alerts": alerts.assignments_for(user).filter(alert__skill=skill),
            "needs": queries.visible_needs(user).filter(skill=skill, withdrawn_at__isnull=True)[:20],
        },
    )
