"""``remission stage HISTORY.json``: trial adequacy, TRD status and staging of a treatment history.

Pure computation: never starts Django and never reads the clock (the file's ``as_of`` is "today").
Invalid input exits with status 2 and one line on stderr naming the field. The format of
HISTORY.json is documented in ``docs/history-format.md``.
"""

import argparse
import json
from typing import Any

from remission.cli.jsonfile import InputFileError, input_error, read_json
from remission.clinical.history import (
    AdequacyCriteria,
    HistoryError,
    HistoryReport,
    TrdDefinition,
    assess_history,
    parse_history,
    report_as_dict,
)


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "stage",
        help="trial adequacy, TRD status and staging (Thase-Rush, MGH-S, Maudsley) of a history",
        description="Assess a treatment history as of its as_of date. Rules and sources: "
        "docs/algorithms/.",
    )
    parser.add_argument("history", metavar="HISTORY.json", help="the treatment history (JSON)")
    parser.add_argument(
        "--min-weeks",
        type=_weeks,
        default=6,
        metavar="N",
        help="weeks at or above the minimum dose for an adequate trial (6; sources use 4, 6 or 8)",
    )
    parser.add_argument(
        "--different-classes",
        action="store_true",
        help="TRD needs failures in 2 different antidepressant classes (EMA 2002)",
    )
    parser.add_argument(
        "--augmentation-counts",
        action="store_true",
        help="adequate failed augmentation or combination trials count towards TRD",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(run=run_stage)


def _weeks(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number of weeks, not {text!r}") from None
    if not 1 <= value <= 52:
        raise argparse.ArgumentTypeError(f"must be from 1 to 52 weeks, not {value}")
    return value


def run_stage(args: argparse.Namespace) -> int:
    try:
        history = parse_history(read_json(args.history))
    except InputFileError as error:
        return input_error("stage", str(error))
    except HistoryError as error:
        return input_error("stage", f"{args.history}: {error}")
    definition = TrdDefinition(
        adequacy=AdequacyCriteria(min_weeks=args.min_weeks),
        different_classes=args.different_classes,
        augmentation_counts=args.augmentation_counts,
    )
    report = assess_history(history, definition)
    if args.json:
        print(json.dumps(report_as_dict(report), indent=2, ensure_ascii=False))
    else:
        print(render(report))
    return 0


def render(report: HistoryReport) -> str:
    """The report as plain text for a terminal."""
    history = report.history
    episode = history.episode
    psychosis = ", psychotic features" if episode.psychotic_features else ""
    lines = [
        f"Treatment history as of {history.as_of}: episode of {report.episode_months} months, "
        f"{episode.severity.value}{psychosis}",
        f"Adequate trial: {report.definition.adequacy.text}",
        "",
        "Trials",
    ]
    for trial in report.trials:
        verdict = trial.adequacy.label.lower() + (", failed" if trial.failed else "")
        lines.append(f"  [{trial.index}] {trial.description}: {verdict}")
        lines.extend(f"      - {reason}" for reason in trial.reasons)
        lines.extend(f"      ! {flag.message}" for flag in trial.flags)
    trd, thase, mgh, msm = report.trd, report.thase_rush, report.mgh_s, report.msm
    msm_result = "not staged" if msm.total is None else f"{msm.total} ({msm.band})"
    sections = (
        (f"TRD: {'yes' if trd.status else 'no'}", trd.explanation),
        (f"Thase-Rush: stage {thase.roman}", thase.explanation),
        (f"MGH-S: {mgh.score:g}", mgh.explanation),
        (f"Maudsley (MSM): {msm_result}", msm.explanation),
        ("DM-TRD", (report.dm_trd.reason,)),
        ("Missing data", report.missing or ("none",)),
    )
    for title, explanation in sections:
        lines.extend(["", title])
        lines.extend(f"  - {line}" for line in explanation)
    return "\n".join(lines)
