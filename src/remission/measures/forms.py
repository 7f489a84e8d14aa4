"""The questionnaire form, built from an instrument's definition and the words for its language."""

from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from remission.clinical.instruments import (
    ContentPack,
    Instrument,
    InstrumentError,
    InvalidAnswer,
    all_instruments,
    score,
)
from remission.measures.models import ActionTaken

BLANK = ""


class InstrumentForm(forms.Form):
    """One radio group per item. Labels are the item text when the language has it (shipped or
    a clinic's licensed pack), else the short label. Validation is the clinical core's: its error
    names the item and the allowed answers, and the form shows it under that item."""

    def __init__(
        self,
        *args: Any,
        instrument: Instrument,
        pack: ContentPack | None,
        partial: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.pack = pack
        self.partial = partial  # an autosave of the answers so far
        for number, item in enumerate(instrument.items, start=1):
            words = pack.items.get(item.id) if pack else None
            choices = [
                (
                    str(option.value),
                    (words.options.get(option.value) if words else None) or option.label,
                )
                for option in item.options
            ]
            field = forms.ChoiceField(
                label=words.text if words else item.label,
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
            )
            field.number = number  # type: ignore[attr-defined]
            field.optional = not item.required or item.ask_if is not None or not item.scored  # type: ignore[attr-defined]
            self.fields[item.id] = field

    @property
    def stem(self) -> str:
        return (self.pack.stem if self.pack else None) or ""

    def answers(self) -> dict[str, int | None]:
        data = self.cleaned_data
        return {
            item.id: int(data[item.id]) if data.get(item.id) not in (None, BLANK) else None
            for item in self.instrument.items
        }

    def clean(self) -> dict[str, Any]:
        """Every unanswered question is named at once, not only the first one."""
        data = super().clean() or {}
        if not self.errors and not self.partial:
            try:
                missing = score(self.instrument.id, self.answers(), allow_incomplete=True).missing
            except InstrumentError as error:
                self.add_core_error(error)
            else:
                for item_id in missing:
                    self.add_error(item_id, _("Please answer this question."))
        return data

    def add_core_error(self, error: InstrumentError) -> None:
        field = (
            error.item if isinstance(error, InvalidAnswer) and error.item in self.fields else None
        )
        message = _("Please answer this question.") if "missing" in str(error) else str(error)
        self.add_error(field, message)


class ClinicianEntryForm(forms.Form):
    administered_at = forms.DateTimeField(
        label=_("Administered at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("When the patient answered or was rated; not in the future."),
    )

    def clean_administered_at(self) -> datetime:
        value: datetime = self.cleaned_data["administered_at"]
        if value > timezone.now() + timedelta(minutes=5):
            raise forms.ValidationError(_("The time cannot be in the future."))
        return value


# The order clinicians reach for them; any other instrument follows.
COMMON_FIRST = ("phq9", "gad7", "qids_sr16", "hamd17", "madrs", "who5", "cssrs_screener")


def instrument_choices(self_report_only: bool = False) -> list[tuple[str, str]]:
    ordered = sorted(
        all_instruments(),
        key=lambda i: (
            COMMON_FIRST.index(i.id) if i.id in COMMON_FIRST else len(COMMON_FIRST),
            i.id,
        ),
    )
    return [
        (instrument.id, instrument.short_name)
        for instrument in ordered
        if not self_report_only or instrument.rater == "self"
    ]


class LinkForm(forms.Form):
    instruments = forms.MultipleChoiceField(
        label=_("Questionnaires"), widget=forms.CheckboxSelectMultiple, choices=[]
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("en", "English"), ("de", "Deutsch")]
    )
    delivery = forms.ChoiceField(
        label=_("How the patient gets it"),
        choices=[("email", _("Send by e-mail")), ("print", _("Print with a QR code"))],
        widget=forms.RadioSelect,
        initial="email",
    )

    def __init__(self, *args: Any, patient_email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instruments"].choices = instrument_choices(self_report_only=True)  # type: ignore[attr-defined]
        self.patient_email = patient_email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("delivery") == "email" and not self.patient_email:
            self.add_error(
                "delivery",
                _("The patient has no e-mail address: print the link, or add an address first."),
            )
        return data


class ScheduleForm(forms.Form):
    instrument = forms.ChoiceField(label=_("Questionnaire"), choices=[])
    every_days = forms.IntegerField(
        label=_("Every (days)"),
        min_value=1,
        max_value=365,
        help_text=_("7 for weekly, 14 for every two weeks; 1 to 365."),
    )
    first_due = forms.DateField(
        label=_("First due on"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instrument"].choices = instrument_choices(self_report_only=True)  # type: ignore[attr-defined]

    def clean_first_due(self) -> Any:
        value = self.cleaned_data["first_due"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("The first due date cannot be in the past."))
        return value


class AcknowledgeForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action taken"), choices=ActionTaken.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_("What you did and what happens next."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == ActionTaken.NO_ACTION and not data.get("note"):
            self.add_error("note", _("Say briefly why no further action is needed."))
        return data
