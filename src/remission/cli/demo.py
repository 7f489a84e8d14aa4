"""``remission demo`` and ``remission synth``: synthetic clinics (everyone in them is fictional)."""

import argparse
import sys
import time
from typing import Any


def register(commands: Any) -> None:
    demo = commands.add_parser("demo", help="load the demo clinic (does nothing if it is loaded)")
    demo.add_argument("--seed", type=int, default=2026, help="random seed (2026)")
    demo.set_defaults(run=run_demo)

    synth = commands.add_parser(
        "synth", help="generate a large synthetic clinic, e.g. for benchmarks"
    )
    synth.add_argument("--patients", type=_positive, required=True, help="number of patients")
    synth.add_argument("--seed", type=int, default=1, help="random seed (1)")
    synth.add_argument(
        "--outcomes",
        action="store_true",
        help="also give every patient a dated treatment course and questionnaires over a year "
        "(for the outcomes dashboard and exports)",
    )
    synth.set_defaults(run=run_synth)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def run_demo(args: argparse.Namespace) -> int:
    from remission.cli import setup_django

    setup_django()
    from remission.demo.clinic import DemoAlreadyLoaded, load_demo
    from remission.demo.logins import DEMO_PASSWORD

    try:
        summary = load_demo(seed=args.seed)
    except DemoAlreadyLoaded as loaded:
        print(f"The demo clinic is already loaded ({loaded}).")
        return 0
    print(summary)
    print(f"Demo password for every account: {DEMO_PASSWORD}")
    return 0


def run_synth(args: argparse.Namespace) -> int:
    from remission.cli import setup_django

    setup_django()
    from remission.demo.synth import synthesize

    started = time.perf_counter()
    clinic = synthesize(patients=args.patients, seed=args.seed, progress=sys.stderr)
    if args.outcomes:
        from django.utils import timezone

        from remission.dbstats import refresh_planner_statistics
        from remission.insights.synth import add_outcomes

        counts = add_outcomes(
            clinic, seed=args.seed, today=timezone.localdate(), progress=sys.stderr
        )
        refresh_planner_statistics()
        print(", ".join(f"{n} {what}" for what, n in counts.items()))
    seconds = time.perf_counter() - started
    print(f"{clinic.name}: {args.patients} patients in {seconds:.1f} s (clinic slug {clinic.slug})")
    return 0
