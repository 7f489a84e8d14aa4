"""TRD status and staging with their reasons, past results, and the pseudo-resistance review."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from remission.access import PATIENT_CHART, route
from remission.clinical.history import HistoryError
from remission.concurrency import EditConflict
from remission.patients.models import Patient
from remission.treatments import services
from remission.treatments.forms import ReviewForm
from remission.treatments.models import Episode, PseudoResistanceReview, StagingResult
from remission.treatments.presenters import review_view, staging_view
from remission.web.http import AuthenticatedRequest


def _results(patient: Patient) -> list[StagingResult]:
    return list(
        StagingResult.objects.filter(patient=patient)
        .select_related("history_version", "computed_by")
        .order_by("-id")[:50]
    )


@route(PATIENT_CHART)
def staging(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    results = _results(patient)
    definition = services.definition_for(patient.clinic_id)
    return render(
        request,
        "treatments/staging.html",
        {
            "patient": patient,
            "staging": staging_view(results[0]) if results else None,
            "results": results,
            "review": review_view(services.latest_review(patient)),
            "clinic_definition": definition,
            "has_episode": Episode.objects.filter(patient=patient).exists(),
            "section": "patients",
        },
    )


@route(PATIENT_CHART)
def staging_result(request: AuthenticatedRequest, patient: Patient, result_id: int) -> HttpResponse:
    result = get_object_or_404(
        StagingResult.objects.filter(patient=patient).select_related(
            "history_version", "computed_by"
        ),
        pk=result_id,
    )
    latest = services.latest_result(patient)
    return render(
        request,
        "treatments/staging_result.html",
        {
            "patient": patient,
            "staging": staging_view(result),
            "is_latest": latest is not None and latest.pk == result.pk,
            "section": "patients",
        },
    )


@route(PATIENT_CHART, methods=["POST"])
def recompute(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    try:
        result = services.recompute(request, patient)
    except HistoryError as error:
        messages.error(
            request,
            _("The stored history no longer passes the checks, so it was not staged again: "
              "%(problems)s. Correct the trial named, then stage again.")
            % {"problems": error},
        )  # fmt: skip
        return redirect("treatments:staging", patient_id=patient.pk)
    if result is None:
        messages.info(request, _("There is no history to stage yet."))
    else:
        messages.success(
            request,
            _("Staged again as of %(day)s (history version %(version)s).")
            % {"day": result.as_of.isoformat(), "version": result.history_version.number},
        )
    return redirect("treatments:staging", patient_id=patient.pk)


@route(PATIENT_CHART, methods=["GET", "POST"])
def review(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    latest = services.latest_review(patient)
    form = ReviewForm(
        request.POST or None,
        marks=latest.marks if latest else None,
        notes=latest.notes if latest else None,
        initial={"based_on": latest.pk if latest else None},
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.record_review(
                request,
                patient,
                form.marks(),
                form.notes(),
                based_on=form.cleaned_data["based_on"],
            )
        except EditConflict:
            conflict = latest
            rebased = request.POST.copy()
            rebased["based_on"] = str(latest.pk) if latest else ""
            form = ReviewForm(rebased)
            form.is_valid()
            form.add_error(
                None,
                _("Someone else saved a review after you opened this one. Your marks are kept "
                  "below and their review is shown next to them; save again to record yours "
                  "as the newer review."),
            )  # fmt: skip
        else:
            messages.success(request, _("The review was saved."))
            return redirect("treatments:staging", patient_id=patient.pk)
    earlier = PseudoResistanceReview.objects.filter(patient=patient).select_related("reviewed_by")[
        :20
    ]
    return render(
        request,
        "treatments/review_form.html",
        {
            "patient": patient,
            "form": form,
            "latest": review_view(latest),
            "conflict": review_view(conflict) if conflict else None,
            "earlier": earlier,
            "section": "patients",
        },
    )
