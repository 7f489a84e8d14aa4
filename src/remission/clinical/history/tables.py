"""Reading the versioned JSON tables shipped under ``remission/clinical/data/``.

Every table is an object with ``table`` (its name), ``version``, ``sources`` (key -> citation) and
``rows``; each row names its sources by key.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any


class TableError(ValueError):
    """A table is missing, malformed or inconsistent."""


@dataclass(frozen=True)
class TableInfo:
    """Name, version and sources of a loaded table, recorded with every result that used it."""

    name: str
    version: str
    description: str
    sources: Mapping[str, str]

    def source(self, key: object) -> str:
        """The citation for a row's source key."""
        if not isinstance(key, str) or key not in self.sources:
            raise TableError(f"unknown source {key!r}")
        return self.sources[key]


def read_table(filename: str) -> tuple[TableInfo, list[Mapping[str, Any]]]:
    """The table's info and its rows (still to be validated by the caller)."""
    try:
        path = resources.files("remission.clinical").joinpath("data", filename)
        data = json.loads(path.read_text(encoding="utf-8"))
        info = TableInfo(
            name=data["table"],
            version=data["version"],
            description=data["description"],
            sources=data["sources"],
        )
        rows = data["rows"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise TableError(f"{filename}: {error!r}") from error
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise TableError(f"{filename}: rows must be a list of objects")
    return info, rows


def required_text(row: Mapping[str, Any], key: str) -> str:
    """A required, non-empty text field of a row."""
    value = row.get(key)
    if not isinstance(value, str) or not value.strip():
        raise TableError(f"{key} must be a non-empty text, not {value!r}")
    return value
