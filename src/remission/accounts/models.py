"""Clinics (the tenants) and the people who sign in to them."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _


class Clinic(models.Model):
    """One clinic of a network; every patient and every staff member belongs to exactly one."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=50, unique=True)
    country = models.CharField(
        _("country"),
        max_length=2,
        choices=[("US", _("United States")), ("GB", _("United Kingdom")), ("DE", _("Germany"))],
        default="US",
        help_text=_("Chooses the default crisis lines."),
    )
    timezone = models.CharField(_("time zone"), max_length=64, default="UTC")
    telehealth_url_pattern = models.CharField(
        _("video visit address"),
        max_length=300,
        blank=True,
        help_text=_(
            "The address of a video room, with {room} where the room name goes, e.g. "
            "https://meet.example.org/{room} for a self-hosted Jitsi server. Each appointment "
            "gets its own unguessable room name."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    PSYCHIATRIST = "psychiatrist", _("Psychiatrist")
    THERAPIST = "therapist", _("Therapist")
    NURSE = "nurse", _("Nurse")
    CLINIC_ADMIN = "clinic_admin", _("Clinic administrator")
    RESEARCHER = "researcher", _("Researcher")
    PATIENT = "patient", _("Patient")
    FAMILY = "family", _("Family member or friend")


CLINICIAN_ROLES = frozenset({Role.PSYCHIATRIST, Role.THERAPIST, Role.NURSE})
STAFF_ROLES = frozenset(
    {Role.PSYCHIATRIST, Role.THERAPIST, Role.NURSE, Role.CLINIC_ADMIN, Role.RESEARCHER}
)
# People who use the companion portal: never staff, never clinicians.
PORTAL_ROLES = frozenset({Role.PATIENT, Role.FAMILY})


class User(AbstractUser):
    """A named account (HIPAA 164.312(a)(2)(i): unique user identification).

    Staff have a clinic and a role. ``session_generation`` is part of the session hash, so raising
    it signs the user out of every browser at once ("log out everywhere").
    """

    clinic = models.ForeignKey(
        Clinic, on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    title = models.CharField(_("title"), max_length=40, blank=True, help_text=_("e.g. Dr., RN"))
    session_generation = models.PositiveIntegerField(default=0, editable=False)
    # The portal language of family members (a patient's is ``Patient.preferred_language``).
    language = models.CharField(
        _("language"), max_length=2, blank=True, choices=[("en", "English"), ("de", "Deutsch")]
    )

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        name = " ".join(part for part in (self.title, self.first_name, self.last_name) if part)
        return name or self.username

    @property
    def clinic_pk(self) -> int:
        """The id of the user's clinic; routes with a role policy refuse users without one."""
        if self.clinic_id is None:
            raise LookupError(f"user {self.pk} belongs to no clinic")
        return self.clinic_id

    @property
    def own_clinic(self) -> Clinic:
        if self.clinic is None:
            raise LookupError(f"user {self.pk} belongs to no clinic")
        return self.clinic

    @property
    def is_clinician(self) -> bool:
        return self.role in CLINICIAN_ROLES

    @property
    def is_clinic_admin(self) -> bool:
        return self.role == Role.CLINIC_ADMIN

    @property
    def is_researcher(self) -> bool:
        return self.role == Role.RESEARCHER

    @property
    def is_patient(self) -> bool:
        return self.role == Role.PATIENT

    @property
    def is_family(self) -> bool:
        return self.role == Role.FAMILY

    @property
    def is_staff_member(self) -> bool:
        return self.role in STAFF_ROLES

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django's hash covers the password only; ours adds the generation (also for the
        # SECRET_KEY_FALLBACKS path, which calls this method too).
        return salted_hmac(
            "remission.accounts.User.session_auth_hash",
            f"{self.password}:{self.session_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


class ClinicCrisisLine(models.Model):
    """A crisis line the clinic shows its patients, replacing the country defaults."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="crisis_lines")
    name = models.CharField(_("name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=40)
    text = models.CharField(_("text message number"), max_length=40, blank=True)
    url = models.URLField(_("web address"), blank=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.name} {self.phone}"
