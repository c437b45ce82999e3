"""Shell views: health check, dashboard, audit log. Thin: they call queries and render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from iehub import __version__
from iehub.core import auditing
from iehub.core.dashboard import panels_for


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability for load balancers; no authentication, no data."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception:  # pragma: no cover - exercised only when the database is down
        database = "unavailable"
    status = 200 if database == "ok" else 503
    return JsonResponse(
        {"status": "ok" if status == 200 else "error", "database": database, "version": __version__},
        status=status,
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "core/dashboard.html", {"panels": panels_for(request.user)})  # type: ignore[arg-type]


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    entries = auditing.entries_for(request.user)  # type: ignore[arg-type]
    if entries is None:
        raise PermissionDenied
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_log.html", {"page": page, "rows": auditing.describe(page.object_list)})
