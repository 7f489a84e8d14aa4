"""The planning context a patient's options depend on, and the care plans decided with them.

A :class:`CarePlan` is one patient's plan; each decision or revision adds a :class:`PlanVersion`
(the older ones stay, readable). A version stores the input snapshot (PROFILE.json of the planning
core, with the TRD definition) and the options the core derived from it, so a past plan can be
derived again (``services.rederive``). Which options were chosen, and whether that followed the
suggestions or overrode them, is kept per option in :class:`OptionDecision`.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from remission.clinical.planning import SCORES
from remission.treatments.models import Versioned

INSTRUMENT_CHOICES = [(key, name) for key, (name, _top) in SCORES.items()]


class PlanningContext(Versioned):
    """What the planner reads that no other record holds: pregnancy, blood pressure, the
    psychosocial context and the patient's preferences. ``None`` means *not asked*."""

    patient = models.OneToOneField(
        "patients.Patient", on_delete=models.PROTECT, related_name="planning_context"
    )
    pregnant = models.BooleanField(_("pregnant"), null=True, blank=True)
    breastfeeding = models.BooleanField(_("breastfeeding"), null=True, blank=True)
    conditions_complete = models.BooleanField(
        _("the list of conditions is complete (none beyond those recorded)"), default=False
    )
    medications_complete = models.BooleanField(
        _("the list of current medications is complete"), default=False
    )
    bp_systolic = models.PositiveSmallIntegerField(
        _("systolic (mmHg)"), null=True, blank=True,
        validators=[MinValueValidator(50), MaxValueValidator(300)],
    )  # fmt: skip
    bp_diastolic = models.PositiveSmallIntegerField(
        _("diastolic (mmHg)"), null=True, blank=True,
        validators=[MinValueValidator(20), MaxValueValidator(200)],
    )  # fmt: skip
    bp_date = models.DateField(_("measured on"), null=True, blank=True)
    family_support = models.BooleanField(_("family support"), null=True, blank=True)
    trauma_history = models.BooleanField(_("history of trauma"), null=True, blank=True)
    stressors = models.TextField(_("current stressors (one per line)"), blank=True)
    avoid_medication = models.BooleanField(_("wishes to avoid medication"), null=True, blank=True)
    prefers_psychotherapy = models.BooleanField(_("prefers psychotherapy"), null=True, blank=True)
    can_attend_daily = models.BooleanField(
        _("can attend daily (e.g. rTMS, a day programme)"), null=True, blank=True
    )

    def __str__(self) -> str:
        return f"planning context of patient {self.patient_id}"


class CarePlan(models.Model):
    """A patient's care plan. ``version`` is the number of the current :class:`PlanVersion` and
    the optimistic lock: a revision based on an older version is refused."""

    patient = models.OneToOneField(
        "patients.Patient", on_delete=models.PROTECT, related_name="care_plan"
    )
    version = models.PositiveIntegerField(default=0)
    review_on = models.DateField(null=True, blank=True)  # the current version's review date
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["review_on"], name="care_plan_review_on")]

    def __str__(self) -> str:
        return f"care plan of patient {self.patient_id} (v{self.version})"


class PlanVersion(models.Model):
    """One version of a care plan: the shared decision, goals, steps, measurement plan, review
    date and responsible clinicians, with the inputs and options it was decided on."""

    plan = models.ForeignKey(CarePlan, on_delete=models.PROTECT, related_name="versions")
    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="plan_versions"
    )
    number = models.PositiveIntegerField()
    as_of = models.DateField()
    rules_version = models.CharField(max_length=40)
    snapshot = models.JSONField(help_text="PROFILE.json and the TRD definition the options used")
    derived = models.JSONField(help_text="the core's plan for the snapshot (plan_as_dict)")
    chosen = models.JSONField(default=list, help_text="option ids chosen, in the offered order")
    preferences = models.TextField(_("the patient's preferences and concerns"))
    rationale = models.TextField(_("rationale"))
    override = models.BooleanField(default=False)
    override_reason = models.TextField(_("reason for choosing against the suggestions"), blank=True)
    change_note = models.CharField(_("what changed and why"), max_length=500, blank=True)
    review_on = models.DateField(_("review on"))
    responsible = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="responsible_plans", verbose_name=_("responsible")
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_version_once")]

    def __str__(self) -> str:
        return f"care plan v{self.number} of patient {self.patient_id}"


class StepKind(models.TextChoices):
    MEDICATION = "medication_change", _("Medication change")
    SERIES = "series", _("Series (ketamine, esketamine)")
    NEUROMODULATION = "neuromodulation_course", _("Neuromodulation course")
    PSYCHOTHERAPY = "psychotherapy_course", _("Psychotherapy course")
    PROGRAMME = "programme", _("Programme")
    OTHER = "other", _("Other")


class Goal(models.Model):
    """``instrument`` total below ``below`` by ``by`` (e.g. PHQ-9 below 10 by 1 March)."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveSmallIntegerField()
    instrument = models.CharField(_("instrument"), max_length=20, choices=INSTRUMENT_CHOICES)
    below = models.PositiveSmallIntegerField(_("total below"))
    by = models.DateField(_("by"))

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.instrument} below {self.below} by {self.by}"


class Step(models.Model):
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(_("kind"), max_length=30, choices=StepKind.choices)
    description = models.CharField(_("description"), max_length=500)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.description}"


class Measurement(models.Model):
    """The measurement plan: ``instrument`` every ``every_days`` days."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="measurements")
    position = models.PositiveSmallIntegerField()
    instrument = models.CharField(_("instrument"), max_length=20, choices=INSTRUMENT_CHOICES)
    every_days = models.PositiveSmallIntegerField(
        _("every (days)"), validators=[MinValueValidator(1), MaxValueValidator(365)]
    )

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.instrument} every {self.every_days} days"


class Outcome(models.TextChoices):
    ACCEPTED = "accepted", _("Suggested and chosen")
    NOT_CHOSEN = "not_chosen", _("Not chosen")
    OVERRIDE = "override", _("Chosen against a caution or contraindication")


class OptionDecision(models.Model):
    """What became of one offered option: for reviewing how the planning support is used."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="decisions")
    option_id = models.CharField(max_length=60)
    status = models.CharField(max_length=20)
    line = models.CharField(max_length=10, blank=True)
    chosen = models.BooleanField()
    outcome = models.CharField(max_length=12, choices=Outcome.choices)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.option_id}: {self.outcome}"
