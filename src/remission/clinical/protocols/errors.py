"""The two errors of the protocol core: bad input, and a broken rule table."""


class ProtocolInputError(ValueError):
    """An input outside what a protocol accepts.

    ``field`` is the parameter's name (``weight_kg``, ``start``, ...), so a form or the command line
    can put the message next to the right input; the message says what is allowed.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class RuleTableError(ValueError):
    """A rule table is malformed (``protocols/data`` or ``planning/data``).

    The message names the file, the row and the key.
    """
