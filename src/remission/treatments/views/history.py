"""The intake: the episode and the trials, recorded, corrected and removed with a reason."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from remission.access import PATIENT_CHART, route
from remission.clinical.history import TrialKind
from remission.concurrency import EditConflict
from remission.patients.models import Patient
from remission.treatments import drugs, services
from remission.treatments.forms import (
    DoseStepFormSet,
    EpisodeForm,
    RemovalForm,
    TrialForm,
    dose_initial,
    place_problems,
)
from remission.treatments.history import active_trials
from remission.treatments.models import Contributor, Episode, HistoryVersion, Trial
from remission.treatments.presenters import review_view, staging_view
from remission.treatments.timeline import treatment_timeline
from remission.treatments.views.common import (
    conflict_message,
    describe_doses,
    dose_summary,
    earlier_versions,
    rebound,
)
from remission.web.http import AuthenticatedRequest

NEW_TRIAL_STEPS = 2


@route(PATIENT_CHART)
def history(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    episode = Episode.objects.filter(patient=patient).first()
    result = services.latest_result(patient)
    staging = staging_view(result) if result else None
    assessed = {row["trial_id"]: row for row in staging.trials} if staging else {}
    trials = [
        {"trial": trial, "doses": dose_summary(trial.doses), "assessed": assessed.get(trial.pk)}
        for trial in active_trials(patient)
    ]
    removed = Trial.objects.filter(patient=patient, removed_at__isnull=False).select_related(
        "removed_by"
    )
    return render(
        request,
        "treatments/history.html",
        {
            "patient": patient,
            "episode": episode,
            "trials": trials,
            "removed": removed,
            "staging": staging,
            "review": review_view(services.latest_review(patient)),
            "drawn": treatment_timeline(patient),
            "versions": HistoryVersion.objects.filter(patient=patient).select_related("created_by")[
                :10
            ],
            "contributors": Contributor.objects.filter(patient=patient, removed_at=None).count(),
            "kinds": _kinds(),
            "section": "patients",
        },
    )


def _kinds() -> list[tuple[str, str]]:
    return [(kind.value, kind.label) for kind in TrialKind]


@route(PATIENT_CHART, methods=["GET", "POST"])
def episode(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    current = Episode.objects.filter(patient=patient).first()
    instance = current or Episode(patient=patient)
    form = EpisodeForm(request.POST or None, instance=instance)
    if current is None:
        form.fields.pop("reason")
    conflict = None
    if request.method == "POST" and form.is_valid():
        expected = None if current is None else form.cleaned_data["version"] or 0
        try:
            changed = services.save_episode(
                request,
                patient,
                form.save(commit=False),
                expected,
                reason=form.cleaned_data.get("reason", ""),
            )
        except services.InvalidHistory as invalid:
            form.add_problems(invalid.problems)
        except EditConflict:
            conflict = Episode.objects.filter(patient=patient).first()
            form = rebound(EpisodeForm, request.POST, conflict, instance=conflict)
            form.add_error(None, conflict_message())
        else:
            _saved(request, changed)
            return redirect("treatments:history", patient_id=patient.pk)
    latest = _latest_scores(patient)
    return render(
        request,
        "treatments/episode_form.html",
        {
            "patient": patient,
            "form": form,
            "episode": current,
            "conflict": conflict,
            "latest_scores": latest,
            "versions": earlier_versions(current),
            "section": "patients",
        },
    )


def _latest_scores(patient: Patient) -> list[Any]:
    from remission.measures.models import Assessment

    latest: dict[str, Any] = {}
    for assessment in Assessment.objects.filter(
        patient=patient, complete=True, total__isnull=False
    ).order_by("-administered_at")[:30]:
        latest.setdefault(assessment.instrument, assessment)
    return list(latest.values())


def _trial_kind(value: str) -> TrialKind:
    try:
        return TrialKind(value)
    except ValueError:
        raise Http404 from None


@route(PATIENT_CHART, methods=["GET", "POST"])
def trial_add(request: AuthenticatedRequest, patient: Patient, kind: str) -> HttpResponse:
    chosen = _trial_kind(kind)
    if not Episode.objects.filter(patient=patient).exists():
        messages.info(request, _("Record the current episode first; the trials belong to it."))
        return redirect("treatments:episode", patient_id=patient.pk)
    return _trial_page(request, patient, Trial(patient=patient, kind=chosen))


@route(PATIENT_CHART, methods=["GET", "POST"])
def trial_edit(request: AuthenticatedRequest, patient: Patient, trial_id: int) -> HttpResponse:
    trial = get_object_or_404(Trial.objects.filter(patient=patient), pk=trial_id)
    return _trial_page(request, patient, trial)


def _trial_page(request: AuthenticatedRequest, patient: Patient, trial: Trial) -> HttpResponse:
    kind = TrialKind(trial.kind)
    editing = trial.pk is not None
    augmentable = Trial.objects.filter(
        patient=patient, kind=TrialKind.ANTIDEPRESSANT, removed_at=None
    ).exclude(pk=trial.pk)
    has_doses = kind in (TrialKind.ANTIDEPRESSANT, TrialKind.AUGMENTATION)
    data = request.POST if request.method == "POST" and not trial.removed else None
    form = TrialForm(data, instance=trial, kind=kind, augmentable=augmentable)
    steps = DoseStepFormSet(data, prefix="doses", initial=_initial_steps(trial, editing))
    elsewhere: list[str] = []
    dose_errors: list[str] = []
    conflict = None
    if data is not None and "add_step" in data:
        form, steps = _with_another_step(data, trial, kind, augmentable)
    elif data is not None and form.is_valid() and (not has_doses or steps.is_valid()):
        saved = form.save(commit=False)
        rows = [n for n, row in enumerate(steps.forms) if not row.blank] if has_doses else []
        saved.doses = [steps.forms[n].step() for n in rows]
        reason = form.cleaned_data.get("reason", "")
        try:
            if editing:
                changed = services.update_trial(
                    request, saved, form.cleaned_data["version"] or 0, reason=reason
                )
            else:
                changed = services.add_trial(request, patient, saved)
        except services.InvalidHistory as invalid:
            dose_errors, elsewhere = place_problems(
                invalid.problems, invalid.trial_index, form, steps, rows
            )
        except EditConflict:
            conflict = Trial.objects.select_related("updated_by").get(pk=trial.pk)
            form = rebound(
                TrialForm, data, conflict, instance=trial, kind=kind, augmentable=augmentable
            )
            form.add_error(None, conflict_message())
        else:
            _saved(request, changed)
            return redirect("treatments:history", patient_id=patient.pk)
    return render(
        request,
        "treatments/trial_form.html",
        {
            "patient": patient,
            "trial": trial,
            "kind": kind,
            "editing": editing,
            "form": form,
            "steps": steps if has_doses else None,
            "elsewhere": elsewhere,
            "dose_errors": dose_errors,
            "conflict": conflict,
            "conflict_doses": describe_doses(conflict.doses) if conflict else "",
            "drug_names": _names(kind),
            "augmentable_count": augmentable.count() if kind is TrialKind.AUGMENTATION else 0,
            "facts": drugs.drug_facts(trial.drug, augmentation=kind is TrialKind.AUGMENTATION)
            if trial.drug
            else None,
            "removal": RemovalForm(initial={"version": trial.version}) if editing else None,
            "versions": earlier_versions(trial) if editing else [],
            "section": "patients",
        },
    )


def _initial_steps(trial: Trial, editing: bool) -> list[dict[str, Any]]:
    rows = dose_initial(trial.doses) if editing else []
    return rows + [{}] * (1 if editing else NEW_TRIAL_STEPS)


def _with_another_step(
    data: QueryDict, trial: Trial, kind: TrialKind, augmentable: Any
) -> tuple[TrialForm, Any]:
    """The same entries with one more dose-step row, without checking or saving anything (the
    'Add a dose step' button works without JavaScript; with htmx only the rows are swapped)."""
    more = data.copy()
    total = int(data.get("doses-TOTAL_FORMS") or 0)
    more["doses-TOTAL_FORMS"] = str(min(total + 1, 20))
    probe = TrialForm(instance=trial, kind=kind, augmentable=augmentable)
    initial = {
        name: field.widget.value_from_datadict(data, {}, probe.add_prefix(name))
        for name, field in probe.fields.items()
    }
    return (
        TrialForm(initial=initial, instance=trial, kind=kind, augmentable=augmentable),
        DoseStepFormSet(more, prefix="doses"),
    )


def _names(kind: TrialKind) -> tuple[str, ...]:
    if kind is TrialKind.ANTIDEPRESSANT:
        return drugs.antidepressant_names()
    if kind is TrialKind.AUGMENTATION:
        return drugs.augmentation_names()
    return ()


def _saved(request: AuthenticatedRequest, changed: services.Changed) -> None:
    result = changed.result
    messages.success(
        request,
        _(
            "Saved as history version %(version)s. Staging: %(trd)s; Thase-Rush stage %(tr)s; "
            "MGH-S %(mghs)s; Maudsley %(msm)s."
        )
        % {
            "version": changed.version.number,
            "trd": _("meets the TRD definition")
            if result.trd
            else _("does not meet the TRD definition"),
            "tr": result.report["thase_rush"]["roman"],
            "mghs": f"{result.mgh_s_score:g}",
            "msm": f"{result.msm_total} ({result.msm_band})"
            if result.msm_total
            else _("not staged"),
        },
    )


@route(PATIENT_CHART, methods=["POST"])
def trial_remove(request: AuthenticatedRequest, patient: Patient, trial_id: int) -> HttpResponse:
    trial = get_object_or_404(Trial.objects.filter(patient=patient), pk=trial_id)
    form = RemovalForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the trial is removed; nothing was changed."))
        return redirect("treatments:trial_edit", patient_id=patient.pk, trial_id=trial.pk)
    try:
        changed = services.remove_trial(
            request, trial, form.cleaned_data["version"], form.cleaned_data["removal_reason"]
        )
    except services.StillAugmented:
        messages.error(
            request,
            _("An augmentation is recorded against this trial: remove or correct it first."),
        )
        return redirect("treatments:trial_edit", patient_id=patient.pk, trial_id=trial.pk)
    except EditConflict:
        messages.error(
            request,
            _("Someone else changed this trial after you opened it; nothing was removed. "
              "Check their change, then remove it again if it is still wrong."),
        )  # fmt: skip
        return redirect("treatments:trial_edit", patient_id=patient.pk, trial_id=trial.pk)
    _saved(request, changed)
    return redirect("treatments:history", patient_id=patient.pk)
