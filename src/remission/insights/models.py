"""What the outcomes dashboard needs of each patient, kept beside the record so that a view of a
large clinic is a few SQL aggregates (docs/insights.md, "How the figures are kept").

The rows are derived data: :mod:`remission.insights.summaries` rebuilds a patient's rows from the
treatment history and the totals whenever they have changed (``stale``) or were never made, so
they carry no history of their own (``keeps_history``: no row-history trigger). Row-level
security applies as to every patient-data table.
"""

from django.db import models
from django.utils import timezone

from remission.accounts.models import Clinic
from remission.patients.models import Patient


class PatientOutcome(models.Model):
    """One patient's index course, baseline severity, staging and time to response/remission."""

    keeps_history = False

    patient = models.OneToOneField(
        Patient, primary_key=True, on_delete=models.CASCADE, related_name="outcome_summary"
    )
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="+")
    stale = models.BooleanField(default=True)
    pathway = models.CharField(max_length=20, blank=True)  # "" without a dated trial
    index_start = models.DateField(null=True)
    baseline_band = models.CharField(max_length=20, blank=True)
    first_stage = models.PositiveSmallIntegerField(null=True)  # Thase-Rush, first result
    latest_stage = models.PositiveSmallIntegerField(null=True)
    refreshed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["clinic", "stale"], name="insights_po_clinic_stale"),
            models.Index(fields=["clinic", "pathway", "index_start"], name="insights_po_pathway"),
        ]

    def __str__(self) -> str:
        return f"outcome summary of patient {self.patient_id}"


# The outcome facts' covering index, in the order the dashboard groups them.
COUNTED_OUTCOME_COLUMNS = [
    "clinic", "pathway", "instrument", "window", "measured", "response", "remission",
    "reliable_improvement", "reliable_deterioration", "closes_on",
]  # fmt: skip


class Fact(models.Model):
    """A fact of one patient's summary. The clinic and pathway are repeated from the summary (a
    rebuild rewrites both together) so that a clinic-wide count reads one covering index in
    ``GROUP BY`` order, without a join or a sort (SQLite has no hash aggregate)."""

    keeps_history = False

    summary = models.ForeignKey(PatientOutcome, on_delete=models.CASCADE, related_name="+")
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="+", db_index=False)
    pathway = models.CharField(max_length=20)

    class Meta:
        abstract = True


class OutcomeFact(Fact):
    """One instrument at one time-point (``figures.WindowOutcome``)."""

    instrument = models.CharField(max_length=20)
    window = models.CharField(max_length=8)
    closes_on = models.DateField(null=True)
    measured = models.BooleanField()
    response = models.BooleanField(null=True)
    remission = models.BooleanField(null=True)
    reliable_improvement = models.BooleanField(null=True)
    reliable_deterioration = models.BooleanField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=COUNTED_OUTCOME_COLUMNS, name="insights_outcome_counted"),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} at {self.window}"


class RecoveryFact(Fact):
    """NHS Talking Therapies recovery at a time-point (``figures.Recovery``)."""

    window = models.CharField(max_length=8)
    recovery = models.BooleanField()
    reliable_recovery = models.BooleanField()

    class Meta:
        indexes = [
            models.Index(
                fields=["clinic", "pathway", "window", "recovery", "reliable_recovery"],
                name="insights_recovery_counted",
            )
        ]

    def __str__(self) -> str:
        return f"recovery at {self.window}"


class FollowedFact(Fact):
    """Days from the index start to response or remission, or to censoring
    (``figures.Followed``)."""

    event = models.CharField(max_length=10)
    days = models.IntegerField()
    observed = models.BooleanField()

    class Meta:
        indexes = [
            models.Index(
                fields=["clinic", "pathway", "event", "days", "observed"],
                name="insights_followed_counted",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} after {self.days} days"
