from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from remission.accounts.models import CLINICIAN_ROLES, User
from remission.patients.models import CareTeamMember, CareTeamRole, Patient


class PatientForm(forms.ModelForm):  # type: ignore[type-arg]
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Patient
        fields = [
            "given_name",
            "family_name",
            "preferred_name",
            "date_of_birth",
            "sex_at_birth",
            "gender_identity",
            "pronouns",
            "mrn",
            "insurance_number",
            "preferred_language",
            "email",
            "phone",
            "address",
            "emergency_contact_name",
            "emergency_contact_relationship",
            "emergency_contact_phone",
        ]
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "address": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "mrn": _("Leave empty to have one assigned."),
            "date_of_birth": _("Between 1900 and today."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mrn"].required = False
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def clean_date_of_birth(self) -> date:
        value: date = self.cleaned_data["date_of_birth"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        if value.year < 1900:
            raise forms.ValidationError(_("Enter a date of birth from 1900 onwards."))
        return value

    def clean_mrn(self) -> str:
        return str(self.cleaned_data.get("mrn") or "").strip()


class PatientSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or record number"), required=False, max_length=100)


class CareTeamAddForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Clinician"), queryset=User.objects.none())
    role = forms.ChoiceField(label=_("Role on the team"), choices=CareTeamRole.choices)

    def __init__(self, *args: Any, patient: Patient, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        on_team = CareTeamMember.objects.filter(patient=patient).values("user_id")
        self.fields["user"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(
                clinic_id=patient.clinic_id, is_active=True, role__in=CLINICIAN_ROLES
            )
            .exclude(pk__in=on_team)
            .order_by("last_name", "first_name")
        )
