"""Results of safety rules: ``block``, ``needs_note`` or ``ok``, each with its reason and source.

A finding informs a clinician; it never acts. ``block`` means the software will not schedule or
record the step until the condition is resolved; ``needs_note`` means a clinician documents a
decision (for example a benefit/risk note) before going ahead; ``ok`` records that the rule was
checked and passed.
"""

from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    OK = "ok"
    NEEDS_NOTE = "needs_note"
    BLOCK = "block"

    @property
    def rank(self) -> int:
        return list(Level).index(self)


@dataclass(frozen=True)
class Finding:
    """One rule's outcome. ``code`` is stable (for storage and tests); ``reason`` is for people."""

    level: Level
    code: str
    reason: str
    source: str


@dataclass(frozen=True)
class Assessment:
    """The findings of one check; its ``level`` is the most serious of them (``ok`` if none)."""

    findings: tuple[Finding, ...]

    @property
    def level(self) -> Level:
        return max((f.level for f in self.findings), key=lambda level: level.rank, default=Level.OK)
