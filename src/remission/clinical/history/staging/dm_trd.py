"""DM-TRD (Peeters 2016; van Dijk 2019): inputs captured, no score yet (clinical.md 3.5, 10.1).

The DM-TRD extends the MSM with functional impairment, comorbid anxiety, personality disorder,
psychosocial stressors, failed psychotherapy and intensified treatment (van Dijk 2019 also tested
childhood adversity). Its item points and total range are UNVERIFIED, because Peeters 2016 Table 1
has not been obtained; no score is computed until it is in the reference and signed off.
"""

from dataclasses import dataclass, fields

from remission.clinical.history.types import DmTrdInputs, History, PsychotherapyCourse

SOURCE = (
    "Peeters, Ruhé, Wichers et al. 2016, J Affect Disord 205:365 (abstract); van Dijk et al. 2019, "
    "Depress Anxiety 36:345 (abstract) (clinical.md 3.5, 10.1)"
)
NOT_AVAILABLE = (
    "not available: the DM-TRD item table (Peeters 2016, Table 1) has not been obtained, so its "
    "points and total range are UNVERIFIED (clinical.md section 9 item 1, 10.1)"
)


@dataclass(frozen=True)
class DmTrdResult:
    """The captured inputs; ``available`` stays False until the item table is known."""

    available: bool
    reason: str
    inputs: DmTrdInputs
    psychotherapy_failures: int
    missing: tuple[str, ...]


def dm_trd(history: History) -> DmTrdResult:
    """Report the DM-TRD inputs of ``history`` and why no score is given."""
    inputs = history.dm_trd
    failures = sum(
        1
        for trial in history.trials
        if isinstance(trial, PsychotherapyCourse) and trial.outcome.failed and trial.current_episode
    )
    missing = tuple(f.name for f in fields(inputs) if getattr(inputs, f.name) is None)
    return DmTrdResult(False, NOT_AVAILABLE, inputs, failures, missing)
