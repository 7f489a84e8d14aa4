"""Writes to the patient registry. Views call these; each write is audited in its transaction."""

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from remission.accounts.models import User
from remission.audit import trail
from remission.concurrency import save_versioned
from remission.patients.models import CareTeamMember, CareTeamRole, EmergencyAccess, Patient
from remission.web.http import AuthenticatedRequest


class DuplicateRecordNumber(Exception):
    """Another patient of the clinic already has this record number."""


def register_patient(
    request: AuthenticatedRequest, patient: Patient, *, join_care_team: bool
) -> Patient:
    """Save a new patient of the user's clinic; a clinician who registers joins the care team."""
    user = request.user
    patient.clinic_id = user.clinic_pk
    patient.refresh_search_keys()
    with transaction.atomic():
        if patient.mrn:
            _insert(patient)
        else:
            _insert_with_next_mrn(patient)
        if join_care_team:
            role = (
                CareTeamRole(user.role) if user.role in CareTeamRole.values else CareTeamRole.LEAD
            )
            CareTeamMember.objects.create(patient=patient, user=user, role=role)
        trail.record(request, "patients.patient.registered", patient=patient, obj=patient)
    return patient


def update_patient(
    request: AuthenticatedRequest, patient: Patient, expected_version: int, changed: list[str]
) -> None:
    """Save the edited fields, keeping the previous version (raises EditConflict if outdated)."""
    patient.refresh_search_keys()
    with transaction.atomic():
        trail.keep_version(request, patient, patient=patient, reason="edited")
        try:
            save_versioned(patient, expected_version, [*changed, "name_key", "given_key"])
        except IntegrityError:
            raise DuplicateRecordNumber from None
        trail.record(
            request,
            "patients.patient.updated",
            patient=patient,
            obj=patient,
            detail={"fields": changed},
        )


def add_to_care_team(
    request: AuthenticatedRequest, patient: Patient, user: User, role: str
) -> None:
    with transaction.atomic():
        member = CareTeamMember.objects.create(patient=patient, user=user, role=role)
        trail.record(
            request,
            "patients.care_team.added",
            patient=patient,
            obj=member,
            detail={"user": user.get_username(), "role": role},
        )


def remove_from_care_team(
    request: AuthenticatedRequest, patient: Patient, member: CareTeamMember
) -> None:
    with transaction.atomic():
        trail.record(
            request,
            "patients.care_team.removed",
            patient=patient,
            obj=member,
            detail={"user": member.user.get_username(), "role": member.role},
        )
        member.delete()


def _insert(patient: Patient) -> None:
    try:
        with transaction.atomic():
            patient.save(force_insert=True)
    except IntegrityError:
        raise DuplicateRecordNumber from None


def _insert_with_next_mrn(patient: Patient) -> None:
    number = Patient.objects.filter(clinic_id=patient.clinic_id).count() + 1
    for attempt in range(100):
        patient.mrn = f"RM-{number + attempt:06d}"
        try:
            with transaction.atomic():
                patient.save(force_insert=True)
            return
        except IntegrityError:
            patient.pk = None
    raise DuplicateRecordNumber


def changed_fields(form: Any) -> list[str]:
    return [name for name in form.changed_data if name != "version"]


def grant_emergency_access(
    request: AuthenticatedRequest, patient: Patient, reason: str
) -> EmergencyAccess:
    """Break-glass: read access for ``EMERGENCY_ACCESS_MINUTES``, audited, administrators told."""
    from remission.accounts.models import Role
    from remission.outbox.services import queue

    user = request.user
    now = timezone.now()
    with transaction.atomic():
        grant = EmergencyAccess.objects.create(
            patient=patient,
            user=user,
            reason=reason,
            started_at=now,
            expires_at=now + timedelta(minutes=settings.EMERGENCY_ACCESS_MINUTES),
        )
        trail.record(
            request,
            "access.emergency.granted",
            patient=patient,
            obj=grant,
            detail={"reason": reason, "minutes": settings.EMERGENCY_ACCESS_MINUTES},
        )
        admins = User.objects.filter(
            clinic_id=patient.clinic_id, role=Role.CLINIC_ADMIN, is_active=True
        )
        for admin in admins:
            queue(
                "emergency_access",
                f"emergency:{grant.pk}",
                admin.email,
                "Emergency access to a chart",
                "A clinician used emergency access to a patient's chart. The reason and every page "
                f"they open are in the audit log (action access.emergency). {settings.SITE_URL}/audit/\n",
                recipient=admin,
            )
    return grant
