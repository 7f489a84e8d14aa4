"""Guideline-based next-step options for treatment-resistant depression, each with its basis.

Pure and typed: no Django, no database, no network, no clock (``history.as_of`` is "today").
Typical use::

    profile = parse_profile(json.loads(text))       # ProfileError names each bad field
    result = plan(profile)                          # or plan(profile, TrdDefinition(...))
    for option in result.options:                   # sorted by status, then line
        option.id, option.status, option.line, option.reasons, option.cautions, option.sources
    result.missing_inputs, result.limitations, result.rules_version, plan_as_dict(result)

The web side may build :class:`Profile` directly (``Profile(history=..., age=...)``); values are
checked when the objects are made. Options are offered for a clinician's decision: nothing here
creates an order, a dose, an appointment or a message. The rules are data
(``planning/data/rules.toml``, ``precautions.toml``), read once by :func:`rule_set`, which raises
:class:`~remission.clinical.protocols.errors.RuleTableError` on a broken table (a start-up check).
Rules, sources and limitations: ``docs/algorithms/planning.md``.
"""

from remission.clinical.planning.engine import plan
from remission.clinical.planning.profile import (
    SCORES,
    BloodPressure,
    Latest,
    Preferences,
    Profile,
    ProfileError,
    Psychosocial,
    Score,
    parse_profile,
)
from remission.clinical.planning.result import (
    Basis,
    Category,
    Concern,
    Input,
    Line,
    Note,
    Option,
    Plan,
    Source,
    Status,
    plan_as_dict,
)
from remission.clinical.planning.rules import RuleSet, rule_set
from remission.clinical.protocols.contraindications import Condition

__all__ = [
    "SCORES",
    "Basis",
    "BloodPressure",
    "Category",
    "Concern",
    "Condition",
    "Input",
    "Latest",
    "Line",
    "Note",
    "Option",
    "Plan",
    "Preferences",
    "Profile",
    "ProfileError",
    "Psychosocial",
    "RuleSet",
    "Score",
    "Source",
    "Status",
    "parse_profile",
    "plan",
    "plan_as_dict",
    "rule_set",
]
