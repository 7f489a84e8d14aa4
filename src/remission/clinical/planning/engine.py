"""Match the rule set to a profile: the options, each with its basis, cautions and inputs.

For each option of the catalogue, the rules whose ``when`` holds are its basis; an option with none
is not offered. Its cautions come from the protocol core's contraindication table, the precautions,
the interactions with current medicines, the history of the option and an unverified basis; its
status is the most serious of them, its line the best line of its rules. Options are sorted by
status, then line, then catalogue order. Nothing here acts: the plan is for a clinician to read.
"""

from collections.abc import Callable
from functools import cache, partial

from remission.clinical.history import TrdDefinition, assess_history
from remission.clinical.planning import interactions
from remission.clinical.planning.criteria import Check, evaluate
from remission.clinical.planning.facts import Facts, derive
from remission.clinical.planning.missing import missing_inputs, unused_conditions
from remission.clinical.planning.previous import look_back
from remission.clinical.planning.profile import Profile
from remission.clinical.planning.result import (
    Basis,
    Category,
    Concern,
    Input,
    Line,
    Note,
    Option,
    Plan,
    Status,
)
from remission.clinical.planning.rules import OptionSpec, Rule, RuleSet, When, rule_set
from remission.clinical.protocols.contraindications import screen
from remission.clinical.protocols.findings import Level

type Judge = Callable[[When], tuple[bool, tuple[Check, ...]]]

UNVERIFIED_SOURCE = "clinical.md 5.6 and section 9: a DESIGN NOTE or an UNVERIFIED item"


def plan(profile: Profile, definition: TrdDefinition | None = None) -> Plan:
    """The next-step options for ``profile`` as of ``profile.history.as_of``.

    ``definition`` is the TRD definition for the staging report (by default 2 adequate failures
    of any class, 6 weeks at the minimum dose); the failure counts the rules read follow it.
    """
    rules = rule_set()
    report = assess_history(profile.history, definition)
    facts = derive(profile, report, rules.recency_days)
    judge = cache(partial(evaluate, facts=facts))  # each distinct `when` is checked once
    options = [option for spec in rules.options if (option := _option(spec, facts, rules, judge))]
    options.sort(key=lambda o: (o.status.rank, o.line.rank if o.line else len(Line)))
    considerations = []
    for consideration in rules.considerations:
        holds, checks = judge(consideration.when)
        if holds:
            text = f"{consideration.text} ({_facts(checks)})"
            considerations.append(Note(consideration.code, text, consideration.source))
    return Plan(
        rules_version=rules.version,
        staging=report,
        options=tuple(options),
        missing_inputs=missing_inputs(facts),
        interactions=interactions.among_current(facts, rules.interactions),
        considerations=tuple(considerations),
        limitations=(*rules.limitations, *unused_conditions(facts, rules)),
    )


def _option(spec: OptionSpec, facts: Facts, rules: RuleSet, judge: Judge) -> Option | None:
    applied: list[tuple[Rule, tuple[Check, ...]]] = []
    for rule in spec.rules:
        holds, checks = judge(rule.when)
        if holds:
            applied.append((rule, checks))
    previous = look_back(spec, facts) if applied else None
    if previous is None:
        return None
    screened, screen_inputs = _screen(spec, facts)
    concerns = list(screened)
    inputs = [item for _, checks in applied for check in checks for item in check.inputs]
    inputs += screen_inputs
    for precaution in rules.precautions_for(spec.id):
        holds, checks = judge(precaution.when)
        inputs += [item for check in checks for item in check.inputs]
        if holds:
            text = f"{precaution.text} ({_facts(checks)})"
            concerns.append(Concern(precaution.status, precaution.code, text, precaution.source))
    concerns += interactions.with_option(spec.mode, previous.drugs, facts, rules.interactions)
    concerns += previous.concerns
    sources = tuple(rule.source for rule, _ in applied)
    unverified = tuple(dict.fromkeys(source.caveat for source in sources if source.caveat))
    if all(source.basis is not Basis.SOURCE for source in sources):
        text = f"Not a published recommendation: {'; '.join(unverified)}"
        concerns.append(Concern(Status.CAUTION, "unverified_basis", text, UNVERIFIED_SOURCE))
    reasons = [_reason(rule, checks) for rule, checks in applied]
    reasons += previous.reasons
    if facts.profile.preferences.prefers_psychotherapy and spec.category in (
        Category.PSYCHOTHERAPY,
        Category.COMBINED,
    ):
        reasons.append("The patient prefers psychotherapy")
    lines = [source.line for source in sources if source.line]
    return Option(
        id=spec.id,
        category=spec.category,
        title=spec.title,
        status=max((c.status for c in concerns), key=lambda s: s.rank, default=Status.SUGGESTED),
        line=min(lines, key=lambda line: line.rank) if lines else None,
        reasons=tuple(reasons),
        cautions=tuple(concerns),
        sources=sources,
        inputs_used=tuple(dict.fromkeys([*inputs, *previous.inputs])),
        drugs=previous.drugs,
        tried=previous.tried,
        unverified=unverified,
    )


def _screen(spec: OptionSpec, facts: Facts) -> tuple[tuple[Concern, ...], tuple[Input, ...]]:
    """Contraindications and precautions of the protocol core's table for the recorded conditions,
    and the input read."""
    conditions = facts.profile.conditions
    if spec.treatment is None or conditions is None:
        return (), ()
    recorded = Input("conditions", ", ".join(conditions) or "none", facts.as_of)
    concerns = tuple(
        Concern(
            Status.CONTRAINDICATED if finding.level is Level.BLOCK else Status.CAUTION,
            finding.code,
            f"{finding.reason} (recorded: {finding.code})",
            finding.source,
        )
        for finding in screen(spec.treatment, conditions).findings
        if finding.level is not Level.OK
    )
    return concerns, (recorded,)


def _reason(rule: Rule, checks: tuple[Check, ...]) -> str:
    source = rule.source
    return f"{source.guideline}, {source.section}: {source.rule}. Here: {_facts(checks)}"


def _facts(checks: tuple[Check, ...]) -> str:
    return "; ".join(check.text for check in checks)
