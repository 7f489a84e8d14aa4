"""The declared access policies. A route names one; the role x route matrix test reads them."""

from dataclasses import dataclass
from enum import StrEnum

from remission.accounts.models import CLINICIAN_ROLES, STAFF_ROLES, Role


class Scope(StrEnum):
    NONE = "none"  # no object: the role decides
    REGISTRY = "patient-registry"  # a patient's identity and contact details
    CHART = "patient-chart"  # a patient's clinical content
    SELF = "patient-self"  # the signed-in patient's own record (portal URLs carry no patient id)
    FAMILY = "family-link"  # a family member's active support link (URL carries ``link_id``)


@dataclass(frozen=True)
class Policy:
    name: str
    roles: frozenset[str]
    scope: Scope = Scope.NONE
    login_required: bool = True
    description: str = ""
    # Staff must have passed the second factor, except on the pages that ask for it.
    second_factor: bool = True
    # For Scope.FAMILY: what the patient must have granted on the link ("" = any active link).
    grant: str = ""

    def allows_role(self, role: str) -> bool:
        return not self.login_required or not self.roles or role in self.roles


ANYONE = Policy("anyone", frozenset(), login_required=False, description="No sign-in needed.")
AUTHENTICATED = Policy("authenticated", frozenset(), description="Anyone signed in.")
PASSWORD_CHECKED = Policy(
    "password-checked",
    frozenset(),
    description="Signed in with a password, second factor still to come (the second-factor pages).",
    second_factor=False,
)
STAFF = Policy("staff", frozenset(STAFF_ROLES), description="Any staff member of a clinic.")
CLINICIAN = Policy(
    "clinician", frozenset(CLINICIAN_ROLES), description="Psychiatrists, therapists and nurses."
)
CLINIC_ADMIN = Policy(
    "clinic-admin",
    frozenset({Role.CLINIC_ADMIN}),
    description="Users, settings and the audit log; no clinical content.",
)
RESEARCHER = Policy(
    "researcher", frozenset({Role.RESEARCHER}), description="De-identified aggregates only."
)
OUTCOMES = Policy(
    "outcomes",
    frozenset(CLINICIAN_ROLES | {Role.CLINIC_ADMIN, Role.RESEARCHER}),
    description="Outcome aggregates: clinicians for their own patients, clinic admins and "
    "researchers for the clinic; never a patient's record.",
)
PATIENT_LIST = Policy(
    "patient-list",
    frozenset(CLINICIAN_ROLES | {Role.CLINIC_ADMIN}),
    description="The registry list: clinicians see their care-team patients, admins the clinic's.",
)
PATIENT_REGISTRY = Policy(
    "patient-registry",
    frozenset(CLINICIAN_ROLES | {Role.CLINIC_ADMIN}),
    Scope.REGISTRY,
    description="Identity and contact details: the patient's care team and the clinic admins.",
)
PATIENT_CHART = Policy(
    "patient-chart",
    frozenset(CLINICIAN_ROLES),
    Scope.CHART,
    description="Clinical content: clinicians on the patient's care team.",
)

PATIENT_SELF = Policy(
    "patient-self",
    frozenset({Role.PATIENT}),
    Scope.SELF,
    description="The patient's own portal; the view receives the signed-in patient's record.",
)
FAMILY = Policy(
    "family",
    frozenset({Role.FAMILY}),
    description="A family member's own pages: the people who invited them, nothing of their data.",
)


def _family(grant: str, what: str) -> Policy:
    name = f"family-{grant.replace('_', '-')}" if grant else "family-link"
    return Policy(
        name,
        frozenset({Role.FAMILY}),
        Scope.FAMILY,
        grant=grant,
        description=f"A family member with an active link {what}, checked on every request.",
    )


FAMILY_LINK = _family("", "(what the patient granted, listed)")
FAMILY_APPOINTMENTS = _family("appointments", "that grants the patient's appointments")
FAMILY_SAFETY_CONTACTS = _family("safety_contacts", "that grants the safety-plan contacts")
FAMILY_EDUCATION = _family("education", "that grants the information pages")
FAMILY_CHECKINS = _family("checkins", "that grants the check-in numbers (never notes)")

POLICIES = {
    policy.name: policy
    for policy in (
        ANYONE,
        AUTHENTICATED,
        PASSWORD_CHECKED,
        STAFF,
        CLINICIAN,
        CLINIC_ADMIN,
        RESEARCHER,
        OUTCOMES,
        PATIENT_LIST,
        PATIENT_REGISTRY,
        PATIENT_CHART,
        PATIENT_SELF,
        FAMILY,
        FAMILY_LINK,
        FAMILY_APPOINTMENTS,
        FAMILY_SAFETY_CONTACTS,
        FAMILY_EDUCATION,
        FAMILY_CHECKINS,
    )
}
