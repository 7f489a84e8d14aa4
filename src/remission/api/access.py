"""Access policies for API operations, declared and enforced like ``remission.access.route``.

``@api_route(policy)`` sits under ``@api.get(...)``; it records the operation in ``DECLARED`` (the
route inventory compares it with the OpenAPI schema), refuses roles outside the policy with 403,
and audits refusals.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.http import HttpRequest
from ninja.errors import HttpError

from remission.access import Policy, Scope, patient_for
from remission.access.routes import needs_second_factor
from remission.access.scopes import PatientNotVisible
from remission.audit import trail
from remission.patients.models import Patient

F = TypeVar("F", bound=Callable[..., Any])

# operation id (as ninja names it: module and function, dots as underscores) -> policy
DECLARED: dict[str, Policy] = {}


def operation_id(function: Callable[..., Any]) -> str:
    return f"{function.__module__}_{function.__name__}".replace(".", "_")


def api_route(policy: Policy) -> Callable[[F], F]:
    def decorator(function: F) -> F:
        @wraps(function)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            user = request.user
            if needs_second_factor(user):
                raise HttpError(403, "Complete the second sign-in step first.")
            if not (
                policy.allows_role(getattr(user, "role", "")) and getattr(user, "clinic_id", None)
            ):
                trail.record_denied(
                    request, f"api.{function.__name__}.denied", detail={"path": request.path}
                )
                raise HttpError(403, "Your role does not give access to this operation.")
            return function(request, *args, **kwargs)

        DECLARED[operation_id(guarded)] = policy
        guarded.access_policy = policy  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorator


def patient_or_404(request: HttpRequest, patient_id: int, scope: Scope = Scope.CHART) -> Patient:
    """The patient if the caller may see ``scope`` of it; else 404 (audited), never a hint."""
    try:
        return patient_for(request.user, patient_id, scope)  # type: ignore[arg-type]
    except PatientNotVisible:
        trail.record_denied(
            request,
            "api.patient.denied",
            patient=Patient.objects.filter(pk=patient_id).first(),
            detail={"path": request.path},
        )
        raise HttpError(404, "Not found.") from None
