"""The companion's records: check-ins, safety plans, homework, the support network, peer groups
and one-time sign-in links. Every write goes through ``remission.companion.services``."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SCALE = [MinValueValidator(1), MaxValueValidator(5)]


# ---- Mood journal ------------------------------------------------------------------------------
class CheckIn(models.Model):
    """A quick daily check-in. Every scale runs 1-5; the note stays private unless shared."""

    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)
    mood = models.PositiveSmallIntegerField(_("mood"), validators=SCALE)
    anxiety = models.PositiveSmallIntegerField(_("anxiety"), validators=SCALE)
    sleep = models.PositiveSmallIntegerField(_("sleep"), validators=SCALE)
    energy = models.PositiveSmallIntegerField(_("energy"), validators=SCALE)
    tags = models.JSONField(_("what I did"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=4000)
    shared = models.BooleanField(_("share the numbers with my care team"), default=True)
    note_shared = models.BooleanField(_("share my note with my care team"), default=False)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["patient", "-recorded_at"], name="checkin_patient_at")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mood__range=(1, 5))
                & models.Q(anxiety__range=(1, 5))
                & models.Q(sleep__range=(1, 5))
                & models.Q(energy__range=(1, 5)),
                name="checkin_scales_1_to_5",
            ),
            models.CheckConstraint(
                condition=models.Q(note_shared=False) | models.Q(shared=True),
                name="checkin_note_shared_only_with_numbers",
            ),
        ]

    def __str__(self) -> str:
        return f"check-in {self.recorded_at:%Y-%m-%d %H:%M}"


# ---- Safety plan -------------------------------------------------------------------------------
class SafetyPlan(models.Model):
    """A patient's safety plan; its content lives in immutable, numbered versions."""

    patient = models.OneToOneField(
        "patients.Patient", on_delete=models.PROTECT, related_name="safety_plan"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"safety plan of patient {self.patient_id}"


class SafetyPlanVersion(models.Model):
    """One saved state of the plan (Stanley & Brown 2012 steps); never changed after saving."""

    SECTIONS = (
        "warning_signs",
        "coping_strategies",
        "distractions",
        "help_contacts",
        "professionals",
        "safer_environment",
        "reasons_for_living",
    )

    plan = models.ForeignKey(SafetyPlan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    warning_signs = models.TextField(_("My warning signs"), blank=True, max_length=4000)
    coping_strategies = models.TextField(
        _("Things I can do on my own to take my mind off things"), blank=True, max_length=4000
    )
    distractions = models.TextField(
        _("People and places that help me feel better"), blank=True, max_length=4000
    )
    help_contacts = models.TextField(_("People I can ask for help"), blank=True, max_length=4000)
    professionals = models.TextField(_("Professionals I can contact"), blank=True, max_length=4000)
    safer_environment = models.TextField(
        _("Making my surroundings safer"), blank=True, max_length=4000
    )
    reasons_for_living = models.TextField(_("My reasons for living"), blank=True, max_length=4000)
    change_note = models.CharField(_("what changed"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    author_role = models.CharField(max_length=20, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="safety_plan_version_once")
        ]

    def __str__(self) -> str:
        return f"safety plan version {self.number}"

    @classmethod
    def label(cls, section: str) -> str:
        field = cls._meta.get_field(section)
        assert isinstance(field, models.Field)
        return str(field.verbose_name)

    def items(self, section: str) -> list[str]:
        text: str = getattr(self, section)
        return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]

    @property
    def is_empty(self) -> bool:
        return not any(getattr(self, name).strip() for name in self.SECTIONS)


# ---- Skills and homework -----------------------------------------------------------------------
class HomeworkStatus(models.TextChoices):
    OPEN = "open", _("To do")
    DONE = "done", _("Done")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class HomeworkAssignment(models.Model):
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    exercise = models.CharField(_("exercise"), max_length=60)
    note = models.TextField(_("note for the patient"), blank=True, max_length=2000)
    due = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=HomeworkStatus.choices, default="open")
    source = models.CharField(max_length=40, default="chart")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["status", "due", "-assigned_at"]
        indexes = [models.Index(fields=["patient", "status"], name="homework_patient_status")]

    def __str__(self) -> str:
        return f"homework {self.exercise}"


class ExerciseCompletion(models.Model):
    """The patient did an exercise (assigned or on their own); answers shared only if chosen."""

    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    exercise = models.CharField(max_length=60)
    assignment = models.OneToOneField(
        HomeworkAssignment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="completion",
    )
    responses = models.JSONField(default=dict, blank=True)
    helpful = models.PositiveSmallIntegerField(null=True, blank=True, validators=SCALE)
    shared = models.BooleanField(default=False)
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-completed_at"]
        indexes = [models.Index(fields=["patient", "-completed_at"], name="completion_patient")]

    def __str__(self) -> str:
        return f"completed {self.exercise}"


# ---- Support network ---------------------------------------------------------------------------
class Grant(models.TextChoices):
    """What a patient may let a family member or friend see. Nothing else is ever shown to them:
    no psychotherapy notes, no journal notes, no questionnaire answers."""

    APPOINTMENTS = "appointments", _("My upcoming appointments")
    SAFETY_CONTACTS = "safety_contacts", _("The people and crisis lines in my safety plan")
    EDUCATION = "education", _("The information pages for families")
    CHECKINS = "checkins", _("My check-in numbers (mood, anxiety, sleep, energy), without notes")


class LinkStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACTIVE = "active", _("Active")
    REVOKED = "revoked", _("Ended")


class SupportLink(models.Model):
    """A person the patient invited into their support network, with what they may see."""

    patient = models.ForeignKey(
        "patients.Patient", on_delete=models.PROTECT, related_name="support_links"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_links",
    )
    name = models.CharField(_("their name"), max_length=120)
    email = models.EmailField(_("their e-mail"))
    relationship = models.CharField(_("who they are to you"), max_length=60, blank=True)
    grants = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=LinkStatus.choices, default="invited")
    # NULL (not "") once used or ended, so that the unique index holds only open invitations.
    invitation_hash = models.CharField(  # noqa: DJ001
        max_length=64, unique=True, null=True, editable=False
    )
    invitation_expires_at = models.DateTimeField(null=True, editable=False)
    invited_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["status", "name"]
        indexes = [models.Index(fields=["member", "status"], name="support_member_status")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"

    def allows(self, grant: str) -> bool:
        return self.status == LinkStatus.ACTIVE and grant in self.grants

    @property
    def grant_labels(self) -> list[str]:
        return [str(label) for value, label in Grant.choices if value in self.grants]


class ConsentRecord(models.Model):
    """The history of a support link's consent: granted, changed, accepted, ended."""

    link = models.ForeignKey(SupportLink, on_delete=models.PROTECT, related_name="consents")
    action = models.CharField(max_length=20)
    grants = models.JSONField(default=list)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d}"


# ---- Peer support groups -----------------------------------------------------------------------
class GroupFormat(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")


class PeerGroup(models.Model):
    clinic = models.ForeignKey("accounts.Clinic", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("what the group is about"), max_length=2000)
    format = models.CharField(_("format"), max_length=10, choices=GroupFormat.choices)
    place = models.CharField(
        _("where"), max_length=300, help_text=_("A room and address, or the video link.")
    )
    schedule = models.CharField(_("when"), max_length=200, help_text=_("e.g. Tuesdays 18:00-19:30"))
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    active = models.BooleanField(_("open for new members"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class GroupMembership(models.Model):
    group = models.ForeignKey(PeerGroup, on_delete=models.PROTECT, related_name="memberships")
    patient = models.ForeignKey("patients.Patient", on_delete=models.PROTECT, related_name="+")
    display_name = models.CharField(_("the name other members see"), max_length=60)
    introduction = models.CharField(
        _("a line about you for other members"), max_length=280, blank=True
    )
    visible_to_members = models.BooleanField(
        _("show my name and line to other members"), default=False
    )
    joined_at = models.DateTimeField(default=timezone.now)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["display_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "patient"],
                condition=models.Q(left_at__isnull=True),
                name="group_membership_once_while_active",
            )
        ]

    def __str__(self) -> str:
        return self.display_name


class GroupSession(models.Model):
    group = models.ForeignKey(PeerGroup, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField(_("date and time"))
    topic = models.CharField(_("topic"), max_length=120, blank=True)

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.group} {self.starts_at:%Y-%m-%d}"


class Attendance(models.Model):
    session = models.ForeignKey(GroupSession, on_delete=models.PROTECT, related_name="attendance")
    membership = models.ForeignKey(
        GroupMembership, on_delete=models.PROTECT, related_name="attendance"
    )
    present = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "membership"], name="attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.membership} {'present' if self.present else 'absent'}"


# ---- One-time sign-in links and throttling ----------------------------------------------------
class SignInToken(models.Model):
    """A one-time sign-in link for a portal user; only the SHA-256 of the token is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["user", "created_at"], name="signin_token_user")]

    def __str__(self) -> str:
        return f"sign-in link for user {self.user_id}"


class Throttle(models.Model):
    """A fixed-window counter shared by every app server (the database is the one shared store)."""

    key = models.CharField(max_length=120, primary_key=True)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
