"""Printing for the computing commands: one JSON object with ``--json``, else a short summary;
refused input as one line on stderr with exit status 2 (a broken data file exits 1)."""

import json
import sys


def emit(data: dict[str, object], summary: str, *, as_json: bool) -> int:
    print(json.dumps(data, ensure_ascii=False) if as_json else summary)
    return 0


def refuse(command: str, error: Exception) -> int:
    from remission.clinical.instruments import InstrumentDataError

    print(f"remission {command}: {error}", file=sys.stderr)
    return 1 if isinstance(error, InstrumentDataError) else 2
