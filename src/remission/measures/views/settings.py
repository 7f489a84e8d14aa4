"""Clinic administrators: the clinic's measurement choices and its licensed instrument text."""

from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from remission.access import CLINIC_ADMIN, route
from remission.accounts.models import CLINICIAN_ROLES, Role
from remission.audit import trail
from remission.clinical.instruments import InstrumentDataError, get_instrument, read_content_pack
from remission.measures import services
from remission.measures.models import InstrumentText, MeasurementSettings
from remission.web.http import AuthenticatedRequest


class SettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = MeasurementSettings
        fields = [
            "escalate_after_minutes", "escalate_review_after_hours", "on_call_role",
            "link_valid_hours", "remind_after_days", "missed_after_days", "hamd_band_set",
            "madrs_remission",
        ]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on_call_role"] = forms.ChoiceField(
            label=gettext_lazy("On-call role"),
            choices=[(r.value, r.label) for r in Role if r in CLINICIAN_ROLES],
        )
        hamd, madrs = get_instrument("hamd17"), get_instrument("madrs")
        self.fields["hamd_band_set"] = forms.ChoiceField(
            label=gettext_lazy("HAM-D17 severity bands"),
            choices=[("", gettext_lazy("Default (first listed)"))]
            + [(s.id, f"{s.label} — {s.source}") for s in hamd.band_sets],
            required=False,
        )
        remission = madrs.outcomes.remission if madrs.outcomes else ()
        self.fields["madrs_remission"] = forms.ChoiceField(
            label=gettext_lazy("MADRS remission threshold"),
            choices=[("", gettext_lazy("Default (first listed)"))]
            + [(c.id, f"{c.label} — {c.source}") for c in remission],
            required=False,
        )


class PackForm(forms.Form):
    content = forms.CharField(
        label=gettext_lazy("Content pack (TOML)"),
        widget=forms.Textarea(attrs={"rows": 14, "class": "mono", "spellcheck": "false"}),
        help_text=gettext_lazy("The format is described in docs/content-packs.md."),
    )
    upload = forms.FileField(label=gettext_lazy("…or upload the file"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = data.get("content", "")
        try:
            data["pack"] = read_content_pack(text, name="the pack")
        except InstrumentDataError as error:
            self.add_error("content", str(error))
        return data


@route(CLINIC_ADMIN, methods=["GET", "POST"])
def measurement_settings(request: AuthenticatedRequest) -> HttpResponse:
    current = services.settings_for(request.user.clinic_pk)
    form = SettingsForm(request.POST or None, instance=current, prefix="settings")
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            trail.record(request, "measures.settings.updated", detail={"fields": form.changed_data})
        messages.success(request, _("The measurement settings were saved."))
        return redirect("measures:settings")
    packs = InstrumentText.objects.filter(clinic_id=request.user.clinic_pk).order_by(
        "instrument", "language"
    )
    return render(
        request,
        "measures/settings.html",
        {"form": form, "packs": packs, "pack_form": PackForm(prefix="pack"), "section": "measures"},
    )


@route(CLINIC_ADMIN, methods=["POST"])
def pack_upload(request: AuthenticatedRequest) -> HttpResponse:
    data = request.POST.copy()
    if upload := request.FILES.get("pack-upload"):
        data["pack-content"] = upload.read(200_000).decode("utf-8", errors="replace")
    form = PackForm(data, prefix="pack")
    if form.is_valid():
        pack = form.cleaned_data["pack"]
        with transaction.atomic():
            InstrumentText.objects.update_or_create(
                clinic_id=request.user.clinic_pk,
                instrument=pack.instrument,
                language=pack.language,
                defaults={"content": form.cleaned_data["content"], "uploaded_by": request.user},
            )
            trail.record(
                request,
                "measures.content_pack.loaded",
                detail={"instrument": pack.instrument, "language": pack.language},
            )
        messages.success(
            request,
            _("The %(instrument)s text in %(language)s is loaded; forms show it from now on.")
            % {"instrument": pack.instrument, "language": pack.language},
        )
        return redirect("measures:settings")
    current = services.settings_for(request.user.clinic_pk)
    return render(
        request,
        "measures/settings.html",
        {
            "form": SettingsForm(instance=current, prefix="settings"),
            "packs": InstrumentText.objects.filter(clinic_id=request.user.clinic_pk),
            "pack_form": form,
            "section": "measures",
        },
    )
