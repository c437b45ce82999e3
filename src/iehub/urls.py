from django.contrib import admin
from django.urls import include, path

from iehub.api import api
from iehub.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("healthz/", core_views.healthz),
    path("favicon.ico", core_views.favicon),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("accounts/", include("iehub.accounts.auth_urls")),
    path("", include("iehub.web.urls")),
    path("", include("iehub.accounts.urls")),
    path("", include("iehub.demand.urls")),
    path("", include("iehub.curriculum.urls")),
    path("", include("iehub.practice.urls")),
    path("", include("iehub.evaluation.urls")),
    path("", include("iehub.matching.urls")),
    path("", include("iehub.partnership.urls")),
    path("", include("iehub.surveys.urls")),
]

handler400 = "iehub.core.errors.bad_request"
handler403 = "iehub.core.errors.permission_denied"
handler404 = "iehub.core.errors.page_not_found"
handler500 = "iehub.core.errors.server_error"
