"""A patient's treatment history, its versions, its stored staging results, the pseudo-resistance
review and the known contributors to resistance.

The rows map to the frozen dataclasses of :mod:`remission.clinical.history` (``Episode``, the
trials); :func:`remission.treatments.history.load_history` turns them into a core ``History``.
Nothing here computes a rule: the staging results are computed by the core and stored in explicit
fields by ``services.py``.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from remission.clinical.history import (
    Laterality,
    Modality,
    Outcome,
    ReviewStatus,
    Severity,
    TrialKind,
)


def _choices(
    enum: type[Severity | Outcome | Modality | Laterality | TrialKind | ReviewStatus],
) -> list[tuple[str, str]]:
    return [(member.value, member.label) for member in enum]


SEVERITY_CHOICES = _choices(Severity)
OUTCOME_CHOICES = _choices(Outcome)
MODALITY_CHOICES = _choices(Modality)
LATERALITY_CHOICES = _choices(Laterality)
KIND_CHOICES = _choices(TrialKind)
REVIEW_CHOICES = _choices(ReviewStatus)

DRUG_KINDS = frozenset({TrialKind.ANTIDEPRESSANT, TrialKind.AUGMENTATION})
PROCEDURE_KINDS = frozenset(
    {TrialKind.ECT, TrialKind.RTMS, TrialKind.ITBS, TrialKind.KETAMINE_IV, TrialKind.ESKETAMINE}
)


class Versioned(models.Model):
    """Who recorded a row and who changed it last; ``version`` is the optimistic lock."""

    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        abstract = True


class Removable(models.Model):
    """A soft delete with a reason (BGB 630f: the entry stays recognisable; security-targets T20)."""

    removed_at = models.DateTimeField(null=True, blank=True, editable=False)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    removal_reason = models.CharField(max_length=500, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def removed(self) -> bool:
        return self.removed_at is not None


class Episode(Versioned):
    """The current depressive episode (core ``Episode``) and the DM-TRD inputs (``DmTrdInputs``).

    ``None`` in a DM-TRD field means "not assessed". The row also serialises changes to the
    patient's history: services lock it while they write a new history version.
    """

    patient = models.OneToOneField(
        "patients.Patient", on_delete=models.PROTECT, related_name="episode"
    )
    start = models.DateField(_("episode started on"))
    severity = models.CharField(_("severity now"), max_length=15, choices=SEVERITY_CHOICES)
    psychotic_features = models.BooleanField(_("psychotic features"), default=False)
    functional_impairment = models.BooleanField(_("functional impairment"), null=True, blank=True)
    gaf = models.PositiveSmallIntegerField(
        _("GAF"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    comorbid_anxiety = models.BooleanField(_("comorbid anxiety"), null=True, blank=True)
    personality_disorder = models.BooleanField(_("personality disorder"), null=True, blank=True)
    psychosocial_stressors = models.BooleanField(_("psychosocial stressors"), null=True, blank=True)
    childhood_adversity = models.BooleanField(_("childhood adversity"), null=True, blank=True)
    intensified_treatment = models.BooleanField(_("intensified treatment"), null=True, blank=True)

    def __str__(self) -> str:
        return f"episode since {self.start} ({self.severity})"


class Trial(Versioned, Removable):
    """One treatment trial: an antidepressant, an augmentation or combination, a psychotherapy
    course or a procedure course (ECT, rTMS, iTBS, IV ketamine, esketamine).

    One table for every kind, as clinical.md 4.4 suggests (ATHF-SF, DM-TRD and NVL count
    psychotherapy among the trials). ``doses`` holds the dose steps exactly as in
    ``docs/history-format.md`` (``mg_per_day`` with ``weeks`` or ``start``/``end``): a trial and its
    doses are one clinical statement, versioned and corrected together. ``started_on`` and
    ``ended_on`` place a trial on the timeline when its doses carry no dates; the core does not
    read them.
    """

    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="trials")
    kind = models.CharField(_("type"), max_length=20, choices=KIND_CHOICES)
    drug = models.CharField(_("drug"), max_length=100, blank=True)
    augments = models.ForeignKey(
        "self",
        verbose_name=_("added to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="augmentations",
    )
    doses = models.JSONField(_("dose steps"), default=list, blank=True)
    adherent = models.BooleanField(_("adherence confirmed"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=OUTCOME_CHOICES)
    optimised = models.BooleanField(_("dose or duration optimised"), default=False)
    reason_stopped = models.CharField(_("reason stopped"), max_length=500, blank=True)
    modality = models.CharField(_("modality"), max_length=30, choices=MODALITY_CHOICES, blank=True)
    sessions = models.PositiveIntegerField(_("sessions"), null=True, blank=True)
    weeks = models.FloatField(_("weeks"), null=True, blank=True)
    laterality = models.CharField(
        _("electrode placement"), max_length=20, choices=LATERALITY_CHOICES, blank=True
    )
    protocol = models.CharField(_("protocol"), max_length=200, blank=True)
    current_episode = models.BooleanField(_("in the current episode"), default=True)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["patient", "removed_at", "id"], name="trial_patient")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.drug or self.modality}".strip()

    @property
    def is_drug(self) -> bool:
        return self.kind in DRUG_KINDS

    @property
    def is_procedure(self) -> bool:
        return self.kind in PROCEDURE_KINDS

    @property
    def name(self) -> str:
        """What the trial is called on the timeline and in lists."""
        if self.is_drug:
            return self.drug
        if self.kind == TrialKind.PSYCHOTHERAPY:
            return str(self.get_modality_display())
        return str(self.get_kind_display())


class HistoryVersion(models.Model):
    """One version of a patient's treatment history: the whole history as HISTORY.json
    (``docs/history-format.md``, ``as_of`` = the day of the change), written with every change.

    Numbers start at 1 and only grow. ``trial_ids`` maps each index of ``history["trials"]`` to
    its :class:`Trial` row, so a staging result's "trial 2" can be followed to the record.
    """

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="history_versions"
    )
    number = models.PositiveIntegerField()
    history = models.JSONField()
    trial_ids = models.JSONField(default=list)
    change = models.CharField(max_length=200)
    reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["patient", "number"], name="history_version_once")
        ]

    def __str__(self) -> str:
        return f"history v{self.number} of patient {self.patient_id}"


class Trigger(models.TextChoices):
    HISTORY_CHANGED = "history_changed", _("The history changed")
    RECOMPUTED = "recomputed", _("Recomputed as of a later day")
    DEFINITION_CHANGED = "definition_changed", _("The clinic's TRD definition changed")


class StagingResult(models.Model):
    """TRD status and staging of one history version, as computed by the core.

    ``report`` is the full core report (``report_as_dict``, the ``remission stage --json``
    contract); ``definition`` the TRD definition and parameters used. The headline numbers are
    copied into explicit fields for lists and queries. Results are never updated: a recompute adds
    a row.
    """

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="staging_results"
    )
    history_version = models.ForeignKey(
        HistoryVersion, on_delete=models.PROTECT, related_name="results"
    )
    as_of = models.DateField()
    trigger = models.CharField(max_length=20, choices=Trigger.choices)
    computed_at = models.DateTimeField(default=timezone.now)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    definition = models.JSONField()
    report = models.JSONField()
    # Copied from the report (computed by remission.clinical.history):
    trd = models.BooleanField()
    adequate_failures = models.PositiveSmallIntegerField()
    thase_rush_stage = models.PositiveSmallIntegerField()
    mgh_s_score = models.FloatField()
    msm_total = models.PositiveSmallIntegerField(null=True, blank=True)
    msm_band = models.CharField(max_length=20, blank=True)
    missing_count = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-computed_at", "-id"]
        indexes = [models.Index(fields=["patient", "-id"], name="staging_latest")]

    def __str__(self) -> str:
        return f"staging of v{self.history_version_id} as of {self.as_of}"


class PseudoResistanceReview(models.Model):
    """One dated review of the pseudo-resistance checklist (clinical.md 10.3 DESIGN NOTE).

    A new review is a new row; the latest is the current one. ``marks`` maps checklist item ids to
    ``open``, ``checked`` or ``not_applicable``; ``open_items`` is what the core's ``review``
    found still open.
    """

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="resistance_reviews"
    )
    checklist_version = models.CharField(max_length=40)
    marks = models.JSONField()
    notes = models.JSONField(default=dict, blank=True)
    open_items = models.JSONField(default=list)
    reviewed_at = models.DateTimeField(default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-reviewed_at", "-id"]

    def __str__(self) -> str:
        return f"review of {self.reviewed_at:%Y-%m-%d} ({len(self.open_items)} open)"


class ContributorKind(models.TextChoices):
    CONDITION = "condition", _("Comorbid condition")
    MEDICATION = "medication", _("Current medication")
    SUBSTANCE_USE = "substance_use", _("Substance use")
    STRESSOR = "stressor", _("Psychosocial stressor")
    SUPPORT = "support", _("Support network")
    FAMILY = "family", _("Family situation")
    TRAUMA = "trauma", _("Trauma history")
    TRIGGER = "trigger", _("Known trigger")


SENSITIVE_KINDS = frozenset({ContributorKind.TRAUMA, ContributorKind.TRIGGER})


class Condition(models.TextChoices):
    """The condition vocabulary shared with the planning rules (contraindications, matching)."""

    INTRACRANIAL_ANEURYSM = "intracranial_aneurysm", _("Intracranial aneurysm")
    ARTERIOVENOUS_MALFORMATION = "arteriovenous_malformation", _("Arteriovenous malformation")
    INTRACEREBRAL_HAEMORRHAGE_HISTORY = (
        "intracerebral_haemorrhage_history",
        _("History of intracerebral haemorrhage"),
    )
    UNCONTROLLED_HYPERTENSION = "uncontrolled_hypertension", _("Uncontrolled hypertension")
    CARDIOVASCULAR_DISEASE = "cardiovascular_disease", _("Cardiovascular disease")
    EPILEPSY = "epilepsy", _("Epilepsy")
    SEIZURE_HISTORY = "seizure_history", _("History of seizures")
    COCHLEAR_IMPLANT = "cochlear_implant", _("Cochlear implant")
    INTRACRANIAL_METAL = "intracranial_metal", _("Metal in or near the head")
    PSYCHOSIS_HISTORY = "psychosis_history", _("History of psychosis")
    BIPOLAR_DISORDER = "bipolar_disorder", _("Bipolar disorder")
    SUBSTANCE_USE_DISORDER_ACTIVE = (
        "substance_use_disorder_active",
        _("Active substance use disorder"),
    )
    PTSD = "ptsd", _("Post-traumatic stress disorder")
    ANXIETY_DISORDER = "anxiety_disorder", _("Anxiety disorder")
    PERSONALITY_DISORDER = "personality_disorder", _("Personality disorder")
    CHILDHOOD_TRAUMA = "childhood_trauma", _("Childhood trauma")
    RENAL_IMPAIRMENT = "renal_impairment", _("Renal impairment")
    COGNITIVE_IMPAIRMENT = "cognitive_impairment", _("Cognitive impairment")
    DEMENTIA = "dementia", _("Dementia")


class Contributor(Versioned, Removable):
    """A known cause or contributor of resistance, recorded so that the plan can address it.

    ``kind`` decides which fields are used: a condition has a ``code`` from :class:`Condition`;
    a medication a ``name`` and ``dose``; substance use a ``name`` (the substance) and ``dose``
    (the pattern); the others ``details`` only. Trauma history and known triggers are sensitive:
    shown to the care team only, with a "handle with care" note.
    """

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="contributors"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ContributorKind.choices)
    code = models.CharField(_("condition"), max_length=40, choices=Condition.choices, blank=True)
    name = models.CharField(_("name"), max_length=120, blank=True)
    dose = models.CharField(_("dose"), max_length=120, blank=True)
    details = models.TextField(_("details"), max_length=2000, blank=True)
    since = models.DateField(_("since"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["kind", "-since", "id"]
        indexes = [models.Index(fields=["patient", "kind"], name="contributor_patient_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def sensitive(self) -> bool:
        return self.kind in SENSITIVE_KINDS

    @property
    def title(self) -> str:
        if self.kind == ContributorKind.CONDITION:
            return str(self.get_code_display())
        if self.name:
            return f"{self.name} {self.dose}".strip()
        return self.details[:80]

    @property
    def current(self) -> bool:
        return self.until is None or self.until >= timezone.localdate()


class StagingSettings(models.Model):
    """The clinic's choice of TRD definition where sources differ (clinical.md 3.1, 4.1, 8).
    Every staging result records the definition it used."""

    clinic = models.OneToOneField(
        "accounts.Clinic", on_delete=models.CASCADE, related_name="staging_settings"
    )
    min_weeks = models.PositiveSmallIntegerField(
        _("weeks at or above the minimum dose for an adequate trial"),
        choices=[
            (4, _("4 weeks (ATHF, Sackeim 2001)")),
            (6, _("6 weeks (MGH-S, Fava 2003)")),
            (8, _("8 weeks (ATRQ as used in COMP006)")),
        ],
        default=6,
    )
    different_classes = models.BooleanField(
        _("the failed trials must be of two different classes (EMA 2002)"), default=False
    )
    augmentation_counts = models.BooleanField(
        _("adequate failed augmentation or combination trials count towards TRD"), default=False
    )

    def __str__(self) -> str:
        return f"staging settings of {self.clinic_id}"
