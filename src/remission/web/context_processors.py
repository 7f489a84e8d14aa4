"""Navigation for the signed-in user's role."""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

StrOrPromise = str | Promise


@dataclass(frozen=True)
class NavItem:
    label: StrOrPromise
    url: str
    section: str


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    if user.is_patient or user.is_family:
        # Shared pages (account, password) wear the portal's layout for patients and families.
        return {"layout": "companion/portal_base.html"}
    items = [NavItem(_("Home"), reverse("web:home"), "home")]
    if user.is_clinician or user.is_clinic_admin:
        items.append(NavItem(_("Patients"), reverse("patients:list"), "patients"))
    if user.is_clinician:
        items.append(NavItem(_("Alerts"), reverse("measures:alerts"), "alerts"))
        items.append(NavItem(_("Calendar"), reverse("appointments:calendar"), "calendar"))
        items.append(NavItem(_("Plan reviews"), reverse("planning:reviews"), "reviews"))
        items.append(NavItem(_("Peer groups"), reverse("companion:staff_groups"), "groups"))
    if user.is_clinician or user.is_clinic_admin or user.is_researcher:
        items.append(NavItem(_("Outcomes"), reverse("insights:dashboard"), "outcomes"))
    if user.is_researcher:
        items.append(NavItem(_("Research export"), reverse("insights:research_export"), "research"))
    if user.is_clinic_admin:
        items.append(NavItem(_("Users"), reverse("accounts:users"), "users"))
        items.append(NavItem(_("Clinic settings"), reverse("accounts:clinic_settings"), "clinic"))
        items.append(NavItem(_("Measurement settings"), reverse("measures:settings"), "measures"))
        items.append(NavItem(_("Staging settings"), reverse("treatments:settings"), "staging"))
        items.append(
            NavItem(
                _("Interventional settings"), reverse("interventional:settings"), "interventional"
            )
        )
        items.append(NavItem(_("Audit log"), reverse("audit:events"), "audit"))
    return {"nav_items": items}
