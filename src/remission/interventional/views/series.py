"""Ordering a series from the chart (with its plan and clashes shown first), and the series page:
doses, integration sessions and their window, response over the series."""

import csv
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from remission.access import PATIENT_CHART, object_or_404, route
from remission.accounts.models import Role, User
from remission.clinical.protocols import integration
from remission.clinical.protocols.errors import ProtocolInputError
from remission.interventional import records, rems, series
from remission.interventional.clinic_settings import policy_for, settings_for
from remission.interventional.forms import (
    EsketamineOrderForm,
    KetamineOrderForm,
    OrderForm,
    chosen_care_plan,
    offer_care_plan,
)
from remission.interventional.models import Series, SeriesKind
from remission.interventional.response import series_response
from remission.patients.models import Patient
from remission.planning.models import CarePlan
from remission.web.http import AuthenticatedRequest

FORMS: dict[str, type[OrderForm]] = {
    SeriesKind.KETAMINE_IV: KetamineOrderForm,
    SeriesKind.ESKETAMINE: EsketamineOrderForm,
}


def _staff(patient: Patient, role: str) -> Any:
    return User.objects.filter(clinic_id=patient.clinic_id, role=role, is_active=True).order_by(
        "last_name"
    )


@route(PATIENT_CHART, methods=["GET", "POST"])
def series_new(request: AuthenticatedRequest, patient: Patient, kind: str) -> HttpResponse:
    if kind not in FORMS:
        raise Http404
    form = FORMS[kind](
        request.POST or None,
        rooms=settings_for(patient.clinic_id).room_names,
        nurses=_staff(patient, Role.NURSE),
        prescribers=_staff(patient, Role.PSYCHIATRIST),
        initial={"start_time": "09:00", "start_on": timezone.localdate().isoformat()},
    )
    care_plan = CarePlan.objects.filter(patient=patient).first()
    offer_care_plan(form, care_plan, ticked="plan" in request.GET)
    plan = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        order = series.Order(
            kind=kind, schedule=data["schedule"], start_on=data["start_on"],
            start_time=data["start_time"], room=data["room"], nurse=data["nurse"],
            prescriber=data["prescriber"], weeks=data.get("weeks", 12),
            weight_kg=data.get("weight_kg"), mg_per_kg=data.get("mg_per_kg"),
            infusion_minutes=data.get("infusion_minutes"),
            concentration_mg_per_ml=data.get("concentration_mg_per_ml"),
            care_plan=chosen_care_plan(form, care_plan),
        )  # fmt: skip
        try:
            plan = series.plan_series(patient, order)
            if request.POST.get("book"):
                booked = series.order_series(request, patient, order, request.user)
                messages.success(request, _("The series is booked on the calendar."))
                return redirect("interventional:series", patient_id=patient.pk, series_id=booked.pk)
        except ProtocolInputError as invalid:
            form.add_error(invalid.field if invalid.field in form.fields else None, invalid.message)
            plan = None
        except series.SeriesRefused as refused:
            plan = refused.plan
            form.add_error(None, _("Nothing was booked: resolve what is marked below first."))
    return render(
        request,
        "interventional/series_new.html",
        {"patient": patient, "form": form, "plan": plan, "kind": SeriesKind(kind),
         "therapist": series.therapist_of(patient), "section": "patients"},
    )  # fmt: skip


@route(PATIENT_CHART)
def series_detail(request: AuthenticatedRequest, patient: Patient, series_id: int) -> HttpResponse:
    chosen = object_or_404(
        request, Series.objects.filter(patient=patient).select_related("nurse", "prescriber",
                                                                       "therapist"),
        pk=series_id,
    )  # fmt: skip
    sessions = series.sessions_of(chosen)
    policy = policy_for(patient.clinic_id)
    current = {s.pk: records.current_record(s) for s in sessions}
    given = {pk: r.dosing_started_at for pk, r in current.items() if r and r.dosing_started_at}
    doses = [given.get(s.pk) or s.appointment.starts_at for s in sessions]
    # An integration session counts once it took place (the appointment is marked completed).
    integration_times = [s.integration.starts_at for s in sessions
                         if s.integration and s.integration.status == "completed"]  # fmt: skip
    checks = integration.check_integration(doses, integration_times, policy, now=timezone.now())
    by_dose = dict(zip(sorted(doses), checks, strict=True))
    rows = [
        {"session": s, "record": current[s.pk], "integration": by_dose[d]}
        for s, d in zip(sessions, doses, strict=True)
    ]
    return render(
        request,
        "interventional/series.html",
        {"patient": patient, "series": chosen, "rows": rows, "policy": policy,
         "response": series_response(chosen, list(sessions)), "section": "patients"},
    )  # fmt: skip


@route(PATIENT_CHART)
def rems_export(request: AuthenticatedRequest, patient: Patient, series_id: int) -> HttpResponse:
    """The REMS Patient Monitoring Form data of every signed session, one row each (CSV)."""
    chosen = object_or_404(
        request, Series.objects.filter(patient=patient, kind=SeriesKind.ESKETAMINE), pk=series_id
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rems-{patient.mrn}-{chosen.pk}.csv"'
    writer = csv.writer(response)
    writer.writerow(rems.COLUMNS)
    writer.writerows(rems.rows(chosen))
    return response
