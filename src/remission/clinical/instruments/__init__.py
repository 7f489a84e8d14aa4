"""Questionnaire instruments: definitions as data, scoring, outcomes, crosswalks, content packs.

Everything the application needs is importable from here:

- :func:`score` and :func:`parse_answers` → :class:`ScoreResult` (total, band, alerts, domains,
  percent, DSM-5 provisional diagnosis, C-SSRS risk category as the band);
- :func:`outcome`, :func:`early_improvement`, :func:`talking_therapies`, :func:`jacobson_truax`,
  :func:`percent_change`;
- :func:`convert` → :class:`Conversion` (always an approximation, with its source);
- :func:`item_text` and :func:`read_content_pack` for the words shown to patients;
- :func:`get_instrument`, :func:`all_instruments` and :func:`validate_all` (the system check).

Every input error is an :class:`InstrumentError` with a one-line message naming the field and what
is allowed. The rules, their sources and worked examples: ``docs/algorithms/``.
"""

from remission.clinical.instruments.alerts import Alert
from remission.clinical.instruments.content import item_text, read_content_pack
from remission.clinical.instruments.crosswalks import Conversion, convert
from remission.clinical.instruments.errors import (
    InstrumentDataError,
    InstrumentError,
    InvalidAnswer,
    InvalidScore,
    NotApplicable,
    UnknownChoice,
    UnknownInstrument,
)
from remission.clinical.instruments.model import Band, BandSet, Criterion, Instrument, Item, Option
from remission.clinical.instruments.outcomes import (
    EarlyImprovement,
    JacobsonTruax,
    Outcome,
    TalkingTherapiesOutcome,
    early_improvement,
    jacobson_truax,
    outcome,
    percent_change,
    talking_therapies,
)
from remission.clinical.instruments.packs import ContentPack, ItemText
from remission.clinical.instruments.registry import all_instruments, get_instrument, validate_all
from remission.clinical.instruments.scoring import ScoreResult, parse_answers, score

__all__ = [
    "Alert",
    "Band",
    "BandSet",
    "ContentPack",
    "Conversion",
    "Criterion",
    "EarlyImprovement",
    "Instrument",
    "InstrumentDataError",
    "InstrumentError",
    "InvalidAnswer",
    "InvalidScore",
    "Item",
    "ItemText",
    "JacobsonTruax",
    "NotApplicable",
    "Option",
    "Outcome",
    "ScoreResult",
    "TalkingTherapiesOutcome",
    "UnknownChoice",
    "UnknownInstrument",
    "all_instruments",
    "convert",
    "early_improvement",
    "get_instrument",
    "item_text",
    "jacobson_truax",
    "outcome",
    "parse_answers",
    "percent_change",
    "read_content_pack",
    "score",
    "talking_therapies",
    "validate_all",
]
