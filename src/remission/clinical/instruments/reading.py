"""Typed, path-aware reading of parsed TOML/JSON tables, so a broken data file fails with a message
that names the file, the key and what was expected (``phq9.toml: items[3].options: missing``)."""

import json
import tomllib
from collections.abc import Mapping
from typing import Literal, NoReturn

from remission.clinical.instruments.errors import InstrumentDataError

Syntax = Literal["toml", "json"]


def decode(text: str, syntax: Syntax, name: str) -> dict[str, object]:
    """TOML or JSON text to a table; a syntax error becomes an ``InstrumentDataError``."""
    try:
        data = tomllib.loads(text) if syntax == "toml" else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as error:
        raise InstrumentDataError(f"{name}: not valid {syntax.upper()}: {error}") from None
    if not isinstance(data, dict):
        raise InstrumentDataError(f"{name}: expected a table at the top level")
    return data


class Reader:
    """Reads one table. Call :meth:`done` at the end: keys nobody asked for are typos and fail."""

    def __init__(self, data: object, where: str) -> None:
        if not isinstance(data, Mapping):
            raise InstrumentDataError(f"{where}: expected a table, got {type(data).__name__}")
        self.data: Mapping[str, object] = data
        self.where = where
        self._read: set[str] = set()

    def fail(self, key: str, problem: str) -> NoReturn:
        raise InstrumentDataError(f"{self.where}.{key}: {problem}")

    def has(self, key: str) -> bool:
        return key in self.data

    def _get(self, key: str) -> object:
        self._read.add(key)
        if key not in self.data:
            self.fail(key, "missing")
        return self.data[key]

    def string(self, key: str) -> str:
        value = self._get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(key, f"expected a non-empty string, got {value!r}")
        return value

    def optional_string(self, key: str) -> str | None:
        return self.string(key) if self.has(key) else None

    def integer(self, key: str) -> int:
        value = self._get(key)
        if type(value) is not int:
            self.fail(key, f"expected a whole number, got {value!r}")
        return value

    def optional_integer(self, key: str) -> int | None:
        return self.integer(key) if self.has(key) else None

    def number(self, key: str) -> float:
        value = self._get(key)
        if type(value) not in (int, float):
            self.fail(key, f"expected a number, got {value!r}")
        return float(value)  # type: ignore[arg-type]

    def flag(self, key: str, default: bool) -> bool:
        if not self.has(key):
            return default
        value = self._get(key)
        if not isinstance(value, bool):
            self.fail(key, f"expected true or false, got {value!r}")
        return value

    def choice[T: str](self, key: str, allowed: tuple[T, ...]) -> T:
        value = self.string(key)
        if value not in allowed:
            self.fail(key, f"expected one of {', '.join(allowed)}, got {value!r}")
        return next(option for option in allowed if option == value)

    def strings(self, key: str) -> tuple[str, ...]:
        value = self._get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.fail(key, f"expected a list of strings, got {value!r}")
        return tuple(value)

    def pair(self, key: str) -> tuple[int, int]:
        """``[low, high]``: two whole numbers, low first."""
        value = self._get(key)
        if (
            not isinstance(value, list)
            or len(value) != 2
            or not all(type(v) is int for v in value)
            or value[0] > value[1]
        ):
            self.fail(key, f"expected [low, high] whole numbers, got {value!r}")
        return value[0], value[1]

    def table(self, key: str) -> "Reader":
        return Reader(self._get(key), f"{self.where}.{key}")

    def tables(self, key: str) -> list["Reader"]:
        value = self._get(key)
        if not isinstance(value, list) or not value:
            self.fail(key, "expected a non-empty list of tables")
        return [Reader(entry, f"{self.where}.{key}[{n}]") for n, entry in enumerate(value)]

    def optional_tables(self, key: str) -> list["Reader"]:
        return self.tables(key) if self.has(key) else []

    def labels(self, key: str) -> dict[int, str]:
        """A table of option labels keyed by the option's value: ``{0 = "Not at all", ...}``."""
        table = self.table(key)
        labels: dict[int, str] = {}
        for raw in table.data:
            try:
                value = int(raw)
            except ValueError:
                table.fail(raw, "option labels are keyed by the option's whole-number value")
            labels[value] = table.string(raw)
        return labels

    def done(self) -> None:
        unknown = sorted(set(self.data) - self._read)
        if unknown:
            raise InstrumentDataError(f"{self.where}: unknown key(s) {', '.join(unknown)}")
