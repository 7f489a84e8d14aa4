"""Form fields shared by the clinical forms."""

from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

NOT_ASSESSED = _("Not assessed")


class TriSelect(forms.NullBooleanSelect):
    """Yes, no or not known, using NullBooleanSelect's values so that a stored ``True`` or
    ``False`` shows as selected when the form is opened again."""

    def __init__(
        self, attrs: dict[str, Any] | None = None, unknown_label: str | Promise = NOT_ASSESSED
    ) -> None:
        super().__init__(attrs)
        self.choices = [("unknown", unknown_label), ("true", _("Yes")), ("false", _("No"))]


class TriState(forms.NullBooleanField):
    """A yes/no question where "not known" (None) differs from "no"."""

    def __init__(self, *, unknown_label: str | Promise = NOT_ASSESSED, **kwargs: Any) -> None:
        kwargs.setdefault("widget", TriSelect(unknown_label=unknown_label))
        super().__init__(**kwargs)
