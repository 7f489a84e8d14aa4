"""``remission convert --from INSTRUMENT --to INSTRUMENT VALUE [--json]``: an approximate
equivalent score from a published crosswalk table."""

import argparse
from typing import TYPE_CHECKING, Any

from remission.cli.output import Computed, report

if TYPE_CHECKING:
    from remission.clinical.instruments import Conversion


def register(commands: Any) -> None:
    parser = commands.add_parser("convert", help="approximate equivalent score on another scale")
    parser.add_argument("--from", dest="source", required=True, metavar="INSTRUMENT")
    parser.add_argument("--to", dest="target", required=True, metavar="INSTRUMENT")
    parser.add_argument("value", type=int, metavar="VALUE", help="the total to convert")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from remission.clinical.instruments import convert

    def compute() -> Computed:
        result = convert(args.source, args.target, args.value)
        return result.as_dict(), summary(result)

    return report("convert", compute, as_json=args.json)


def summary(result: "Conversion") -> str:
    from remission.clinical.instruments import get_instrument

    value = result.value if result.value is not None else f"{result.low}-{result.high}"
    source_name = get_instrument(result.source_instrument).short_name
    return (
        f"{source_name} {result.input} ≈ {result.target_name} {value}\n"
        f"table {result.table} (evidence: {result.evidence}): {result.source}\n"
        f"{result.approximation}"
    )
