from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from remission.accounts.models import User
from remission.audit.models import Outcome

# Sorting is allow-listed: a sort parameter never reaches ORDER BY unchecked (security-targets T26).
SORTS = {
    "-at": ("-at", "-id"),
    "at": ("at", "id"),
    "actor": ("actor_label", "-id"),
    "-actor": ("-actor_label", "-id"),
    "action": ("action", "-id"),
    "-action": ("-action", "-id"),
    "patient": ("patient__name_key", "-id"),
    "-patient": ("-patient__name_key", "-id"),
    "outcome": ("outcome", "-id"),
    "-outcome": ("-outcome", "-id"),
}


class AuditFilterForm(forms.Form):
    actor = forms.ModelChoiceField(
        label=_("User"), queryset=User.objects.none(), required=False, empty_label=_("Anyone")
    )
    patient = forms.CharField(label=_("Patient record number"), required=False, max_length=32)
    action = forms.CharField(
        label=_("Action starts with"),
        required=False,
        max_length=100,
        help_text=_("e.g. patients.chart or accounts.login"),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), required=False, choices=[("", _("Any")), *Outcome.choices]
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To (inclusive)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sort = forms.ChoiceField(required=False, choices=[(key, key) for key in SORTS])

    def __init__(self, *args: Any, clinic_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = User.objects.filter(clinic_id=clinic_id).order_by(  # type: ignore[attr-defined]
            "last_name", "first_name"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("The end date must be on or after the start date."))
        return data
