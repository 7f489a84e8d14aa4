"""Reading JSON-like input field by field, each problem named by its JSON path.

:class:`Fields` wraps one JSON object: it rejects unknown keys (suggesting the closest known one),
requires the required ones, and reads each value with a typed accessor that raises :class:`Invalid`
naming the path (``trials[1].doses[0].mg_per_day``) and what is allowed. Shared by the history
parser and the planning profile parser, so both report errors the same way.
"""

import difflib
import math
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

MAX_TEXT = 500


@dataclass(frozen=True)
class Problem:
    """One invalid field: its JSON path and what is wrong with it, for a person to read."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class Invalid(Exception):
    """One invalid field: raised by :class:`Fields`, collected as a :class:`Problem`."""

    def __init__(self, path: str, message: str) -> None:
        self.problem = Problem(path, message)


MISSING = object()
"""What :meth:`Fields.raw` returns for an absent or ``null`` field."""


class Fields:
    """A JSON object at ``path`` whose fields are read, type-checked and path-named one by one."""

    def __init__(self, value: object, path: str, required: set[str], optional: set[str]) -> None:
        if not isinstance(value, dict):
            raise Invalid(path or "(top level)", f"must be an object, not {describe(value)}")
        allowed = required | optional
        for key in value:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise Invalid(self._join(path, str(key)), f"unknown field{hint}")
        for key in sorted(required):
            if value.get(key) is None:
                raise Invalid(self._join(path, key), "is required")
        self.value: dict[str, object] = value
        self.path = path

    @staticmethod
    def _join(path: str, key: str) -> str:
        return f"{path}.{key}" if path else key

    def at(self, key: str) -> str:
        return self._join(self.path, key)

    def raw(self, key: str) -> object:
        value = self.value.get(key)
        return MISSING if value is None else value

    def text(self, key: str) -> str:
        return checked_text(self.at(key), self.raw(key))

    def optional_text(self, key: str) -> str | None:
        return None if self.raw(key) is MISSING else self.text(key)

    def number(self, key: str, what: str) -> float:
        value = self.raw(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise Invalid(self.at(key), f"must be a number of {what}, not {describe(value)}")
        if not math.isfinite(value) or value <= 0:
            raise Invalid(self.at(key), f"must be more than 0 {what}, not {value}")
        return float(value)

    def count(self, key: str, what: str, top: int | None = None) -> int:
        value = self.integer(key, what)
        if value < 1 or (top is not None and value > top):
            limits = f"from 1 to {top}" if top is not None else "at least 1"
            raise Invalid(self.at(key), f"must be {limits}, not {value}")
        return value

    def integer(self, key: str, what: str) -> int:
        """A whole number of ``what``; its range is the caller's to check."""
        value = self.raw(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise Invalid(self.at(key), f"must be a whole number of {what}, not {describe(value)}")
        return value

    def flag(self, key: str) -> bool:
        value = self.raw(key)
        if not isinstance(value, bool):
            raise Invalid(self.at(key), f"must be true or false, not {describe(value)}")
        return value

    def optional_flag(self, key: str) -> bool | None:
        return None if self.raw(key) is MISSING else self.flag(key)

    def flag_or(self, key: str, default: bool) -> bool:
        return default if self.raw(key) is MISSING else self.flag(key)

    def day(self, key: str) -> date:
        value = self.raw(key)
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise Invalid(self.at(key), f"must be a date as YYYY-MM-DD, not {describe(value)}")

    def choice[E: StrEnum](self, key: str, choices: type[E]) -> E:
        return one_of(self.at(key), self.raw(key), choices)

    def items(self, key: str) -> list[tuple[str, object]]:
        value = self.raw(key)
        if not isinstance(value, list):
            raise Invalid(self.at(key), f"must be a list, not {describe(value)}")
        return [(f"{self.at(key)}[{number}]", item) for number, item in enumerate(value)]


def checked_text(path: str, value: object) -> str:
    """``value`` as a non-empty text of at most :data:`MAX_TEXT` characters, stripped."""
    if not isinstance(value, str) or not value.strip():
        raise Invalid(path, f"must be a non-empty text, not {describe(value)}")
    if len(value) > MAX_TEXT:
        raise Invalid(path, f"must be at most {MAX_TEXT} characters")
    return value.strip()


def one_of[E: StrEnum](path: str, value: object, choices: type[E]) -> E:
    """``value`` as a member of ``choices``, or :class:`Invalid` listing every allowed value."""
    names = [member.value for member in choices]
    if isinstance(value, str) and value in names:
        return choices(value)
    close = difflib.get_close_matches(str(value), names, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise Invalid(path, f"must be one of {', '.join(names)}, not {describe(value)}{hint}")


def describe(value: object) -> str:
    """A value as an error message shows it: ``the text 'x'``, ``12``, ``a list``, ``nothing``."""
    if value is MISSING:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict):
        return "an object"
    return "a list" if isinstance(value, list) else type(value).__name__
