from datetime import timedelta
from typing import Any

from axes.models import AccessAttempt
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from remission.accounts.models import STAFF_ROLES, Clinic, ClinicCrisisLine, Role, User


class LoginForm(AuthenticationForm):
    """Sign-in with a per-account cap on failures from all addresses together (NIST 800-63B)."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The username or password is not right. Both are case-sensitive."),
        "account_throttled": _(
            "Too many failed sign-ins for this account in the last hour. Try again later or ask "
            "your clinic administrator."
        ),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        if username and _failures_last_hour(username) >= settings.AXES_ACCOUNT_FAILURES_PER_HOUR:
            raise forms.ValidationError(
                self.error_messages["account_throttled"], code="account_throttled"
            )
        return super().clean()


def _failures_last_hour(username: str) -> int:
    since = timezone.now() - timedelta(hours=1)
    total = AccessAttempt.objects.filter(username=username, attempt_time__gte=since).aggregate(
        n=Sum("failures_since_start")
    )["n"]
    return total or 0


class UserForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = User
        fields = ["username", "title", "first_name", "last_name", "email", "role"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["role"].required = True
        self.fields["role"].choices = [(r.value, r.label) for r in Role if r in STAFF_ROLES]  # type: ignore[attr-defined]


class ClinicForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Clinic
        fields = ["name", "country", "timezone", "telehealth_url_pattern"]

    def clean_timezone(self) -> str:
        import zoneinfo

        value: str = self.cleaned_data["timezone"]
        if value not in zoneinfo.available_timezones():
            raise forms.ValidationError(
                _("Enter a time zone name such as Europe/Berlin or America/New_York.")
            )
        return value

    def clean_telehealth_url_pattern(self) -> str:
        value: str = self.cleaned_data["telehealth_url_pattern"].strip()
        if not value:
            return value
        if not value.startswith("https://") or value.count("{room}") != 1:
            raise forms.ValidationError(
                _(
                    "Enter an https:// address with {room} once where the room name goes, "
                    "e.g. https://meet.example.org/{room}."
                )
            )
        if any(ch in value.replace("{room}", "") for ch in "{}\"'<> "):
            raise forms.ValidationError(_("The address may not contain spaces, quotes or braces."))
        return value


CrisisLineFormSet = forms.inlineformset_factory(
    Clinic,
    ClinicCrisisLine,
    fields=["name", "phone", "text", "url", "description", "position"],
    extra=2,
    can_delete=True,
)
