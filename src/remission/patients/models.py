"""Patients, their care teams, and the fields the registry searches."""

import unicodedata

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SexAtBirth(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    INTERSEX = "intersex", _("Intersex")
    UNKNOWN = "unknown", _("Not recorded")


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    GERMAN = "de", "Deutsch"


class Status(models.TextChoices):
    ACTIVE = "active", _("In care")
    DISCHARGED = "discharged", _("Discharged")


def search_key(*parts: str) -> str:
    """Lower-case, accent-free words joined by spaces: 'Müller Jürgen' -> 'muller jurgen'."""
    text = " ".join(part for part in parts if part)
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(folded.lower().split())


class Patient(models.Model):
    clinic = models.ForeignKey("accounts.Clinic", on_delete=models.PROTECT, related_name="patients")
    mrn = models.CharField(_("record number"), max_length=32)
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    preferred_name = models.CharField(_("preferred name"), max_length=100, blank=True)
    date_of_birth = models.DateField(_("date of birth"))
    sex_at_birth = models.CharField(
        _("sex assigned at birth"), max_length=10, choices=SexAtBirth.choices
    )
    gender_identity = models.CharField(_("gender identity"), max_length=60, blank=True)
    pronouns = models.CharField(_("pronouns"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.TextField(_("address"), blank=True)
    preferred_language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.ENGLISH
    )
    insurance_number = models.CharField(_("insurance number"), max_length=40, blank=True)
    emergency_contact_name = models.CharField(_("emergency contact"), max_length=150, blank=True)
    emergency_contact_relationship = models.CharField(_("relationship"), max_length=60, blank=True)
    emergency_contact_phone = models.CharField(_("emergency phone"), max_length=30, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    discharged_on = models.DateField(_("discharged on"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="patient_record",
    )
    # Maintained by the service layer, never typed in: searched by prefix through an index.
    name_key = models.CharField(max_length=210, editable=False)
    given_key = models.CharField(max_length=100, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name_key", "id"]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "mrn"], name="patient_mrn_unique_per_clinic")
        ]
        indexes = [
            models.Index(fields=["clinic", "name_key", "id"], name="patient_clinic_name"),
            models.Index(fields=["clinic", "given_key"], name="patient_clinic_given"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def list_name(self) -> str:
        return f"{self.family_name}, {self.given_name}"

    def refresh_search_keys(self) -> None:
        self.name_key = search_key(self.family_name, self.given_name)
        self.given_key = search_key(self.given_name)


class CareTeamRole(models.TextChoices):
    LEAD = "lead", _("Lead clinician")
    PSYCHIATRIST = "psychiatrist", _("Psychiatrist")
    THERAPIST = "therapist", _("Therapist")
    NURSE = "nurse", _("Nurse")


class CareTeamMember(models.Model):
    """A clinician assigned to a patient: the care team may read and write clinical content."""

    patient = models.ForeignKey(Patient, on_delete=models.CASCADE, related_name="care_team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="care_assignments"
    )
    role = models.CharField(_("role on the team"), max_length=20, choices=CareTeamRole.choices)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "user"], name="care_team_member_once")
        ]
        indexes = [models.Index(fields=["user", "patient"], name="care_team_user_patient")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class EmergencyAccess(models.Model):
    """Break-glass: a clinician of the clinic who is not on the care team reads the chart in an
    emergency, with a stated reason, for a limited time; every read is audited as an emergency and
    the clinic administrators are told (HIPAA 164.312(a)(2)(ii); security-targets T07)."""

    patient = models.ForeignKey(Patient, on_delete=models.PROTECT, related_name="emergency_grants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="emergency_grants"
    )
    reason = models.TextField(_("reason"))
    started_at = models.DateTimeField()
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["user", "patient", "expires_at"], name="emergency_active")]

    def __str__(self) -> str:
        return f"emergency access of {self.user_id} to {self.patient_id} until {self.expires_at}"
