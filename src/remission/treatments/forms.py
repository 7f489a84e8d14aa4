"""Intake forms. Django checks the types (a number, a date); the clinical rules are the core's:
its problems come back with field paths and are shown next to the field they name."""

import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from remission.clinical.history import (
    Laterality,
    Modality,
    Outcome,
    Problem,
    ReviewStatus,
    Severity,
    TrialKind,
    pseudo_resistance_checklist,
)
from remission.treatments.models import (
    Condition,
    Contributor,
    ContributorKind,
    Episode,
    StagingSettings,
    Trial,
)
from remission.web.fields import TriState

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NUMBER = {"step": "any", "inputmode": "decimal"}


def _choices(enum: Iterable[Any], blank: str | None = None) -> list[tuple[str, str]]:
    listed = [(member.value, member.label) for member in enum]
    return [("", blank), *listed] if blank is not None else listed


def first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


class Correction(forms.Form):
    """What every edit form carries: the version it was opened at and why it changes."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label=_("What changed and why"),
        required=False,
        max_length=500,
        help_text=_(
            "Kept with the previous version, e.g. 'dose corrected from the pharmacy record'."
        ),
    )


class EpisodeForm(forms.ModelForm):  # type: ignore[type-arg]
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = Correction.base_fields["reason"]
    functional_impairment = TriState(label=_("Functional impairment"))
    comorbid_anxiety = TriState(label=_("Comorbid anxiety"))
    personality_disorder = TriState(label=_("Personality disorder"))
    psychosocial_stressors = TriState(label=_("Psychosocial stressors"))
    childhood_adversity = TriState(label=_("Childhood adversity"))
    intensified_treatment = TriState(label=_("Intensified treatment"))

    class Meta:
        model = Episode
        fields = [
            "start", "severity", "psychotic_features", "functional_impairment", "gaf",
            "comorbid_anxiety", "personality_disorder", "psychosocial_stressors",
            "childhood_adversity", "intensified_treatment",
        ]  # fmt: skip
        widgets = {"start": DATE}
        help_texts = {
            "start": _("Approximate is fine: the Maudsley duration counts whole months."),
            "severity": _("As rated now; the Maudsley Staging Method scores it at the time of staging."),
            "psychotic_features": _("With severe depression: the Maudsley 'severe with psychosis' level."),
            "gaf": _("Global Assessment of Functioning, 1 to 100 (a DM-TRD input)."),
        }  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["severity"].choices = _choices(Severity, blank="—")  # type: ignore[attr-defined]
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def add_problems(self, problems: Sequence[Problem]) -> None:
        for problem in problems:
            section, _dot, name = problem.path.partition(".")
            field = name if section in ("episode", "dm_trd") and name in self.fields else None
            self.add_error(field, first_upper(problem.message))


# --- Trials ---------------------------------------------------------------------------------------


class DoseStepForm(forms.Form):
    mg_per_day = forms.FloatField(
        label=_("Dose (mg/day)"), required=False, widget=forms.NumberInput(attrs=NUMBER)
    )
    weeks = forms.FloatField(
        label=_("Weeks"), required=False, widget=forms.NumberInput(attrs=NUMBER)
    )
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("To"), required=False, widget=DATE)

    @property
    def blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(data.get(name) not in (None, "") for name in self.fields)

    def step(self) -> dict[str, Any]:
        data = self.cleaned_data
        step: dict[str, Any] = {"mg_per_day": _plain(data.get("mg_per_day"))}
        if data.get("weeks") is not None:
            step["weeks"] = _plain(data["weeks"])
        if data.get("start"):
            step["start"] = data["start"].isoformat()
        if data.get("end"):
            step["end"] = data["end"].isoformat()
        return step


def _plain(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


DoseStepFormSet = forms.formset_factory(DoseStepForm, extra=0, max_num=20, absolute_max=20)


def dose_initial(doses: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "mg_per_day": step.get("mg_per_day"),
            "weeks": step.get("weeks"),
            "start": date.fromisoformat(step["start"]) if step.get("start") else None,
            "end": date.fromisoformat(step["end"]) if step.get("end") else None,
        }
        for step in doses
    ]


FIELDS_BY_KIND: dict[TrialKind, tuple[str, ...]] = {
    TrialKind.ANTIDEPRESSANT: ("drug", "adherent", "outcome", "optimised", "reason_stopped",
                               "current_episode", "started_on"),
    TrialKind.AUGMENTATION: ("drug", "augments", "adherent", "outcome", "started_on"),
    TrialKind.PSYCHOTHERAPY: ("modality", "sessions", "weeks", "outcome", "current_episode",
                              "started_on", "ended_on"),
    TrialKind.ECT: ("laterality", "sessions", "outcome", "current_episode", "started_on",
                    "ended_on"),
    TrialKind.RTMS: ("protocol", "sessions", "outcome", "current_episode", "started_on",
                     "ended_on"),
    TrialKind.ITBS: ("protocol", "sessions", "outcome", "current_episode", "started_on",
                     "ended_on"),
    TrialKind.KETAMINE_IV: ("sessions", "outcome", "current_episode", "started_on", "ended_on"),
    TrialKind.ESKETAMINE: ("sessions", "outcome", "current_episode", "started_on", "ended_on"),
}  # fmt: skip


class TrialForm(forms.ModelForm):  # type: ignore[type-arg]
    """The fields of one kind of trial; the dose steps are a separate formset."""

    drug = forms.CharField(label=_("Drug"), max_length=100)
    adherent = forms.BooleanField(
        label=_("Adherence confirmed"),
        required=False,
        help_text=_("Without confirmed adherence a trial is never adequate."),
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=_choices(Outcome, blank="—"))
    modality = forms.ChoiceField(label=_("Modality"), choices=_choices(Modality, blank="—"))
    laterality = forms.ChoiceField(
        label=_("Electrode placement"),
        choices=_choices(Laterality, blank="—"),
        help_text=_("Thase-Rush stage V needs a failed bilateral course."),
    )
    sessions = forms.IntegerField(label=_("Sessions"))
    weeks = forms.FloatField(label=_("Weeks"), widget=forms.NumberInput(attrs=NUMBER))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = Correction.base_fields["reason"]

    class Meta:
        model = Trial
        fields = [
            "drug", "augments", "adherent", "outcome", "optimised", "reason_stopped", "modality",
            "sessions", "weeks", "laterality", "protocol", "current_episode", "started_on",
            "ended_on",
        ]  # fmt: skip
        widgets = {"started_on": DATE, "ended_on": DATE}
        labels = {"optimised": _("Dose or duration optimised (MGH-S)")}
        help_texts = {
            "started_on": _("Places the trial on the timeline when the doses are given in weeks."),
            "current_episode": _("Untick for a trial in an earlier episode: it is kept but not counted."),
            "protocol": _("e.g. 10 Hz left DLPFC"),
        }  # fmt: skip

    def __init__(self, *args: Any, kind: TrialKind, augmentable: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        keep = {*FIELDS_BY_KIND[kind], "version", "reason"}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "drug" in self.fields:
            self.fields["drug"].widget.attrs.update(
                {"list": f"drugs-{kind.value}", "autocomplete": "off", "spellcheck": "false"}
            )
            if kind is TrialKind.AUGMENTATION:
                self.fields["drug"].label = _("Augmenting or combined drug")
        if "augments" in self.fields:
            self.fields["augments"].queryset = augmentable  # type: ignore[attr-defined]
            self.fields["augments"].required = True
            self.fields["augments"].label = _("Added to")
            self.fields["augments"].empty_label = "—"  # type: ignore[attr-defined]
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
        if not self.instance.pk:
            self.fields.pop("reason")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        started, ended = data.get("started_on"), data.get("ended_on")
        today = timezone.localdate()
        if started and started > today:
            self.add_error("started_on", _("Cannot be in the future."))
        if ended and ended > today:
            self.add_error("ended_on", _("Cannot be in the future."))
        if started and ended and ended < started:
            self.add_error("ended_on", _("Cannot be before the start."))
        return data


PATH = re.compile(r"^trials\[(\d+)\](?:\.doses\[(\d+)\])?(?:\.(\w+))?$")


def place_problems(
    problems: Sequence[Problem],
    trial_index: int | None,
    form: forms.BaseForm,
    steps: Any,
    rows: Sequence[int],
) -> tuple[list[str], list[str]]:
    """Put each of the core's problems next to its field: the trial form's, or a dose step row's
    (``rows[k]`` is the formset row of the k-th dose step sent to the core). Returns the problems
    about the dose steps as a whole, and those that belong to no field of these forms."""
    elsewhere: list[str] = []
    about_doses: list[str] = []
    for problem in problems:
        message = first_upper(problem.message)
        found = PATH.match(problem.path)
        if found is None or trial_index is None or int(found[1]) != trial_index:
            elsewhere.append(str(problem))
            continue
        step, name = found[2], found[3]
        if step is not None and int(step) < len(rows):
            row = steps.forms[rows[int(step)]]
            row.add_error(name if name in row.fields else None, message)
        elif name == "doses":
            about_doses.append(message)
        else:
            form.add_error(name if name in form.fields else None, message)
    return about_doses, elsewhere


# --- The pseudo-resistance review -----------------------------------------------------------------


class ReviewForm(forms.Form):
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        marks: dict[str, str] | None = None,
        notes: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        marks, notes = marks or {}, notes or {}
        self.items = pseudo_resistance_checklist().items
        for item in self.items:
            self.fields[f"status_{item.id}"] = forms.ChoiceField(
                label=item.label,
                choices=_choices(ReviewStatus),
                initial=marks.get(item.id, ReviewStatus.OPEN.value),
                widget=forms.RadioSelect,
            )
            self.fields[f"note_{item.id}"] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=500,
                initial=notes.get(item.id, ""),
                widget=forms.TextInput(attrs={"placeholder": _("Note: what was checked, how")}),
            )

    def rows(self) -> list[tuple[Any, forms.BoundField, forms.BoundField]]:
        return [(item, self[f"status_{item.id}"], self[f"note_{item.id}"]) for item in self.items]

    def marks(self) -> dict[str, ReviewStatus]:
        return {
            item.id: ReviewStatus(self.cleaned_data[f"status_{item.id}"]) for item in self.items
        }

    def notes(self) -> dict[str, str]:
        return {item.id: self.cleaned_data[f"note_{item.id}"] for item in self.items}


# --- Contributors ---------------------------------------------------------------------------------

CONTRIBUTOR_FIELDS: dict[str, tuple[str, ...]] = {
    ContributorKind.CONDITION: ("code", "since", "until", "details"),
    ContributorKind.MEDICATION: ("name", "dose", "since", "until", "details"),
    ContributorKind.SUBSTANCE_USE: ("name", "dose", "since", "until", "details"),
}
NARRATIVE = ("details", "since", "until")

CONTRIBUTOR_LABELS: dict[str, dict[str, Any]] = {
    ContributorKind.CONDITION: {"details": _("Note"), "until": _("Resolved on")},
    ContributorKind.MEDICATION: {
        "name": _("Medication"), "dose": _("Dose and schedule"), "until": _("Stopped on"),
        "details": _("What for, and notes"),
    },
    ContributorKind.SUBSTANCE_USE: {
        "name": _("Substance"), "dose": _("Pattern (how much, how often)"),
        "until": _("Stopped on"), "details": _("Notes"),
    },
    ContributorKind.TRAUMA: {
        "details": _("What the care team needs to know"), "until": _("Until"),
    },
    ContributorKind.TRIGGER: {
        "details": _("The trigger, and what helps"), "since": _("Known since"),
    },
}  # fmt: skip


class ContributorForm(forms.ModelForm):  # type: ignore[type-arg]
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Contributor
        fields = ["code", "name", "dose", "details", "since", "until"]
        widgets = {
            "since": DATE,
            "until": DATE,
            "details": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, kind: ContributorKind, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        keep = set(CONTRIBUTOR_FIELDS.get(kind, NARRATIVE)) | {"version"}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        for name, label in CONTRIBUTOR_LABELS.get(kind, {}).items():
            if name in self.fields:
                self.fields[name].label = label
        if "code" in self.fields:
            self.fields["code"].required = True
            self.fields["code"].choices = [("", "—"), *Condition.choices]  # type: ignore[attr-defined]
        if kind in (ContributorKind.MEDICATION, ContributorKind.SUBSTANCE_USE):
            self.fields["name"].required = True
        if kind == ContributorKind.MEDICATION:
            self.fields["name"].widget.attrs.update({"list": "drugs-any", "autocomplete": "off"})
        if set(self.fields) & {"details"} and kind not in CONTRIBUTOR_FIELDS:
            self.fields["details"].required = True
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and since > timezone.localdate():
            self.add_error("since", _("Cannot be in the future."))
        if since and until and until < since:
            self.add_error("until", _("Cannot be before the start."))
        return data


class RemovalForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    removal_reason = forms.CharField(
        label=_("Why is this entry removed?"),
        max_length=500,
        help_text=_(
            "Required. The entry stays in the record, marked as removed, with this reason."
        ),
    )


class SettingsForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = StagingSettings
        fields = ["min_weeks", "different_classes", "augmentation_counts"]
