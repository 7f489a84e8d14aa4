"""Known causes and contributors of resistance: conditions, medications, substance use,
stressors, support, family, and (handled with care) trauma history and triggers."""

from itertools import groupby

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from remission.access import PATIENT_CHART, route
from remission.concurrency import EditConflict
from remission.patients.models import Patient
from remission.treatments import drugs, services
from remission.treatments.forms import ContributorForm, RemovalForm
from remission.treatments.models import SENSITIVE_KINDS, Contributor, ContributorKind
from remission.treatments.views.common import conflict_message, earlier_versions, rebound
from remission.web.context_processors import StrOrPromise
from remission.web.http import AuthenticatedRequest

ORDER = [
    ContributorKind.CONDITION,
    ContributorKind.MEDICATION,
    ContributorKind.SUBSTANCE_USE,
    ContributorKind.STRESSOR,
    ContributorKind.SUPPORT,
    ContributorKind.FAMILY,
    ContributorKind.TRAUMA,
    ContributorKind.TRIGGER,
]


HEADINGS = {
    ContributorKind.CONDITION: gettext_lazy("Comorbid conditions"),
    ContributorKind.MEDICATION: gettext_lazy("Current medications"),
    ContributorKind.SUBSTANCE_USE: gettext_lazy("Substance use"),
    ContributorKind.STRESSOR: gettext_lazy("Psychosocial stressors"),
    ContributorKind.SUPPORT: gettext_lazy("Support network"),
    ContributorKind.FAMILY: gettext_lazy("Family situation"),
    ContributorKind.TRAUMA: gettext_lazy("Trauma history"),
    ContributorKind.TRIGGER: gettext_lazy("Known triggers"),
}


def sections(patient: Patient) -> list[tuple[ContributorKind, StrOrPromise, list[Contributor]]]:
    """Every kind in a fixed order, each with its current entries (removed ones left out)."""
    entries = sorted(
        Contributor.objects.filter(patient=patient, removed_at=None),
        key=lambda e: (ORDER.index(ContributorKind(e.kind)), e.pk),
    )
    grouped = {kind: list(rows) for kind, rows in groupby(entries, key=lambda e: e.kind)}
    return [(kind, HEADINGS[kind], grouped.get(kind.value, [])) for kind in ORDER]


@route(PATIENT_CHART)
def contributors(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    return render(
        request,
        "treatments/contributors.html",
        {
            "patient": patient,
            "sections": sections(patient),
            "sensitive": SENSITIVE_KINDS,
            "removed": Contributor.objects.filter(patient=patient, removed_at__isnull=False),
            "section": "patients",
        },
    )


def _kind(value: str) -> ContributorKind:
    try:
        return ContributorKind(value)
    except ValueError:
        raise Http404 from None


@route(PATIENT_CHART, methods=["GET", "POST"])
def contributor_add(request: AuthenticatedRequest, patient: Patient, kind: str) -> HttpResponse:
    chosen = _kind(kind)
    form = ContributorForm(request.POST or None, kind=chosen)
    if request.method == "POST" and form.is_valid():
        entry = form.save(commit=False)
        entry.kind = chosen
        services.add_contributor(request, patient, entry)
        messages.success(request, _("%(kind)s recorded.") % {"kind": chosen.label})
        return redirect("treatments:contributors", patient_id=patient.pk)
    return _page(request, patient, chosen, form, None)


@route(PATIENT_CHART, methods=["GET", "POST"])
def contributor_edit(
    request: AuthenticatedRequest, patient: Patient, entry_id: int
) -> HttpResponse:
    entry = get_object_or_404(Contributor.objects.filter(patient=patient), pk=entry_id)
    kind = ContributorKind(entry.kind)
    data = request.POST if request.method == "POST" and not entry.removed else None
    form = ContributorForm(data, instance=entry, kind=kind)
    conflict = None
    if data is not None and form.is_valid():
        try:
            services.update_contributor(
                request, form.save(commit=False), form.cleaned_data["version"] or 0
            )
        except EditConflict:
            conflict = Contributor.objects.select_related("updated_by").get(pk=entry.pk)
            form = rebound(ContributorForm, data, conflict, instance=entry, kind=kind)
            form.add_error(None, conflict_message())
        else:
            messages.success(request, _("The entry was corrected; the previous version is kept."))
            return redirect("treatments:contributors", patient_id=patient.pk)
    return _page(request, patient, kind, form, entry, conflict)


def _page(
    request: AuthenticatedRequest,
    patient: Patient,
    kind: ContributorKind,
    form: ContributorForm,
    entry: Contributor | None,
    conflict: Contributor | None = None,
) -> HttpResponse:
    return render(
        request,
        "treatments/contributor_form.html",
        {
            "patient": patient,
            "kind": kind,
            "form": form,
            "entry": entry,
            "conflict": conflict,
            "sensitive": kind in SENSITIVE_KINDS,
            "drug_names": drugs.augmentation_names() if kind == ContributorKind.MEDICATION else (),
            "removal": RemovalForm(initial={"version": entry.version}) if entry else None,
            "versions": earlier_versions(entry),
            "section": "patients",
        },
    )


@route(PATIENT_CHART, methods=["POST"])
def contributor_remove(
    request: AuthenticatedRequest, patient: Patient, entry_id: int
) -> HttpResponse:
    entry = get_object_or_404(Contributor.objects.filter(patient=patient), pk=entry_id)
    form = RemovalForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the entry is removed; nothing was changed."))
        return redirect("treatments:contributor_edit", patient_id=patient.pk, entry_id=entry.pk)
    try:
        services.remove_contributor(
            request, entry, form.cleaned_data["version"], form.cleaned_data["removal_reason"]
        )
    except EditConflict:
        messages.error(
            request,
            _("Someone else changed this entry after you opened it; nothing was removed."),
        )
        return redirect("treatments:contributor_edit", patient_id=patient.pk, entry_id=entry.pk)
    messages.success(request, _("The entry was removed; it stays in the record with the reason."))
    return redirect("treatments:contributors", patient_id=patient.pk)
