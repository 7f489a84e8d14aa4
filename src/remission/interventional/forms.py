"""Forms of the series order and of each step of the dose record (each carries the record version
it was rendered with, for the optimistic lock)."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from remission.accounts.models import User
from remission.clinical.protocols import ketamine_iv
from remission.interventional.models import (
    MOMENTS,
    AdverseEvent,
    InterventionalSettings,
    PregnancyTest,
)
from remission.interventional.records import CADSS_INSTRUMENTS, SIDE_EFFECTS
from remission.planning.models import CarePlan

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NUMBER = {"inputmode": "numeric"}


def offer_care_plan(form: forms.Form, plan: CarePlan | None, *, ticked: bool) -> None:
    """Add "a step of the care plan" to an order form when the patient has a care plan, so the
    series or course is linked to the plan it delivers (issue: planning, care plan steps)."""
    if plan is None:
        return
    form.fields["from_care_plan"] = forms.BooleanField(
        label=_("Delivers a step of the patient's care plan"), required=False, initial=ticked
    )


def chosen_care_plan(form: forms.Form, plan: CarePlan | None) -> CarePlan | None:
    return plan if plan is not None and form.cleaned_data.get("from_care_plan") else None


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class OrderForm(forms.Form):
    start_on = forms.DateField(label=_("First dose on"), widget=DATE)
    start_time = forms.TimeField(label=_("At"), widget=TIME)
    room = forms.ChoiceField(label=_("Room or chair"))
    nurse = forms.ModelChoiceField(label=_("Nurse"), queryset=User.objects.none())
    prescriber = forms.ModelChoiceField(label=_("Prescriber on site"), queryset=User.objects.none())

    def __init__(self, *args: Any, rooms: list[str], nurses: QuerySet[User],
                 prescribers: QuerySet[User], **kwargs: Any) -> None:  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["room"].choices = [(room, room) for room in rooms]  # type: ignore[attr-defined]
        self.fields["nurse"].queryset = nurses  # type: ignore[attr-defined]
        self.fields["prescriber"].queryset = prescribers  # type: ignore[attr-defined]


class KetamineOrderForm(OrderForm):
    schedule = forms.ChoiceField(
        label=_("Series"),
        choices=[(t.name, t.description) for t in ketamine_iv.rules().series.values()],
    )
    weight_kg = forms.DecimalField(label=_("Weight (kg)"), max_digits=5, decimal_places=1)
    mg_per_kg = forms.DecimalField(
        label=_("Dose (mg/kg)"), max_digits=4, decimal_places=2, initial="0.5"
    )
    infusion_minutes = forms.IntegerField(label=_("Infusion time (min)"), initial=40)
    concentration_mg_per_ml = forms.DecimalField(
        label=_("Vial concentration (mg/mL)"), max_digits=6, decimal_places=2, required=False
    )


class EsketamineOrderForm(OrderForm):
    schedule = forms.ChoiceField(
        label=_("Label"),
        choices=[("us", _("US prescribing information (REMS)")), ("eu", _("EU SmPC"))],
    )
    weeks = forms.IntegerField(label=_("Treatment weeks to schedule"), initial=8)


class ChecklistForm(VersionedForm):
    consent_confirmed = forms.BooleanField(label=_("Consent for this series confirmed"),
                                           required=False)  # fmt: skip
    fasting_confirmed = forms.BooleanField(label=_("Fasting as instructed"), required=False)
    transport_arranged = forms.BooleanField(label=_("Transport home arranged"), required=False)
    pregnancy_test = forms.ChoiceField(
        label=_("Pregnancy test"), choices=[("", "—"), *PregnancyTest.choices], required=False
    )
    bp_decision = forms.CharField(
        label=_("Benefit/risk decision for the blood pressure"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class OverrideForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), max_length=1000)


class VitalsForm(forms.Form):
    moment = forms.ChoiceField(label=_("When"), choices=MOMENTS)
    taken_at = forms.TimeField(label=_("Time"), widget=TIME)
    systolic_mmhg = forms.IntegerField(label=_("Systolic (mmHg)"),
                                       widget=forms.NumberInput(attrs=NUMBER))  # fmt: skip
    diastolic_mmhg = forms.IntegerField(label=_("Diastolic (mmHg)"),
                                        widget=forms.NumberInput(attrs=NUMBER))  # fmt: skip
    heart_rate_bpm = forms.IntegerField(label=_("Heart rate (/min)"), required=False,
                                        widget=forms.NumberInput(attrs=NUMBER))  # fmt: skip
    spo2_percent = forms.IntegerField(label=_("SpO₂ (%)"), required=False,
                                      widget=forms.NumberInput(attrs=NUMBER))  # fmt: skip
    respiratory_rate_per_min = forms.IntegerField(label=_("Breaths (/min)"), required=False,
                                                  widget=forms.NumberInput(attrs=NUMBER))  # fmt: skip


class DoseForm(VersionedForm):
    dose_mg = forms.TypedChoiceField(label=_("Dose"), coerce=int, required=False)
    started_at = forms.TimeField(label=_("Dosing started at"), widget=TIME)

    def __init__(self, *args: Any, options: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if options:
            self.fields["dose_mg"].choices = [(mg, f"{mg} mg") for mg in options]  # type: ignore[attr-defined]
            self.fields["dose_mg"].required = True
        else:
            del self.fields["dose_mg"]


class MonitoringForm(VersionedForm):
    cadss_instrument = forms.ChoiceField(
        label=_("Dissociation scale"), choices=[(i, i.upper().replace("6", "-6"))
                                                for i in CADSS_INSTRUMENTS],
    )  # fmt: skip
    cadss_total = forms.IntegerField(label=_("CADSS total"), required=False, min_value=0)
    sedation = forms.NullBooleanField(label=_("Sedation observed"), required=False)
    respiratory_depression = forms.NullBooleanField(label=_("Respiratory depression observed"),
                                                    required=False)  # fmt: skip
    side_effects = forms.MultipleChoiceField(
        label=_("Side effects"), choices=SIDE_EFFECTS, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip


class AdverseEventForm(forms.ModelForm[AdverseEvent]):
    class Meta:
        model = AdverseEvent
        fields = ["description", "severity", "action_taken"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2}),
                   "action_taken": forms.Textarea(attrs={"rows": 2})}  # fmt: skip


class DischargeForm(VersionedForm):
    clinically_stable = forms.BooleanField(label=_("Clinically stable and ready to leave"),
                                           required=False)  # fmt: skip
    transport_arranged = forms.BooleanField(label=_("Transport home confirmed"), required=False)
    note = forms.CharField(label=_("Discharge note"), widget=forms.Textarea(attrs={"rows": 2}),
                           required=False, max_length=2000)  # fmt: skip


class AmendForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the amendment"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class SettingsForm(forms.ModelForm[InterventionalSettings]):
    class Meta:
        model = InterventionalSettings
        fields = ["integration_policy", "integration_hour", "integration_minutes",
                  "questionnaire_days_before", "response_instrument", "relapse_threshold", "rooms"]  # fmt: skip
