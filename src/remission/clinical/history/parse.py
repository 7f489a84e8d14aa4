"""HISTORY.json (a JSON-like ``dict``) to a typed :class:`History`, or an error naming each field.

The format is documented in ``docs/history-format.md``. Every problem is reported with
its JSON path (``trials[1].doses[0].mg_per_day``); one problem per section (``as_of``, ``episode``,
``dm_trd``, each trial) is collected before :class:`HistoryError` is raised, so a form can show them
all. Unknown fields are errors (with the closest known field), so a misspelt optional field is never
silently ignored.
"""

import dataclasses
import difflib
import math
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
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

MAX_TEXT = 500


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class HistoryError(ValueError):
    """The input is not a valid history. ``problems`` lists each one with its field path."""

    def __init__(self, problems: Collection[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(problem) for problem in self.problems))


class _Invalid(Exception):
    def __init__(self, path: str, message: str) -> None:
        self.problem = Problem(path, message)


_MISSING = object()


class _Object:
    """A JSON object at ``path`` whose fields are read, type-checked and path-named one by one."""

    def __init__(self, value: object, path: str, required: set[str], optional: set[str]) -> None:
        if not isinstance(value, dict):
            raise _Invalid(path or "(top level)", f"must be an object, not {_kind(value)}")
        allowed = required | optional
        for key in value:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise _Invalid(self._join(path, str(key)), f"unknown field{hint}")
        for key in sorted(required):
            if value.get(key) is None:
                raise _Invalid(self._join(path, key), "is required")
        self.value: dict[str, object] = value
        self.path = path

    @staticmethod
    def _join(path: str, key: str) -> str:
        return f"{path}.{key}" if path else key

    def at(self, key: str) -> str:
        return self._join(self.path, key)

    def raw(self, key: str) -> object:
        value = self.value.get(key)
        return _MISSING if value is None else value

    def text(self, key: str) -> str:
        value = self.raw(key)
        if not isinstance(value, str) or not value.strip():
            raise _Invalid(self.at(key), f"must be a non-empty text, not {_kind(value)}")
        if len(value) > MAX_TEXT:
            raise _Invalid(self.at(key), f"must be at most {MAX_TEXT} characters")
        return value.strip()

    def optional_text(self, key: str) -> str | None:
        return None if self.raw(key) is _MISSING else self.text(key)

    def number(self, key: str, what: str) -> float:
        value = self.raw(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _Invalid(self.at(key), f"must be a number of {what}, not {_kind(value)}")
        if not math.isfinite(value) or value <= 0:
            raise _Invalid(self.at(key), f"must be more than 0 {what}, not {value}")
        return float(value)

    def count(self, key: str, what: str, top: int | None = None) -> int:
        value = self.raw(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Invalid(self.at(key), f"must be a whole number of {what}, not {_kind(value)}")
        if value < 1 or (top is not None and value > top):
            limits = f"from 1 to {top}" if top is not None else "at least 1"
            raise _Invalid(self.at(key), f"must be {limits}, not {value}")
        return value

    def flag(self, key: str) -> bool:
        value = self.raw(key)
        if not isinstance(value, bool):
            raise _Invalid(self.at(key), f"must be true or false, not {_kind(value)}")
        return value

    def optional_flag(self, key: str) -> bool | None:
        return None if self.raw(key) is _MISSING else self.flag(key)

    def flag_or(self, key: str, default: bool) -> bool:
        return default if self.raw(key) is _MISSING else self.flag(key)

    def day(self, key: str) -> date:
        value = self.raw(key)
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise _Invalid(self.at(key), f"must be a date as YYYY-MM-DD, not {_kind(value)}")

    def choice[E: StrEnum](self, key: str, choices: type[E]) -> E:
        value = self.raw(key)
        names = [member.value for member in choices]
        if isinstance(value, str) and value in names:
            return choices(value)
        close = difflib.get_close_matches(str(value), names, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise _Invalid(self.at(key), f"must be one of {', '.join(names)}, not {_kind(value)}{hint}")

    def items(self, key: str) -> list[tuple[str, object]]:
        value = self.raw(key)
        if not isinstance(value, list):
            raise _Invalid(self.at(key), f"must be a list, not {_kind(value)}")
        return [(f"{self.at(key)}[{number}]", item) for number, item in enumerate(value)]


def parse_history(data: object) -> History:
    """Validate ``data`` (decoded HISTORY.json) and return the typed history.

    Raises :class:`HistoryError` listing every problem found, each with its field path.
    """
    problems: list[Problem] = []

    def attempt[T](read: Callable[[], T]) -> T | None:
        try:
            return read()
        except _Invalid as invalid:
            problems.append(invalid.problem)
            return None

    try:
        root = _Object(data, "", {"as_of", "episode", "trials"}, {"dm_trd"})
    except _Invalid as invalid:
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


def _episode(root: _Object, as_of: date | None) -> Episode:
    fields = _Object(
        root.raw("episode"), "episode", {"start", "severity", "psychotic_features"}, set()
    )
    start = fields.day("start")
    if as_of is not None and start > as_of:
        raise _Invalid(fields.at("start"), f"must not be after as_of ({as_of})")
    return Episode(
        start=start,
        severity=fields.choice("severity", Severity),
        psychotic_features=fields.flag("psychotic_features"),
    )


def _dm_trd(root: _Object) -> DmTrdInputs:
    if root.raw("dm_trd") is _MISSING:
        return DmTrdInputs()
    names = {f.name for f in dataclasses.fields(DmTrdInputs)}
    fields = _Object(root.raw("dm_trd"), "dm_trd", set(), names)
    return DmTrdInputs(
        functional_impairment=fields.optional_flag("functional_impairment"),
        gaf=None if fields.raw("gaf") is _MISSING else fields.count("gaf", "GAF points", top=100),
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
    kind = _Object(probe, path, {"type"}, set()).choice("type", TrialKind)
    required, optional = _FIELDS[kind]
    fields = _Object(item, path, required | {"type"}, optional)
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
                raise _Invalid(
                    fields.at("augments"), f"must be a trial index, not {_kind(augments)}"
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
    fields: _Object, find: Callable[[str], Antidepressant | AugmentationAgent]
) -> Antidepressant | AugmentationAgent:
    name = fields.text("drug")
    try:
        return find(name)
    except UnknownDrug as unknown:
        raise _Invalid(fields.at("drug"), str(unknown)) from None


def _doses(
    fields: _Object, drug: Antidepressant | AugmentationAgent, as_of: date | None
) -> tuple[DoseStep, ...]:
    listed = fields.items("doses")
    if not listed:
        raise _Invalid(fields.at("doses"), "must list at least one dose step")
    steps: list[DoseStep] = []
    for number, (path, item) in enumerate(listed):
        last = number == len(listed) - 1
        step = _dose_step(
            _Object(item, path, {"mg_per_day"}, {"weeks", "start", "end"}), drug, as_of, last
        )
        previous = steps[-1] if steps else None
        if step.start and previous and previous.end and step.start < previous.end:
            raise _Invalid(
                f"{path}.start", f"overlaps the previous step, which ended {previous.end}"
            )
        steps.append(step)
    return tuple(steps)


def _dose_step(
    fields: _Object, drug: Antidepressant | AugmentationAgent, as_of: date | None, last: bool
) -> DoseStep:
    mg = fields.number("mg_per_day", "mg per day")
    plausible = plausible_dose_range(drug)
    if plausible and not plausible[0] <= mg <= plausible[1]:
        published = sorted(drug.reference_doses)
        raise _Invalid(
            fields.at("mg_per_day"),
            f"{explain.dose(mg)} per day is not a plausible dose of {drug.name} (published doses "
            f"{explain.dose(published[0])} to {explain.dose(published[-1])} per day): "
            "give the dose in mg, not µg or g",
        )
    has_weeks = fields.raw("weeks") is not _MISSING
    has_dates = fields.raw("start") is not _MISSING or fields.raw("end") is not _MISSING
    if has_weeks and has_dates:
        raise _Invalid(fields.at("weeks"), "give either weeks or start and end dates, not both")
    if has_weeks:
        return DoseStep(mg_per_day=mg, weeks=fields.number("weeks", "weeks"))
    if not has_dates:
        raise _Invalid(fields.at("weeks"), "is required (or give start and end dates)")
    start = fields.day("start")
    if fields.raw("end") is _MISSING and not last:
        raise _Invalid(fields.at("end"), "is required, except on the last step of a trial")
    end = fields.day("end") if fields.raw("end") is not _MISSING else as_of
    for key, day in (("start", start), ("end", end)):
        if as_of is not None and day is not None and day > as_of:
            raise _Invalid(fields.at(key), f"must not be after as_of ({as_of})")
    if end is None:  # as_of is invalid and already reported
        return DoseStep(mg_per_day=mg, weeks=0, start=start)
    if end <= start and fields.raw("end") is not _MISSING:
        raise _Invalid(fields.at("end"), f"must be after start ({start})")
    return DoseStep(mg_per_day=mg, weeks=(end - start).days / 7, start=start, end=end)


def _link(path: str, trial: Trial, parsed: list[Trial | None]) -> Trial:
    """Check an augmentation's ``augments`` index; it takes the episode of the trial it augments."""
    if not isinstance(trial, AugmentationTrial):
        return trial
    target = trial.augments
    if not 0 <= target < len(parsed):
        raise _Invalid(f"{path}.augments", f"must be the index of a trial, not {target}")
    base = parsed[target]
    if base is None:  # already reported
        return trial
    if not isinstance(base, AntidepressantTrial):
        message = f"must be the index of an antidepressant trial, not {target}"
        raise _Invalid(f"{path}.augments", message)
    return dataclasses.replace(trial, current_episode=base.current_episode)


def _kind(value: object) -> str:
    if value is _MISSING:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict):
        return "an object"
    return "a list" if isinstance(value, list) else type(value).__name__
