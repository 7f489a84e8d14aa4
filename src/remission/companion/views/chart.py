"""What the care team sees and does in the chart: shared check-ins, the safety plan (edited with
the patient, versioned), homework, and the patient's portal invitation."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from remission.access import PATIENT_CHART, PATIENT_REGISTRY, object_or_404, route
from remission.companion import journal, pdf, services, skills
from remission.companion.forms import TAG_LABELS, HomeworkForm
from remission.companion.models import (
    ExerciseCompletion,
    HomeworkAssignment,
    HomeworkStatus,
    SafetyPlanVersion,
)
from remission.companion.safety import safety_plan_context
from remission.companion.views.portal import edit_safety_plan
from remission.patients.models import Patient
from remission.web.http import AuthenticatedRequest


@route(PATIENT_CHART)
def check_ins(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    shared = journal.check_ins(patient, shared_only=True)
    recent = journal.recent(shared, 56)
    return render(
        request,
        "companion/chart/check_ins.html",
        {
            "patient": patient,
            "entries": shared[:100],
            "trends": journal.trends(recent) if recent else [],
            "chart": journal.chart(recent, days=56, chart_id="chart-trend") if recent else "",
            "tag_labels": TAG_LABELS,
            "section": "patients",
        },
    )


@route(PATIENT_CHART)
def safety_plan(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    context = safety_plan_context(patient)
    versions = SafetyPlanVersion.objects.filter(plan__patient=patient).select_related("author")
    shown = context["plan"]
    if (number := request.GET.get("version", "")).isdigit():
        shown = versions.filter(number=int(number)).first() or shown
    return render(
        request,
        "companion/chart/safety_plan.html",
        {**context, "shown": shown, "versions": versions, "section": "patients"},
    )


@route(PATIENT_CHART, methods=["GET", "POST"])
def safety_plan_edit(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    return edit_safety_plan(
        request,
        patient,
        "companion/chart/safety_plan_edit.html",
        reverse("companion:chart_safety_plan", args=[patient.pk]),
    )


@route(PATIENT_CHART)
def safety_plan_pdf(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    return pdf.safety_plan_response(request, patient)


@route(PATIENT_CHART, methods=["GET", "POST"])
def homework_new(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    form = HomeworkForm(request.POST or None, initial={"exercise": request.GET.get("exercise")})
    if request.method == "POST" and form.is_valid():
        services.assign_homework(
            request,
            patient,
            form.cleaned_data["exercise"],
            form.cleaned_data["due"],
            form.cleaned_data["note"],
        )
        messages.success(request, _("The exercise was assigned."))
        return redirect("patients:chart", patient_id=patient.pk)
    return render(
        request,
        "companion/chart/homework_new.html",
        {"patient": patient, "form": form, "exercises": skills.EXERCISES, "section": "patients"},
    )


@route(PATIENT_CHART)
def homework(request: AuthenticatedRequest, patient: Patient, assignment_id: int) -> HttpResponse:
    assignment = object_or_404(
        request,
        HomeworkAssignment.objects.filter(patient=patient).select_related("assigned_by"),
        pk=assignment_id,
    )
    completion = ExerciseCompletion.objects.filter(assignment=assignment).first()
    exercise = skills.exercise(assignment.exercise)
    answers = []
    if completion is not None and completion.shared and exercise is not None:
        answers = [(p.label, completion.responses.get(p.key, "")) for p in exercise.prompts]
    return render(
        request,
        "companion/chart/homework.html",
        {
            "patient": patient,
            "assignment": assignment,
            "exercise": exercise,
            "completion": completion,
            "answers": answers,
            "section": "patients",
        },
    )


@route(PATIENT_CHART, methods=["POST"])
def homework_withdraw(
    request: AuthenticatedRequest, patient: Patient, assignment_id: int
) -> HttpResponse:
    assignment = object_or_404(
        request,
        HomeworkAssignment.objects.filter(patient=patient, status=HomeworkStatus.OPEN),
        pk=assignment_id,
    )
    services.withdraw_homework(request, assignment)
    messages.success(request, _("The homework was withdrawn."))
    return redirect("patients:chart", patient_id=patient.pk)


@route(PATIENT_REGISTRY, methods=["POST"])
def portal_invite(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    if not patient.email:
        messages.error(request, _("Add the patient's e-mail address first."))
    else:
        try:
            services.invite_patient_to_portal(request, patient)
        except services.AlreadyInvited:
            messages.info(request, _("This patient already has a portal account."))
        else:
            messages.success(
                request,
                _("%(email)s was sent a link to set up the portal.") % {"email": patient.email},
            )
    if request.user.is_clinician:
        return redirect("patients:chart", patient_id=patient.pk)
    return redirect("patients:registration", patient_id=patient.pk)
