"""``remission plan PROFILE.json [--json]``: guideline-based next-step options with their basis.

Pure computation over :mod:`remission.clinical.planning`: never starts Django and never reads the
clock (``history.as_of`` in the file is "today"). ``--json`` prints :func:`plan_as_dict`; without
it, a summary grouped by status and line. Invalid input exits with status 2 and one line on stderr
naming the field. The format of PROFILE.json is documented in ``docs/algorithms/planning.md``.
"""

import argparse
import json
from collections.abc import Iterable
from itertools import groupby
from typing import Any

from remission.cli.jsonfile import InputFileError, input_error, read_json
from remission.clinical.planning import (
    Option,
    Plan,
    ProfileError,
    Source,
    Status,
    parse_profile,
    plan,
    plan_as_dict,
)

HEADINGS = {
    Status.SUGGESTED: "Suggested",
    Status.CAUTION: "Caution",
    Status.CONTRAINDICATED: "Contraindicated",
}


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "plan",
        help="guideline-based next-step options for a patient profile, with their basis",
        description="Offer next-step options for a profile as of its history's as_of date. Rules, "
        "sources and limitations: docs/algorithms/planning.md.",
    )
    parser.add_argument("profile", metavar="PROFILE.json", help="the patient profile (JSON)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(run=run_plan)


def run_plan(args: argparse.Namespace) -> int:
    try:
        profile = parse_profile(read_json(args.profile))
    except InputFileError as error:
        return input_error("plan", str(error))
    except ProfileError as error:
        return input_error("plan", f"{args.profile}: {error}")
    result = plan(profile)
    if args.json:
        print(json.dumps(plan_as_dict(result), indent=2, ensure_ascii=False))
    else:
        print(render(result))
    return 0


def render(result: Plan) -> str:
    """The plan as plain text for a terminal, grouped by status and line."""
    report = result.staging
    msm = "not staged" if report.msm.total is None else f"{report.msm.total} ({report.msm.band})"
    lines = [
        f"Next-step options as of {report.history.as_of} (rule set {result.rules_version})",
        f"History: {report.adequate_failed_antidepressant_trials} adequate failed antidepressant "
        f"trials in this episode; TRD: {'yes' if report.trd.status else 'no'}; Thase-Rush "
        f"{report.thase_rush.roman}; MGH-S {report.mgh_s.score:g}; MSM {msm}",
        "Options for a clinician's decision: nothing here orders, books or messages anyone.",
    ]
    for status, by_status in groupby(result.options, key=lambda option: option.status):
        lines += ["", HEADINGS[status]]
        for line, by_line in groupby(by_status, key=lambda option: option.line):
            lines.append(f"  {line.value.capitalize()} line" if line else "  No line given")
            for option in by_line:
                lines += _option(option)
    sections = (
        ("Interactions among current medicines", [c.text for c in result.interactions]),
        ("Points to review", [f"{note.text} [{note.source}]" for note in result.considerations]),
        ("Missing inputs", result.missing_inputs),
        ("Limitations", result.limitations),
    )
    for title, items in sections:
        if items:
            lines += ["", title, *(f"  - {item}" for item in items)]
    return "\n".join(lines)


def _option(option: Option) -> list[str]:
    lines = [f"    {option.id}: {option.title}"]
    if option.drugs:
        lines.append(f"      drugs: {', '.join(option.drugs)}")
    lines += [f"      - {reason}" for reason in option.reasons]
    lines += [f"      ! {caution.text} [{caution.source}]" for caution in option.cautions]
    lines.append(f"      sources: {_sources(option.sources)}")
    return lines


def _sources(sources: Iterable[Source]) -> str:
    cited = (f"{s.guideline} {s.section} ({s.evidence})" for s in sources)
    return "; ".join(dict.fromkeys(cited))
