"""The JSON API: ``/api/v1/…`` with OpenAPI at ``/api/docs`` (schema at ``/api/openapi.json``)."""

from iehub import __version__
from iehub.accounts.api import router as accounts_router
from iehub.accounts.api_auth import SessionAuth, TokenAuth
from iehub.core.api_notifications import router as notifications_router
from iehub.core.api_support import IehubAPI, install_error_handlers
from iehub.curriculum.api import router as curriculum_router
from iehub.curriculum.api_alerts import router as alerts_router
from iehub.demand.api import needs_router, occupations_router
from iehub.demand.api import router as postings_router
from iehub.evaluation.api import router as evaluation_router
from iehub.matching.api import router as matching_router
from iehub.partnership.api import router as partnership_router
from iehub.practice.api import router as practice_router
from iehub.practice.api_placements import router as placement_router
from iehub.practice.api_projects import router as project_router
from iehub.practice.api_qa import router as qa_router
from iehub.surveys.api import router as surveys_router

api = IehubAPI(
    title="iehub API",
    version=__version__,
    description=(
        "Industry–education integration platform. Authenticate with a browser session or "
        "`Authorization: Bearer <token>` (create tokens in the user menu → API tokens). Errors always "
        'have the form `{"error": {"code", "message", "fields", "request_id"}}`; messages follow '
        "`Accept-Language`."
    ),
    auth=[TokenAuth(), SessionAuth()],
    docs_url="/docs",
    openapi_url="/openapi.json",
    urls_namespace="api",
)
install_error_handlers(api)
api.add_router("/v1/", accounts_router)
api.add_router("/v1/", alerts_router)
api.add_router("/v1/", postings_router)
api.add_router("/v1/demand/", needs_router)
api.add_router("/v1/demand/", occupations_router)
api.add_router("/v1/", curriculum_router)
api.add_router("/v1/", notifications_router)
api.add_router("/v1/", practice_router)
api.add_router("/v1/", project_router)
api.add_router("/v1/", placement_router)
api.add_router("/v1/", evaluation_router)
api.add_router("/v1/", matching_router)
api.add_router("/v1/", partnership_router)
api.add_router("/v1/", surveys_router)
api.add_router("/v1/", qa_router)
