"""HISTORY.json (a JSON-like ``dict``) to a typed :class:`History`, or an error naming each field.

The format is documented in ``docs/history-format.md``. Every problem is reported with
its JSON path (``trials[1].doses[0].mg_per_day``); one problem per section (``as_of``, ``episode``,
``dm_trd``, each trial) is collected before :class:`HistoryError` is raised, so a form can show them
all. Unknown fields are errors (with the closest known field), so a misspelt optional field is never
silently ignored.
"""

import dataclasses
from collections.abc import Callable, Collection, Mapping
from datetime import date
from functools import partial

from remission.clinical.history import explain
from remission.clinical.history.doses import (
    Antidepressant,
    AugmentationAgent,
    UnknownDrug,
    find_antidepressant,
    find_augmentation_agent,
    plausible_dose_range,
)
from remission.clinical.history.fields import MISSING, Fields, Invalid, Problem, describe
from remission.clinical.history.types import (
    AntidepressantTrial,
    AugmentationTrial,
    DmTrdInputs,
    DoseStep,
    Episode,
    History,
    Laterality,
    Modality,
    Outcome,
    ProcedureCourse,
    PsychotherapyCourse,
    Severity,
    Trial,
    TrialKind,
)


class HistoryError(ValueError):
    """The input is not a valid history. ``problems`` lists each one with its field path."""

    def __init__(self, problems: Collection[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(problem) for problem in self.problems))


def parse_history(data: object) -> History:
    """Validate ``data`` (decoded HISTORY.json) and return the typed history.

    Raises :class:`HistoryError` listing every problem found, each with its field path.
    """
    problems: list[Problem] = []

    def attempt[T](read: Callable[[], T]) -> T | None:
        try:
            return read()
        except Invalid as invalid:
            problems.append(invalid.problem)
            return None

    try:
        root = Fields(data, "", {"as_of", "episode", "trials"}, {"dm_trd"})
    except Invalid as invalid:
        raise HistoryError([invalid.problem]) from None
    as_of = attempt(lambda: root.day("as_of"))
    episode = attempt(lambda: _episode(root, as_of))
    dm_trd = attempt(lambda: _dm_trd(root))
    listed = attempt(lambda: root.items("trials")) or []
    parsed = [attempt(partial(_trial, path, item, as_of)) for path, item in listed]
    linked = [
        attempt(partial(_link, path, trial, parsed))
        for (path, _), trial in zip(listed, parsed, strict=True)
        if trial is not None
    ]
    if problems:
        raise HistoryError(problems)
    if as_of is None or episode is None or dm_trd is None:
        raise AssertionError("a section failed without a problem")  # pragma: no cover
    trials = tuple(trial for trial in linked if trial is not None)
    return History(as_of=as_of, episode=episode, trials=trials, dm_trd=dm_trd)


def _episode(root: Fields, as_of: date | None) -> Episode:
    fields = Fields(
        root.raw("episode"), "episode", {"start", "severity", "psychotic_features"}, set()
    )
    start = fields.day("start")
    if as_of is not None and start > as_of:
        raise Invalid(fields.at("start"), f"must not be after as_of ({as_of})")
    return Episode(
        start=start,
        severity=fields.choice("severity", Severity),
        psychotic_features=fields.flag("psychotic_features"),
    )


def _dm_trd(root: Fields) -> DmTrdInputs:
    if root.raw("dm_trd") is MISSING:
        return DmTrdInputs()
    names = {f.name for f in dataclasses.fields(DmTrdInputs)}
    fields = Fields(root.raw("dm_trd"), "dm_trd", set(), names)
    return DmTrdInputs(
        functional_impairment=fields.optional_flag("functional_impairment"),
        gaf=None if fields.raw("gaf") is MISSING else fields.count("gaf", "GAF points", top=100),
        comorbid_anxiety=fields.optional_flag("comorbid_anxiety"),
        personality_disorder=fields.optional_flag("personality_disorder"),
        psychosocial_stressors=fields.optional_flag("psychosocial_stressors"),
        childhood_adversity=fields.optional_flag("childhood_adversity"),
        intensified_treatment=fields.optional_flag("intensified_treatment"),
    )


_EPISODE = {"current_episode"}
_DRUG = {"drug", "doses", "adherent", "outcome"}


def _trial(path: str, item: object, as_of: date | None) -> Trial:
    probe = {"type": item.get("type")} if isinstance(item, dict) else item
    kind = Fields(probe, path, {"type"}, set()).choice("type", TrialKind)
    required, optional = _FIELDS[kind]
    fields = Fields(item, path, required | {"type"}, optional)
    outcome = fields.choice("outcome", Outcome)
    current = fields.flag_or("current_episode", default=True)
    match kind:
        case TrialKind.ANTIDEPRESSANT:
            drug = _lookup(fields, find_antidepressant)
            return AntidepressantTrial(
                drug=drug.name,
                doses=_doses(fields, drug, as_of),
                adherent=fields.flag("adherent"),
                outcome=outcome,
                optimised=fields.flag_or("optimised", default=False),
                reason_stopped=fields.optional_text("reason_stopped"),
                current_episode=current,
            )
        case TrialKind.AUGMENTATION:
            agent = _lookup(fields, find_augmentation_agent)
            augments = fields.raw("augments")
            if isinstance(augments, bool) or not isinstance(augments, int):
                raise Invalid(
                    fields.at("augments"), f"must be a trial index, not {describe(augments)}"
                )
            return AugmentationTrial(
                agent=agent.name,
                augments=augments,
                doses=_doses(fields, agent, as_of),
                adherent=fields.flag("adherent"),
                outcome=outcome,
            )
        case TrialKind.PSYCHOTHERAPY:
            return PsychotherapyCourse(
                modality=fields.choice("modality", Modality),
                sessions=fields.count("sessions", "sessions"),
                weeks=fields.number("weeks", "weeks"),
                outcome=outcome,
                current_episode=current,
            )
        case _:
            is_ect = kind is TrialKind.ECT
            return ProcedureCourse(
                kind=kind,
                sessions=fields.count("sessions", "sessions"),
                outcome=outcome,
                laterality=fields.choice("laterality", Laterality) if is_ect else None,
                protocol=None if is_ect else fields.optional_text("protocol"),
                current_episode=current,
            )


_STIMULATION = ({"sessions", "outcome"}, _EPISODE | {"protocol"})
_KETAMINE = ({"sessions", "outcome"}, _EPISODE)
_FIELDS: Mapping[TrialKind, tuple[set[str], set[str]]] = {
    TrialKind.ANTIDEPRESSANT: (_DRUG, _EPISODE | {"optimised", "reason_stopped"}),
    TrialKind.AUGMENTATION: (_DRUG | {"augments"}, set()),
    TrialKind.PSYCHOTHERAPY: ({"modality", "sessions", "weeks", "outcome"}, _EPISODE),
    TrialKind.ECT: ({"laterality", "sessions", "outcome"}, _EPISODE),
    TrialKind.RTMS: _STIMULATION,
    TrialKind.ITBS: _STIMULATION,
    TrialKind.KETAMINE_IV: _KETAMINE,
    TrialKind.ESKETAMINE: _KETAMINE,
}


def _lookup(
    fields: Fields, find: Callable[[str], Antidepressant | AugmentationAgent]
) -> Antidepressant | AugmentationAgent:
    name = fields.text("drug")
    try:
        return find(name)
    except UnknownDrug as unknown:
        raise Invalid(fields.at("drug"), str(unknown)) from None


def _doses(
    fields: Fields, drug: Antidepressant | AugmentationAgent, as_of: date | None
) -> tuple[DoseStep, ...]:
    listed = fields.items("doses")
    if not listed:
        raise Invalid(fields.at("doses"), "must list at least one dose step")
    steps: list[DoseStep] = []
    for number, (path, item) in enumerate(listed):
        last = number == len(listed) - 1
        step = _dose_step(
            Fields(item, path, {"mg_per_day"}, {"weeks", "start", "end"}), drug, as_of, last
        )
        previous = steps[-1] if steps else None
        if step.start and previous and previous.end and step.start < previous.end:
            raise Invalid(
                f"{path}.start", f"overlaps the previous step, which ended {previous.end}"
            )
        steps.append(step)
    return tuple(steps)


def _dose_step(
    fields: Fields, drug: Antidepressant | AugmentationAgent, as_of: date | None, last: bool
) -> DoseStep:
    mg = fields.number("mg_per_day", "mg per day")
    plausible = plausible_dose_range(drug)
    if plausible and not plausible[0] <= mg <= plausible[1]:
        published = sorted(drug.reference_doses)
        raise Invalid(
            fields.at("mg_per_day"),
            f"{explain.dose(mg)} per day is not a plausible dose of {drug.name} (published doses "
            f"{explain.dose(published[0])} to {explain.dose(published[-1])} per day): "
            "give the dose in mg, not µg or g",
        )
    has_weeks = fields.raw("weeks") is not MISSING
    has_dates = fields.raw("start") is not MISSING or fields.raw("end") is not MISSING
    if has_weeks and has_dates:
        raise Invalid(fields.at("weeks"), "give either weeks or start and end dates, not both")
    if has_weeks:
        return DoseStep(mg_per_day=mg, weeks=fields.number("weeks", "weeks"))
    if not has_dates:
        raise Invalid(fields.at("weeks"), "is required (or give start and end dates)")
    start = fields.day("start")
    if fields.raw("end") is MISSING and not last:
        raise Invalid(fields.at("end"), "is required, except on the last step of a trial")
    end = fields.day("end") if fields.raw("end") is not MISSING else as_of
    for key, day in (("start", start), ("end", end)):
        if as_of is not None and day is not None and day > as_of:
            raise Invalid(fields.at(key), f"must not be after as_of ({as_of})")
    if end is None:  # as_of is invalid and already reported
        return DoseStep(mg_per_day=mg, weeks=0, start=start)
    if end <= start and fields.raw("end") is not MISSING:
        raise Invalid(fields.at("end"), f"must be after start ({start})")
    return DoseStep(mg_per_day=mg, weeks=(end - start).days / 7, start=start, end=end)


def _link(path: str, trial: Trial, parsed: list[Trial | None]) -> Trial:
    """Check an augmentation's ``augments`` index; it takes the episode of the trial it augments."""
    if not isinstance(trial, AugmentationTrial):
        return trial
    target = trial.augments
    if not 0 <= target < len(parsed):
        raise Invalid(f"{path}.augments", f"must be the index of a trial, not {target}")
    base = parsed[target]
    if base is None:  # already reported
        return trial
    if not isinstance(base, AntidepressantTrial):
        message = f"must be the index of an antidepressant trial, not {target}"
        raise Invalid(f"{path}.augments", message)
    return dataclasses.replace(trial, current_episode=base.current_episode)
