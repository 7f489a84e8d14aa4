"""The JSON API (django-ninja); its OpenAPI schema is at /api/openapi.json, the docs at /api/docs.

Authentication is the signed-in session (with the CSRF token for writes), so the same access
policies and audit apply as in the pages.
"""

from functools import partial

from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.security import django_auth

from remission.access import STAFF, route
from remission.api.errors import validation_problem
from remission.insights.api import router as fhir_router
from remission.measures.api import router as measures_router

api = NinjaAPI(
    title="Remission API",
    version="1",
    description="Measurement data of the patients you care for. Every call is access-checked "
    "and audited like the pages.",
    auth=django_auth,
    urls_namespace="api",
    docs_url="/docs",
    docs_decorator=route(STAFF),
)
api.add_router("/", measures_router)
api.add_exception_handler(ValidationError, partial(validation_problem, api))
api.add_router("/", fhir_router)
