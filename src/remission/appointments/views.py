"""Staff calendar, and booking from the chart with conflict detection."""

from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from remission.access import CLINICIAN, PATIENT_CHART, object_or_404, route
from remission.accounts.models import CLINICIAN_ROLES, User
from remission.appointments import services
from remission.appointments.forms import AppointmentForm
from remission.appointments.models import Appointment, AppointmentStatus
from remission.audit import trail
from remission.concurrency import EditConflict
from remission.patients.models import Patient
from remission.web.http import AuthenticatedRequest


@route(CLINICIAN)
def calendar(request: AuthenticatedRequest) -> HttpResponse:
    """The signed-in clinician's day or week, as a list (readable on a phone and in print)."""
    try:
        day = date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        day = timezone.localdate()
    span = "week" if request.GET.get("span") == "week" else "day"
    first = day - timedelta(days=day.weekday()) if span == "week" else day
    last = first + timedelta(days=7 if span == "week" else 1)
    start = timezone.make_aware(datetime.combine(first, time.min))
    end = timezone.make_aware(datetime.combine(last, time.min))
    booked = (
        Appointment.objects.filter(clinicians=request.user, starts_at__lt=end, ends_at__gt=start)
        .exclude(status=AppointmentStatus.CANCELLED)
        .select_related("patient__clinic")
        .prefetch_related("clinicians")
        .order_by("starts_at")
    )
    on_team = set(request.user.care_assignments.values_list("patient_id", flat=True))
    days: dict[date, list[Appointment]] = {
        first + timedelta(days=n): [] for n in range((last - first).days)
    }
    for appointment in booked:
        days.setdefault(timezone.localdate(appointment.starts_at), []).append(appointment)
    trail.record(
        request,
        "appointments.calendar.viewed",
        detail={"from": first.isoformat(), "to": last.isoformat(),
                "patients": sorted({a.patient_id for a in booked})},
    )  # fmt: skip
    step = timedelta(days=7 if span == "week" else 1)
    return render(
        request,
        "appointments/calendar.html",
        {
            "days": days,
            "span": span,
            "day": day,
            "previous": (first - step).isoformat(),
            "next": (first + step).isoformat(),
            "on_team": on_team,
            "section": "calendar",
        },
    )


def _team_clinicians(patient: Patient, appointment: Appointment | None = None) -> QuerySet[User]:
    """The patient's care team, plus whoever is already booked on ``appointment``."""
    team = Q(care_assignments__patient=patient, role__in=CLINICIAN_ROLES, is_active=True)
    if appointment is not None:
        team |= Q(appointments=appointment)
    return User.objects.filter(team).distinct().order_by("last_name", "first_name")


@route(PATIENT_CHART, methods=["GET", "POST"])
def create(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    form = AppointmentForm(
        request.POST or None,
        clinicians=_team_clinicians(patient),
        editing=False,
        initial={"clinicians": [request.user], "minutes": 50, "kind": "in_person"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.book_appointment(
                request,
                patient,
                clinicians=list(data["clinicians"]),
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                title=data["title"],
                kind=data["kind"],
                location=data["location"],
                created_by=request.user,
            )
        except services.BookingConflict as conflict:
            _explain(form, conflict)
        else:
            messages.success(request, _("The appointment was booked."))
            return redirect("patients:chart", patient_id=patient.pk)
    return render(
        request,
        "appointments/form.html",
        {"form": form, "patient": patient, "title": _("Book an appointment"),
         "section": "patients"},
    )  # fmt: skip


@route(PATIENT_CHART, methods=["GET", "POST"])
def edit(request: AuthenticatedRequest, patient: Patient, appointment_id: int) -> HttpResponse:
    appointment = object_or_404(
        request,
        Appointment.objects.filter(patient=patient).select_related("patient__clinic"),
        pk=appointment_id,
    )
    local = timezone.localtime(appointment.starts_at)
    form = AppointmentForm(
        request.POST or None,
        clinicians=_team_clinicians(patient, appointment),
        editing=True,
        initial={
            "title": appointment.title,
            "clinicians": list(appointment.clinicians.all()),
            "day": local.date(),
            "start": local.time(),
            "minutes": int((appointment.ends_at - appointment.starts_at).total_seconds() // 60),
            "kind": appointment.kind,
            "location": appointment.location,
            "status": appointment.status,
            "version": appointment.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.change_appointment(
                request,
                appointment,
                data["version"] or 0,
                clinicians=list(data["clinicians"]),
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                title=data["title"],
                kind=data["kind"],
                location=data["location"],
                status=data["status"] or AppointmentStatus.SCHEDULED,
            )
        except services.BookingConflict as conflict:
            _explain(form, conflict)
        except EditConflict:
            form.add_error(
                None,
                _(
                    "Someone else changed this appointment after you opened it. Your entries are "
                    "kept; reload the page to see their change."
                ),
            )
        else:
            messages.success(request, _("The appointment was saved."))
            return redirect("patients:chart", patient_id=patient.pk)
    return render(
        request,
        "appointments/form.html",
        {
            "form": form,
            "patient": patient,
            "appointment": appointment,
            "title": _("Change the appointment"),
            "section": "patients",
        },
    )


@route(PATIENT_CHART, methods=["POST"])
def cancel(request: AuthenticatedRequest, patient: Patient, appointment_id: int) -> HttpResponse:
    appointment = object_or_404(
        request,
        Appointment.objects.filter(patient=patient, status=AppointmentStatus.SCHEDULED),
        pk=appointment_id,
    )
    services.cancel_appointment(request, appointment)
    messages.success(request, _("The appointment was cancelled."))
    return redirect("patients:chart", patient_id=patient.pk)


def _explain(form: AppointmentForm, conflict: services.BookingConflict) -> None:
    for clash in conflict.clashes:
        when = timezone.localtime(clash.appointment.starts_at).strftime("%Y-%m-%d %H:%M")
        if clash.clinician is not None:
            form.add_error(
                "clinicians",
                _("%(name)s is already booked at %(when)s (%(title)s).")
                % {"name": clash.clinician.display_name, "when": when,
                   "title": clash.appointment.title},
            )  # fmt: skip
        else:
            form.add_error(
                "start", _("The patient already has an appointment at %(when)s.") % {"when": when}
            )
