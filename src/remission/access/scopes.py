"""Scoped lookups: the only way views reach a patient."""

from django.db.models import QuerySet
from django.utils import timezone

from remission.access.policies import Scope
from remission.accounts.models import Role, User
from remission.companion.models import LinkStatus, SupportLink
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


def patient_for(
    user: User, patient_id: int, scope: Scope = Scope.CHART, *, write: bool = False
) -> Patient:
    """The patient with ``patient_id`` if ``user`` may see its ``scope``; else PatientNotVisible.

    A clinician with an active emergency grant may read (not change) the chart of a patient of
    their clinic outside their care team; the patient then carries ``via_emergency = True``.
    """
    try:
        return patients_visible_to(user, scope).select_related("clinic").get(pk=patient_id)
    except Patient.DoesNotExist:
        if scope is Scope.CHART and not write and (granted := _emergency_patient(user, patient_id)):
            return granted
        same_clinic = (
            user.clinic_id is not None
            and Patient.objects.filter(pk=patient_id, clinic_id=user.clinic_id).exists()
        )
        raise PatientNotVisible(same_clinic) from None


def _emergency_patient(user: User, patient_id: int) -> Patient | None:
    if not user.is_clinician or user.clinic_id is None:
        return None
    patient = (
        Patient.objects.select_related("clinic")
        .filter(
            pk=patient_id,
            clinic_id=user.clinic_id,
            emergency_grants__user=user,
            emergency_grants__expires_at__gt=timezone.now(),
        )
        .first()
    )
    if patient is not None:
        patient.via_emergency = True  # type: ignore[attr-defined]
    return patient


def own_patient_record(user: User) -> Patient:
    """The signed-in patient's own record; PatientNotVisible for anyone else.

    Always read from the database, so a record unlinked from the account stops working at once.
    """
    if not user.is_authenticated or user.role != Role.PATIENT or user.clinic_id is None:
        raise PatientNotVisible(same_clinic=False)
    patient = (
        Patient.objects.select_related("clinic").filter(user=user, clinic_id=user.clinic_id).first()
    )
    if patient is None:
        raise PatientNotVisible(same_clinic=False)
    return patient


class LinkNotUsable(Exception):
    """No active support link of this user with this id grants what is asked."""


def family_link_for(user: User, link_id: int, grant: str = "") -> SupportLink:
    """The user's active support link ``link_id`` if it grants ``grant``; else LinkNotUsable.

    Read from the database on every request: a revoked link or a withdrawn permission stops
    working on the very next request (security-targets T05).
    """
    if not user.is_authenticated or user.role != Role.FAMILY:
        raise LinkNotUsable
    link = (
        SupportLink.objects.select_related("patient", "patient__clinic")
        .filter(pk=link_id, member=user, status=LinkStatus.ACTIVE)
        .first()
    )
    if link is None or (grant and grant not in link.grants):
        raise LinkNotUsable
    return link


def active_links_of(user: User) -> QuerySet[SupportLink]:
    if not user.is_authenticated or user.role != Role.FAMILY:
        return SupportLink.objects.none()
    return SupportLink.objects.filter(member=user, status=LinkStatus.ACTIVE).select_related(
        "patient"
    )
