"""The dashboard's filters (GET form): dates, clinician, pathway, baseline severity, stage."""

from django import forms
from django.utils.translation import gettext_lazy as _

from remission.accounts.models import CLINICIAN_ROLES, User
from remission.clinical.instruments import get_instrument
from remission.insights.cohort import Filters
from remission.insights.figures import SEVERITY_INSTRUMENT
from remission.insights.pathways import Pathway

STAGES = [(str(n), str(n)) for n in range(6)]


class FilterForm(forms.Form):
    start_from = forms.DateField(
        label=_("treatment started from"), required=False, widget=forms.DateInput({"type": "date"})
    )
    start_to = forms.DateField(
        label=_("until"), required=False, widget=forms.DateInput({"type": "date"})
    )
    clinician = forms.TypedChoiceField(label=_("clinician"), required=False, coerce=int)
    pathway = forms.ChoiceField(label=_("pathway"), required=False)
    severity = forms.ChoiceField(label=_("baseline severity (PHQ-9)"), required=False)
    stage = forms.TypedChoiceField(
        label=_("Thase-Rush stage (latest)"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("any")), *STAGES],
    )

    def __init__(self, data: object, *, user: User) -> None:
        super().__init__(data)  # type: ignore[arg-type]
        self.fields["pathway"].choices = [("", _("any"))] + [(p.value, p.label) for p in Pathway]  # type: ignore[attr-defined]
        bands = get_instrument(SEVERITY_INSTRUMENT).band_sets[0].bands
        self.fields["severity"].choices = [("", _("any"))] + [(b.id, b.label) for b in bands]  # type: ignore[attr-defined]
        if user.is_clinician:
            del self.fields["clinician"]  # a clinician's figures cover their own patients
        else:
            clinicians = User.objects.filter(
                clinic_id=user.clinic_id or 0, role__in=CLINICIAN_ROLES, is_active=True
            ).order_by("last_name", "first_name")
            self.fields["clinician"].choices = [  # type: ignore[attr-defined]
                ("", _("all")),
                *((u.pk, u.get_full_name() or u.username) for u in clinicians),
            ]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("start_from"), data.get("start_to")
        if start and end and start > end:
            self.add_error("start_to", _("The end date must not be before the start date."))
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data if self.is_valid() else {}
        return Filters(
            start_from=data.get("start_from"),
            start_to=data.get("start_to"),
            clinician=data.get("clinician") or None,
            pathway=data.get("pathway") or "",
            severity=data.get("severity") or "",
            stage=data.get("stage"),
        )
