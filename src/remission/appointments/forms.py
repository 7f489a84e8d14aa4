from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from remission.accounts.models import User
from remission.appointments.models import AppointmentStatus, Kind


class AppointmentForm(forms.Form):
    title = forms.CharField(label=_("Purpose"), max_length=120)
    clinicians = forms.ModelMultipleChoiceField(
        label=_("Clinicians"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("Starts"), widget=forms.TimeInput(attrs={"type": "time"}))
    minutes = forms.IntegerField(label=_("Length in minutes"), min_value=5, max_value=720)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices, widget=forms.RadioSelect)
    location = forms.CharField(label=_("Room or place"), max_length=120, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=AppointmentStatus.choices, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, clinicians: QuerySet[User], editing: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["clinicians"].queryset = clinicians  # type: ignore[attr-defined]
        if not editing:
            del self.fields["status"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("day") and data.get("start") and data.get("minutes"):
            starts = timezone.make_aware(datetime.combine(data["day"], data["start"]))
            data["starts_at"] = starts
            data["ends_at"] = starts + timedelta(minutes=data["minutes"])
        if data.get("kind") == Kind.IN_PERSON and not (data.get("location") or "").strip():
            self.add_error("location", _("Say where the visit takes place."))
        return data
