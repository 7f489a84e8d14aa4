"""Clinician pages in a patient's chart: scores, trajectories, recording, links and schedules."""

import segno
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from remission.access import PATIENT_CHART, route
from remission.clinical.instruments import InstrumentError, UnknownInstrument, get_instrument
from remission.measures import services
from remission.measures.forms import (
    ClinicianEntryForm,
    InstrumentForm,
    LinkForm,
    ScheduleForm,
    instrument_choices,
)
from remission.measures.models import (
    Assessment,
    DueQuestionnaire,
    DueStatus,
    MeasurementSchedule,
    SelfReportLink,
    Source,
)
from remission.measures.progress import trajectories
from remission.measures.texts import pack_for
from remission.measures.trajectory_charts import trajectory_chart
from remission.outbox.services import queue
from remission.patients.models import Patient
from remission.web.http import AuthenticatedRequest


@route(PATIENT_CHART)
def overview(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    measurement = services.settings_for(patient.clinic_id)
    paths = trajectories(patient, measurement.madrs_remission)
    return render(
        request,
        "measures/overview.html",
        {
            "patient": patient,
            "trajectories": [(t, trajectory_chart(t, patient)) for t in paths],
            "recent": Assessment.objects.filter(patient=patient).order_by("-administered_at")[:20],
            "schedules": MeasurementSchedule.objects.filter(patient=patient, active=True),
            "dues": DueQuestionnaire.objects.filter(
                patient=patient, status__in=[DueStatus.DUE, DueStatus.SENT, DueStatus.MISSED]
            ),
            "links": SelfReportLink.objects.filter(
                patient=patient, used_at=None, expires_at__gt=timezone.now()
            ),
            "schedule_form": ScheduleForm(
                initial={"first_due": timezone.localdate(), "every_days": 7}
            ),
            "instrument_choices": instrument_choices(),
            "section": "patients",
        },
    )


@route(PATIENT_CHART, methods=["GET", "POST"])
def record(request: AuthenticatedRequest, patient: Patient, instrument_id: str) -> HttpResponse:
    try:
        instrument = get_instrument(instrument_id)
    except UnknownInstrument:
        messages.error(request, _("Choose one of the listed questionnaires."))
        return redirect("measures:overview", patient_id=patient.pk)
    pack = pack_for(patient.clinic_id, instrument.id, request.LANGUAGE_CODE)
    data = request.POST if request.method == "POST" else None
    form = InstrumentForm(data, instrument=instrument, pack=pack)
    entry = ClinicianEntryForm(
        data, initial={"administered_at": timezone.localtime().replace(second=0, microsecond=0)}
    )
    if request.method == "POST" and form.is_valid() and entry.is_valid():
        try:
            recorded = services.record_assessment(
                request,
                patient,
                instrument.id,
                form.answers(),
                source=Source.CLINICIAN,
                administered_at=entry.cleaned_data["administered_at"],
                language=request.LANGUAGE_CODE,
            )
        except InstrumentError as error:
            form.add_core_error(error)
        else:
            if recorded.alerts:
                messages.warning(
                    request,
                    _(
                        "This answer raised a suicide-risk alert; it is in the alert inbox until acknowledged."
                    ),
                )
            return redirect(
                "measures:assessment", patient_id=patient.pk, assessment_id=recorded.assessment.pk
            )
    return render(
        request,
        "measures/record.html",
        {
            "patient": patient,
            "instrument": instrument,
            "form": form,
            "entry": entry,
            "section": "patients",
        },
    )


@route(PATIENT_CHART)
def assessment(request: AuthenticatedRequest, patient: Patient, assessment_id: int) -> HttpResponse:
    found = get_object_or_404(Assessment.objects.filter(patient=patient), pk=assessment_id)
    instrument = get_instrument(found.instrument)
    answers = [
        (item, found.answers.get(item.id), _option_label(item, found.answers.get(item.id)))
        for item in instrument.items
    ]
    return render(
        request,
        "measures/assessment.html",
        {
            "patient": patient,
            "assessment": found,
            "instrument": instrument,
            "answers": answers,
            "alerts": found.alerts.all(),
            "section": "patients",
        },
    )


def _option_label(item: object, value: object) -> str:
    for option in getattr(item, "options", ()):
        if option.value == value:
            return str(option.label)
    return ""


@route(PATIENT_CHART, methods=["GET", "POST"])
def link_create(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    form = LinkForm(
        request.POST or None,
        initial={"language": patient.preferred_language},
        patient_email=patient.email,
    )
    if request.method == "POST" and form.is_valid():
        link, token = services.create_link(
            request,
            patient,
            form.cleaned_data["instruments"],
            language=form.cleaned_data["language"],
            delivery=form.cleaned_data["delivery"],
        )
        url = request.build_absolute_uri(reverse("selfreport:start", args=[token]))
        if link.delivery == "email":
            queue(
                "self_report_link",
                f"link:{link.pk}",
                patient.email,
                _("Your clinic asks you to answer a short questionnaire"),
                render_to_string(
                    "measures/email/link.txt", {"url": url, "link": link, "clinic": patient.clinic}
                ),
            )
            messages.success(
                request, _("The link was sent to %(email)s.") % {"email": patient.email}
            )
            return redirect("measures:overview", patient_id=patient.pk)
        qr = segno.make(url, error="m").svg_data_uri(scale=5, border=2)
        return render(
            request,
            "measures/link_print.html",
            {"patient": patient, "link": link, "url": url, "qr": qr, "section": "patients"},
        )
    return render(
        request,
        "measures/link_form.html",
        {"patient": patient, "form": form, "section": "patients"},
    )


@route(PATIENT_CHART, methods=["POST"])
def schedule_add(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    form = ScheduleForm(request.POST)
    if form.is_valid():
        services.add_schedule(
            request,
            patient,
            form.cleaned_data["instrument"],
            form.cleaned_data["every_days"],
            form.cleaned_data["first_due"],
        )
        messages.success(request, _("The questionnaire was added to the measurement plan."))
    else:
        problems = "; ".join(
            f"{form.fields[name].label}: {' '.join(map(str, errors))}"
            for name, errors in form.errors.items()
        )
        messages.error(
            request, _("The plan was not changed. %(problems)s") % {"problems": problems}
        )
    return redirect("measures:overview", patient_id=patient.pk)


@route(PATIENT_CHART, methods=["POST"])
def schedule_stop(
    request: AuthenticatedRequest, patient: Patient, schedule_id: int
) -> HttpResponse:
    schedule = get_object_or_404(
        MeasurementSchedule.objects.filter(patient=patient), pk=schedule_id
    )
    services.stop_schedule(request, schedule)
    messages.success(request, _("The questionnaire was removed from the measurement plan."))
    return redirect("measures:overview", patient_id=patient.pk)


@route(PATIENT_CHART)
def record_pick(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    """The instrument picker of the overview page (works without JavaScript)."""
    chosen = request.GET.get("instrument", "")
    if chosen not in dict(instrument_choices()):
        messages.error(request, _("Choose one of the listed questionnaires."))
        return redirect("measures:overview", patient_id=patient.pk)
    return redirect("measures:record", patient_id=patient.pk, instrument_id=chosen)
