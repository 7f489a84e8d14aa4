from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from remission.access import (
    CLINICIAN,
    PATIENT_CHART,
    PATIENT_LIST,
    PATIENT_REGISTRY,
    Scope,
    patients_visible_to,
    route,
)
from remission.concurrency import EditConflict
from remission.patients import services
from remission.patients.chart import panels_for
from remission.patients.forms import CareTeamAddForm, PatientForm, PatientSearchForm
from remission.patients.models import CareTeamMember, Patient
from remission.patients.search import search_patients
from remission.web.http import AuthenticatedRequest


@route(PATIENT_LIST)
def patient_list(request: AuthenticatedRequest) -> HttpResponse:
    form = PatientSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    patients = search_patients(patients_visible_to(request.user, Scope.REGISTRY), query)
    page = Paginator(patients.order_by("name_key", "id"), settings.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    template = "patients/list_rows.html" if request.htmx else "patients/list.html"
    return render(
        request,
        template,
        {"form": form, "query": query, "page": page, "section": "patients"},
    )


@route(PATIENT_LIST, methods=["GET", "POST"])
def patient_create(request: AuthenticatedRequest) -> HttpResponse:
    form = PatientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            patient = services.register_patient(
                request,
                form.save(commit=False),
                join_care_team=request.user.is_clinician,
            )
        except services.DuplicateRecordNumber:
            form.add_error("mrn", _("Another patient of this clinic has this record number."))
        else:
            messages.success(request, _("%(name)s was registered.") % {"name": patient.full_name})
            return redirect(_home_page_of(request, patient))
    return render(
        request,
        "patients/form.html",
        {"form": form, "section": "patients", "title": _("Register a patient")},
    )


@route(PATIENT_REGISTRY, methods=["GET", "POST"])
def patient_edit(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    form = PatientForm(request.POST or None, instance=patient)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_patient(
                request,
                form.save(commit=False),
                form.cleaned_data["version"] or 0,
                services.changed_fields(form),
            )
        except EditConflict:
            form.add_error(
                None,
                _(
                    "Someone else changed this patient's details after you opened this form. "
                    "Your entries are kept below; reload the page to see their changes, then "
                    "apply yours again."
                ),
            )
        except services.DuplicateRecordNumber:
            form.add_error("mrn", _("Another patient of this clinic has this record number."))
        else:
            messages.success(request, _("The details were saved."))
            return redirect(_home_page_of(request, patient))
    return render(
        request,
        "patients/form.html",
        {"form": form, "patient": patient, "section": "patients", "title": _("Edit details")},
    )


@route(PATIENT_REGISTRY)
def registration(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    members = CareTeamMember.objects.filter(patient=patient).select_related("user")
    return render(
        request,
        "patients/registration.html",
        {
            "patient": patient,
            "members": members,
            "add_form": CareTeamAddForm(patient=patient),
            "section": "patients",
        },
    )


@route(PATIENT_CHART)
def chart(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    return render(
        request,
        "patients/chart.html",
        {"patient": patient, "panels": panels_for(request, patient), "section": "patients"},
    )


@route(PATIENT_REGISTRY, methods=["POST"])
def care_team_add(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    form = CareTeamAddForm(request.POST, patient=patient)
    if form.is_valid():
        services.add_to_care_team(
            request, patient, form.cleaned_data["user"], form.cleaned_data["role"]
        )
        messages.success(
            request, _("%(name)s joined the care team.") % {"name": form.cleaned_data["user"]}
        )
    else:
        messages.error(request, _("Choose a clinician of this clinic and their role on the team."))
    return redirect("patients:registration", patient_id=patient.pk)


@route(PATIENT_REGISTRY, methods=["POST"])
def care_team_remove(
    request: AuthenticatedRequest, patient: Patient, member_id: int
) -> HttpResponse:
    member = get_object_or_404(CareTeamMember.objects.filter(patient=patient), pk=member_id)
    services.remove_from_care_team(request, patient, member)
    messages.success(request, _("%(name)s left the care team.") % {"name": member.user})
    if member.user_id == request.user.pk:
        return redirect("patients:list")
    return redirect("patients:registration", patient_id=patient.pk)


def _home_page_of(request: AuthenticatedRequest, patient: Patient) -> str:
    """Clinicians land on the chart; admins, who do not read charts, on the registration page."""
    name = "patients:chart" if request.user.is_clinician else "patients:registration"
    return reverse(name, args=[patient.pk])


@route(CLINICIAN, methods=["POST"])
def emergency_access(request: AuthenticatedRequest, patient_id: int) -> HttpResponse:
    """Break-glass for a patient of the clinic outside the care team (the grant shows no data)."""
    patient = get_object_or_404(
        Patient.objects.filter(clinic_id=request.user.clinic_pk), pk=patient_id
    )
    reason = " ".join(request.POST.get("reason", "").split())
    if len(reason) < 20:
        messages.error(
            request, _("Give the reason for emergency access in at least 20 characters.")
        )
        return redirect("patients:chart", patient_id=patient.pk)
    services.grant_emergency_access(request, patient, reason[:1000])
    messages.warning(
        request,
        _(
            "Emergency access for %(minutes)d minutes: every page you open is recorded as emergency access."
        )
        % {"minutes": settings.EMERGENCY_ACCESS_MINUTES},
    )
    return redirect("patients:chart", patient_id=patient.pk)
