"""The patient profile the planner reads: history, person, conditions, medicines, scores, wishes.

Build a :class:`Profile` directly (the web side does) or from PROFILE.json with
:func:`parse_profile`. Either way the values are checked when the objects are made: a value out of
range or a date after ``history.as_of`` raises :class:`ProfileError`, whose ``problems`` name each
field by its JSON path (``latest.bp.systolic``), in the history parser's style. ``None`` always
means *not recorded*, which the planner reports and never reads as *no*.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from datetime import date

from remission.clinical.history import History, HistoryError, parse_history
from remission.clinical.history.fields import (
    MISSING,
    Fields,
    Invalid,
    Problem,
    checked_text,
    one_of,
)
from remission.clinical.protocols.contraindications import Condition
from remission.clinical.protocols.errors import ProtocolInputError
from remission.clinical.protocols.monitoring import VitalSigns

AGE_RANGE = (0, 120)
SCORES = {
    "phq9": ("PHQ-9", 27),
    "gad7": ("GAD-7", 21),
    "pcl5": ("PCL-5", 80),
    "qids_sr16": ("QIDS-SR16", 27),
    "madrs": ("MADRS", 60),
    "hamd17": ("HAM-D17", 52),
}
"""Instrument key -> (name, maximum total); every total starts at 0 (clinical.md section 1)."""


class ProfileError(ValueError):
    """The profile is not valid. ``problems`` lists each one with its JSON path."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(problem) for problem in self.problems))


def _fail(path: str, message: str) -> ProfileError:
    return ProfileError([Problem(path, message)])


@dataclass(frozen=True)
class Score:
    """A questionnaire total and the day it was taken."""

    total: int
    date: date


@dataclass(frozen=True)
class BloodPressure:
    """A blood-pressure reading in mmHg; implausible values (typing errors) are refused."""

    systolic: int
    diastolic: int
    date: date

    def __post_init__(self) -> None:
        try:
            VitalSigns(systolic_mmhg=self.systolic, diastolic_mmhg=self.diastolic)
        except ProtocolInputError as error:
            name = error.field.removesuffix("_mmhg")
            raise _fail(f"latest.bp.{name}", error.message) from None

    @property
    def text(self) -> str:
        return f"{self.systolic}/{self.diastolic} mmHg"


@dataclass(frozen=True)
class Latest:
    """The latest questionnaire totals (keys of :data:`SCORES`) and blood pressure."""

    phq9: Score | None = None
    gad7: Score | None = None
    pcl5: Score | None = None
    qids_sr16: Score | None = None
    madrs: Score | None = None
    hamd17: Score | None = None
    bp: BloodPressure | None = None

    def __post_init__(self) -> None:
        for key, (_, top) in SCORES.items():
            score: Score | None = getattr(self, key)
            if score is not None and not 0 <= score.total <= top:
                raise _fail(f"latest.{key}.total", f"must be from 0 to {top}, not {score.total}")

    def dated(self) -> tuple[tuple[str, date], ...]:
        """Each recorded value's JSON path and date."""
        return tuple(
            (f"latest.{item.name}.date", value.date)
            for item in fields(self)
            if (value := getattr(self, item.name)) is not None
        )


@dataclass(frozen=True)
class Psychosocial:
    """Family support, current stressors (short descriptions) and a history of trauma."""

    family_support: bool | None = None
    stressors: tuple[str, ...] | None = None
    trauma_history: bool | None = None


@dataclass(frozen=True)
class Preferences:
    """What the patient wants; each ``None`` when not asked."""

    avoid_medication: bool | None = None
    prefers_psychotherapy: bool | None = None
    can_attend_daily: bool | None = None


@dataclass(frozen=True)
class Profile:
    """Everything the planner reads, as of ``history.as_of`` (the planner's "today").

    ``conditions`` uses the shared condition vocabulary
    (:class:`~remission.clinical.protocols.contraindications.Condition`); ``current_medications``
    are drug names as written (those in the drug tables are checked for interactions).
    """

    history: History
    age: int
    pregnant: bool | None = None
    breastfeeding: bool | None = None
    conditions: tuple[Condition, ...] | None = None
    current_medications: tuple[str, ...] | None = None
    latest: Latest = field(default_factory=Latest)
    psychosocial: Psychosocial = field(default_factory=Psychosocial)
    preferences: Preferences = field(default_factory=Preferences)

    def __post_init__(self) -> None:
        low, high = AGE_RANGE
        if not low <= self.age <= high:
            raise _fail("age", f"must be from {low} to {high} years, not {self.age}")
        as_of = self.history.as_of
        for path, day in self.latest.dated():
            if day > as_of:
                raise _fail(path, f"must not be after history.as_of ({as_of})")

    @property
    def as_of(self) -> date:
        return self.history.as_of


def parse_profile(data: object) -> Profile:
    """Validate ``data`` (decoded PROFILE.json) and return the typed profile.

    Raises :class:`ProfileError` listing every problem found (one per section), each with its
    path; problems of the history are prefixed ``history.``. Unknown fields are errors.
    """
    problems: list[Problem] = []

    def attempt[T](read: Callable[[], T]) -> T | None:
        try:
            return read()
        except Invalid as invalid:
            problems.append(invalid.problem)
        except ProfileError as error:
            problems.extend(error.problems)
        return None

    optional = {
        "pregnant",
        "breastfeeding",
        "conditions",
        "current_medications",
        "latest",
        "psychosocial",
        "preferences",
    }
    try:
        root = Fields(data, "", {"history", "age"}, optional)
    except Invalid as invalid:
        raise ProfileError([invalid.problem]) from None
    history = attempt(lambda: _history(root.raw("history")))
    age = attempt(lambda: root.integer("age", "years"))
    pregnant = attempt(lambda: root.optional_flag("pregnant"))
    breastfeeding = attempt(lambda: root.optional_flag("breastfeeding"))
    conditions = attempt(lambda: _conditions(root))
    medications = attempt(lambda: _texts(root, "current_medications"))
    latest = attempt(lambda: _latest(root.raw("latest")))
    psychosocial = attempt(lambda: _psychosocial(root.raw("psychosocial")))
    preferences = attempt(lambda: _preferences(root.raw("preferences")))
    if problems:
        raise ProfileError(problems)
    if history is None or age is None:
        raise AssertionError("a required section failed without a problem")  # pragma: no cover
    return Profile(
        history=history,
        age=age,
        pregnant=pregnant,
        breastfeeding=breastfeeding,
        conditions=conditions,
        current_medications=medications,
        latest=latest or Latest(),
        psychosocial=psychosocial or Psychosocial(),
        preferences=preferences or Preferences(),
    )


def _history(data: object) -> History:
    try:
        return parse_history(data)
    except HistoryError as error:
        raise ProfileError(
            Problem("history" if p.path == "(top level)" else f"history.{p.path}", p.message)
            for p in error.problems
        ) from None


def _conditions(root: Fields) -> tuple[Condition, ...] | None:
    if root.raw("conditions") is MISSING:
        return None
    listed = root.items("conditions")
    return tuple(dict.fromkeys(one_of(path, value, Condition) for path, value in listed))


def _texts(fields: Fields, key: str) -> tuple[str, ...] | None:
    if fields.raw(key) is MISSING:
        return None
    return tuple(dict.fromkeys(checked_text(path, value) for path, value in fields.items(key)))


def _latest(data: object) -> Latest | None:
    if data is MISSING:
        return None
    section = Fields(data, "latest", set(), {*SCORES, "bp"})
    scores = {}
    for key, (name, _) in SCORES.items():
        if section.raw(key) is not MISSING:
            score = Fields(section.raw(key), section.at(key), {"total", "date"}, set())
            scores[key] = Score(score.integer("total", f"{name} points"), score.day("date"))
    bp = None
    if section.raw("bp") is not MISSING:
        reading = Fields(section.raw("bp"), "latest.bp", {"systolic", "diastolic", "date"}, set())
        bp = BloodPressure(
            reading.integer("systolic", "mmHg"),
            reading.integer("diastolic", "mmHg"),
            reading.day("date"),
        )
    return Latest(**scores, bp=bp)


def _psychosocial(data: object) -> Psychosocial | None:
    if data is MISSING:
        return None
    section = Fields(data, "psychosocial", set(), {"family_support", "stressors", "trauma_history"})
    return Psychosocial(
        family_support=section.optional_flag("family_support"),
        stressors=_texts(section, "stressors"),
        trauma_history=section.optional_flag("trauma_history"),
    )


def _preferences(data: object) -> Preferences | None:
    if data is MISSING:
        return None
    names = {item.name for item in fields(Preferences)}
    section = Fields(data, "preferences", set(), names)
    return Preferences(**{name: section.optional_flag(name) for name in sorted(names)})
