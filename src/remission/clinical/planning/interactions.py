"""Medicines that must not be combined (``data/precautions.toml``, ``[[interaction]]``).

NICE NG222 1.9.9 [P]: do not combine an SSRI, SNRI or TCA with an MAOI. Two checks use it: the
patient's current medicines among themselves (shown with the whole plan), and each medication
option against the current medicines: adding a drug that must not be combined is contraindicated,
switching to one (a cross-taper or washout) is a caution.
"""

from remission.clinical.planning.facts import Facts, Medication, find_medication
from remission.clinical.planning.result import Concern
from remission.clinical.planning.rules import Interaction, Mode


def among_current(facts: Facts, rules: tuple[Interaction, ...]) -> tuple[Concern, ...]:
    """Interactions between the patient's current medicines."""
    medications = facts.medications or ()
    return tuple(
        Concern(
            rule.combined,
            rule.code,
            f"Current medicines {_named(first)} and {_named(second)}: {rule.text}",
            rule.source,
        )
        for number, first in enumerate(medications)
        for second in medications[number + 1 :]
        for rule in rules
        if rule.between(first.drug_class, second.drug_class)
    )


def with_option(
    mode: Mode | None, drugs: tuple[str, ...], facts: Facts, rules: tuple[Interaction, ...]
) -> tuple[Concern, ...]:
    """Interactions between an option's ``drugs`` and the current medicines."""
    if mode not in (Mode.START, Mode.ADD, Mode.SWITCH):
        return ()
    classes = {
        drug: medication.drug_class for drug in drugs if (medication := find_medication(drug))
    }
    concerns = []
    for current in facts.medications or ():
        replaced = mode is Mode.SWITCH and current.antidepressant
        for rule in rules:
            hit = sorted({c for c in classes.values() if rule.between(c, current.drug_class)})
            if hit:
                added = " or ".join(hit)
                text = (
                    f"Switching from {_named(current)} to {added}: {rule.text}"
                    if replaced
                    else f"{added} with the current {_named(current)}: {rule.text}"
                )
                status = rule.switch if replaced else rule.combined
                concerns.append(Concern(status, rule.code, text, rule.source))
    return tuple(concerns)


def _named(medication: Medication) -> str:
    return f"{medication.name} ({medication.drug_class})"
