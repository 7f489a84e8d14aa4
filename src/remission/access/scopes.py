"""Scoped lookups: the only way views reach a patient."""

from django.db.models import QuerySet

from remission.access.policies import Scope
from remission.accounts.models import User
from remission.patients.models import Patient


def patients_visible_to(user: User, scope: Scope = Scope.CHART) -> QuerySet[Patient]:
    """Patients whose data of ``scope`` the user may see.

    Clinicians see the patients whose care team they are on; clinic admins see the registry of
    their clinic (to register patients and assign care teams) but no clinical content; everyone
    else sees no patient.
    """
    if not user.is_authenticated or not user.is_active or user.clinic_id is None:
        return Patient.objects.none()
    in_clinic = Patient.objects.filter(clinic_id=user.clinic_id)
    if user.is_clinician:
        return in_clinic.filter(care_team__user=user)
    if user.is_clinic_admin and scope == Scope.REGISTRY:
        return in_clinic
    return Patient.objects.none()


class PatientNotVisible(Exception):
    """The patient does not exist for this user; ``same_clinic`` says whether to say so."""

    def __init__(self, same_clinic: bool) -> None:
        super().__init__("patient not visible")
        self.same_clinic = same_clinic


def patient_for(user: User, patient_id: int, scope: Scope = Scope.CHART) -> Patient:
    """The patient with ``patient_id`` if ``user`` may see its ``scope``; else PatientNotVisible."""
    try:
        return patients_visible_to(user, scope).select_related("clinic").get(pk=patient_id)
    except Patient.DoesNotExist:
        same_clinic = (
            user.clinic_id is not None
            and Patient.objects.filter(pk=patient_id, clinic_id=user.clinic_id).exists()
        )
        raise PatientNotVisible(same_clinic) from None
