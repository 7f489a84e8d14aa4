from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from remission.accounts.models import User
from remission.companion import skills
from remission.companion.models import Grant, GroupFormat, PeerGroup, SafetyPlanVersion
from remission.companion.services import TAGS

MOOD = [(5, _("Very good")), (4, _("Good")), (3, _("Okay")), (2, _("Low")), (1, _("Very low"))]
ANXIETY = [(1, _("Calm")), (2, _("A little tense")), (3, _("Anxious")), (4, _("Very anxious")),
           (5, _("Overwhelmed"))]  # fmt: skip
SLEEP = [(5, _("Very well")), (4, _("Well")), (3, _("So-so")), (2, _("Poorly")),
         (1, _("Hardly at all"))]  # fmt: skip
ENERGY = [(5, _("Full of energy")), (4, _("Good")), (3, _("Some")), (2, _("Little")),
          (1, _("None"))]  # fmt: skip
TAG_LABELS = {
    "walk": _("A walk"),
    "exercise": _("Exercise"),
    "outside": _("Time outside"),
    "friends": _("Saw friends"),
    "family": _("Time with family"),
    "creative": _("Something creative"),
    "mindfulness": _("Mindfulness or breathing"),
    "work": _("Work or study"),
    "rest": _("Rested"),
    "medication": _("Took my medication"),
}
SCALE_LABELS = {"mood": MOOD, "anxiety": ANXIETY, "sleep": SLEEP, "energy": ENERGY}


class CheckInForm(forms.Form):
    mood = forms.TypedChoiceField(
        label=_("How is your mood?"), choices=MOOD, coerce=int, widget=forms.RadioSelect
    )
    anxiety = forms.TypedChoiceField(
        label=_("How anxious do you feel?"), choices=ANXIETY, coerce=int, widget=forms.RadioSelect
    )
    sleep = forms.TypedChoiceField(
        label=_("How did you sleep?"), choices=SLEEP, coerce=int, widget=forms.RadioSelect
    )
    energy = forms.TypedChoiceField(
        label=_("How much energy do you have?"),
        choices=ENERGY,
        coerce=int,
        widget=forms.RadioSelect,
    )
    tags = forms.MultipleChoiceField(
        label=_("What did you do today?"),
        choices=[(tag, TAG_LABELS[tag]) for tag in TAGS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("A note for yourself"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    shared = forms.BooleanField(
        label=_("Share these numbers with my care team"), required=False, initial=True
    )
    note_shared = forms.BooleanField(label=_("Also share my note"), required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("note_shared") and not data.get("shared"):
            self.add_error(
                "note_shared", _("To share your note, also share the numbers with your care team.")
            )
        return data


class SafetyPlanForm(forms.Form):
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    change_note = forms.CharField(
        label=_("What changed (optional)"), required=False, max_length=200
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in SafetyPlanVersion.SECTIONS:
            self.fields[name] = forms.CharField(
                label=SafetyPlanVersion.label(name),
                required=False,
                max_length=4000,
                help_text=SECTION_HINTS[name],
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        self.order_fields([*SafetyPlanVersion.SECTIONS, "change_note", "based_on"])

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not any((data.get(name) or "").strip() for name in SafetyPlanVersion.SECTIONS):
            raise forms.ValidationError(_("Write at least one step of the plan."))
        return data


SECTION_HINTS = {
    "warning_signs": _("Thoughts, feelings or situations that tell you a crisis may be coming. One per line."),
    "coping_strategies": _("Things you can do on your own: a walk, music, a shower, a breathing exercise."),
    "distractions": _("People and places that take your mind off things: a café, a friend to call."),
    "help_contacts": _("Name and phone number of people you can tell that you are not okay."),
    "professionals": _("Your clinic, your doctor or therapist, with phone numbers. The crisis lines are always added."),
    "safer_environment": _("How to keep things you could harm yourself with out of reach, and who can help."),
    "reasons_for_living": _("People, plans, pets, values: what matters to you."),
}  # fmt: skip


class CompletionForm(forms.Form):
    helpful = forms.TypedChoiceField(
        label=_("How helpful was it?"),
        choices=[("", _("Rather not say")), (1, "1"), (2, "2"), (3, "3"), (4, "4"), (5, "5")],
        coerce=int,
        empty_value=None,
        required=False,
    )
    shared = forms.BooleanField(
        label=_("Share my answers with my care team"), required=False, initial=True
    )

    def __init__(self, *args: Any, exercise: skills.Exercise, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        prompts: dict[str, forms.Field] = {}
        for prompt in exercise.prompts:
            prompts[f"answer_{prompt.key}"] = forms.CharField(
                label=str(prompt.label),
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 3}) if prompt.long else forms.TextInput,
            )
        self.fields = {**prompts, **self.fields}
        self.exercise = exercise

    def responses(self) -> dict[str, str]:
        return {
            prompt.key: self.cleaned_data.get(f"answer_{prompt.key}", "")
            for prompt in self.exercise.prompts
        }


class HomeworkForm(forms.Form):
    exercise = forms.ChoiceField(label=_("Exercise"), choices=skills.choices)
    due = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("A note for the patient"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


GRANT_FIELD_HELP = _("They will never see your journal notes, your questionnaire answers or notes from therapy.")  # fmt: skip


class GrantsForm(forms.Form):
    grants = forms.MultipleChoiceField(
        label=_("What they may see"),
        choices=Grant.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=GRANT_FIELD_HELP,
    )


class SupporterForm(GrantsForm):
    name = forms.CharField(label=_("Their name"), max_length=120)
    email = forms.EmailField(label=_("Their e-mail address"))
    relationship = forms.CharField(
        label=_("Who they are to you"),
        max_length=60,
        required=False,
        help_text=_("e.g. partner, sister, friend"),
    )

    field_order = ["name", "email", "relationship", "grants"]


class JoinForm(forms.Form):
    first_name = forms.CharField(label=_("Your first name"), max_length=150)
    password = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=[("en", "English"), ("de", "Deutsch")]
    )
    consent = forms.BooleanField(
        label=_(
            "I will keep what I see private, and I understand that this is not a way to reach "
            "the clinic in an emergency."
        )
    )

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        validate_password(password, User(first_name=self.data.get("first_name", "")))
        return password


class AcceptForm(forms.Form):
    consent = JoinForm.base_fields["consent"]


class SignInLinkForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"))


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"), choices=[("en", "English"), ("de", "Deutsch")]
    )


class GroupForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = PeerGroup
        fields = ["name", "description", "format", "place", "schedule", "facilitator", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, clinicians: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facilitator"].queryset = clinicians  # type: ignore[attr-defined]
        self.fields["format"].choices = GroupFormat.choices  # type: ignore[attr-defined]


class JoinGroupForm(forms.Form):
    display_name = forms.CharField(
        label=_("The name other members see"),
        max_length=60,
        help_text=_("A first name or a nickname is enough."),
    )
    visible_to_members = forms.BooleanField(
        label=_("Show my name and my line to other members"), required=False
    )
    introduction = forms.CharField(
        label=_("A line about you (optional)"), max_length=280, required=False
    )
    guidelines = forms.BooleanField(
        label=_(
            "I will keep what other members share in the group private and treat everyone "
            "with respect."
        )
    )


class GroupSessionForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("Date and time"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    topic = forms.CharField(label=_("Topic"), max_length=120, required=False)
