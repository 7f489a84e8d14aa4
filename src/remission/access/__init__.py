"""Who may reach what: the one place where access to patient data is decided.

Every route declares a :class:`Policy` with :func:`route`. The decorator enforces the role part,
resolves a ``patient_id`` URL argument to a patient through the scoped lookups below (so a view
receives ``patient``, never an id it could look up unscoped), audits denials and records every read
of a patient's data. A test walks the URL resolver and fails on any route without a policy.
"""

from remission.access.policies import (
    ANYONE,
    AUTHENTICATED,
    CLINIC_ADMIN,
    CLINICIAN,
    FAMILY,
    FAMILY_APPOINTMENTS,
    FAMILY_CHECKINS,
    FAMILY_EDUCATION,
    FAMILY_LINK,
    FAMILY_SAFETY_CONTACTS,
    PASSWORD_CHECKED,
    PATIENT_CHART,
    PATIENT_LIST,
    PATIENT_REGISTRY,
    PATIENT_SELF,
    POLICIES,
    RESEARCHER,
    STAFF,
    Policy,
    Scope,
)
from remission.access.routes import object_or_404, route
from remission.access.scopes import (
    active_links_of,
    family_link_for,
    own_patient_record,
    patient_for,
    patients_visible_to,
)

__all__ = [
    "ANYONE",
    "AUTHENTICATED",
    "CLINICIAN",
    "CLINIC_ADMIN",
    "FAMILY",
    "FAMILY_APPOINTMENTS",
    "FAMILY_CHECKINS",
    "FAMILY_EDUCATION",
    "FAMILY_LINK",
    "FAMILY_SAFETY_CONTACTS",
    "PASSWORD_CHECKED",
    "PATIENT_CHART",
    "PATIENT_LIST",
    "PATIENT_REGISTRY",
    "PATIENT_SELF",
    "POLICIES",
    "RESEARCHER",
    "STAFF",
    "Policy",
    "Scope",
    "active_links_of",
    "family_link_for",
    "object_or_404",
    "own_patient_record",
    "patient_for",
    "patients_visible_to",
    "route",
]
