"""Crisis lines shown to patients after a positive suicide-risk answer, in the safety plan and on
every portal page. A clinic edits its own list; until it does, its country's defaults apply.

Defaults (checked 2026-11; each with its source):
- US: 988 Suicide & Crisis Lifeline, call or text 988 or chat at 988lifeline.org (FCC designation,
  in effect since 16 July 2022); emergencies 911.
- GB: Samaritans, 116 123, free, 24 hours (samaritans.org); emergencies 999; NHS 111 for urgent help.
- DE: TelefonSeelsorge, 0800 111 0 111 and 0800 111 0 222, free, anonymous, 24 hours
  (telefonseelsorge.de); Notruf 112.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from remission.accounts.models import Clinic


@dataclass(frozen=True)
class CrisisLine:
    name: str | Promise
    phone: str
    description: str | Promise
    url: str = ""
    text: str = ""  # an SMS number, where the service takes texts


DEFAULTS: dict[str, tuple[CrisisLine, ...]] = {
    "US": (
        CrisisLine(_("Emergency services"), "911", _("If you are in immediate danger.")),
        CrisisLine(
            "988 Suicide & Crisis Lifeline",
            "988",
            _("Free and confidential, 24 hours a day. Call, text or chat."),
            url="https://988lifeline.org",
            text="988",
        ),
    ),
    "GB": (
        CrisisLine(_("Emergency services"), "999", _("If you are in immediate danger.")),
        CrisisLine(
            "Samaritans",
            "116 123",
            _("Free, any time, day or night."),
            url="https://www.samaritans.org",
        ),
        CrisisLine("NHS 111", "111", _("Urgent help when it is not an emergency.")),
    ),
    "DE": (
        CrisisLine(_("Emergency services"), "112", _("If you are in immediate danger.")),
        CrisisLine(
            "TelefonSeelsorge",
            "0800 111 0 111",
            _("Free and anonymous, 24 hours a day. Also 0800 111 0 222."),
            url="https://www.telefonseelsorge.de",
        ),
    ),
}


def crisis_lines_for(clinic: "Clinic") -> tuple[CrisisLine, ...]:
    """The clinic's own lines if it entered any, else its country's defaults (US if unknown)."""
    from remission.accounts.models import ClinicCrisisLine

    own = ClinicCrisisLine.objects.filter(clinic=clinic).order_by("position", "id")
    if own:
        return tuple(
            CrisisLine(line.name, line.phone, line.description, line.url, line.text) for line in own
        )
    return DEFAULTS.get(clinic.country, DEFAULTS["US"])
