"""Ordering a TMS or ECT course and recording its sessions with their parameters."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from remission.access import PATIENT_CHART, object_or_404, route
from remission.clinical.protocols import tms
from remission.clinical.protocols.errors import ProtocolInputError
from remission.interventional import courses
from remission.interventional.forms import chosen_care_plan, offer_care_plan
from remission.interventional.models import (
    CourseKind,
    NeuromodulationCourse,
    NeuromodulationSession,
)
from remission.patients.models import Patient
from remission.planning.models import CarePlan
from remission.web.http import AuthenticatedRequest

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CourseForm(forms.Form):
    protocol = forms.ChoiceField(label=_("Protocol"), required=False)
    start_on = forms.DateField(label=_("First session on"), widget=DATE)
    sessions = forms.IntegerField(label=_("Sessions planned (ECT)"), required=False, initial=12)


class SessionForm(forms.ModelForm[NeuromodulationSession]):
    class Meta:
        model = NeuromodulationSession
        fields = ["motor_threshold_percent", "intensity_percent_mt", "pulses", "laterality",
                  "seizure_seconds", "note"]  # fmt: skip
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


@route(PATIENT_CHART, methods=["GET", "POST"])
def course_new(request: AuthenticatedRequest, patient: Patient, kind: str) -> HttpResponse:
    if kind not in CourseKind.values:
        raise Http404
    form = CourseForm(request.POST or None, initial={"start_on": timezone.localdate()})
    care_plan = CarePlan.objects.filter(patient=patient).first()
    offer_care_plan(form, care_plan, ticked="plan" in request.GET)
    choices = (
        [(p.name, p.description) for p in tms.protocols().values()]
        if kind == CourseKind.TMS
        else [("ect", _("ECT course"))]
    )
    form.fields["protocol"].choices = choices  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = courses.order_course(
                request, patient, request.user, kind=kind, protocol=data["protocol"] or "ect",
                start=data["start_on"], sessions=data["sessions"] if kind == CourseKind.ECT else None,
                care_plan=chosen_care_plan(form, care_plan),
            )  # fmt: skip
        except ProtocolInputError as invalid:
            target = invalid.field if invalid.field in form.fields else None
            form.add_error("start_on" if invalid.field == "start" else target, invalid.message)
        except courses.CourseRefused as refused:
            for finding in refused.findings:
                form.add_error(None, finding.reason)
        else:
            messages.success(request, _("The course is planned."))
            return redirect("interventional:course", patient_id=patient.pk, course_id=made.pk)
    return render(
        request, "interventional/course_new.html",
        {"patient": patient, "form": form, "kind": CourseKind(kind),
         "screening": courses.screening(patient, kind), "section": "patients"},
    )  # fmt: skip


@route(PATIENT_CHART, methods=["GET", "POST"])
def course_detail(request: AuthenticatedRequest, patient: Patient, course_id: int) -> HttpResponse:
    course = object_or_404(
        request, NeuromodulationCourse.objects.filter(patient=patient), pk=course_id
    )
    form = SessionForm(request.POST or None)
    if course.kind == CourseKind.TMS:
        for name in ("laterality", "seizure_seconds"):
            form.fields.pop(name)
    else:
        for name in ("motor_threshold_percent", "intensity_percent_mt", "pulses"):
            form.fields.pop(name)
    if request.method == "POST" and form.is_valid():
        courses.record_session(request, course, request.user, form.cleaned_data)
        messages.success(request, _("Session recorded."))
        return redirect("interventional:course", patient_id=patient.pk, course_id=course.pk)
    return render(
        request, "interventional/course.html",
        {"patient": patient, "course": course, "form": form,
         "sessions": course.sessions.select_related("recorded_by"),
         "progress": courses.progress(course), "section": "patients"},
    )  # fmt: skip
