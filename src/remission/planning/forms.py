"""The planning page's forms: the context the options depend on, and the shared decision with its
care plan (goals, steps, measurement plan). Blank rows of the plan are skipped; a half-filled
row names what it lacks."""

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from remission.accounts.models import User
from remission.planning.models import INSTRUMENT_CHOICES, PlanningContext, StepKind
from remission.treatments.forms import DATE
from remission.web.fields import TriState

GOAL_ROWS = 3
STEP_ROWS = 5
MEASUREMENT_ROWS = 3


NOT_ASKED = _("Not asked")


class ContextForm(forms.ModelForm):  # type: ignore[type-arg]
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    pregnant = TriState(label=_("Pregnant"), unknown_label=NOT_ASKED)
    breastfeeding = TriState(label=_("Breastfeeding"), unknown_label=NOT_ASKED)
    family_support = TriState(label=_("Family support"), unknown_label=NOT_ASKED)
    trauma_history = TriState(label=_("History of trauma"), unknown_label=NOT_ASKED)
    avoid_medication = TriState(label=_("Wishes to avoid medication"), unknown_label=NOT_ASKED)
    prefers_psychotherapy = TriState(label=_("Prefers psychotherapy"), unknown_label=NOT_ASKED)
    can_attend_daily = TriState(
        label=_("Can attend daily (e.g. rTMS, a day programme)"), unknown_label=NOT_ASKED
    )

    class Meta:
        model = PlanningContext
        fields = [
            "avoid_medication", "prefers_psychotherapy", "can_attend_daily", "family_support",
            "trauma_history", "stressors", "pregnant", "breastfeeding", "bp_systolic",
            "bp_diastolic", "bp_date", "conditions_complete", "medications_complete",
        ]  # fmt: skip
        widgets = {"bp_date": DATE, "stressors": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parts = [data.get("bp_systolic"), data.get("bp_diastolic"), data.get("bp_date")]
        if any(part is not None for part in parts) and not all(part is not None for part in parts):
            self.add_error(
                "bp_date",
                _("A blood pressure needs systolic, diastolic and the day it was measured."),
            )
        day = data.get("bp_date")
        if day and day > self.today:
            self.add_error("bp_date", _("The day of measurement cannot be in the future."))
        return data


class DecisionForm(forms.Form):
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    digest = forms.CharField(widget=forms.HiddenInput)
    chosen = forms.MultipleChoiceField(
        label=_("Options chosen"), required=False, widget=forms.CheckboxSelectMultiple
    )
    preferences = forms.CharField(
        label=_("The patient's preferences and concerns"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        help_text=_("In the patient's words where possible: what matters, what worries them."),
    )
    rationale = forms.CharField(
        label=_("Rationale"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    override_reason = forms.CharField(
        label=_("Reason for choosing an option with a caution or contraindication"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
    )
    change_note = forms.CharField(
        label=_("What changed since the last version"), required=False, max_length=500
    )
    review_on = forms.DateField(label=_("Review on"), widget=DATE)
    responsible = forms.ModelMultipleChoiceField(
        label=_("Responsible clinicians"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        options: list[tuple[str, str]],
        team: Any,
        today: date,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["chosen"].choices = options  # type: ignore[attr-defined]
        self.fields["responsible"].queryset = team  # type: ignore[attr-defined]
        self.fields["responsible"].label_from_instance = lambda user: user.display_name  # type: ignore[attr-defined]

    def clean_review_on(self) -> date:
        day: date = self.cleaned_data["review_on"]
        if day <= self.today:
            raise forms.ValidationError(_("The review must be after today."))
        return day


class RowForm(forms.Form):
    """A row of the plan; entirely blank rows are skipped, half-filled ones are errors."""

    def filled(self) -> bool:
        return any(self.cleaned_data.get(name) not in (None, "") for name in self.fields)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if any(data.get(name) not in (None, "") for name in self.fields):
            for name, field in self.fields.items():
                if data.get(name) in (None, "") and name not in self.errors:
                    self.add_error(
                        name, _("Needed for this row: %(field)s.") % {"field": field.label}
                    )
        return data


class GoalForm(RowForm):
    instrument = forms.ChoiceField(
        label=_("Instrument"), choices=[("", "—"), *INSTRUMENT_CHOICES], required=False
    )
    below = forms.IntegerField(label=_("Total below"), min_value=1, max_value=80, required=False)
    by = forms.DateField(label=_("By"), widget=DATE, required=False)


class StepForm(RowForm):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", "—"), *StepKind.choices], required=False
    )
    description = forms.CharField(label=_("Description"), max_length=500, required=False)


class MeasurementForm(RowForm):
    instrument = forms.ChoiceField(
        label=_("Instrument"), choices=[("", "—"), *INSTRUMENT_CHOICES], required=False
    )
    every_days = forms.IntegerField(
        label=_("Every (days)"), min_value=1, max_value=365, required=False
    )


GoalFormSet = forms.formset_factory(GoalForm, extra=0)
StepFormSet = forms.formset_factory(StepForm, extra=0)
MeasurementFormSet = forms.formset_factory(MeasurementForm, extra=0)


def rows(formset: forms.BaseFormSet) -> list[dict[str, Any]]:  # type: ignore[type-arg]
    """The filled rows of a valid formset."""
    return [dict(form.cleaned_data) for form in formset.forms if form.filled()]
