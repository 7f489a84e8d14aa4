"""The dose session page: one page a nurse works through on a tablet, step by step.

Each step posts its own small form (``action``) to this page; a refused step re-renders the page
with the nurse's entries and the reason, nothing half-saved.
"""

from collections.abc import Callable
from datetime import datetime, time
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from remission.access import PATIENT_CHART, object_or_404, route
from remission.clinical.protocols import monitoring
from remission.clinical.protocols.errors import ProtocolInputError
from remission.clinical.protocols.findings import Level
from remission.clinical.protocols.treatments import Treatment
from remission.concurrency import EditConflict
from remission.interventional import checklist, records
from remission.interventional.forms import (
    AdverseEventForm,
    AmendForm,
    ChecklistForm,
    DischargeForm,
    DoseForm,
    MonitoringForm,
    OverrideForm,
    VitalsForm,
)
from remission.interventional.models import DoseRecord, DoseSession, SeriesKind
from remission.patients.models import Patient
from remission.web.http import AuthenticatedRequest

Bound = dict[str, forms.BaseForm]
Outcome = HttpResponse | Bound


def conflict_message() -> str:
    return _(
        "Someone else saved this part of the record after you opened it. Your entries are kept "
        "below; the record above shows what they saved. Check both, then save again to replace "
        "theirs."
    )


@route(PATIENT_CHART, methods=["GET", "POST"])
def session(request: AuthenticatedRequest, patient: Patient, session_id: int) -> HttpResponse:
    dose = object_or_404(
        request,
        DoseSession.objects.filter(patient=patient).select_related(
            "series", "appointment", "integration", "questionnaire"
        ),
        pk=session_id,
    )
    record = records.current_record(dose)
    bound: Bound = {}
    if request.method == "POST":
        handler = ACTIONS.get(request.POST.get("action", ""))
        if handler is None or (record is None and handler is not _check_in):
            messages.error(request, _("Check the patient in first."))
            return redirect(dose_url(dose))
        try:
            outcome = handler(request, dose, record)
        except records.RecordLocked:
            messages.error(request, _("This record is signed: changes need an amendment."))
            return redirect(dose_url(dose))
        if isinstance(outcome, HttpResponse):
            return outcome
        bound = outcome
        record = records.current_record(dose)
    return render(request, "interventional/session.html", page(request, dose, record, bound))


def dose_url(dose: DoseSession, anchor: str = "") -> str:
    from django.urls import reverse

    url = reverse("interventional:session", args=[dose.patient_id, dose.pk])
    return f"{url}#{anchor}" if anchor else url


def _at(record: DoseRecord, moment: time) -> datetime:
    """A time the nurse typed, on the day of the session (clinic time)."""
    day = timezone.localdate(record.checked_in_at)
    return timezone.make_aware(datetime.combine(day, moment))


def _done(request: AuthenticatedRequest, dose: DoseSession, text: str, anchor: str) -> HttpResponse:
    messages.success(request, text)
    return redirect(dose_url(dose, anchor))


def _check_in(request: AuthenticatedRequest, dose: DoseSession, record: Any) -> Outcome:
    records.check_in(request, dose, request.user)
    return _done(request, dose, _("Checked in. Work through the checklist."), "checklist")


def _versioned(
    request: AuthenticatedRequest, name: str, form: forms.Form, record: DoseRecord,
    save: Callable[[int], None], dose: DoseSession, saved: str,
) -> Outcome:  # fmt: skip
    """Validate, save with the version the form was rendered with; on a conflict keep the
    entries, based on the version now stored, so that saving again replaces it."""
    if not form.is_valid():
        return {name: form}
    try:
        save(form.cleaned_data["version"])
    except EditConflict:
        record.refresh_from_db()
        data = request.POST.copy()
        data["version"] = str(record.version)
        again = type(form)(data, **getattr(form, "extra", {}))
        again.is_valid()
        again.add_error(None, conflict_message())
        return {name: again}
    except records.NotReady as refused:
        for finding in refused.findings:
            form.add_error(None, finding.reason)
        return {name: form}
    except ProtocolInputError as invalid:
        form.add_error(invalid.field if invalid.field in form.fields else None, invalid.message)
        return {name: form}
    return _done(request, dose, saved, name)


def _checklist(request: AuthenticatedRequest, dose: DoseSession, record: DoseRecord) -> Outcome:
    form = ChecklistForm(request.POST)
    return _versioned(
        request, "checklist", form, record,
        lambda v: records.save_checklist(request, record, v, request.user, form.cleaned_data),
        dose, _("Checklist saved."),
    )  # fmt: skip


def _override(request: AuthenticatedRequest, dose: DoseSession, record: DoseRecord) -> Outcome:
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            records.document_override(
                request,
                record,
                request.user,
                form.cleaned_data["code"],
                form.cleaned_data["reason"],
            )
        except records.NotAllowed:
            messages.error(request, _("Only a psychiatrist may override a hard stop."))
        except records.NotReady as refused:
            messages.error(request, str(refused))
        else:
            return _done(request, dose, _("Override documented."), "checklist")
    else:
        messages.error(request, _("An override needs a reason."))
    return redirect(dose_url(dose, "checklist"))


def _vitals(request: AuthenticatedRequest, dose: DoseSession, record: DoseRecord) -> Outcome:
    form = VitalsForm(request.POST)
    if not form.is_valid():
        return {"vitals": form}
    data = form.cleaned_data
    values = {key: data[key] for key in ("systolic_mmhg", "diastolic_mmhg", "heart_rate_bpm",
                                         "spo2_percent", "respiratory_rate_per_min")}  # fmt: skip
    try:
        records.add_vitals(
            request, record, request.user, moment=data["moment"],
            taken_at=_at(record, data["taken_at"]), values=values,
        )  # fmt: skip
    except ProtocolInputError as invalid:
        form.add_error(invalid.field if invalid.field in form.fields else None, invalid.message)
        return {"vitals": form}
    return _done(request, dose, _("Vital signs recorded."), "vitals")


def _dose(request: AuthenticatedRequest, dose: DoseSession, record: DoseRecord) -> Outcome:
    form = DoseForm(request.POST, options=dose.dose_options_mg)
    form.extra = {"options": dose.dose_options_mg}  # type: ignore[attr-defined]
    return _versioned(
        request, "dose", form, record,
        lambda v: records.record_dose(
            request, record, v, request.user, dose_mg=form.cleaned_data.get("dose_mg"),
            started_at=_at(record, form.cleaned_data["started_at"]),
        ),
        dose, _("Dose recorded. Observation has started."),
    )  # fmt: skip


def _monitoring(request: AuthenticatedRequest, dose: DoseSession, record: DoseRecord) -> Outcome:
    form = MonitoringForm(request.POST)
    return _versioned(
        request, "monitoring", form, record,
        lambda v: records.save_monitoring(request, record, v, request.user, form.cleaned_data),
        dose, _("Dissociation and side effects saved."),
    )  # fmt: skip


def _adverse(request: AuthenticatedRequest, dose: DoseSession, record: DoseRecord) -> Outcome:
    form = AdverseEventForm(request.POST)
    if not form.is_valid():
        return {"adverse": form}
    records.add_adverse_event(request, record, request.user, form.cleaned_data)
    return _done(request, dose, _("Adverse event recorded."), "adverse")


def _discharge(request: AuthenticatedRequest, dose: DoseSession, record: DoseRecord) -> Outcome:
    form = DischargeForm(request.POST)
    return _versioned(
        request, "discharge", form, record,
        lambda v: records.discharge(
            request, record, v, request.user,
            clinically_stable=form.cleaned_data["clinically_stable"],
            transport_arranged=form.cleaned_data["transport_arranged"],
            note=form.cleaned_data["note"],
        ),
        dose, _("Discharged. Sign the record to lock it."),
    )  # fmt: skip


def _sign(request: AuthenticatedRequest, dose: DoseSession, record: DoseRecord) -> Outcome:
    try:
        records.sign(request, record, int(request.POST.get("version", "0")), request.user)
    except (records.NotAllowed, records.NotReady) as refused:
        messages.error(request, str(refused))
        return redirect(dose_url(dose, "sign"))
    except (EditConflict, ValueError):
        messages.error(request, conflict_message())
        return redirect(dose_url(dose, "sign"))
    return _done(request, dose, _("Signed and locked."), "sign")


def _amend(request: AuthenticatedRequest, dose: DoseSession, record: DoseRecord) -> Outcome:
    form = AmendForm(request.POST)
    if not form.is_valid():
        return {"amend": form}
    records.amend(request, record, request.user, form.cleaned_data["reason"])
    return _done(request, dose, _("Amendment opened as a new revision."), "checklist")


ACTIONS: dict[str, Callable[[AuthenticatedRequest, DoseSession, Any], Outcome]] = {
    "check_in": _check_in,
    "checklist": _checklist,
    "override": _override,
    "vitals": _vitals,
    "dose": _dose,
    "monitoring": _monitoring,
    "adverse": _adverse,
    "discharge": _discharge,
    "sign": _sign,
    "amend": _amend,
}


def page(
    request: AuthenticatedRequest, dose: DoseSession, record: DoseRecord | None, bound: Bound
) -> dict[str, Any]:
    series = dose.series
    context: dict[str, Any] = {
        "patient": dose.patient, "dose": dose, "series": series, "record": record,
        "section": "patients", "esketamine": series.kind == SeriesKind.ESKETAMINE,
        "revisions": list(dose.records.select_related("signed_by").order_by("revision")),
    }  # fmt: skip
    if record is None:
        return context
    items = checklist.items(record)
    now = timezone.localtime()
    version = {"version": record.version}
    initial_time = {"taken_at": now.strftime("%H:%M"), "started_at": now.strftime("%H:%M")}
    locked = record.signed
    context.update(
        items=items,
        blocked=[i for i in items if i.stops],
        ready=checklist.ready_to_dose(items),
        locked=locked,
        vitals=list(record.vitals.select_related("entered_by")),
        adverse_events=list(record.adverse_events.all()),
        side_effect_labels=dict(records.SIDE_EFFECTS),
        checklist_form=bound.get("checklist") or ChecklistForm(initial={
            **version, "consent_confirmed": record.consent_confirmed,
            "fasting_confirmed": record.fasting_confirmed,
            "transport_arranged": record.transport_arranged,
            "pregnancy_test": record.pregnancy_test, "bp_decision": record.bp_decision}),
        vitals_form=bound.get("vitals") or VitalsForm(initial={
            **initial_time, "moment": _next_moment(record)}),
        dose_form=bound.get("dose") or DoseForm(initial={**version, **initial_time},
                                                options=dose.dose_options_mg),
        monitoring_form=bound.get("monitoring") or MonitoringForm(initial={
            **version, "cadss_instrument": record.cadss_instrument or "cadss6",
            "cadss_total": record.cadss_total, "sedation": record.sedation,
            "respiratory_depression": record.respiratory_depression,
            "side_effects": record.side_effects}),
        adverse_form=bound.get("adverse") or AdverseEventForm(),
        discharge_form=bound.get("discharge") or DischargeForm(initial={
            **version, "clinically_stable": record.clinically_stable,
            "transport_arranged": record.transport_arranged, "note": record.discharge_note}),
        amend_form=bound.get("amend") or AmendForm(),
        override_form=OverrideForm(),
        bp_needs_decision=any(i.code == "pre_dose_bp" and i.level is Level.NEEDS_NOTE
                              for i in items),
        calculation=_calculation_preview(record),
    )  # fmt: skip
    if record.dosing_started_at and record.dosing_ended_at:
        plan = monitoring.observation_plan(
            Treatment(series.kind), record.dosing_started_at, record.dosing_ended_at
        )
        context["observation"] = plan
        context["discharge_findings"] = records.discharge_check(
            record, now=now, clinically_stable=True, transport_arranged=record.transport_arranged
        )
    return context


def _next_moment(record: DoseRecord) -> str:
    if record.dosing_started_at is None:
        return "pre_dose"
    taken = set(record.vitals.values_list("moment", flat=True))
    return "40_min" if "40_min" not in taken else "discharge"


def _calculation_preview(record: DoseRecord) -> dict[str, Any] | None:
    """The dose as the core computes it, shown with its inputs before and after dosing."""
    if record.dose_inputs:
        stored: dict[str, Any] = record.dose_inputs
        return stored
    if record.session.series.kind != SeriesKind.KETAMINE_IV:
        return None
    try:
        return records.dose_calculation(record, None, timezone.now())
    except ProtocolInputError:
        return None
