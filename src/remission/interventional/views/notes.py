"""Psychotherapy notes: written by modality, read only by their author and the clinicians the
author granted (``notes.visible_notes`` on every page, panel and export)."""

from django import forms
from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from remission.access import PATIENT_CHART, object_or_404, route
from remission.accounts.models import User
from remission.appointments.models import Appointment
from remission.companion import skills
from remission.interventional import notes
from remission.interventional.models import Modality, NoteGrant
from remission.patients.models import Patient
from remission.web.http import AuthenticatedRequest


def note_form(modality: str, data: object = None) -> forms.Form:
    form = forms.Form(data)  # type: ignore[arg-type]
    for key, label in notes.sections_for(modality):
        form.fields[key] = forms.CharField(
            label=label, required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
        )
    form.fields["exercise"] = forms.ChoiceField(
        label=_("Homework for the companion"), required=False,
        choices=[("", _("No homework")), *skills.choices()],
    )  # fmt: skip
    form.fields["homework_note"] = forms.CharField(
        label=_("Note for the patient with the homework"), required=False, max_length=2000
    )
    return form


@route(PATIENT_CHART)
def note_list(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    visible = notes.visible_notes(request.user, patient).select_related("author", "homework")
    grants = NoteGrant.objects.filter(patient=patient, author=request.user, revoked_at=None)
    team = User.objects.filter(
        Q(care_assignments__patient=patient) & ~Q(pk=request.user.pk)
    ).order_by("last_name")
    return render(
        request, "interventional/notes.html",
        {"patient": patient, "notes": [(n, _labelled(n)) for n in visible],
         "hidden": notes.hidden_count(request.user, patient), "grants": grants, "team": team,
         "modalities": Modality.choices, "section": "patients"},
    )  # fmt: skip


def _labelled(note: object) -> list[tuple[str, str]]:
    labels = dict(notes.sections_for(note.modality))  # type: ignore[attr-defined]
    return [(labels.get(k, k), v) for k, v in note.sections.items()]  # type: ignore[attr-defined]


@route(PATIENT_CHART, methods=["GET", "POST"])
def note_new(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    modality = request.GET.get("modality", "")
    if modality not in Modality.values:
        modality = Modality.CBT
    appointment = None
    if wanted := request.GET.get("appointment", ""):
        # Not a number is not one of the clinician's appointments either (404, audited).
        appointment = object_or_404(
            request, Appointment.objects.filter(patient=patient, clinicians=request.user),
            pk=int(wanted) if wanted.isdigit() else 0,
        )  # fmt: skip
    form = note_form(modality, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        notes.write_note(
            request, patient, request.user, modality=modality,
            sections={k: data[k] for k, _ in notes.sections_for(modality)},
            appointment=appointment, exercise=data["exercise"], homework_note=data["homework_note"],
        )  # fmt: skip
        messages.success(request, _("Note saved. Only you, and clinicians you grant, can read it."))
        return redirect("interventional:notes", patient_id=patient.pk)
    return render(
        request, "interventional/note_form.html",
        {"patient": patient, "form": form, "modality": modality, "modalities": Modality.choices,
         "appointment": appointment, "section": "patients"},
    )  # fmt: skip


@route(PATIENT_CHART, methods=["POST"])
def note_grant(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    grantee = User.objects.filter(pk=request.POST.get("grantee") or 0).first()
    reason = request.POST.get("reason", "").strip()
    if grantee is None or not reason:
        messages.error(request, _("Choose a clinician of the care team and give a reason."))
    else:
        try:
            notes.grant(request, patient, request.user, grantee, reason)
        except notes.NotOnTeam:
            messages.error(
                request, _("Only clinicians of this patient's care team can be granted.")
            )
        else:
            messages.success(request, _("Access granted to your notes of this patient."))
    return redirect("interventional:notes", patient_id=patient.pk)


@route(PATIENT_CHART, methods=["POST"])
def note_revoke(request: AuthenticatedRequest, patient: Patient, grant_id: int) -> HttpResponse:
    made = object_or_404(
        request, NoteGrant.objects.filter(patient=patient, author=request.user, revoked_at=None),
        pk=grant_id,
    )  # fmt: skip
    notes.revoke(request, made)
    messages.success(request, _("Access revoked."))
    return redirect("interventional:notes", patient_id=patient.pk)


@route(PATIENT_CHART)
def note_export(request: AuthenticatedRequest, patient: Patient) -> HttpResponse:
    """The notes this user may read, as plain text (the same rule as the pages)."""
    lines = [f"Psychotherapy notes: {patient.full_name} ({patient.mrn})",
             f"Exported {timezone.localtime():%Y-%m-%d %H:%M} by {request.user.get_full_name()}",
             ""]  # fmt: skip
    for note in notes.visible_notes(request.user, patient).select_related("author"):
        lines.append(f"{timezone.localtime(note.written_at):%Y-%m-%d %H:%M} · "
                     f"{note.get_modality_display()} · {note.author.get_full_name()}")  # fmt: skip
        lines += [f"{label}: {text}" for label, text in _labelled(note)]
        lines.append("")
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="notes-{patient.mrn}.txt"'
    return response
