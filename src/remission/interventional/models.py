"""Ketamine and esketamine series, their dose sessions and the signed dose records.

A :class:`DoseRecord` is one revision of what happened at a dose session. Signing locks it; an
amendment is a new revision (``amends`` points at the signed one, with the reason) and the signed
original is never changed. Nothing here computes a rule: the protocol core
(:mod:`remission.clinical.protocols`) does, and ``services`` store its results in explicit fields.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from remission.clinical.protocols import integration


def care_plan_link(related_name: str) -> models.ForeignKey:  # type: ignore[type-arg]
    """The care plan a series or course delivers a step of, when it was ordered from the plan."""
    return models.ForeignKey(
        "planning.CarePlan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=_("care plan"),
        help_text=_("Set when ordered as a step of the patient's care plan."),
    )


class SeriesKind(models.TextChoices):
    KETAMINE_IV = "ketamine_iv", _("IV ketamine")
    ESKETAMINE = "esketamine", _("Esketamine nasal spray")


class SeriesStatus(models.TextChoices):
    ACTIVE = "active", _("Running")
    COMPLETED = "completed", _("Completed")
    STOPPED = "stopped", _("Stopped")


class InterventionalSettings(models.Model):
    """The clinic's choices for interventional care (docs/interventional.md). None of them is a
    published standard."""

    clinic = models.OneToOneField(
        "accounts.Clinic", on_delete=models.CASCADE, related_name="interventional_settings"
    )
    integration_policy = models.CharField(
        _("integration session window"),
        max_length=20,
        choices=[(p.name, p.description) for p in integration.policies().values()],
        default="within-72h",
        help_text=_("A clinic setting: no published standard fixes when integration is due."),
    )
    integration_hour = models.PositiveSmallIntegerField(
        _("propose integration sessions at (hour)"),
        validators=[MinValueValidator(7), MaxValueValidator(19)],
        default=10,
    )
    integration_minutes = models.PositiveSmallIntegerField(
        _("integration session length (minutes)"),
        validators=[MinValueValidator(15), MaxValueValidator(120)],
        default=50,
    )
    questionnaire_days_before = models.PositiveSmallIntegerField(
        _("pre-dose questionnaire due (days before the dose)"),
        validators=[MaxValueValidator(7)],
        default=1,
    )
    response_instrument = models.CharField(
        _("questionnaire before each dose"),
        max_length=30,
        choices=[("phq9", "PHQ-9"), ("qids_sr16", "QIDS-SR16"), ("madrs", "MADRS")],
        default="phq9",
    )
    relapse_threshold = models.PositiveSmallIntegerField(
        _("relapse signal when a maintenance score rises above"),
        default=9,
        help_text=_("Clinic-set: no published relapse threshold or booster schedule exists."),
    )
    rooms = models.TextField(
        _("rooms and chairs"),
        default="Treatment chair 1\nTreatment chair 2\nInfusion room",
        help_text=_("One per line."),
    )

    def __str__(self) -> str:
        return f"interventional settings of {self.clinic_id}"

    @property
    def room_names(self) -> list[str]:
        return [line.strip() for line in self.rooms.splitlines() if line.strip()]


class Series(models.Model):
    """An ordered ketamine or esketamine series: its plan, place and people."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="interventional_series"
    )
    kind = models.CharField(_("treatment"), max_length=20, choices=SeriesKind.choices)
    schedule = models.CharField(_("schedule"), max_length=30)
    start_on = models.DateField(_("first dose on"))
    start_time = models.TimeField(_("at"))
    room = models.CharField(_("room or chair"), max_length=80)
    nurse = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("nurse"),
    )
    prescriber = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("prescriber"),
    )
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("integration therapist"),
    )
    # IV ketamine: the inputs of the dose calculation (core ketamine_iv.ketamine_dose).
    weight_kg = models.DecimalField(
        _("weight (kg)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    mg_per_kg = models.DecimalField(
        _("dose (mg/kg)"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    infusion_minutes = models.PositiveSmallIntegerField(
        _("infusion time (min)"), null=True, blank=True
    )
    concentration_mg_per_ml = models.DecimalField(
        _("vial concentration (mg/mL)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    # Esketamine: the label's region and the patient's age when ordered.
    region = models.CharField(_("label"), max_length=2, blank=True)
    age = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SeriesStatus.choices, default=SeriesStatus.ACTIVE
    )
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ordered_at = models.DateTimeField(default=timezone.now)
    sources = models.JSONField(default=list)
    care_plan = care_plan_link("series")

    class Meta:
        ordering = ["-start_on", "-id"]
        indexes = [models.Index(fields=["patient", "status"], name="series_patient_status")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.start_on}"


class DoseSession(models.Model):
    """One planned dose of a series, with its calendar entries and pre-dose questionnaire."""

    series = models.ForeignKey(Series, on_delete=models.PROTECT, related_name="sessions")
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField()
    phase = models.CharField(max_length=20)
    planned_on = models.DateField()
    dose_options_mg = models.JSONField(default=list, blank=True)
    appointment = models.OneToOneField(
        "appointments.Appointment", on_delete=models.PROTECT, related_name="dose_session"
    )
    integration = models.OneToOneField(
        "appointments.Appointment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="integrated_dose",
    )
    questionnaire = models.ForeignKey(
        "measures.DueQuestionnaire",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["series", "number"]
        constraints = [
            models.UniqueConstraint(fields=["series", "number"], name="dose_session_number_once")
        ]

    def __str__(self) -> str:
        return f"dose {self.number} on {self.planned_on}"


class PregnancyTest(models.TextChoices):
    NOT_APPLICABLE = "not_applicable", _("Not applicable")
    NEGATIVE = "negative", _("Negative")
    POSITIVE = "positive", _("Positive")
    NOT_DONE = "not_done", _("Not done yet")


class RecordStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    DISCHARGED = "discharged", _("Discharged, to sign")
    SIGNED = "signed", _("Signed")


class DoseRecord(models.Model):
    """One revision of a dose session's record, from check-in to discharge and signature."""

    session = models.ForeignKey(DoseSession, on_delete=models.PROTECT, related_name="records")
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    revision = models.PositiveSmallIntegerField(default=1)
    amends = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="amendment"
    )
    amendment_reason = models.TextField(blank=True)
    status = models.CharField(
        max_length=12, choices=RecordStatus.choices, default=RecordStatus.IN_PROGRESS
    )
    checked_in_at = models.DateTimeField()
    # Pre-dose checklist
    consent_confirmed = models.BooleanField(_("consent for this series confirmed"), default=False)
    fasting_confirmed = models.BooleanField(_("fasting as instructed"), default=False)
    transport_arranged = models.BooleanField(_("transport home arranged"), default=False)
    pregnancy_test = models.CharField(
        _("pregnancy test"), max_length=15, choices=PregnancyTest.choices, blank=True
    )
    contraindications = models.JSONField(default=list, blank=True)  # core findings, snapshot
    suicide_item = models.JSONField(default=dict, blank=True)  # the last answer, snapshot
    overrides = models.JSONField(default=dict, blank=True)  # code -> {reason, by, at}
    bp_decision = models.TextField(_("benefit/risk decision"), blank=True, max_length=2000)
    bp_decision_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Dose
    dose_mg = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    dose_inputs = models.JSONField(default=dict, blank=True)
    dosing_started_at = models.DateTimeField(null=True, blank=True)
    dosing_ended_at = models.DateTimeField(null=True, blank=True)
    # Monitoring
    cadss_instrument = models.CharField(max_length=10, blank=True)
    cadss_total = models.PositiveSmallIntegerField(null=True, blank=True)
    sedation = models.BooleanField(_("sedation observed"), null=True, blank=True)
    respiratory_depression = models.BooleanField(
        _("respiratory depression observed"), null=True, blank=True
    )
    side_effects = models.JSONField(default=list, blank=True)
    # Discharge
    clinically_stable = models.BooleanField(
        _("clinically stable and ready to leave"), default=False
    )
    discharged_at = models.DateTimeField(null=True, blank=True)
    discharge_findings = models.JSONField(default=list, blank=True)
    discharge_note = models.TextField(_("discharge note"), blank=True, max_length=2000)
    # Signature
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["session", "revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "revision"], name="dose_record_revision_once"
            )
        ]

    def __str__(self) -> str:
        return f"record of {self.session} (revision {self.revision})"

    @property
    def signed(self) -> bool:
        return self.signed_at is not None


MOMENTS = (
    ("pre_dose", _("Before dosing")),
    ("during", _("During dosing")),
    ("40_min", _("About 40 min after dosing")),
    ("later", _("Later in observation")),
    ("discharge", _("Before discharge")),
)


class VitalSign(models.Model):
    record = models.ForeignKey(DoseRecord, on_delete=models.PROTECT, related_name="vitals")
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    moment = models.CharField(max_length=20)  # pre_dose, 40_min, discharge, other
    taken_at = models.DateTimeField()
    systolic_mmhg = models.PositiveSmallIntegerField()
    diastolic_mmhg = models.PositiveSmallIntegerField()
    heart_rate_bpm = models.PositiveSmallIntegerField(null=True, blank=True)
    spo2_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    respiratory_rate_per_min = models.PositiveSmallIntegerField(null=True, blank=True)
    flags = models.JSONField(default=list, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["taken_at", "id"]

    def __str__(self) -> str:
        return f"{self.systolic_mmhg}/{self.diastolic_mmhg} mmHg at {self.taken_at:%H:%M}"

    @property
    def moment_label(self) -> str:
        return str(dict(MOMENTS).get(self.moment, self.moment))


class AdverseEvent(models.Model):
    record = models.ForeignKey(DoseRecord, on_delete=models.PROTECT, related_name="adverse_events")
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    noted_at = models.DateTimeField()
    description = models.TextField(max_length=2000)
    severity = models.CharField(
        max_length=10,
        choices=[("mild", _("Mild")), ("moderate", _("Moderate")), ("severe", _("Severe")),
                 ("serious", _("Serious (report)"))],
    )  # fmt: skip
    action_taken = models.TextField(blank=True, max_length=2000)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["noted_at", "id"]

    def __str__(self) -> str:
        return f"{self.severity} adverse event"


class Modality(models.TextChoices):
    CBT = "cbt", _("Cognitive behavioural therapy")
    BA = "ba", _("Behavioural activation")
    IPT = "ipt", _("Interpersonal therapy")
    CBASP = "cbasp", _("CBASP")
    PSYCHODYNAMIC_SHORT = "psychodynamic_short", _("Psychodynamic, short-term")
    PSYCHODYNAMIC_LONG = "psychodynamic_long", _("Psychodynamic, long-term")
    DBT = "dbt", _("Dialectical behaviour therapy")
    ACT = "act", _("Acceptance and commitment therapy")
    MBCT = "mbct", _("Mindfulness-based cognitive therapy")
    TRAUMA_FOCUSED = "trauma_focused", _("Trauma-focused therapy")
    SYSTEMIC = "systemic", _("Systemic or family therapy")


class PsychotherapyNote(models.Model):
    """A psychotherapy note, structured by modality. Visible only to its author and to clinicians
    the author granted access (:class:`NoteGrant`), on every path (``notes.visible_notes``)."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="psychotherapy_notes"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    appointment = models.ForeignKey(
        "appointments.Appointment", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    modality = models.CharField(_("modality"), max_length=20, choices=Modality.choices)
    sections = models.JSONField(default=dict)
    homework = models.ForeignKey(
        "companion.HomeworkAssignment", on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-written_at", "-id"]
        indexes = [models.Index(fields=["patient", "author"], name="note_patient_author")]

    def __str__(self) -> str:
        return f"{self.modality} note {self.written_at:%Y-%m-%d}"


class NoteGrant(models.Model):
    """An author lets one clinician read their psychotherapy notes of one patient."""

    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    grantee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300)
    granted_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-granted_at"]

    def __str__(self) -> str:
        return f"note grant to {self.grantee_id}"


class CourseKind(models.TextChoices):
    TMS = "tms", _("rTMS / iTBS")
    ECT = "ect", _("ECT")


class Laterality(models.TextChoices):
    BILATERAL = "bilateral", _("Bilateral (bitemporal)")
    RIGHT_UNILATERAL = "right_unilateral", _("Right unilateral")
    BIFRONTAL = "bifrontal", _("Bifrontal")


class NeuromodulationCourse(models.Model):
    """A TMS or ECT course: the core's planned sessions and review points, stored as ordered."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="neuromodulation_courses"
    )
    kind = models.CharField(_("treatment"), max_length=4, choices=CourseKind.choices)
    protocol = models.CharField(_("protocol"), max_length=20)
    start_on = models.DateField(_("first session on"))
    planned = models.JSONField(default=list)  # [{number, date, phase, at}]
    reviews = models.JSONField(default=list)  # [{after_session, date, reason, source}]
    pulses_per_session = models.PositiveIntegerField(null=True, blank=True)
    sources = models.JSONField(default=list)
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ordered_at = models.DateTimeField(default=timezone.now)
    care_plan = care_plan_link("neuromodulation_courses")

    class Meta:
        ordering = ["-start_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.start_on}"


class NeuromodulationSession(models.Model):
    """One session given, with its parameters (appended; a correction is a new row with a note)."""

    course = models.ForeignKey(
        NeuromodulationCourse, on_delete=models.PROTECT, related_name="sessions"
    )
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField()
    given_at = models.DateTimeField(default=timezone.now)
    motor_threshold_percent = models.PositiveSmallIntegerField(
        _("motor threshold (% of stimulator output)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )  # fmt: skip
    intensity_percent_mt = models.PositiveSmallIntegerField(
        _("intensity (% of motor threshold)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
    )  # fmt: skip
    pulses = models.PositiveIntegerField(_("pulses given"), null=True, blank=True)
    laterality = models.CharField(
        _("electrode placement"), max_length=20, choices=Laterality.choices, blank=True
    )
    seizure_seconds = models.PositiveSmallIntegerField(
        _("seizure duration (s)"), null=True, blank=True, validators=[MaxValueValidator(600)]
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["course", "number"]

    def __str__(self) -> str:
        return f"session {self.number}"


class TherapyCourseKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    GROUP = "group", _("Group")
    PROGRAMME = "programme", _("Intensive outpatient programme")
    INTEGRATION = "integration", _("Integration sessions of a ketamine/esketamine series")


class TherapyCourseStatus(models.TextChoices):
    ACTIVE = "active", _("Running")
    COMPLETED = "completed", _("Completed")
    STOPPED = "stopped", _("Stopped early")


class Attendance(models.TextChoices):
    ATTENDED = "attended", _("Attended")
    CANCELLED = "cancelled", _("Cancelled")
    DID_NOT_ATTEND = "did_not_attend", _("Did not attend")


class TherapyCourse(models.Model):
    """A psychotherapy course or intensive outpatient programme: planned sessions and frequency,
    its clinicians, and (once ended) the trial it became in the treatment history."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="therapy_courses"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=TherapyCourseKind.choices)
    modality = models.CharField(_("modality"), max_length=20, choices=Modality.choices, blank=True)
    planned_sessions = models.PositiveSmallIntegerField(_("sessions planned"))
    per_week = models.PositiveSmallIntegerField(_("sessions per week"))
    start_on = models.DateField(_("first session on"))
    clinicians = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+")
    measure = models.CharField(
        _("measure at each session"), max_length=10, blank=True,
        choices=[("", _("None")), ("phq9", "PHQ-9"), ("gad7", "GAD-7")],
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=10, choices=TherapyCourseStatus.choices,
        default=TherapyCourseStatus.ACTIVE,
    )  # fmt: skip
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    trial = models.ForeignKey(
        "treatments.Trial", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ordered_at = models.DateTimeField(default=timezone.now)
    care_plan = care_plan_link("therapy_courses")

    class Meta:
        ordering = ["-start_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.start_on}"


class TherapySession(models.Model):
    """One booked session of a course, its clinician and the attendance recorded."""

    course = models.ForeignKey(TherapyCourse, on_delete=models.PROTECT, related_name="sessions")
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField()
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    appointment = models.OneToOneField(
        "appointments.Appointment", on_delete=models.PROTECT, related_name="therapy_session"
    )
    attendance = models.CharField(max_length=15, choices=Attendance.choices, blank=True)
    questionnaire = models.ForeignKey(
        "measures.DueQuestionnaire", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip

    class Meta:
        ordering = ["course", "number"]
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="therapy_session_once")
        ]

    def __str__(self) -> str:
        return f"session {self.number}"
