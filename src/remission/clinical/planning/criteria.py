"""The words a rule's ``when`` may use, each a check of the patient's facts.

Three kinds: *flags* (``chronic = true``: a yes/no fact, which may be unknown), *thresholds*
(``min_failures = 2``: a whole number) and *choices* (``conditions = ["ptsd"]``: any of the listed
values). A check returns whether it holds, the fact in plain words with the patient's data, and the
inputs it read with their dates. An unknown fact never holds, whichever value the rule asks for:
``can_attend_daily = false`` needs a recorded "no".
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from remission.clinical.history import (
    AntidepressantTrial,
    Outcome,
    ProcedureCourse,
    Severity,
    TrialKind,
    find_antidepressant,
)
from remission.clinical.history.explain import dose
from remission.clinical.planning.facts import Facts, find_medication, trial_list
from remission.clinical.planning.profile import SCORES
from remission.clinical.planning.result import Input
from remission.clinical.protocols import monitoring
from remission.clinical.protocols.contraindications import Condition

CHRONIC_MONTHS = 24
"""An episode longer than this is chronic: MSM "chronic >24 months" (Fekadu 2018 Table 3 [P table],
clinical.md 10.2); also the VA/DoD "persistent, more than 2 years" (clinical.md 5.3)."""

type Argument = bool | int | tuple[str, ...]


@dataclass(frozen=True)
class Check:
    """Whether a ``when`` word holds for the patient, the fact in words, and the inputs read."""

    holds: bool
    text: str
    inputs: tuple[Input, ...]


@dataclass(frozen=True)
class Fact:
    """A yes/no fact about the patient; ``value`` is ``None`` when it is not known."""

    value: bool | None
    text: str
    inputs: tuple[Input, ...]


def check(facts: Facts, word: str, argument: Argument) -> Check:
    """Apply one ``when`` word (already validated by :func:`problem`) to the facts."""
    if word in FLAGS:
        fact = FLAGS[word](facts)
        return Check(fact.value is not None and fact.value == argument, fact.text, fact.inputs)
    if word in THRESHOLDS and isinstance(argument, int):
        return THRESHOLDS[word](facts, argument)
    if word in CHOICES and isinstance(argument, tuple):
        return CHOICES[word][1](facts, argument)
    raise ValueError(f"{word} = {argument!r} is not a valid criterion")


def evaluate(when: Iterable[tuple[str, Argument]], facts: Facts) -> tuple[bool, tuple[Check, ...]]:
    """Whether every word of ``when`` holds, and every check made."""
    checks = tuple(check(facts, word, argument) for word, argument in when)
    return all(c.holds for c in checks), checks


def argument(word: str, value: object) -> Argument:
    """``value`` as the argument of ``word``, or :class:`ValueError` saying what is expected."""
    if word in FLAGS:
        if isinstance(value, bool):
            return value
        raise ValueError("must be true or false")
    if word in THRESHOLDS:
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        raise ValueError("must be a whole number of at least 0")
    if word in CHOICES:
        allowed = CHOICES[word][0]
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise ValueError("must be a non-empty list of texts")
        wrong = [v for v in value if not allowed(v)]
        if wrong:
            raise ValueError(f"unknown values {wrong}")
        return tuple(value)
    raise ValueError(f"unknown criterion (known: {', '.join(sorted(KNOWN))})")


# --- inputs --------------------------------------------------------------------------------------


def _yes_no(value: bool | None) -> str:
    return "not recorded" if value is None else ("yes" if value else "no")


def _dated(facts: Facts, name: str, value: str) -> Input:
    """An input recorded as of the profile's date (the history's ``as_of``)."""
    return Input(name, value, facts.as_of)


def _fact(facts: Facts, name: str, value: bool | None, text: str) -> Fact:
    return Fact(value, text, (_dated(facts, name, _yes_no(value)),))


# --- the treatment history -----------------------------------------------------------------------


def _failures(facts: Facts) -> tuple[str, tuple[Input, ...]]:
    count = len(facts.failures)
    indices = ", ".join(str(a.index) for a in facts.failures)
    listed = f" (trial{'s' if count > 1 else ''} {indices})" if count else ""
    text = (
        f"{count} adequate failed antidepressant trial{'' if count == 1 else 's'} in this episode"
    )
    value = f"{count}{listed}"
    return text + listed, (_dated(facts, "adequate failed antidepressant trials", value),)


def _min_failures(facts: Facts, minimum: int) -> Check:
    text, inputs = _failures(facts)
    return Check(len(facts.failures) >= minimum, text, inputs)


def _max_failures(facts: Facts, maximum: int) -> Check:
    text, inputs = _failures(facts)
    return Check(len(facts.failures) <= maximum, text, inputs)


def _intolerance(facts: Facts) -> Fact:
    stopped = facts.intolerances
    text = (
        f"stopped for intolerance: {trial_list(stopped)}"
        if stopped
        else "no antidepressant stopped for intolerance in this episode"
    )
    return _fact(facts, "antidepressant stopped for intolerance", bool(stopped), text)


def _inadequate_failure(facts: Facts) -> Fact:
    trials = facts.inadequate_failures
    text = (
        f"failed but not adequate: {trial_list(trials)}"
        if trials
        else "every failed trial in this episode was adequate"
    )
    return _fact(facts, "failed trials that were not adequate", bool(trials), text)


def _current(facts: Facts, read: Callable[[AntidepressantTrial], bool]) -> Fact:
    """A fact about the last trial of the current antidepressant (unknown without one)."""
    name = "current antidepressant's trial"
    if facts.medications is None:
        return _fact(facts, name, None, "current medications not recorded")
    if facts.current is None:
        return _fact(facts, name, False, "no current antidepressant")
    assessment = facts.current_trial
    if assessment is None or not isinstance(assessment.trial, AntidepressantTrial):
        return _fact(facts, name, None, f"{facts.current.name}: no trial of it in the history")
    text = (
        f"current antidepressant {facts.current.name}: trial {assessment.index} "
        f"({assessment.description}), {assessment.trial.outcome.label.lower()}, "
        f"{assessment.adequacy.label.lower()}"
    )
    return _fact(facts, name, read(assessment.trial), text)


def _partial_response(facts: Facts) -> Fact:
    return _current(facts, lambda trial: trial.outcome is Outcome.PARTIAL_RESPONSE)


def _current_failed(facts: Facts) -> Fact:
    return _current(facts, lambda trial: trial.outcome.failed)


def _already_optimised(facts: Facts) -> Fact:
    return _current(facts, lambda trial: trial.optimised)


def _dose_at_top_of_range(facts: Facts) -> Fact:
    name = "current antidepressant's dose"
    assessment = facts.current_trial
    if assessment is None or not isinstance(assessment.trial, AntidepressantTrial):
        return _fact(facts, name, None, "no trial of a current antidepressant in the history")
    trial = assessment.trial
    canmat = find_antidepressant(trial.drug).canmat
    if canmat is None or canmat.range_mg is None:
        return _fact(facts, name, None, f"{trial.drug}: no CANMAT usual range in the table")
    highest = trial.doses[-1].mg_per_day
    text = (
        f"{trial.drug} {dose(highest)} a day at the end of trial {assessment.index}; "
        f"CANMAT usual range {canmat.text} mg"
    )
    return Fact(highest >= canmat.range_mg[1], text, (_dated(facts, name, dose(highest)),))


def _taking_antidepressant(facts: Facts) -> Fact:
    if facts.medications is None:
        return _fact(facts, "current medications", None, "current medications not recorded")
    names = ", ".join(m.name for m in facts.medications) or "none in the drug tables"
    text = f"current medications: {names}"
    return Fact(facts.current is not None, text, _medication_inputs(facts))


def _medication_inputs(facts: Facts) -> tuple[Input, ...]:
    listed = facts.profile.current_medications
    value = "not recorded" if listed is None else (", ".join(listed) or "none")
    return (_dated(facts, "current medications", value),)


def _taking(facts: Facts, drugs: tuple[str, ...]) -> Check:
    if facts.medications is None:
        return Check(False, "current medications not recorded", _medication_inputs(facts))
    names = [m.name for m in facts.medications if m.name in drugs]
    text = f"taking {', '.join(names)}" if names else f"not taking {', '.join(drugs)}"
    return Check(bool(names), text, _medication_inputs(facts))


def _response_in_episode(facts: Facts) -> Fact:
    responded = tuple(
        a
        for a in facts.report.trials
        if a.trial.current_episode and a.trial.outcome in (Outcome.RESPONSE, Outcome.REMISSION)
    )
    text = (
        f"response in this episode: {trial_list(responded)}"
        if responded
        else "no response recorded in this episode"
    )
    return _fact(facts, "response in this episode", bool(responded), text)


def _ect_response_before(facts: Facts) -> Fact:
    responded = tuple(
        a
        for a in facts.report.trials
        if isinstance(a.trial, ProcedureCourse)
        and a.trial.kind is TrialKind.ECT
        and a.trial.outcome in (Outcome.RESPONSE, Outcome.REMISSION)
    )
    text = f"responded to ECT: {trial_list(responded)}" if responded else "no response to ECT"
    return _fact(facts, "earlier response to ECT", bool(responded), text)


def _recurrent(facts: Facts) -> Fact:
    earlier = tuple(a for a in facts.report.trials if not a.trial.current_episode)
    if not earlier:
        return _fact(facts, "earlier episodes", None, "no earlier episode recorded")
    text = f"treated in an earlier episode ({trial_list(earlier)}): recurrent depression"
    return _fact(facts, "earlier episodes", True, text)


# --- the episode ---------------------------------------------------------------------------------


def _severity(facts: Facts, severities: tuple[str, ...]) -> Check:
    severity = facts.profile.history.episode.severity
    return Check(
        severity.value in severities,
        f"episode severity {severity.value}",
        (_dated(facts, "episode severity", severity.value),),
    )


def _psychotic_features(facts: Facts) -> Fact:
    psychotic = facts.profile.history.episode.psychotic_features
    text = "psychotic features" if psychotic else "no psychotic features"
    return _fact(facts, "psychotic features", psychotic, text)


def _chronic(facts: Facts) -> Fact:
    months = facts.report.episode_months
    start = facts.profile.history.episode.start
    chronic = months > CHRONIC_MONTHS
    text = f"episode of {months} months since {start}" + (
        f" (chronic: more than {CHRONIC_MONTHS})" if chronic else ""
    )
    return Fact(chronic, text, (_dated(facts, "episode duration", f"{months} months"),))


# --- scores and vital signs ----------------------------------------------------------------------


def _score(key: str, at_least: bool) -> Callable[[Facts, int], Check]:
    name = SCORES[key][0]

    def read(facts: Facts, threshold: int) -> Check:
        score = getattr(facts.profile.latest, key)
        if score is None:
            return Check(False, f"no {name} recorded", (Input(name, "not recorded", None),))
        stale = not facts.recent(score.date)
        holds = score.total >= threshold if at_least else score.total < threshold
        bound = f"at least {threshold}" if at_least else f"below {threshold}"
        old = f", older than {facts.recency_days} days" if stale else ""
        text = f"{name} {score.total} on {score.date} ({bound}{old})"
        return Check(holds, text, (Input(name, str(score.total), score.date, stale),))

    return read


def _bp_input(facts: Facts) -> tuple[Input, ...]:
    bp = facts.profile.latest.bp
    if bp is None:
        return (Input("blood pressure", "not recorded", None),)
    return (Input("blood pressure", bp.text, bp.date, not facts.recent(bp.date)),)


def _bp_recent(facts: Facts) -> Fact:
    bp = facts.profile.latest.bp
    if bp is None:
        return Fact(False, "no blood pressure recorded", _bp_input(facts))
    recent = facts.recent(bp.date)
    old = "" if recent else f", older than {facts.recency_days} days"
    return Fact(recent, f"blood pressure {bp.text} on {bp.date}{old}", _bp_input(facts))


def _bp_above_threshold(facts: Facts) -> Fact:
    bp = facts.profile.latest.bp
    limit = monitoring.rules().threshold
    if bp is None:
        return Fact(None, "no blood pressure recorded", _bp_input(facts))
    above = bp.systolic > limit.systolic_above or bp.diastolic > limit.diastolic_above
    text = (
        f"blood pressure {bp.text} on {bp.date} "
        f"(threshold {limit.systolic_above}/{limit.diastolic_above} mmHg)"
    )
    return Fact(above, text, _bp_input(facts))


# --- the person ----------------------------------------------------------------------------------


def _conditions(facts: Facts, wanted: tuple[str, ...]) -> Check:
    recorded = facts.profile.conditions
    value = "not recorded" if recorded is None else (", ".join(recorded) or "none")
    inputs = (_dated(facts, "conditions", value),)
    if recorded is None:
        return Check(False, "conditions not recorded", inputs)
    found = [c.value for c in recorded if c.value in wanted]
    text = f"recorded: {', '.join(found)}" if found else f"none of {', '.join(wanted)} recorded"
    return Check(bool(found), text, inputs)


def _childhood_trauma(facts: Facts) -> Fact:
    recorded = facts.profile.conditions
    adversity = facts.profile.history.dm_trd.childhood_adversity
    if recorded is not None and Condition.CHILDHOOD_TRAUMA in recorded:
        return _fact(facts, "childhood trauma", True, "childhood trauma recorded (conditions)")
    if adversity:
        text = "childhood adversity recorded (history, DM-TRD inputs)"
        return _fact(facts, "childhood trauma", True, text)
    known = recorded is not None or adversity is not None
    return _fact(
        facts, "childhood trauma", False if known else None, "no childhood trauma recorded"
    )


def _age(at_least: bool) -> Callable[[Facts, int], Check]:
    def read(facts: Facts, years: int) -> Check:
        age = facts.profile.age
        holds = age >= years if at_least else age < years
        return Check(holds, f"age {age}", (_dated(facts, "age", str(age)),))

    return read


def _profile_flag(
    name: str, read: Callable[[Facts], bool | None], words: str
) -> Callable[[Facts], Fact]:
    def fact(facts: Facts) -> Fact:
        value = read(facts)
        return _fact(facts, name, value, f"{words}: {_yes_no(value)}")

    return fact


def _stressors(facts: Facts) -> Fact:
    stressors = facts.profile.psychosocial.stressors
    if stressors is None:
        return _fact(facts, "stressors", None, "stressors not recorded")
    text = f"stressors: {', '.join(stressors)}" if stressors else "no stressors recorded"
    return Fact(
        bool(stressors), text, (_dated(facts, "stressors", ", ".join(stressors) or "none"),)
    )


FLAGS: Mapping[str, Callable[[Facts], Fact]] = {
    "intolerance": _intolerance,
    "inadequate_failure": _inadequate_failure,
    "partial_response": _partial_response,
    "current_failed": _current_failed,
    "already_optimised": _already_optimised,
    "dose_at_top_of_range": _dose_at_top_of_range,
    "taking_antidepressant": _taking_antidepressant,
    "response_in_episode": _response_in_episode,
    "ect_response_before": _ect_response_before,
    "recurrent": _recurrent,
    "psychotic_features": _psychotic_features,
    "chronic": _chronic,
    "childhood_trauma": _childhood_trauma,
    "bp_recent": _bp_recent,
    "bp_above_threshold": _bp_above_threshold,
    "stressors": _stressors,
    "pregnant": _profile_flag("pregnant", lambda f: f.profile.pregnant, "pregnant"),
    "breastfeeding": _profile_flag(
        "breastfeeding", lambda f: f.profile.breastfeeding, "breastfeeding"
    ),
    "trauma_history": _profile_flag(
        "trauma history", lambda f: f.profile.psychosocial.trauma_history, "trauma history"
    ),
    "avoid_medication": _profile_flag(
        "prefers to avoid medication",
        lambda f: f.profile.preferences.avoid_medication,
        "prefers to avoid medication",
    ),
    "prefers_psychotherapy": _profile_flag(
        "prefers psychotherapy",
        lambda f: f.profile.preferences.prefers_psychotherapy,
        "prefers psychotherapy",
    ),
    "can_attend_daily": _profile_flag(
        "can attend daily",
        lambda f: f.profile.preferences.can_attend_daily,
        "can attend daily",
    ),
    "conditions_recorded": _profile_flag(
        "conditions recorded", lambda f: f.profile.conditions is not None, "conditions recorded"
    ),
    "medications_recorded": _profile_flag(
        "current medications recorded",
        lambda f: f.profile.current_medications is not None,
        "current medications recorded",
    ),
}

THRESHOLDS: Mapping[str, Callable[[Facts, int], Check]] = {
    "min_failures": _min_failures,
    "max_failures": _max_failures,
    "phq9_at_least": _score("phq9", at_least=True),
    "phq9_below": _score("phq9", at_least=False),
    "gad7_at_least": _score("gad7", at_least=True),
    "pcl5_at_least": _score("pcl5", at_least=True),
    "age_at_least": _age(at_least=True),
    "age_below": _age(at_least=False),
}

CHOICES: Mapping[str, tuple[Callable[[str], bool], Callable[[Facts, tuple[str, ...]], Check]]] = {
    "severity": (lambda value: value in {s.value for s in Severity}, _severity),
    "conditions": (lambda value: value in {c.value for c in Condition}, _conditions),
    "taking": (lambda value: find_medication(value) is not None, _taking),
}

KNOWN = frozenset({*FLAGS, *THRESHOLDS, *CHOICES})

CONDITIONS_READ: Mapping[str, Condition] = {"childhood_trauma": Condition.CHILDHOOD_TRAUMA}
"""Flags that read a recorded condition (besides the ``conditions`` choice)."""
