"""Inputs that are missing, stale or not understood, and conditions no rule reads.

A plan computed on incomplete data is a hazard unless the gaps are shown next to it
(security-targets (c)2): these lists go out with every plan. Recency is judged against
``history.as_of``, never the clock.
"""

from remission.clinical.planning.facts import Facts
from remission.clinical.planning.profile import SCORES, Score
from remission.clinical.planning.rules import RuleSet

ALWAYS_WANTED = ("phq9",)
"""Scores reported as missing even when absent (the others only when present but stale)."""


def missing_inputs(facts: Facts) -> tuple[str, ...]:
    """Plain-language gaps, e.g. ``"no blood pressure in the last 30 days (none recorded)"``."""
    profile = facts.profile
    window = f"in the last {facts.recency_days} days"
    gaps = []
    bp = profile.latest.bp
    if bp is None:
        gaps.append(f"no blood pressure {window} (none recorded)")
    elif not facts.recent(bp.date):
        gaps.append(f"no blood pressure {window} (latest {bp.text} on {bp.date})")
    for key, (name, _) in SCORES.items():
        score: Score | None = getattr(profile.latest, key)
        if score is None and key in ALWAYS_WANTED:
            gaps.append(f"no {name} {window} (none recorded)")
        elif score is not None and not facts.recent(score.date):
            gaps.append(f"no {name} {window} (latest {score.total} on {score.date})")
    for name, value in (("pregnancy", profile.pregnant), ("breastfeeding", profile.breastfeeding)):
        if value is None:
            gaps.append(f"{name} status not recorded")
    if profile.conditions is None:
        gaps.append("conditions not recorded: contraindications not screened")
    if profile.current_medications is None:
        gaps.append("current medications not recorded: interactions not checked")
    gaps += [
        f"current medicine {name!r} is not in the drug tables: its interactions are not checked"
        for name in facts.unrecognised
    ]
    for section, values in (
        ("preferences", vars(profile.preferences)),
        ("psychosocial context", vars(profile.psychosocial)),
    ):
        unknown = [key for key, value in values.items() if value is None]
        if unknown:
            gaps.append(f"{section} not recorded: {', '.join(unknown)}")
    gaps += [f"history: {gap}" for gap in facts.report.missing]
    return tuple(gaps)


def unused_conditions(facts: Facts, rules: RuleSet) -> tuple[str, ...]:
    """A limitation for each recorded condition that no rule reads."""
    used = rules.conditions_used
    return tuple(
        f"Recorded condition {condition.value!r} is not read by any rule: not checked"
        for condition in facts.profile.conditions or ()
        if condition not in used
    )
