"""Reading the JSON input file of a compute-only command (``stage``, ``plan``), and its errors.

Every input error is one line on stderr, ``remission COMMAND: FILE: what is wrong``, and exit
status 2.
"""

import json
import sys
from pathlib import Path

INPUT_ERROR = 2


class InputFileError(Exception):
    """The file cannot be read as JSON; the message names the file and says why."""


def read_json(path: str) -> object:
    """The decoded contents of the JSON file at ``path``."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise InputFileError(f"{path}: cannot read: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise InputFileError(f"{path}: not UTF-8 text") from None
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno}"
        raise InputFileError(f"{path}: not valid JSON: {error.msg} ({where})") from None


def input_error(command: str, message: str) -> int:
    """Print ``message`` as one line on stderr and return the input-error exit status."""
    print(f"remission {command}: {' '.join(message.split())}", file=sys.stderr)
    return INPUT_ERROR
