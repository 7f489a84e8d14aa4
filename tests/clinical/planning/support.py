"""Profiles for the planning tests, and the clinical vignettes (``vignettes/*.json`` with their
``*.expected.toml``), whose table ``docs/algorithms/planning.md`` shows."""

import json
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from remission.clinical.planning import Option, Plan, parse_profile, plan
from tests.clinical.history.notation import antidepressant, history_data

VIGNETTES = Path(__file__).parent / "vignettes"
RECENT = "2026-10-28"  # 4 days before the histories' as_of (2026-11-01)
BP_NORMAL = {"systolic": 128, "diastolic": 82, "date": RECENT}

SERTRALINE = antidepressant("sertraline", (150, 8))
VENLAFAXINE = antidepressant("venlafaxine", (150, 8))
MIRTAZAPINE = antidepressant("mirtazapine", (45, 8))


def profile_data(
    *trials: dict[str, Any],
    conditions: Sequence[str] | None = (),
    medications: Sequence[str] | None = (),
    phq9: int | None = 18,
    bp: dict[str, Any] | None = BP_NORMAL,
    start: str = "2026-05-01",
    severity: str = "moderate",
    psychotic: bool = False,
    scores: dict[str, int] | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """A PROFILE.json object with every section recorded; a section given as ``None`` is left
    out (not recorded). ``scores`` adds recent totals (``{"pcl5": 40}``); other keyword arguments
    replace top-level fields."""
    latest: dict[str, Any] = {
        key: {"total": total, "date": RECENT} for key, total in (scores or {}).items()
    }
    if phq9 is not None:
        latest["phq9"] = {"total": phq9, "date": RECENT}
    if bp is not None:
        latest["bp"] = bp
    data = {
        "history": history_data(*trials, start=start, severity=severity, psychotic=psychotic),
        "age": 45,
        "pregnant": False,
        "breastfeeding": False,
        "conditions": None if conditions is None else list(conditions),
        "current_medications": None if medications is None else list(medications),
        "latest": latest,
        "preferences": {
            "avoid_medication": False,
            "prefers_psychotherapy": False,
            "can_attend_daily": True,
        },
        "psychosocial": {"family_support": True, "stressors": [], "trauma_history": False},
    }
    return {key: value for key, value in (data | fields).items() if value is not None}


def planned(data: dict[str, Any]) -> Plan:
    """The plan for a PROFILE.json object (plans are immutable, so equal profiles share one)."""
    return _planned(json.dumps(data, sort_keys=True))


@cache
def _planned(text: str) -> Plan:
    return plan(parse_profile(json.loads(text)))


def outcome(option: Option | None) -> str:
    """``"absent"``, or the status and, when it has one, the line: ``"suggested first"``."""
    if option is None:
        return "absent"
    return f"{option.status} {option.line}" if option.line else str(option.status)


def offered(result: Plan, option_id: str) -> Option:
    """The option ``option_id`` of ``result``, which must be offered."""
    option = result.option(option_id)
    assert option is not None, f"{option_id} is not offered"
    return option


def codes(option: Option | None) -> list[str]:
    assert option is not None
    return [concern.code for concern in option.cautions]


@dataclass(frozen=True)
class Vignette:
    name: str
    title: str
    profile: dict[str, Any]
    options: dict[str, str]
    considerations: tuple[str, ...]
    interactions: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def asserts(self) -> str:
        """The expectations in one line, as the docs' vignette table shows them."""
        parts = [f"{option} {expected}" for option, expected in self.options.items()]
        parts += [f"review: {code}" for code in self.considerations]
        parts += [f"interaction: {code}" for code in self.interactions]
        parts += [f"missing: {text}" for text in self.missing]
        return "; ".join(parts)


def vignettes() -> list[Vignette]:
    found = []
    for path in sorted(VIGNETTES.glob("*.json")):
        expected = tomllib.loads(path.with_suffix(".expected.toml").read_text(encoding="utf-8"))
        found.append(
            Vignette(
                name=path.stem,
                title=expected["title"],
                profile=json.loads(path.read_text(encoding="utf-8")),
                options=expected["options"],
                considerations=tuple(expected.get("considerations", {}).get("includes", ())),
                interactions=tuple(expected.get("interactions", {}).get("includes", ())),
                missing=tuple(expected.get("missing", {}).get("includes", ())),
            )
        )
    return found
