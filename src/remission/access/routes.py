"""The ``route`` decorator: declares and enforces a view's access policy."""

from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse

from remission.access.policies import Policy, Scope
from remission.access.scopes import (
    LinkNotUsable,
    PatientNotVisible,
    family_link_for,
    own_patient_record,
    patient_for,
)
from remission.accounts.models import PORTAL_ROLES, STAFF_ROLES
from remission.audit import trail
from remission.patients.models import Patient

View = Callable[..., HttpResponseBase]
SAFE_METHODS = frozenset({"GET", "HEAD"})


def route(
    policy: Policy,
    *,
    methods: Sequence[str] = ("GET",),
    audit_reads: bool = True,
    passive: bool = False,
) -> Callable[[View], View]:
    """Guard a view with ``policy`` and accept only ``methods``.

    For patient-scoped policies the URL must carry ``patient_id``; the view receives ``patient``
    instead. ``Scope.SELF`` hands the view the signed-in patient's own record as ``patient`` (the
    URL carries no id); ``Scope.FAMILY`` turns the URL's ``link_id`` into the family member's active
    support link (``link``, and its ``patient``) after checking the policy's grant, on every
    request. Reads of a patient's data are audited as ``<app>.<view>.viewed``; writes are audited
    by the service functions that make them. A ``passive`` view (a background poll) does not
    count as activity for the idle timeout.
    """
    allowed = frozenset(m.upper() for m in methods) | ({"HEAD"} if "GET" in methods else set())

    def decorator(view: View) -> View:
        @wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if request.method not in allowed:
                return HttpResponseNotAllowed(sorted(allowed))
            user = request.user
            if policy.login_required and not user.is_authenticated:
                return _to_login(request)
            if policy.login_required and policy.second_factor and needs_second_factor(user):
                return _to_second_factor(request)
            if policy.roles and not (
                policy.allows_role(getattr(user, "role", "")) and getattr(user, "clinic_id", None)
            ):
                trail.record_denied(request, _action(request, "denied"), detail=_where(request))
                return _denied(request, 403)
            if policy.scope is Scope.SELF:
                try:
                    kwargs["patient"] = own_patient_record(user)  # type: ignore[arg-type]
                except PatientNotVisible:
                    trail.record_denied(request, _action(request, "denied"), detail=_where(request))
                    return _denied(request, 403)
                if audit_reads and request.method in SAFE_METHODS:
                    trail.record(request, _action(request, "viewed"), patient=kwargs["patient"])
            elif policy.scope is Scope.FAMILY:
                link_id = kwargs.pop("link_id")
                try:
                    link = family_link_for(user, link_id, policy.grant)  # type: ignore[arg-type]
                except LinkNotUsable:
                    trail.record_denied(
                        request,
                        _action(request, "denied"),
                        detail={**_where(request), "link": link_id, "grant": policy.grant},
                    )
                    return _denied(request, 403)
                kwargs["link"] = link
                if audit_reads and request.method in SAFE_METHODS:
                    trail.record(
                        request,
                        _action(request, "viewed"),
                        patient=link.patient,
                        obj=link,
                        detail={"via": "support-link", "grant": policy.grant},
                    )
            elif policy.scope is not Scope.NONE:
                patient_id = kwargs.pop("patient_id")
                try:
                    kwargs["patient"] = patient_for(
                        user,  # type: ignore[arg-type]
                        patient_id,
                        policy.scope,
                        write=request.method not in SAFE_METHODS,
                    )
                except PatientNotVisible as missing:
                    trail.record_denied(
                        request,
                        _action(request, "denied"),
                        patient=Patient.objects.filter(pk=patient_id).first(),
                        detail=_where(request),
                    )
                    return _denied(
                        request,
                        403 if missing.same_clinic else 404,
                        emergency_patient_id=patient_id
                        if _may_break_glass(user, policy, missing)
                        else None,
                    )
                if audit_reads and request.method in SAFE_METHODS:
                    emergency = getattr(kwargs["patient"], "via_emergency", False)
                    trail.record(
                        request,
                        _action(request, "viewed"),
                        patient=kwargs["patient"],
                        detail={"emergency": True} if emergency else None,
                    )
            return view(request, *args, **kwargs)

        guarded.access_policy = policy  # type: ignore[attr-defined]
        guarded.allowed_methods = allowed  # type: ignore[attr-defined]
        guarded.passive = passive  # type: ignore[attr-defined]
        return guarded

    return decorator


def object_or_404[M: Model](request: HttpRequest, queryset: QuerySet[M], **lookup: Any) -> M:
    """The object of an already scoped queryset matching ``lookup``; a miss is audited as denied.

    For objects inside a resolved scope (a patient's homework, a link, a group): an id that does
    not belong to the user answers 404, and the attempt is in the audit log (security-targets T16).
    """
    found = queryset.filter(**lookup).first()
    if found is None:
        trail.record_denied(
            request,
            _action(request, "denied"),
            detail={**_where(request), "object": queryset.model._meta.label_lower},
        )
        raise Http404
    return found


def _action(request: HttpRequest, verb: str) -> str:
    match = request.resolver_match
    name = match.view_name.replace(":", ".") if match else "unknown"
    return f"{name}.{verb}"


def _where(request: HttpRequest) -> dict[str, str]:
    return {"method": request.method or "", "path": request.path}


def needs_second_factor(user: Any) -> bool:
    """Staff who have not passed the second factor in this session (django-otp)."""
    return (
        settings.REQUIRE_STAFF_MFA
        and getattr(user, "role", "") in STAFF_ROLES
        and not user.is_verified()
    )


def _to_second_factor(request: HttpRequest) -> HttpResponse:
    target = f"{reverse('accounts:second_factor')}?{urlencode({'next': request.get_full_path()})}"
    if getattr(request, "htmx", False):
        response = HttpResponse(status=401)
        response["HX-Redirect"] = target
        return response
    return redirect(target)


def _to_login(request: HttpRequest) -> HttpResponse:
    response = redirect_to_login(request.get_full_path())
    if getattr(request, "htmx", False):
        # A partial page must not swap the login form into itself: send the browser there.
        redirect = HttpResponse(status=401)
        redirect["HX-Redirect"] = response["Location"]
        return redirect
    return response


def _denied(
    request: HttpRequest, status: int, emergency_patient_id: int | None = None
) -> HttpResponse:
    template = "web/not_found.html" if status == 404 else "web/denied.html"
    if getattr(request.user, "role", "") in PORTAL_ROLES:
        template = "companion/denied.html"
    context = {
        "emergency_patient_id": emergency_patient_id,
        "emergency_minutes": settings.EMERGENCY_ACCESS_MINUTES,
    }
    return render(request, template, context, status=status)


def _may_break_glass(user: Any, policy: Policy, missing: PatientNotVisible) -> bool:
    """Offer emergency access to a clinician of the patient's clinic reading a chart."""
    return bool(
        missing.same_clinic and policy.scope is Scope.CHART and getattr(user, "is_clinician", False)
    )
