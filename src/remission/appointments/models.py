"""Appointments: in-person and video visits with one or more clinicians.

The model is deliberately general: the interventional-care work books dose sessions and
integration-therapy sessions through the same ``services.book_appointment``.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("Video visit")


class AppointmentStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    COMPLETED = "completed", _("Took place")
    CANCELLED = "cancelled", _("Cancelled")
    MISSED = "missed", _("Missed")


def new_room_name() -> str:
    """An unguessable video-room name (128 bits): knowing one room tells nothing of another."""
    return "remission-" + secrets.token_hex(16)


class Appointment(models.Model):
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="appointments"
    )
    clinicians = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="appointments", verbose_name=_("clinicians")
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.IN_PERSON)
    title = models.CharField(_("purpose"), max_length=120)
    location = models.CharField(_("room or place"), max_length=120, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AppointmentStatus.choices,
        default=AppointmentStatus.SCHEDULED,
    )
    video_room = models.CharField(max_length=64, default=new_room_name, editable=False)
    # Who or what booked it: "chart", or e.g. "interventional.series" for a planned dose session.
    source = models.CharField(max_length=40, default="chart", editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["patient", "starts_at"], name="appointment_patient_start"),
            models.Index(fields=["starts_at", "ends_at"], name="appointment_span"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="appointment_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_video(self) -> bool:
        return self.kind == Kind.VIDEO

    @property
    def is_active(self) -> bool:
        return self.status == AppointmentStatus.SCHEDULED

    def video_link(self) -> str:
        """The room's address from the clinic's pattern; empty for in-person visits or without one."""
        pattern = self.patient.clinic.telehealth_url_pattern
        if not self.is_video or not pattern:
            return ""
        return pattern.replace("{room}", self.video_room)
