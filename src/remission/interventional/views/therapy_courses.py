"""Ordering a psychotherapy course or intensive outpatient programme, recording attendance, and
ending it into the treatment history."""

from datetime import time

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from remission.access import PATIENT_CHART, object_or_404, route
from remission.accounts.models import CLINICIAN_ROLES, User
from remission.clinical.history.types import Outcome
from remission.interventional import therapy_courses
from remission.interventional.forms import chosen_care_plan, offer_care_plan
from remission.interventional.models import (
    Attendance,
    Modality,
    TherapyCourse,
    TherapyCourseKind,
    TherapyCourseStatus,
    TherapySession,
)
from remission.patients.models import Patient
from remission.planning.models import CarePlan
from remission.treatments import services as history
from remission.web.http import AuthenticatedRequest

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CourseForm(forms.Form):
    modality = forms.ChoiceField(label=_("Modality"), choices=Modality.choices)
    planned_sessions = forms.IntegerField(label=_("Sessions planned"), min_value=1,
                                          max_value=therapy_courses.MAX_SESSIONS, initial=16)  # fmt: skip
    per_week = forms.IntegerField(label=_("Sessions per week"), min_value=1, max_value=5, initial=1)
    start_on = forms.DateField(label=_("First session on"), widget=DATE)
    at = forms.TimeField(label=_("At"), initial=time(14),
                         widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))  # fmt: skip
    minutes = forms.IntegerField(label=_("Session length (minutes)"), min_value=15, max_value=240,
                                 initial=50)  # fmt: skip
    clinicians = forms.ModelMultipleChoiceField(
        label=_("Clinicians (sessions rotate through them in this order)"),
        queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    measure = forms.ChoiceField(label=_("Measure at each session"), required=False,
                                choices=[("", _("None")), ("phq9", "PHQ-9"), ("gad7", "GAD-7")])  # fmt: skip
    location = forms.CharField(label=_("Room"), required=False, max_length=200)


class EndForm(forms.Form):
    status = forms.ChoiceField(label=_("Course"), choices=[
        (TherapyCourseStatus.COMPLETED.value, TherapyCourseStatus.COMPLETED.label),
        (TherapyCourseStatus.STOPPED.value, TherapyCourseStatus.STOPPED.label)])  # fmt: skip
    ended_on = forms.DateField(label=_("Ended on"), widget=DATE)
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(o.value, o.label) for o in Outcome if o is not Outcome.ONGOING],
    )


def _team(patient: Patient) -> object:
    return User.objects.filter(
        care_assignments__patient=patient, role__in=CLINICIAN_ROLES
    ).order_by("last_name", "first_name")


@route(PATIENT_CHART, methods=["GET", "POST"])
def therapy_new(request: AuthenticatedRequest, patient: Patient, kind: str) -> HttpResponse:
    if kind not in therapy_courses.ORDERABLE:
        raise Http404
    form = CourseForm(request.POST or None, initial={"start_on": timezone.localdate(),
                                                     "per_week": 3 if kind == "programme" else 1})  # fmt: skip
    form.fields["clinicians"].queryset = _team(patient)  # type: ignore[attr-defined]
    care_plan = CarePlan.objects.filter(patient=patient).first()
    offer_care_plan(form, care_plan, ticked="plan" in request.GET)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        order = therapy_courses.CourseOrder(
            kind=kind, modality=data["modality"], planned_sessions=data["planned_sessions"],
            per_week=data["per_week"], start_on=data["start_on"], at=data["at"],
            minutes=data["minutes"], clinicians=list(data["clinicians"]),
            measure=data["measure"], location=data["location"],
            care_plan=chosen_care_plan(form, care_plan),
        )  # fmt: skip
        try:
            made = therapy_courses.order_course(request, patient, request.user, order)
        except therapy_courses.CourseInvalid as invalid:
            form.add_error(invalid.field if invalid.field in form.fields else None, invalid.message)
        else:
            messages.success(request, _("The course is booked on the calendar."))
            return redirect("interventional:therapy", patient_id=patient.pk, course_id=made.pk)
    return render(
        request, "interventional/therapy_new.html",
        {"patient": patient, "form": form, "kind": TherapyCourseKind(kind), "section": "patients"},
    )  # fmt: skip


@route(PATIENT_CHART, methods=["GET", "POST"])
def therapy_detail(request: AuthenticatedRequest, patient: Patient, course_id: int) -> HttpResponse:
    course = object_or_404(request, TherapyCourse.objects.filter(patient=patient), pk=course_id)
    form = EndForm(request.POST or None, initial={"ended_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            therapy_courses.end_course(request, course, status=data["status"],
                                       ended_on=data["ended_on"], outcome=data["outcome"])  # fmt: skip
        except therapy_courses.CourseInvalid as invalid:
            form.add_error(invalid.field if invalid.field in form.fields else None, invalid.message)
        except history.NoEpisode:
            form.add_error(None, _("Record the current episode in the treatment history first: "
                                   "the course becomes a trial of that episode."))  # fmt: skip
        except history.InvalidHistory as invalid:
            for problem in invalid.problems:
                form.add_error(None, str(problem))
        else:
            messages.success(request, _("The course is ended and in the treatment history."))
            return redirect("interventional:therapy", patient_id=patient.pk, course_id=course.pk)
    sessions = course.sessions.select_related("appointment", "clinician", "questionnaire")
    return render(
        request, "interventional/therapy.html",
        {"patient": patient, "course": course, "sessions": sessions, "end_form": form,
         "progress": therapy_courses.progress(course), "attendance": Attendance.choices,
         "clinicians": course.clinicians.order_by("last_name"), "section": "patients"},
    )  # fmt: skip


@route(PATIENT_CHART, methods=["POST"])
def therapy_attendance(
    request: AuthenticatedRequest, patient: Patient, course_id: int, session_id: int
) -> HttpResponse:
    session = object_or_404(
        request, TherapySession.objects.filter(patient=patient, course_id=course_id),
        pk=session_id,
    )  # fmt: skip
    try:
        therapy_courses.record_attendance(request, session, request.POST.get("attendance", ""))
    except therapy_courses.CourseInvalid as invalid:
        messages.error(request, invalid.message)
    else:
        messages.success(request, _("Attendance recorded."))
    return redirect("interventional:therapy", patient_id=patient.pk, course_id=course_id)
