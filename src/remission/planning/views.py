"""The planning page (options with their basis, the context, the shared decision), the care plan
and its versions, the patient's printable version, and the clinician's reviews due."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from remission.access import CLINICIAN, PATIENT_CHART, PATIENT_SELF, route
from remission.accounts.models import User
from remission.clinical.planning import ProfileError, plan_as_dict
from remission.concurrency import EditConflict
from remission.patients.models import Patient
from remission.planning import pdf, services, worklist
from remission.planning.forms import (
    GOAL_ROWS,
    MEASUREMENT_ROWS,
    STEP_ROWS,
    ContextForm,
    DecisionForm,
    GoalFormSet,
    MeasurementFormSet,
    StepFormSet,
    rows,
)
from remission.planning.models import PlanVersion
from remission.planning.presenters import digest, grouped, version_view
from remission.planning.profile import context_of, derive, snapshot
from remission.web.http import AuthenticatedRequest


def _team(patient: Patient) -> Any:
    return User.objects.filter(care_assignments__patient=patient, is_active=True).order_by(
        "last_name", "first_name"
    )


def _plan_rows(current: PlanVersion | None) -> dict[str, list[dict[str, Any]]]:
    """The rows of the current version to start a revision from, and blank rows to add more."""
    goals: list[dict[str, Any]] = []
    steps: list[dict[str, Any]] = []
    measurements: list[dict[str, Any]] = []
    if current is not None:
        goals = [
            {"instrument": g.instrument, "below": g.below, "by": g.by} for g in current.goals.all()
        ]
        steps = [{"kind": s.kind, "description": s.description} for s in current.steps.all()]
        measurements = [
            {"instrument": m.instrument, "every_days": m.every_days}
            for m in current.measurements.all()
        ]
    return {
        "goals": goals + [{}] * max(1, GOAL_ROWS - len(goals)),
        "steps": steps + [{}] * max(1, STEP_ROWS - len(steps)),
        "measurements": measurements + [{}] * max(1, MEASUREMENT_ROWS - len(measurements)),
    }


@route(PATIENT_CHART, methods=["GET", "POST"])
def planning(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    """Today's options with their basis, and the form that records the decision as a care plan."""
    today = timezone.localdate()
    context: dict[str, Any] = {"patient": patient, "section": "patients", "today": today}
    current = services.current_version(patient)
    context["current"] = current
    context["context_form"] = ContextForm(instance=context_of(patient), today=today)
    snap = snapshot(patient, today)
    if snap is None:
        return render(request, "planning/planning.html", context)
    try:
        derived = plan_as_dict(derive(snap.as_dict()))
    except ProfileError as error:
        context["problems"] = error.problems
        return render(request, "planning/planning.html", context)
    team = _team(patient)
    options = [(o["id"], o["title"]) for o in derived["options"]]
    based_on = current.number if current else 0
    initial = _plan_rows(current)
    data = request.POST if request.method == "POST" else None
    form = DecisionForm(
        data,
        options=options,
        team=team,
        today=today,
        initial={"based_on": based_on, "digest": digest(derived)},
    )
    goals = GoalFormSet(data, prefix="goals", initial=initial["goals"])
    steps = StepFormSet(data, prefix="steps", initial=initial["steps"])
    measurements = MeasurementFormSet(data, prefix="measures", initial=initial["measurements"])
    if data is not None:
        valid = all([form.is_valid(), goals.is_valid(), steps.is_valid(), measurements.is_valid()])
        if valid and form.cleaned_data["digest"] != digest(derived):
            form.add_error(
                None,
                _(
                    "The options changed since the page was opened (the record changed). "
                    "Your entries are kept: check the options below, then save again."
                ),
            )
            form = _rebound(form, derived, based_on, options, team, today)
        elif valid:
            saved = _record(request, patient, snap, form, goals, steps, measurements)
            if saved is not None:
                messages.success(
                    request,
                    _("Care plan version %(number)s saved. Review on %(day)s.")
                    % {"number": saved.number, "day": saved.review_on.isoformat()},
                )
                return redirect("planning:version", patient_id=patient.pk, number=saved.number)
            if form.non_field_errors():
                form = _rebound(
                    form, derived, services.current_number(patient), options, team, today
                )
    context.update(
        derived=derived,
        groups=grouped(derived),
        form=form,
        goals=goals,
        steps=steps,
        measurements=measurements,
        chosen=set(form["chosen"].value() or []),
    )
    return render(request, "planning/planning.html", context)


def _rebound(
    form: DecisionForm,
    derived: dict[str, Any],
    based_on: int,
    options: list[tuple[str, str]],
    team: Any,
    today: Any,
) -> DecisionForm:
    """The user's entries again, now based on the options and plan version of this moment."""
    assert isinstance(form.data, QueryDict)
    rebased = form.data.copy()
    rebased["digest"] = digest(derived)
    rebased["based_on"] = str(based_on)
    errors = form.non_field_errors()
    rebound = DecisionForm(rebased, options=options, team=team, today=today)
    rebound.is_valid()
    for error in errors:
        rebound.add_error(None, error)
    return rebound


def _record(
    request: AuthenticatedRequest,
    patient: Patient,
    snap: Any,
    form: DecisionForm,
    goals: Any,
    steps: Any,
    measurements: Any,
) -> PlanVersion | None:
    data = form.cleaned_data
    decision = services.Decision(
        chosen=list(data["chosen"]),
        preferences=data["preferences"],
        rationale=data["rationale"],
        review_on=data["review_on"],
        responsible=list(data["responsible"]),
        override_reason=data["override_reason"],
        change_note=data["change_note"],
        goals=rows(goals),
        steps=rows(steps),
        measurements=rows(measurements),
    )
    try:
        return services.record_plan(request, patient, snap, decision, data["based_on"])
    except services.ChoiceError as error:
        form.add_error(
            error.field if error.field in form.fields else None,
            error.message[:1].upper() + error.message[1:] + ".",
        )
    except EditConflict:
        form.add_error(
            None,
            _(
                "Someone saved a new version of this care plan after you opened the page. Your "
                "entries are kept below; open the current plan in a new tab to compare, then "
                "save again to make yours the next version."
            ),
        )
    return None


@route(PATIENT_CHART, methods=["POST"])
def save_context(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    """The preferences and psychosocial context; the options are derived again from them."""
    today = timezone.localdate()
    stored = context_of(patient)
    form = ContextForm(request.POST, instance=stored, today=today)
    if form.is_valid():
        expected = form.cleaned_data["version"] if stored.pk else None
        try:
            services.save_context(request, patient, form.save(commit=False), expected)
        except EditConflict:
            messages.error(
                request,
                _(
                    "Someone else saved the planning context after you opened the page; nothing "
                    "was changed. Their version is shown below: enter your change again."
                ),
            )
        else:
            messages.success(request, _("Saved. The options below are derived again."))
        return redirect("planning:planning", patient_id=patient.pk)
    messages.error(
        request,
        _("The context was not saved: %(problems)s")
        % {
            "problems": "; ".join(
                f"{form.fields[f].label if f in form.fields else f}: "
                + " ".join(str(error) for error in errors)
                for f, errors in form.errors.items()
            )
        },
    )
    return redirect("planning:planning", patient_id=patient.pk)


@route(PATIENT_CHART)
def care_plan(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    current = services.current_version(patient)
    if current is None:
        return render(
            request,
            "planning/care_plan.html",
            {"patient": patient, "section": "patients", "shown": None},
        )
    return _version_page(request, patient, current)


@route(PATIENT_CHART)
def version(request: AuthenticatedRequest, patient: Patient, number: int) -> HttpResponse:
    shown = get_object_or_404(PlanVersion.objects.filter(patient=patient), number=number)
    return _version_page(request, patient, shown)


def _version_page(
    request: AuthenticatedRequest, patient: Patient, shown: PlanVersion
) -> HttpResponse:
    versions = list(PlanVersion.objects.filter(patient=patient).select_related("created_by"))
    return render(
        request,
        "planning/care_plan.html",
        {
            "patient": patient,
            "section": "patients",
            "shown": version_view(shown),
            "versions": versions,
            "latest": versions[0].number,
            "today": timezone.localdate(),
        },
    )


@route(PATIENT_CHART)
def patient_pdf(request: AuthenticatedRequest, patient: Patient, number: int) -> HttpResponse:
    """The plain-language version in the patient's language (``?lang=en|de`` to choose)."""
    shown = get_object_or_404(PlanVersion.objects.filter(patient=patient), number=number)
    language = request.GET.get("lang") or patient.preferred_language
    if language not in pdf.LANGUAGES:
        raise Http404
    return pdf.response(request, shown, language)


@route(PATIENT_SELF)
def portal_plan(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    current = services.current_version(patient)
    return render(
        request,
        "planning/portal_plan.html",
        {
            "patient": patient,
            "portal": True,
            "nav": "home",
            "shown": version_view(current) if current else None,
        },
    )


@route(PATIENT_SELF)
def portal_pdf(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    current = services.current_version(patient)
    if current is None:
        raise Http404
    return pdf.response(request, current, patient.preferred_language)


@route(CLINICIAN)
def reviews(request: AuthenticatedRequest) -> HttpResponse:
    """The care plans of the clinician's patients whose review is due or overdue."""
    return render(
        request,
        "planning/reviews.html",
        {"due": worklist.reviews_due(request.user), "today": timezone.localdate(),
         "section": "reviews"},
    )  # fmt: skip
