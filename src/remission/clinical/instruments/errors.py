"""The errors of the instrument core: one-line messages that name the field and what is allowed."""


class InstrumentError(ValueError):
    """Base class: every input the core refuses raises a subclass of this."""


class InstrumentDataError(InstrumentError):
    """A shipped or supplied data file (instrument, crosswalk or content pack) is broken."""


class UnknownInstrument(InstrumentError):
    def __init__(self, instrument: str, known: tuple[str, ...]) -> None:
        self.instrument = instrument
        super().__init__(f"unknown instrument {instrument!r}; known: {', '.join(known)}")


class UnknownChoice(InstrumentError):
    """A parameter names a band set, criterion or table the instrument does not have."""

    def __init__(self, instrument: str, kind: str, choice: str, known: tuple[str, ...]) -> None:
        self.instrument, self.kind, self.choice = instrument, kind, choice
        options = ", ".join(known) if known else "none"
        super().__init__(f"{instrument}: no {kind} {choice!r}; choose from: {options}")


class InvalidAnswer(InstrumentError):
    """An answer is missing, unknown, not a whole number, out of range, or given when not asked.

    ``item`` is None only when the number of answers is wrong as a whole.
    """

    def __init__(
        self, instrument: str, item: str | None, answer: object, problem: str, allowed: str
    ) -> None:
        self.instrument, self.item, self.answer, self.allowed = instrument, item, answer, allowed
        where = f"{instrument} item {item}" if item else instrument
        super().__init__(f"{where}: {problem} (allowed: {allowed})")


class InvalidScore(InstrumentError):
    """A total score given to an outcome or crosswalk is outside the instrument's range."""

    def __init__(self, instrument: str, field: str, value: object, allowed: str) -> None:
        self.instrument, self.field, self.value, self.allowed = instrument, field, value, allowed
        super().__init__(f"{instrument} {field}: {value!r} is out of range (allowed: {allowed})")


class NotApplicable(InstrumentError):
    """The rule does not exist for this instrument or value (no total, no verified table row...)."""
