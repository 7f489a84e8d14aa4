"""``remission instruments [--json]``: the instruments, their answers and their choices."""

import argparse
from typing import TYPE_CHECKING, Any

from remission.cli.output import Computed, report

if TYPE_CHECKING:
    from remission.clinical.instruments import Instrument


def register(commands: Any) -> None:
    parser = commands.add_parser("instruments", help="list the instruments")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from remission.clinical.instruments import all_instruments

    def compute() -> Computed:
        instruments = all_instruments()
        data: dict[str, object] = {"instruments": [describe(i) for i in instruments]}
        return data, "\n".join(line(i) for i in instruments)

    return report("instruments", compute, as_json=args.json)


def describe(instrument: "Instrument") -> dict[str, object]:
    from remission.clinical.instruments import item_text

    return {
        "id": instrument.id,
        "name": instrument.name,
        "short_name": instrument.short_name,
        "rater": instrument.rater,
        "recall": instrument.recall,
        "answers": [
            {"item": item.id, "label": item.label, "allowed": item.allowed(), "scored": item.scored}
            for item in instrument.items
        ],
        "total": instrument.score_range,
        "band_sets": [
            {"id": s.id, "label": s.label, "source": s.source} for s in instrument.band_sets
        ],
        "text_ships": instrument.text_ships,
        "languages": [lang for lang in ("en", "de") if item_text(instrument.id, lang)],
        "licence": instrument.licence,
        "source": instrument.source,
    }


def line(instrument: "Instrument") -> str:
    band_sets = ", ".join(s.id for s in instrument.band_sets) or "none"
    total = f"total {instrument.score_range}" if instrument.scoring.bounds else "no total"
    return (
        f"{instrument.id:<15} {instrument.short_name:<16} {len(instrument.items):>2} answers "
        f"({', '.join(item.id for item in instrument.items)}); {total}; bands {band_sets}"
    )
