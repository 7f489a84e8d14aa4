"""``remission export research|omop --clinic SLUG --out DIR``: de-identified data sets."""

import argparse
import sys
from pathlib import Path
from typing import Any


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "export", help="de-identified research data set (CSV + Parquet) or OMOP CDM v5.4 tables"
    )
    parser.add_argument("kind", choices=["research", "omop"], help="which data set")
    parser.add_argument("--clinic", required=True, metavar="SLUG", help="the clinic's slug")
    parser.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from remission.cli import setup_django

    setup_django()
    from remission.accounts.models import Clinic

    clinic = Clinic.objects.filter(slug=args.clinic).first()
    if clinic is None:
        print(f"export: no clinic with the slug {args.clinic!r}", file=sys.stderr)
        return 2
    if args.kind == "research":
        from remission.insights.research import export_research

        files = export_research(None, clinic, args.out)
    else:
        from remission.insights.omop import export_omop

        files = export_omop(None, clinic, args.out)
    for path in files:
        print(path)
    return 0
