"""Reading the rule tables: TOML files in ``protocols/data``, one ``source`` per rule.

Every reader checks the type it expects and raises :class:`RuleTableError` naming the file, the
row and the key, so a broken table fails loudly at start-up (see :func:`validate_all`), never
half-way through a clinic day. Numbers with a fraction are read as :class:`~decimal.Decimal`.
"""

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from importlib import resources

from remission.clinical.protocols.errors import RuleTableError
from remission.clinical.protocols.inputs import Range
from remission.clinical.protocols.schedule import Cadence, Phase, Weekday


@dataclass(frozen=True)
class Row:
    """One table or row of a rule file, with typed accessors."""

    where: str
    data: Mapping[str, object]

    def has(self, key: str) -> bool:
        return key in self.data

    def _value(self, key: str) -> object:
        if key not in self.data:
            raise RuleTableError(f"{self.where}: {key!r} is missing")
        return self.data[key]

    def _fail(self, key: str, expected: str) -> RuleTableError:
        return RuleTableError(f"{self.where}: {key!r} must be {expected}, not {self.data[key]!r}")

    def text(self, key: str) -> str:
        value = self._value(key)
        if not isinstance(value, str) or not value.strip():
            raise self._fail(key, "a non-empty string")
        return value

    def choice[E: StrEnum](self, key: str, kind: type[E]) -> E:
        """A text that must be one of the values of ``kind``."""
        try:
            return kind(self.text(key))
        except ValueError:
            raise RuleTableError(f"{self.where}: unknown {key} {self.data[key]!r}") from None

    def integer(self, key: str, *, minimum: int = 0) -> int:
        value = self._value(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise self._fail(key, f"a whole number of at least {minimum}")
        return value

    def flag(self, key: str, *, default: bool | None = None) -> bool:
        """A boolean; ``default`` (when given) stands in for a missing key."""
        if default is not None and key not in self.data:
            return default
        value = self._value(key)
        if not isinstance(value, bool):
            raise self._fail(key, "true or false")
        return value

    def decimal(self, key: str) -> Decimal:
        value = self._value(key)
        if isinstance(value, bool) or not isinstance(value, int | Decimal) or value <= 0:
            raise self._fail(key, "a positive number")
        return Decimal(value)

    def texts(self, key: str) -> tuple[str, ...]:
        value = self._value(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise self._fail(key, "a non-empty list of strings")
        return tuple(value)

    def integers(self, key: str, *, minimum: int = 0) -> tuple[int, ...]:
        value = self._value(key)
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
            or min(value) < minimum
        ):
            raise self._fail(key, f"a non-empty list of whole numbers of at least {minimum}")
        return tuple(value)

    def range(self, key: str, unit: str, source: str) -> Range:
        """A ``[low, high]`` pair under ``key``, with its unit and the text under ``source``."""
        value = self._value(key)
        numbers = isinstance(value, list) and all(
            isinstance(v, int | Decimal) and not isinstance(v, bool) for v in value
        )
        if not isinstance(value, list) or not numbers or len(value) != 2 or value[0] > value[1]:
            raise self._fail(key, "a [low, high] pair of numbers")
        return Range(Decimal(value[0]), Decimal(value[1]), unit, self.text(source))

    def cadence(self) -> Cadence:
        """Session days: ``days`` (offsets 0-6 from the start weekday) or ``weekdays`` (names)."""
        if self.has("weekdays") == self.has("days"):
            raise RuleTableError(f"{self.where}: give either 'weekdays' or 'days'")
        try:
            if self.has("weekdays"):
                return Cadence.on(*map(Weekday.parse, self.texts("weekdays")))
            return Cadence(self.integers("days"))
        except ValueError as error:
            raise RuleTableError(f"{self.where}: {error}") from None

    def phase(self) -> Phase:
        """A phase row: ``name``, ``weeks`` and its cadence."""
        return Phase(self.text("name"), self.integer("weeks", minimum=1), self.cadence())

    def row(self, key: str) -> "Row":
        value = self._value(key)
        if not isinstance(value, dict):
            raise self._fail(key, "a table")
        return Row(f"{self.where} [{key}]", value)

    def rows(self, key: str) -> tuple["Row", ...]:
        value = self._value(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, dict) for v in value):
            raise self._fail(key, "a non-empty array of tables")
        return tuple(Row(f"{self.where} [{key}] row {n}", v) for n, v in enumerate(value, 1))


def load(name: str, package: str = "remission.clinical.protocols") -> Row:
    """Parse ``data/<name>.toml`` shipped inside ``package`` (the planning core reads its own)."""
    where = f"{name}.toml"
    text = resources.files(package).joinpath("data", where).read_text(encoding="utf-8")
    try:
        return Row(where, tomllib.loads(text, parse_float=Decimal))
    except tomllib.TOMLDecodeError as error:
        raise RuleTableError(f"{where}: {error}") from None
