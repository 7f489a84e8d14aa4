from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from remission.access import ANYONE, AUTHENTICATED, Scope, patients_visible_to, route
from remission.accounts.models import User
from remission.patients.models import Patient, Status
from remission.planning.worklist import reviews_due
from remission.web.http import AuthenticatedRequest


@route(AUTHENTICATED)
def home(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if user.is_patient:
        return redirect("companion:home")
    if user.is_family:
        return redirect("companion:family_home")
    context: dict[str, object] = {"section": "home"}
    if user.is_clinician:
        context["my_patients"] = patients_visible_to(user, Scope.CHART).order_by("name_key")[:12]
        context["my_patient_count"] = patients_visible_to(user, Scope.CHART).count()
        context["due"] = reviews_due(user)
    elif user.clinic_id:
        in_clinic = Patient.objects.filter(clinic_id=user.clinic_id)
        context["clinic_counts"] = {
            "active": in_clinic.filter(status=Status.ACTIVE).count(),
            "discharged": in_clinic.filter(status=Status.DISCHARGED).count(),
            "staff": User.objects.filter(clinic_id=user.clinic_id, is_active=True).count(),
        }
    return render(request, "web/home.html", context)


@route(ANYONE)
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers: the app answers and its database accepts a query."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def server_error(request: HttpRequest) -> HttpResponse:
    """The generic error page: a reference to find the logged error, nothing about its cause
    (ASVS 16.5.1). Rendered without context processors, which might themselves be failing."""
    from django.template import loader

    body = loader.get_template("500.html").render(
        {"request_id": getattr(request, "request_id", "")}
    )
    return HttpResponse(body, status=500)
