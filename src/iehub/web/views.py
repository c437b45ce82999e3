"""Shell pages that gather several apps: the dashboard, the audit log, a skill's page (demand data with
the programs that teach the skill and the alerts about it). Thin: they call each app's queries."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from iehub.accounts import audit_log
from iehub.core import notifications
from iehub.core.kept_pages import kept_page
from iehub.core.scopes import ALERTS, AUDIT, COOPERATION, CURRICULA, PEOPLE, POSTINGS, SERIES
from iehub.core.views_helpers import BoundedPaginator, current_user, int_or_none
from iehub.curriculum import alerts
from iehub.curriculum.queries import programs_teaching
from iehub.demand import queries
from iehub.demand.charts import share_chart
from iehub.taxonomy.models import Skill
from iehub.taxonomy.queries import search_skills
from iehub.web.dashboard import PANEL_SCOPES, panels_for
from iehub.web.shell import waiting_for_request


@login_required
@kept_page(*PANEL_SCOPES)
def dashboard(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    context = {"panels": panels_for(user), "waiting": waiting_for_request(request)}
    return render(request, "core/dashboard.html", context)


@login_required
@kept_page(AUDIT, PEOPLE)
def audit_log_page(request: HttpRequest) -> HttpResponse:
    entries = audit_log.entries_for(current_user(request))
    if entries is None:
        raise PermissionDenied
    page = BoundedPaginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request, "core/audit_log.html", {"page": page, "rows": audit_log.describe(page.object_list)}
    )


@login_required
@kept_page(ALERTS, COOPERATION, CURRICULA, PEOPLE, POSTINGS, SERIES)
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


@login_required
def skill_search(request: HttpRequest) -> JsonResponse:
    """The skills a picker lists as the user types (``?q=``), in the picker's option shape.

    Skill pickers over the whole taxonomy ask here instead of carrying every skill in the page.
    """
    user = current_user(request)
    limit = int_or_none(request.GET.get("limit")) or 20
    found = search_skills(Skill.objects.restrict(user), request.GET.get("q", ""), limit)
    return JsonResponse({"results": [skill_option(skill) for skill in found]})


def skill_option(skill: Skill) -> dict[str, str]:
    """One skill as a picker option: its name in the page's language, both names to search in."""
    return {"value": str(skill.pk), "text": skill.display_name, "alt": f"{skill.label_en} {skill.label_zh}"}


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """The bell's page: the person's own notifications, newest first, unread ones marked."""
    user = current_user(request)
    page = BoundedPaginator(notifications.notifications_of(user), 50).get_page(request.GET.get("page"))
    return render(request, "core/notifications.html", {"page": page, "rows": page.object_list})


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one read and go where it is handled (a path of this site; anything else stays here)."""
    user = current_user(request)
    notification = get_object_or_404(notifications.notifications_of(user), pk=pk)
    notifications.mark_read(notification)
    local = url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None)
    return redirect(notification.url if notification.url and local else "notifications")


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    notifications.mark_all_read(current_user(request))
    return redirect("notifications")
