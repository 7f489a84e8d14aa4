"""``remission outcome INSTRUMENT --baseline N --current N [--json]``: change between two totals."""

import argparse
from typing import TYPE_CHECKING, Any

from remission.cli.output import Computed, report

if TYPE_CHECKING:
    from remission.clinical.instruments import Criterion, Outcome


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "outcome", help="response, remission and reliable change between two totals"
    )
    parser.add_argument("instrument", metavar="INSTRUMENT", help="instrument id, e.g. phq9")
    parser.add_argument("--baseline", type=int, required=True, metavar="N", help="baseline total")
    parser.add_argument("--current", type=int, required=True, metavar="N", help="current total")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from remission.clinical.instruments import outcome

    def compute() -> Computed:
        result = outcome(args.instrument, args.baseline, args.current)
        return result.as_dict(), summary(result)

    return report("outcome", compute, as_json=args.json)


def summary(result: "Outcome") -> str:
    from remission.clinical.instruments import get_instrument

    change = result.current - result.baseline
    percent = "" if result.percent_change is None else f", {result.percent_change:+.1f}%"
    lines = [
        f"{get_instrument(result.instrument).short_name} {result.baseline} → {result.current}: "
        f"change {change:+d}{percent}",
        _line("response", result.response, result.response_criterion),
        _line("remission", result.remission, result.remission_criterion),
        _line(
            "reliable improvement", result.reliable_improvement, result.reliable_change_criterion
        ),
        _line(
            "reliable deterioration",
            result.reliable_deterioration,
            result.reliable_change_criterion,
        ),
    ]
    return "\n".join(lines)


def _line(name: str, met: bool | None, criterion: "Criterion | None") -> str:
    if criterion is None:
        return f"{name}: no published rule for this instrument"
    verdict = "not applicable" if met is None else ("yes" if met else "no")
    return f"{name}: {verdict} ({criterion.label}; {criterion.source})"
