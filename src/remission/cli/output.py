"""Running a computing command: one JSON object with ``--json``, else a short summary; refused
input as one line on stderr with exit status 2 (a broken data file exits 1)."""

import json
import sys
from collections.abc import Callable

Computed = tuple[dict[str, object], str]


def report(command: str, compute: Callable[[], Computed], *, as_json: bool) -> int:
    """Print what ``compute`` returns (JSON-ready data, summary), or its refusal."""
    from remission.clinical.instruments import InstrumentDataError, InstrumentError

    try:
        data, summary = compute()
    except InstrumentError as error:
        print(f"remission {command}: {error}", file=sys.stderr)
        return 1 if isinstance(error, InstrumentDataError) else 2
    print(json.dumps(data, ensure_ascii=False) if as_json else summary)
    return 0
