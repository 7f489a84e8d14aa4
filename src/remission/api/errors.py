"""One documented error shape for every API operation: ``{"detail": "<what is wrong>"}``.

Every operation declares ``ERRORS`` beside its success responses, so a client (and the schema
fuzzer, security-targets T27) finds each status the API can answer in the OpenAPI schema: 400 for
an unparseable body, 401 without a signed-in session, 403 for a refused role, a missing second
factor or CSRF token, 404 for a patient the caller may not see, 422 for invalid input.
"""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import ValidationError


class Problem(Schema):
    detail: str


ERRORS: dict[int, type[Problem]] = {
    400: Problem,
    401: Problem,
    403: Problem,
    404: Problem,
    422: Problem,
}


def validation_problem(api: NinjaAPI, request: HttpRequest, error: ValidationError) -> HttpResponse:
    """A 422 naming each invalid field and what is allowed (never echoing the value sent)."""
    issues = []
    for issue in error.errors:
        where = ".".join(str(part) for part in issue.get("loc", ()) if part != "payload")
        issues.append(f"{where}: {issue.get('msg', 'invalid')}")
    return api.create_response(request, {"detail": "; ".join(issues)}, status=422)
