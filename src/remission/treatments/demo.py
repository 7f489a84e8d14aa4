"""Demo treatment histories that span the stages: a first trial still going, one failure,
pseudo-resistance (low doses, intolerance, doubtful adherence), TRD at Thase-Rush stages II to V,
ECT for a few, psychotherapy courses, trials of an earlier episode. Every history is recorded
through the services, so each version, staging result and audit event is genuine.

The current trial starts on the day of the patient's first PHQ-9 (``remission.measures.demo``), so
the timeline lines up with the score trajectory; the earlier trials are laid out before it.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from remission.accounts.models import Role, User
from remission.clinical.history import ReviewStatus, pseudo_resistance_checklist
from remission.demo.clinic import DemoClinic
from remission.measures.models import Assessment
from remission.patients.models import Patient, Status
from remission.treatments import services
from remission.treatments.models import Contributor, ContributorKind, Episode, Trial


@dataclass(frozen=True)
class Spec:
    """One trial of an archetype. ``steps`` are (mg per day, weeks); ``alongside`` is the index of
    the trial it ran together with (an augmentation, or psychotherapy during a drug trial)."""

    kind: str
    name: str = ""
    steps: tuple[tuple[float, float], ...] = ()
    outcome: str = "no_response"
    weeks: float = 0
    sessions: int = 0
    alongside: int | None = None
    adherent: bool = True
    extra: dict[str, Any] = field(default_factory=dict)


def drug(
    name: str, *steps: tuple[float, float], outcome: str = "no_response", **extra: Any
) -> Spec:
    return Spec("antidepressant", name, steps, outcome, extra=extra)


def added(name: str, to: int, *steps: tuple[float, float], outcome: str = "no_response") -> Spec:
    return Spec("augmentation", name, steps, outcome, alongside=to)


def therapy(
    modality: str, sessions: int, weeks: float, outcome: str, alongside: int | None = None
) -> Spec:
    return Spec("psychotherapy", modality, (), outcome, weeks, sessions, alongside)


def procedure(kind: str, sessions: int, weeks: float, outcome: str, **extra: Any) -> Spec:
    return Spec(kind, "", (), outcome, weeks, sessions, extra=extra)


ONGOING = "ongoing"

# (label, severity now, psychotic features, past trials, the current trial)
ARCHETYPES: list[tuple[str, str, bool, list[Spec], Spec]] = [
    ("first trial", "moderate", False, [], drug("sertraline", (50, 2), (100, 0), outcome=ONGOING)),
    ("one failure", "moderate", False,
     [drug("citalopram", (20, 2), (40, 9))],
     drug("venlafaxine", (75, 2), (150, 2), (225, 0), outcome=ONGOING)),
    ("pseudo-resistance", "moderate", False,
     [drug("escitalopram", (5, 12), outcome="partial_response"),
      drug("sertraline", (50, 2), outcome="intolerance", reason_stopped="nausea and insomnia"),
      Spec("antidepressant", "fluoxetine", ((20, 8),), "no_response", adherent=False)],
     drug("vortioxetine", (10, 3), (20, 0), outcome=ONGOING)),
    ("stage II with augmentation", "moderate", False,
     [drug("sertraline", (50, 2), (150, 8)),
      drug("duloxetine", (60, 4), (120, 8), outcome="partial_response", optimised=True),
      added("aripiprazole", 1, (2, 2), (5, 6), outcome="partial_response"),
      therapy("cbt", 16, 16, "partial_response", alongside=1)],
     drug("bupropion", (150, 2), (300, 0), outcome=ONGOING)),
    ("stage III", "severe", False,
     [drug("escitalopram", (10, 2), (20, 8)),
      drug("venlafaxine", (75, 2), (150, 2), (225, 8)),
      drug("nortriptyline", (50, 2), (100, 8)),
      added("lithium", 2, (600, 2), (900, 6))],
     procedure("esketamine", 8, 0, ONGOING)),
    ("stage IV", "severe", False,
     [drug("sertraline", (100, 4), (200, 8)),
      drug("mirtazapine", (30, 2), (45, 8)),
      drug("imipramine", (100, 2), (200, 8)),
      drug("tranylcypromine", (30, 3), (60, 8)),
      therapy("cbasp", 20, 20, "no_response", alongside=3)],
     procedure("rtms", 20, 0, ONGOING, protocol="10 Hz left DLPFC")),
    ("stage V", "severe", True,
     [drug("paroxetine", (20, 2), (40, 10)),
      drug("venlafaxine", (150, 3), (300, 9)),
      drug("clomipramine", (75, 2), (150, 8)),
      drug("phenelzine", (45, 3), (60, 8)),
      procedure("ect", 12, 4, "no_response", laterality="bilateral")],
     procedure("ketamine_iv", 6, 0, ONGOING)),
    ("ECT responder", "mild", False,
     [drug("citalopram", (20, 2), (40, 8)),
      drug("venlafaxine", (150, 2), (225, 8)),
      procedure("ect", 10, 4, "response", laterality="right_unilateral")],
     drug("nortriptyline", (50, 2), (100, 0), outcome=ONGOING)),
    ("psychotherapy first", "moderate", False,
     [therapy("cbt", 20, 16, "partial_response"),
      therapy("ipt", 12, 12, "no_response")],
     drug("escitalopram", (10, 3), (20, 0), outcome=ONGOING)),
    ("intolerances", "moderate", False,
     [drug("sertraline", (50, 2), outcome="intolerance", reason_stopped="agitation"),
      drug("venlafaxine", (75, 1), outcome="intolerance", reason_stopped="sweating, nausea"),
      drug("agomelatine", (25, 3), (50, 8))],
     drug("bupropion", (150, 3), (300, 0), outcome=ONGOING)),
    ("earlier episode", "moderate", False,
     [drug("fluoxetine", (20, 12), outcome="remission", current_episode=False),
      drug("sertraline", (50, 2), (100, 8)),
      added("mirtazapine", 1, (15, 2), (30, 6))],
     drug("venlafaxine", (75, 2), (150, 0), outcome=ONGOING)),
    ("TRD, diagnosis under review", "moderate", False,
     [drug("escitalopram", (10, 2), (20, 8)),
      drug("duloxetine", (60, 10))],
     drug("mirtazapine", (15, 2), (30, 0), outcome=ONGOING)),
]  # fmt: skip

# Review states, by archetype label: items left open (the rest checked or not applicable).
OPEN_ITEMS = {
    "pseudo-resistance": ["adherence", "dose", "duration", "substance_use", "medical_contributors"],
    "TRD, diagnosis under review": ["diagnosis", "psychiatric_comorbidity"],
    "stage II with augmentation": ["pharmacokinetics", "goals"],
    "one failure": [item.id for item in pseudo_resistance_checklist().items],
}
NOT_APPLICABLE = {"pharmacokinetics", "interacting_medications"}
REVIEW_NOTES = {
    "adherence": "Pill counts not done for the fluoxetine trial; patient missed doses while travelling.",
    "medical_contributors": "Snoring and daytime sleepiness: sleep study requested; TSH pending.",
    "diagnosis": "Partner describes 3-4 day periods of reduced sleep and high energy: assess for bipolar II.",
    "substance_use": "Drinks 3-4 units most evenings; AUDIT to be done.",
    "goals": "Wants to return to work part-time; prefers not to try another SSRI.",
}  # fmt: skip


def add_histories(demo: DemoClinic) -> None:
    rng = demo.rng
    active = [p for p in demo.patients if p.status == Status.ACTIVE]
    for index, patient in enumerate(active):
        archetype = ARCHETYPES[index % len(ARCHETYPES)]
        current_start = _first_score_day(patient) or demo.today - timedelta(weeks=11)
        _record(demo, patient, archetype, current_start, rng, index)
    for index, patient in enumerate(p for p in demo.patients if p.status == Status.DISCHARGED):
        _record_discharged(demo, patient, rng, index)


def _lead(patient: Patient) -> User | None:
    member = patient.care_team.filter(role="lead").select_related("user").first()
    return member.user if member else None


def _first_score_day(patient: Patient) -> date | None:
    first = (
        Assessment.objects.filter(patient=patient, instrument="phq9")
        .order_by("administered_at")
        .first()
    )
    return first.administered_at.date() if first else None


def _rated_now(patient: Patient) -> str | None:
    """A plausible clinician rating of severity for the demo, in line with the patient's latest
    demo PHQ-9 (fictional data only: Remission has no PHQ-9 to MSM severity rule)."""
    latest = (
        Assessment.objects.filter(patient=patient, instrument="phq9", complete=True)
        .order_by("-administered_at")
        .first()
    )
    if latest is None or latest.total is None:
        return None
    total = latest.total
    return (
        "subsyndromal"
        if total < 5
        else "mild"
        if total < 10
        else "moderate"
        if total < 20
        else "severe"
    )


@dataclass
class Placed:
    spec: Spec
    start: date
    end: date | None  # None: still going


def _layout(
    past: list[Spec], current: Spec, current_start: date, rng: random.Random
) -> list[Placed]:
    """Dates for each trial: the current one from ``current_start``; earlier ones one after
    another before it, with gaps of 1-3 weeks; trials ``alongside`` another end with it."""
    placed: dict[int, Placed] = {}
    cursor = current_start - timedelta(days=rng.randint(7, 21))
    for number in reversed(range(len(past))):
        spec = past[number]
        if spec.alongside is not None or not spec.extra.get("current_episode", True):
            continue
        end = cursor
        start = end - timedelta(days=round(_weeks(spec) * 7))
        placed[number] = Placed(spec, start, end)
        cursor = start - timedelta(days=rng.randint(7, 21))
    for number, spec in enumerate(past):
        if spec.alongside is not None:
            base = placed[spec.alongside]
            end = base.end or current_start
            placed[number] = Placed(spec, end - timedelta(days=round(_weeks(spec) * 7)), end)
    episode_start = min((p.start for p in placed.values()), default=current_start)
    for number, spec in enumerate(past):
        if number not in placed:  # a trial of an earlier episode, about two years before
            end = episode_start - timedelta(days=rng.randint(500, 800))
            placed[number] = Placed(spec, end - timedelta(days=round(_weeks(spec) * 7)), end)
    ordered = [placed[number] for number in range(len(past))]
    return [*ordered, Placed(current, current_start, None)]


def _weeks(spec: Spec) -> float:
    return sum(weeks for _, weeks in spec.steps) if spec.steps else spec.weeks


def _record(
    demo: DemoClinic,
    patient: Patient,
    archetype: tuple[str, str, bool, list[Spec], Spec],
    current_start: date,
    rng: random.Random,
    index: int,
) -> None:
    label, severity, psychotic, past, current = archetype
    clinician = _lead(patient) or demo.first(Role.PSYCHIATRIST)
    placed = _layout(past, current, current_start, rng)
    in_episode = [p.start for p in placed if p.spec.extra.get("current_episode", True)]
    episode_start = min(in_episode) - timedelta(weeks=rng.randint(3, 10))
    services.save_episode(
        clinician,
        patient,
        Episode(
            start=episode_start,
            severity=(rated := _rated_now(patient) or severity),
            psychotic_features=psychotic and rated == "severe",
            functional_impairment=severity != "mild" if index % 2 == 0 else None,
            comorbid_anxiety=index % 3 == 0 if index % 2 == 0 else None,
            psychosocial_stressors=True if index % 4 == 0 else None,
        ),
        None,
    )
    rows: list[Trial] = []
    for number, item in enumerate(placed):
        trial = _trial(item, rows, dated=number == len(placed) - 1 or rng.random() < 0.5)
        services.add_trial(clinician, patient, trial)
        rows.append(trial)
    if index % 5 == 1 and len(rows) > 1:
        _correct_a_dose(clinician, rows[0])
    _review(clinician, patient, label, index)
    _contributors(clinician, patient, label, index, episode_start, rng)


def _trial(item: Placed, rows: list[Trial], *, dated: bool) -> Trial:
    spec = item.spec
    trial = Trial(kind=spec.kind, outcome=spec.outcome)
    extra = dict(spec.extra)
    trial.current_episode = extra.pop("current_episode", True)
    if spec.kind in ("antidepressant", "augmentation"):
        trial.drug = spec.name
        trial.adherent = spec.adherent
        trial.doses = _doses(spec.steps, item.start, item.end, dated)
        trial.started_on = item.start
        if spec.alongside is not None:
            trial.augments = rows[spec.alongside]
    elif spec.kind == "psychotherapy":
        trial.modality = spec.name
        trial.sessions = spec.sessions
        trial.weeks = spec.weeks
        trial.started_on = item.start
    else:
        trial.sessions = spec.sessions
        trial.started_on = item.start
        trial.ended_on = item.end
    for name, value in extra.items():
        setattr(trial, name, value)
    return trial


def _doses(
    steps: tuple[tuple[float, float], ...], start: date, end: date | None, dated: bool
) -> list[dict[str, Any]]:
    if not dated and end is not None:
        return [{"mg_per_day": mg, "weeks": weeks} for mg, weeks in steps]
    doses: list[dict[str, Any]] = []
    cursor = start
    for number, (mg, weeks) in enumerate(steps):
        last = number == len(steps) - 1
        step_end = (
            (end if last else cursor + timedelta(days=round(weeks * 7)))
            if end or not last
            else None
        )
        step: dict[str, Any] = {"mg_per_day": mg, "start": cursor.isoformat()}
        if step_end is not None:
            step["end"] = step_end.isoformat()
            cursor = step_end
        doses.append(step)
    return doses


def _correct_a_dose(clinician: User, trial: Trial) -> None:
    """A realistic correction: the pharmacy record showed the first trial ran two weeks longer."""
    fresh = Trial.objects.get(pk=trial.pk)
    last = dict(fresh.doses[-1]) if fresh.doses else {}
    if fresh.kind != "antidepressant" or "weeks" not in last:
        return
    last["weeks"] = float(last["weeks"]) + 2
    fresh.doses = [*fresh.doses[:-1], last]
    services.update_trial(
        clinician, fresh, fresh.version, reason="duration corrected from the pharmacy record"
    )


def _review(clinician: User, patient: Patient, label: str, index: int) -> None:
    if label == "first trial" and index % 2 == 0:
        return  # not reviewed yet
    open_items = set(OPEN_ITEMS.get(label, []))
    marks = {
        item.id: ReviewStatus.OPEN
        if item.id in open_items
        else ReviewStatus.NOT_APPLICABLE
        if item.id in NOT_APPLICABLE and index % 2
        else ReviewStatus.CHECKED
        for item in pseudo_resistance_checklist().items
    }
    notes = {item: text for item, text in REVIEW_NOTES.items() if item in open_items}
    services.record_review(clinician, patient, marks, notes, based_on=None)


TRAUMA = (
    "Physical abuse in childhood by a parent. Prefers not to go into details; has worked on it in "
    "trauma-focused therapy.",
    "Assault in 2019. Avoid approaching from behind; explain each step of a procedure before "
    "touching.",
)
TRIGGERS = (
    "Raised voices and being rushed. Helps: a quiet room, time to settle before a session.",
    "Lying flat with people standing over her (relevant for ECT and infusions). Helps: sitting "
    "up until sedation, a familiar nurse present.",
)
STRESSORS = (
    "Lost job in restructuring; financial worries.",
    "Divorce in progress; shared custody of two children.",
    "Caring for a parent with dementia.",
    "Long-term sick leave; conflict with employer about return to work.",
)
SUPPORT = (
    "Close friend visits weekly; sister by phone.",
    "Partner supportive and attends appointments when possible.",
    "Peer support group on Thursdays.",
    "Few contacts since moving; neighbour checks in.",
)
FAMILY = (
    "Lives with partner and two teenage children.",
    "Lives alone; adult son in another city.",
    "Mother had recurrent depression; father alcohol use disorder.",
)
MEDICATIONS = (
    ("levothyroxine", "75 µg daily", "hypothyroidism"),
    ("ramipril", "5 mg daily", "hypertension"),
    ("zopiclone", "7.5 mg at night as needed", "insomnia"),
    ("lamotrigine", "100 mg twice daily", "epilepsy"),
)


def _contributors(
    clinician: User, patient: Patient, label: str, index: int, since: date, rng: random.Random
) -> None:
    entries: list[Contributor] = [
        Contributor(kind=ContributorKind.STRESSOR, details=STRESSORS[index % len(STRESSORS)],
                    since=since - timedelta(days=rng.randint(30, 200))),
        Contributor(kind=ContributorKind.SUPPORT, details=SUPPORT[index % len(SUPPORT)]),
    ]  # fmt: skip
    if index % 3 == 0:
        entries.append(
            Contributor(kind=ContributorKind.FAMILY, details=FAMILY[index % len(FAMILY)])
        )
    if index % 2 == 0:
        entries.append(Contributor(kind=ContributorKind.CONDITION, code="anxiety_disorder"))
    if index % 4 == 2:
        name, dose, why = MEDICATIONS[index % len(MEDICATIONS)]
        entries.append(
            Contributor(kind=ContributorKind.MEDICATION, name=name, dose=dose, details=why,
                        since=since - timedelta(days=rng.randint(200, 900)))
        )  # fmt: skip
        if name == "lamotrigine":
            entries.append(Contributor(kind=ContributorKind.CONDITION, code="epilepsy"))
        if name == "ramipril":
            entries.append(
                Contributor(kind=ContributorKind.CONDITION, code="cardiovascular_disease")
            )
    if label in ("pseudo-resistance",) or index % 7 == 3:
        entries.append(
            Contributor(kind=ContributorKind.SUBSTANCE_USE, name="alcohol",
                        dose="3-4 units most evenings", since=since - timedelta(days=400))
        )  # fmt: skip
    if label == "psychotherapy first" or index % 6 == 4:
        entries += [
            Contributor(kind=ContributorKind.CONDITION, code="ptsd"),
            Contributor(kind=ContributorKind.CONDITION, code="childhood_trauma"),
            Contributor(kind=ContributorKind.TRAUMA, details=TRAUMA[index % len(TRAUMA)]),
            Contributor(kind=ContributorKind.TRIGGER, details=TRIGGERS[index % len(TRIGGERS)]),
        ]
    if label == "stage V":
        entries.append(Contributor(kind=ContributorKind.CONDITION, code="psychosis_history"))
    for entry in entries:
        services.add_contributor(clinician, patient, entry)


def _record_discharged(demo: DemoClinic, patient: Patient, rng: random.Random, index: int) -> None:
    """Finished histories: remission on the second or third trial, or after ECT."""
    clinician = _lead(patient) or demo.first(Role.PSYCHIATRIST)
    end = patient.discharged_on or demo.today - timedelta(days=60)
    endings: list[list[Spec]] = [
        [drug("sertraline", (50, 2), (150, 8)), drug("venlafaxine", (75, 2), (225, 10), outcome="remission")],
        [drug("escitalopram", (20, 8)), drug("mirtazapine", (30, 8)), drug("nortriptyline", (75, 2), (125, 10), outcome="remission")],
        [drug("citalopram", (40, 8)), drug("duloxetine", (60, 2), (120, 8)), procedure("ect", 9, 3, "remission", laterality="bilateral")],
    ]  # fmt: skip
    specs = endings[index % len(endings)]
    placed = _layout(specs[:-1], specs[-1], end - timedelta(days=round(_weeks(specs[-1]) * 7)), rng)
    placed[-1].end = end
    services.save_episode(
        clinician,
        patient,
        Episode(start=placed[0].start - timedelta(weeks=6), severity="subsyndromal",
                psychotic_features=False),
        None,
    )  # fmt: skip
    rows: list[Trial] = []
    for item in placed:
        trial = _trial(item, rows, dated=True)
        services.add_trial(clinician, patient, trial)
        rows.append(trial)
    _review(clinician, patient, "discharged", index)
