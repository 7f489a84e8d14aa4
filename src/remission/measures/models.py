"""Questionnaire answers, their stored results, risk alerts, self-report links and schedules.

Results computed by the clinical core are stored in explicit fields by the service functions in
``services.py``; nothing here computes a score.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    CLINICIAN = "clinician", _("Entered by a clinician")
    SELF_REPORT_LINK = "link", _("Patient, through a link")
    PORTAL = "portal", _("Patient, in the portal")
    API = "api", _("Submitted through the API")
    IMPORT = "import", _("Imported")


class Assessment(models.Model):
    """One administration of one instrument: the answers as given and the result as computed."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="assessments"
    )
    instrument = models.CharField(max_length=30)
    instrument_version = models.CharField(max_length=200)
    answers = models.JSONField(help_text="item id -> answer value, exactly as given")
    complete = models.BooleanField(default=True)
    administered_at = models.DateTimeField()
    source = models.CharField(max_length=12, choices=Source.choices)
    language = models.CharField(max_length=5, default="en")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    link = models.ForeignKey(
        "SelfReportLink",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
    )
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    # Computed by remission.clinical.instruments, stored by the service:
    total = models.IntegerField(null=True, blank=True)
    band = models.CharField(max_length=40, blank=True)
    band_label = models.CharField(max_length=80, blank=True)
    band_set = models.CharField(max_length=40, blank=True)
    percent = models.IntegerField(null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-administered_at", "-id"]
        indexes = [
            models.Index(
                fields=["patient", "instrument", "administered_at"], name="assessment_trajectory"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument} {self.total} ({self.administered_at:%Y-%m-%d})"


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")


class Priority(models.TextChoices):
    URGENT = "urgent", _("Urgent")
    REVIEW = "review", _("Review")


class ActionTaken(models.TextChoices):
    CONTACTED = "contacted", _("Contacted the patient")
    ASSESSED = "assessed", _("Structured risk assessment done (e.g. C-SSRS)")
    SAFETY_PLAN = "safety_plan", _("Reviewed the safety plan with the patient")
    EMERGENCY = "emergency", _("Arranged emergency care")
    APPOINTMENT = "appointment", _("Brought the next appointment forward")
    NO_ACTION = "no_action", _("Reviewed; no further action needed")


class RiskAlert(models.Model):
    """A positive answer to a suicide-risk item. Created in the same transaction as the answer;
    open until a clinician acknowledges it with the action taken. It shows the patient's own answer,
    never a computed risk score."""

    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="alerts")
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="alerts")
    item = models.CharField(max_length=30)
    item_label = models.TextField()
    answer = models.IntegerField()
    answer_label = models.TextField()
    priority = models.CharField(max_length=10, choices=Priority.choices)
    rule = models.TextField()
    source = models.TextField()
    raised_at = models.DateTimeField()
    status = models.CharField(max_length=14, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    action = models.CharField(max_length=20, choices=ActionTaken.choices, blank=True)
    action_note = models.TextField(blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["status", "-raised_at"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="one_alert_per_risk_item")
        ]
        indexes = [models.Index(fields=["status", "raised_at"], name="alert_open_age")]

    def __str__(self) -> str:
        return f"{self.priority} {self.item}={self.answer} ({self.status})"


class SelfReportLink(models.Model):
    """A one-time link that lets a patient answer questionnaires without signing in.

    Only the SHA-256 of the token is stored; the token itself exists in the e-mail or on paper.
    """

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="self_report_links"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    instruments = models.JSONField(help_text="instrument ids, in the order asked")
    language = models.CharField(max_length=5, default="en")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    opened_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    delivery = models.CharField(max_length=10, default="email")  # email | print | portal
    due = models.ForeignKey(
        "DueQuestionnaire", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"link for {self.patient_id} ({', '.join(self.instruments)})"


class MeasurementSchedule(models.Model):
    """A standing order in a patient's measurement plan: this instrument every N days."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="measurement_schedules"
    )
    instrument = models.CharField(max_length=30)
    every_days = models.PositiveSmallIntegerField()
    next_due = models.DateField()
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["instrument"]
        indexes = [models.Index(fields=["active", "next_due"], name="schedule_due")]

    def __str__(self) -> str:
        return f"{self.instrument} every {self.every_days} days"


class DueStatus(models.TextChoices):
    DUE = "due", _("Due")
    SENT = "sent", _("Link sent")
    COMPLETED = "completed", _("Completed")
    MISSED = "missed", _("Missed")
    CANCELLED = "cancelled", _("Cancelled")


class DueQuestionnaire(models.Model):
    """One questionnaire a patient should answer by a date (from a schedule or an event such as
    the next infusion)."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="due_questionnaires"
    )
    instrument = models.CharField(max_length=30)
    due_on = models.DateField()
    reason = models.CharField(max_length=120, blank=True)
    schedule = models.ForeignKey(
        MeasurementSchedule, on_delete=models.SET_NULL, null=True, blank=True, related_name="dues"
    )
    status = models.CharField(max_length=10, choices=DueStatus.choices, default=DueStatus.DUE)
    reminded_at = models.DateTimeField(null=True, blank=True)
    assessment = models.ForeignKey(
        Assessment, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"], name="due_status_date")]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "due_on"], name="one_due_per_schedule_date")
        ]

    def __str__(self) -> str:
        return f"{self.instrument} due {self.due_on} ({self.status})"


class MeasurementSettings(models.Model):
    """Per-clinic choices where sources disagree or where the clinic decides (docs/measures.md)."""

    clinic = models.OneToOneField(
        "accounts.Clinic", on_delete=models.CASCADE, related_name="measurement_settings"
    )
    escalate_after_minutes = models.PositiveIntegerField(
        _("escalate unacknowledged urgent alerts after (minutes)"),
        validators=[MinValueValidator(1)],
        default=60,
    )
    escalate_review_after_hours = models.PositiveIntegerField(
        _("escalate unacknowledged review alerts after (hours)"),
        validators=[MinValueValidator(1)],
        default=24,
    )
    on_call_role = models.CharField(_("on-call role"), max_length=20, default="psychiatrist")
    link_valid_hours = models.PositiveIntegerField(
        _("self-report links valid for (hours)"), validators=[MinValueValidator(1)], default=72
    )
    missed_after_days = models.PositiveSmallIntegerField(
        _("a due questionnaire counts as missed after (days)"),
        validators=[MinValueValidator(1)],
        default=3,
    )
    remind_after_days = models.PositiveSmallIntegerField(
        _("send one reminder after (days)"), validators=[MinValueValidator(1)], default=1
    )
    hamd_band_set = models.CharField(_("HAM-D17 severity bands"), max_length=40, blank=True)
    madrs_remission = models.CharField(_("MADRS remission threshold"), max_length=40, blank=True)

    def __str__(self) -> str:
        return f"measurement settings of {self.clinic_id}"


class InstrumentText(models.Model):
    """A clinic's content pack: the licensed (or translated) words of one instrument in one
    language, in the format of docs/content-packs.md."""

    clinic = models.ForeignKey("accounts.Clinic", on_delete=models.CASCADE, related_name="+")
    instrument = models.CharField(max_length=30)
    language = models.CharField(max_length=10)
    content = models.TextField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["clinic", "instrument", "language"], name="one_pack_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument} ({self.language})"
