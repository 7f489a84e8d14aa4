"""``remission score INSTRUMENT --answers A1,A2,... [--json]``: score one administration."""

import argparse
from typing import TYPE_CHECKING, Any

from remission.cli.output import Computed, report

if TYPE_CHECKING:
    from remission.clinical.instruments import ScoreResult


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "score",
        help="score a questionnaire",
        description="Answers are the items in the instrument's order, comma-separated; an empty "
        "value is a blank (PHQ-9: the difficulty item may follow as a 10th value; C-SSRS "
        "screener: yes/no, empty if not asked, items 1-6 then the item-6 'past 3 months' answer; "
        "WSAS: an empty first value for a retired patient). `remission instruments` lists them.",
    )
    parser.add_argument("instrument", metavar="INSTRUMENT", help="instrument id, e.g. phq9")
    parser.add_argument("--answers", required=True, metavar="A1,A2,...", help="the answers")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from remission.clinical.instruments import parse_answers, score

    def compute() -> Computed:
        answers = parse_answers(args.instrument, args.answers.split(","))
        result = score(args.instrument, answers)
        return result.as_dict(), summary(result)

    return report("score", compute, as_json=args.json)


def summary(result: "ScoreResult") -> str:
    from remission.clinical.instruments import get_instrument

    instrument = get_instrument(result.instrument)
    total = "no total" if result.total is None else f"total {result.total} of {result.max_total}"
    if result.percent is not None:
        total += f" ({result.percent}%)"
    lines = [f"{instrument.short_name}: {total}"]
    if result.band and result.band_set:
        lines.append(f"{result.band.label} ({result.band_set.label})")
    if result.domains is not None:
        lines.append("domains: " + ", ".join(f"{k} {v}" for k, v in result.domains.items()))
    if result.dsm5_provisional is not None:
        lines.append(f"DSM-5 provisional PTSD: {'yes' if result.dsm5_provisional else 'no'}")
    for item_id in result.excluded:
        lines.append(f"item {item_id} excluded: {instrument.item(item_id).blank_means}")
    for alert in result.alerts:
        lines.append(
            f"{alert.priority.upper()} alert: item {alert.item} answered {alert.answer} "
            f"({alert.answer_label}). {alert.rule}"
        )
    return "\n".join(lines)
