"""Contraindications and precautions per treatment (``data/contraindications.toml``).

:func:`screen` turns a patient's recorded conditions into findings: ``block`` (the software will
not schedule the treatment), ``needs_note`` (a clinician documents the decision first) or ``ok``.
A condition the reference gives no rule for is reported as ``ok`` with that said, never dropped.
"""

from collections.abc import Iterable, Mapping
from enum import StrEnum
from functools import cache

from remission.clinical.protocols.errors import ProtocolInputError, RuleTableError
from remission.clinical.protocols.findings import Assessment, Finding, Level
from remission.clinical.protocols.tables import load
from remission.clinical.protocols.treatments import Treatment


class Condition(StrEnum):
    """Condition ids shared with the Django side (the patient's problem list)."""

    INTRACRANIAL_ANEURYSM = "intracranial_aneurysm"
    ARTERIOVENOUS_MALFORMATION = "arteriovenous_malformation"
    INTRACEREBRAL_HAEMORRHAGE_HISTORY = "intracerebral_haemorrhage_history"
    UNCONTROLLED_HYPERTENSION = "uncontrolled_hypertension"
    CARDIOVASCULAR_DISEASE = "cardiovascular_disease"
    EPILEPSY = "epilepsy"
    SEIZURE_HISTORY = "seizure_history"
    COCHLEAR_IMPLANT = "cochlear_implant"
    INTRACRANIAL_METAL = "intracranial_metal"
    PSYCHOSIS_HISTORY = "psychosis_history"
    BIPOLAR_DISORDER = "bipolar_disorder"
    SUBSTANCE_USE_DISORDER_ACTIVE = "substance_use_disorder_active"
    PTSD = "ptsd"
    ANXIETY_DISORDER = "anxiety_disorder"
    PERSONALITY_DISORDER = "personality_disorder"
    CHILDHOOD_TRAUMA = "childhood_trauma"
    RENAL_IMPAIRMENT = "renal_impairment"
    COGNITIVE_IMPAIRMENT = "cognitive_impairment"
    DEMENTIA = "dementia"


TABLE_SOURCE = "contraindications.toml"


@cache
def rules() -> Mapping[tuple[Treatment, Condition], Finding]:
    """The validated table, by treatment and condition (read once)."""
    table: dict[tuple[Treatment, Condition], Finding] = {}
    for row in load("contraindications").rows("rule"):
        key = (row.choice("treatment", Treatment), row.choice("condition", Condition))
        level = row.choice("level", Level)
        if level is Level.OK or key in table:
            raise RuleTableError(f"{row.where}: a rule is block or needs_note, one per pair")
        table[key] = Finding(level, key[1].value, row.text("reason"), row.text("source"))
    return table


def screen(treatment: Treatment, conditions: Iterable[Condition | str]) -> Assessment:
    """One finding per recorded condition, in the order given (duplicates once).

    Raises :class:`ProtocolInputError` (field ``conditions``) for an id outside :class:`Condition`.
    """
    table = rules()
    findings = []
    for condition in dict.fromkeys(map(_condition, conditions)):
        rule = table.get((treatment, condition))
        findings.append(
            rule
            or Finding(
                Level.OK,
                condition.value,
                f"No {treatment} rule for {condition} in the reference table",
                TABLE_SOURCE,
            )
        )
    return Assessment(tuple(findings))


def _condition(value: Condition | str) -> Condition:
    try:
        return Condition(value)
    except ValueError:
        raise ProtocolInputError("conditions", f"unknown condition id {value!r}") from None
