"""The planning rule set: ``data/rules.toml`` (options and their guideline rules) and
``data/precautions.toml`` (precautions, interactions, points to review, limitations).

:func:`rule_set` reads, validates and caches both once; a broken table raises
:class:`~remission.clinical.protocols.errors.RuleTableError` naming the file, row and key, so a
start-up check fails loudly. The two files carry one version, the ``rules_version`` of every plan.
"""

from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from remission.clinical.history import Modality, TrialKind, antidepressants
from remission.clinical.planning import criteria
from remission.clinical.planning.criteria import Argument
from remission.clinical.planning.facts import find_medication
from remission.clinical.planning.result import Basis, Category, Line, Source, Status
from remission.clinical.protocols import contraindications
from remission.clinical.protocols.contraindications import Condition
from remission.clinical.protocols.errors import RuleTableError
from remission.clinical.protocols.tables import Row, load
from remission.clinical.protocols.treatments import Treatment

PACKAGE = "remission.clinical.planning"

type When = tuple[tuple[str, Argument], ...]


class Mode(StrEnum):
    """What a medication option does to the current medicines (for interaction checks)."""

    START = "start"
    OPTIMISE = "optimise"
    SWITCH = "switch"
    ADD = "add"


class Pool(StrEnum):
    """Where a medication option's drugs come from when it does not name them."""

    FIRST_LINE = "first_line"
    CURRENT = "current"
    SAME_CLASS = "same_class"
    OTHER_CLASS = "other_class"


class Scope(StrEnum):
    ALL = "all"
    MEDICATION = "medication"
    ADJUNCT = "adjunct"
    DAILY = "daily"
    SCREENED = "screened"


@dataclass(frozen=True)
class Rule:
    """One guideline statement supporting an option, and when it applies."""

    source: Source
    when: When


@dataclass(frozen=True)
class OptionSpec:
    """An option of the catalogue: what it is, how the history can show it tried, its rules.

    Medicines come from ``drugs``, a ``drug_class`` of the antidepressant table or a ``pool``;
    ``modalities`` and ``procedures`` are the psychotherapy and procedure trials that count as
    trying it; ``treatment`` is screened for contraindications by the protocol core.
    """

    id: str
    category: Category
    title: str
    medication: bool
    mode: Mode | None
    drugs: tuple[str, ...]
    drug_class: str | None
    pool: Pool | None
    modalities: tuple[Modality, ...]
    procedures: tuple[TrialKind, ...]
    treatment: Treatment | None
    daily: bool
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class Precaution:
    """A caution (or contraindication) for the options in ``options`` when ``when`` holds;
    ``applies_to`` says how the file named them (a scope, or a list)."""

    code: str
    options: frozenset[str]
    applies_to: str
    status: Status
    when: When
    text: str
    source: str


@dataclass(frozen=True)
class Interaction:
    """Classes that must not be combined: ``combined`` when added together, ``switch`` when one
    replaces the other."""

    code: str
    first: frozenset[str]
    second: frozenset[str]
    combined: Status
    switch: Status
    text: str
    source: str

    def between(self, one: str, other: str) -> bool:
        pairs = ((self.first, self.second), (self.second, self.first))
        return any(one in a and other in b for a, b in pairs)


@dataclass(frozen=True)
class Consideration:
    """A point to review with the whole plan when ``when`` holds."""

    code: str
    when: When
    text: str
    source: str


@dataclass(frozen=True)
class RuleSet:
    version: str
    options: tuple[OptionSpec, ...]
    precautions: tuple[Precaution, ...]
    interactions: tuple[Interaction, ...]
    considerations: tuple[Consideration, ...]
    limitations: tuple[str, ...]
    recency_days: int
    recency_source: str

    def precautions_for(self, option_id: str) -> tuple[Precaution, ...]:
        """The precautions that apply to ``option_id``, in file order."""
        return tuple(p for p in self.precautions if option_id in p.options)

    @property
    def conditions_used(self) -> frozenset[Condition]:
        """Every condition some rule, precaution, consideration or screened table reads."""
        words = [
            *(rule.when for spec in self.options for rule in spec.rules),
            *(precaution.when for precaution in self.precautions),
            *(consideration.when for consideration in self.considerations),
        ]
        named = {
            Condition(value)
            for when in words
            for word, argument in when
            if word == "conditions" and isinstance(argument, tuple)
            for value in argument
        }
        named |= {
            criteria.CONDITIONS_READ[word]
            for when in words
            for word, _ in when
            if word in criteria.CONDITIONS_READ
        }
        screened = {spec.treatment for spec in self.options if spec.treatment}
        table = {
            condition for treatment, condition in contraindications.rules() if treatment in screened
        }
        return frozenset(named | table)


@cache
def rule_set() -> RuleSet:
    """The validated rule set (read once)."""
    rules, precautions = load("rules", PACKAGE), load("precautions", PACKAGE)
    version = rules.text("version")
    if precautions.text("version") != version:
        raise RuleTableError("precautions.toml: 'version' must equal the version of rules.toml")
    guidelines = rules.row("guidelines")
    options = tuple(_option(row, guidelines) for row in rules.rows("option"))
    ids = [spec.id for spec in options]
    if len(set(ids)) != len(ids):
        raise RuleTableError("rules.toml: option ids must be unique")
    recency = precautions.row("recency")
    return RuleSet(
        version=version,
        options=options,
        precautions=tuple(_precaution(row, options) for row in precautions.rows("precaution")),
        interactions=tuple(map(_interaction, precautions.rows("interaction"))),
        considerations=tuple(map(_consideration, precautions.rows("consideration"))),
        limitations=precautions.row("limitations").texts("texts"),
        recency_days=recency.integer("days", minimum=1),
        recency_source=recency.text("source"),
    )


def _optional(row: Row, key: str) -> str | None:
    return row.text(key) if row.has(key) else None


def _many[E: StrEnum](row: Row, key: str, kind: type[E]) -> tuple[E, ...]:
    if not row.has(key):
        return ()
    try:
        return tuple(kind(value) for value in row.texts(key))
    except ValueError:
        raise RuleTableError(f"{row.where}: unknown value in {key} {row.data[key]!r}") from None


def _when(row: Row) -> When:
    when = row.row("when")
    words: list[tuple[str, Argument]] = []
    for word, value in when.data.items():
        try:
            words.append((word, criteria.argument(word, value)))
        except ValueError as error:
            raise RuleTableError(f"{when.where}: {word}: {error}") from None
    if not words:
        raise RuleTableError(f"{when.where}: needs at least one criterion")
    return tuple(words)


def _rule(row: Row, guidelines: Row) -> Rule:
    key = row.text("guideline")
    if not guidelines.has(key):
        raise RuleTableError(f"{row.where}: unknown guideline {key!r}")
    guideline = guidelines.row(key)
    line = row.choice("line", Line) if row.has("line") else None
    source = Source(
        guideline=guideline.text("name"),
        version=guideline.text("version"),
        section=row.text("section"),
        year=guideline.integer("year", minimum=1900),
        evidence=row.text("evidence"),
        line=line,
        rule=row.text("says"),
        citation=guideline.text("citation"),
        read=guideline.text("read"),
        basis=row.choice("basis", Basis) if row.has("basis") else Basis.SOURCE,
        caveat=_optional(row, "caveat"),
    )
    if source.basis is not Basis.SOURCE and source.caveat is None:
        raise RuleTableError(f"{row.where}: a rule not based on a source needs a caveat")
    return Rule(source, _when(row))


def _option(row: Row, guidelines: Row) -> OptionSpec:
    category = row.choice("category", Category)
    drugs = row.texts("drugs") if row.has("drugs") else ()
    unknown = [drug for drug in drugs if find_medication(drug) is None]
    drug_class = _optional(row, "drug_class")
    classes = {entry.drug_class for entry in antidepressants().values()}
    if unknown or (drug_class is not None and drug_class not in classes):
        raise RuleTableError(f"{row.where}: drugs or drug_class not in the drug tables")
    attendance = _optional(row, "attendance")
    if attendance not in (None, "daily"):
        raise RuleTableError(f"{row.where}: attendance must be 'daily'")
    return OptionSpec(
        id=row.text("id"),
        category=category,
        title=row.text("title"),
        medication=row.flag("medication", default=category is Category.MEDICATION),
        mode=row.choice("mode", Mode) if row.has("mode") else None,
        drugs=drugs,
        drug_class=drug_class,
        pool=row.choice("candidates", Pool) if row.has("candidates") else None,
        modalities=_many(row, "modalities", Modality),
        procedures=_many(row, "procedures", TrialKind),
        treatment=row.choice("treatment", Treatment) if row.has("treatment") else None,
        daily=attendance == "daily",
        rules=tuple(_rule(rule, guidelines) for rule in row.rows("rule")),
    )


def _precaution(row: Row, options: tuple[OptionSpec, ...]) -> Precaution:
    if row.has("options") == row.has("scope"):
        raise RuleTableError(f"{row.where}: give either 'options' or 'scope'")
    excluded = set(row.texts("exclude")) if row.has("exclude") else set()
    if row.has("options"):
        targets = set(row.texts("options"))
        applies_to = ", ".join(row.texts("options"))
    else:
        scope = row.choice("scope", Scope)
        targets = {spec.id for spec in options if _in_scope(spec, scope)}
        applies_to = f"scope {scope.value}" + (
            f" except {', '.join(sorted(excluded))}" if excluded else ""
        )
    targets -= excluded
    unknown = targets - {spec.id for spec in options}
    if unknown or not targets:
        raise RuleTableError(f"{row.where}: unknown or no options {sorted(unknown)}")
    return Precaution(
        code=row.text("code"),
        options=frozenset(targets),
        applies_to=applies_to,
        status=_concern_status(row, "level"),
        when=_when(row),
        text=row.text("text"),
        source=row.text("source"),
    )


def _in_scope(spec: OptionSpec, scope: Scope) -> bool:
    match scope:
        case Scope.ALL:
            return True
        case Scope.MEDICATION:
            return spec.medication
        case Scope.ADJUNCT:
            return spec.mode is Mode.ADD
        case Scope.DAILY:
            return spec.daily
        case Scope.SCREENED:
            return spec.treatment is not None


def _concern_status(row: Row, key: str) -> Status:
    status = row.choice(key, Status)
    if status is Status.SUGGESTED:
        raise RuleTableError(f"{row.where}: {key} must be caution or contraindicated")
    return status


def _interaction(row: Row) -> Interaction:
    return Interaction(
        code=row.text("code"),
        first=frozenset(row.texts("first")),
        second=frozenset(row.texts("second")),
        combined=_concern_status(row, "combined"),
        switch=_concern_status(row, "switch"),
        text=row.text("text"),
        source=row.text("source"),
    )


def _consideration(row: Row) -> Consideration:
    return Consideration(row.text("code"), _when(row), row.text("text"), row.text("source"))
