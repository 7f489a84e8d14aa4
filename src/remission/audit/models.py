"""The append-only audit trail and the kept versions of corrected records."""

from django.conf import settings
from django.db import models


class Outcome(models.TextChoices):
    OK = "ok", "allowed"
    DENIED = "denied", "denied"


class AuditEvent(models.Model):
    """Who did what to which patient's data, when and from where (ASTM E2147, ONC 170.315(d)(2)).

    Rows are only ever inserted, through ``remission.audit.trail.record``. Each row stores the hash
    of the previous row of its chain, so a changed, deleted or reordered row is detectable
    (``remission audit verify``).
    """

    at = models.DateTimeField()
    clinic = models.ForeignKey(
        "accounts.Clinic", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=150, blank=True)
    actor_role = models.CharField(max_length=20, blank=True)
    action = models.CharField(max_length=100)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.OK)
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=32, blank=True)
    chain = models.CharField(max_length=40)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["clinic", "-at"], name="audit_clinic_at"),
            models.Index(fields=["patient", "-at"], name="audit_patient_at"),
            models.Index(fields=["actor", "-at"], name="audit_actor_at"),
            models.Index(fields=["clinic", "action", "-at"], name="audit_clinic_action_at"),
            models.Index(fields=["chain", "id"], name="audit_chain_id"),
            # The report's sorts by user and by outcome (T19: under 2 s at 1M rows,
            # bench/bench_audit.py); ties within a value are sorted on top, cheaply.
            models.Index(fields=["clinic", "actor_label"], name="audit_clinic_actor_label"),
            models.Index(fields=["clinic", "outcome"], name="audit_clinic_outcome"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action} {self.outcome}"


class AuditChainHead(models.Model):
    """The last hash of one chain; locked while a row is appended so the chain never forks."""

    chain = models.CharField(max_length=40, primary_key=True)
    last_hash = models.CharField(max_length=64)
    length = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.chain} ({self.length})"


class RecordVersion(models.Model):
    """A kept earlier version of a corrected record (BGB 630f: the original stays recognisable)."""

    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64)
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    data = models.JSONField()
    replaced_at = models.DateTimeField()
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-replaced_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="version_object")]

    def __str__(self) -> str:
        return f"{self.object_type} {self.object_id} before {self.replaced_at:%Y-%m-%d %H:%M}"


class RowChange(models.Model):
    """The previous content of a row of patient data, written by database triggers on every UPDATE
    and DELETE — also for bulk updates and raw SQL that bypass the application (security-targets
    T17). Rows are only ever added here."""

    table_name = models.CharField(max_length=100)
    row_id = models.CharField(max_length=64)
    operation = models.CharField(max_length=10)
    old_row = models.TextField()
    changed_at = models.CharField(max_length=40)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["table_name", "row_id"], name="rowchange_row")]

    def __str__(self) -> str:
        return f"{self.operation} {self.table_name} {self.row_id}"
