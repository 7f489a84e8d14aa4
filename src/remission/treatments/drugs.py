"""Drug names for the type-ahead lists and the short dose facts shown while a clinician types;
both read the core's dose tables (nothing is copied here)."""

from dataclasses import dataclass
from functools import cache

from remission.clinical.history import (
    Antidepressant,
    AugmentationAgent,
    UnknownDrug,
    antidepressants,
    augmentation_agents,
    find_antidepressant,
    find_augmentation_agent,
)


@cache
def antidepressant_names() -> tuple[str, ...]:
    """Canonical names and aliases of the antidepressant table, sorted."""
    return tuple(sorted({n for d in antidepressants().values() for n in (d.name, *d.aliases)}))


@cache
def augmentation_names() -> tuple[str, ...]:
    """Augmenting agents and, because any antidepressant can be combined, the antidepressants."""
    agents = {n for a in augmentation_agents().values() for n in (a.name, *a.aliases)}
    return tuple(sorted(agents | set(antidepressant_names())))


@dataclass(frozen=True)
class DrugFacts:
    name: str
    lines: tuple[str, ...]
    suggestions: tuple[str, ...] = ()


def drug_facts(text: str, *, augmentation: bool = False) -> DrugFacts | None:
    """What the tables say about a drug: class, ATRQ minimum, CANMAT usual range. None for an
    empty text; closest names for an unknown one."""
    text = text.strip()[:100]
    if not text:
        return None
    try:
        entry = find_augmentation_agent(text) if augmentation else find_antidepressant(text)
    except UnknownDrug as unknown:
        return DrugFacts(text, (), unknown.suggestions)
    return DrugFacts(entry.name, _lines(entry))


def _lines(entry: Antidepressant | AugmentationAgent) -> tuple[str, ...]:
    lines = []
    if isinstance(entry, Antidepressant):
        lines.append(f"Class: {entry.drug_class}")
        if entry.atrq_minimum is not None:
            lines.append(f"Minimum adequate dose {entry.atrq_minimum:g} mg per day (ATRQ)")
        else:
            lines.append("No minimum adequate dose in the reference: adequacy is not assessed")
    else:
        lines.append("Augmenting agent: no verified minimum dose, adequacy is not assessed")
    if entry.canmat is not None:
        canmat = entry.canmat
        detail = [f"{canmat.line} line"] if canmat.line else []
        detail += [f"evidence {canmat.level}"] if canmat.level else []
        unit = "" if "mg" in canmat.text or "µg" in canmat.text else " mg"
        shown = f" ({', '.join(detail)})" if detail else ""
        lines.append(f"CANMAT 2023 usual dose {canmat.text}{unit} per day{shown}")
    if entry.note:
        lines.append(entry.note)
    return tuple(lines)
