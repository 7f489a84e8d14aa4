"""Build histories for tests, from keyword helpers or from the trial notation of the docs tables.

The notation is that of the worked tables (docs/algorithms/adequacy.md): trials separated by ``;``;
an antidepressant is the drug, its dose steps ("50 mg TIMES 2 wk", comma-separated, TIMES being the
multiplication sign), its outcome and optionally ``optimised``, ``not adherent`` or ``previous
episode``; ``+ drug ...`` augments the antidepressant before it; ``ECT bilateral no_response``;
``CBT 16 sessions TIMES 16 wk no_response``. Histories go through ``parse_history``, so the examples
also exercise the real input path.
"""

import re
from typing import Any

from remission.clinical.history import History, parse_history

AS_OF = "2026-11-01"
START = "2026-05-01"  # 6 months before AS_OF: an acute episode

_EXTRAS = {"optimised": ("optimised", True), "not adherent": ("adherent", False)}
TIMES = "\N{MULTIPLICATION SIGN}"
_STEP = re.compile(rf"(?P<mg>[\d.]+) mg {TIMES} (?P<weeks>[\d.]+) wk")
_DRUG = re.compile(rf"(?P<drug>[a-z][a-z -]*?) (?P<steps>[\d.]+ mg {TIMES} .*? wk) (?P<rest>.+)")
_ECT = re.compile(r"ECT (?P<laterality>\w+) (?P<rest>.+)")
_THERAPY = re.compile(
    rf"(?P<modality>\w+) (?P<sessions>\d+) sessions {TIMES} (?P<weeks>[\d.]+) wk (?P<rest>.+)"
)


def antidepressant(
    drug: str, *steps: tuple[float, float], outcome: str = "no_response", **fields: Any
) -> dict[str, Any]:
    """An antidepressant trial; ``steps`` are (mg per day, weeks)."""
    return {
        "type": "antidepressant",
        "drug": drug,
        "doses": [{"mg_per_day": mg, "weeks": weeks} for mg, weeks in steps],
        "adherent": True,
        "outcome": outcome,
        **fields,
    }


def augmentation(
    drug: str, augments: int, mg: float, weeks: float, **fields: Any
) -> dict[str, Any]:
    return {
        "type": "augmentation",
        "drug": drug,
        "augments": augments,
        "doses": [{"mg_per_day": mg, "weeks": weeks}],
        "adherent": True,
        "outcome": "no_response",
        **fields,
    }


def ect(
    laterality: str = "bilateral", outcome: str = "no_response", **fields: Any
) -> dict[str, Any]:
    return {"type": "ect", "laterality": laterality, "sessions": 12, "outcome": outcome, **fields}


def history_data(
    *trials: dict[str, Any],
    as_of: str = AS_OF,
    start: str = START,
    severity: str = "moderate",
    psychotic: bool = False,
) -> dict[str, Any]:
    return {
        "as_of": as_of,
        "episode": {"start": start, "severity": severity, "psychotic_features": psychotic},
        "trials": list(trials),
    }


def history(*trials: dict[str, Any], **episode: Any) -> History:
    """A parsed history of ``trials`` (keyword arguments as for :func:`history_data`)."""
    return parse_history(history_data(*trials, **episode))


def trials(notation: str) -> list[dict[str, Any]]:
    """The trials written in the docs' notation, as HISTORY.json objects."""
    result: list[dict[str, Any]] = []
    last_antidepressant = None
    for text in filter(None, (part.strip() for part in notation.split(";"))):
        trial = _trial(text.removeprefix("+ "))
        if text.startswith("+ "):
            trial.update(type="augmentation", augments=last_antidepressant)
            trial.pop("current_episode", None)
        elif trial["type"] == "antidepressant":
            last_antidepressant = len(result)
        result.append(trial)
    return result


def _trial(text: str) -> dict[str, Any]:
    if match := _ECT.fullmatch(text):
        trial = ect(match["laterality"])
    elif match := _THERAPY.fullmatch(text):
        trial = {
            "type": "psychotherapy",
            "modality": match["modality"].lower(),
            "sessions": int(match["sessions"]),
            "weeks": float(match["weeks"]),
        }
    elif match := _DRUG.fullmatch(text):
        steps = [(float(m["mg"]), float(m["weeks"])) for m in _STEP.finditer(match["steps"])]
        trial = antidepressant(match["drug"], *steps)
    else:
        raise ValueError(f"not in the trial notation: {text!r}")
    outcome, *extras = match["rest"].split(" ", 1)
    trial["outcome"] = outcome
    extra = extras[0] if extras else ""
    for word, (key, value) in _EXTRAS.items():
        if word in extra:
            trial[key] = value
    if "previous episode" in extra:
        trial["current_episode"] = False
    return trial
