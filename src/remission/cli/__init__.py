"""The ``remission`` command.

Each subcommand lives in its own module with a ``register(commands)`` function. Commands that only
compute (score, stage, plan, ...) never start Django; the others call :func:`setup_django` first.
"""

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

COMMANDS = (
    "remission.cli.stage",
    "remission.cli.serve",
    "remission.cli.manage",
    "remission.cli.worker",
    "remission.cli.demo",
    "remission.cli.audit",
    "remission.cli.backup",
    "remission.cli.protocol",
    "remission.cli.score",
    "remission.cli.outcome",
    "remission.cli.convert",
    "remission.cli.instruments",
    "remission.cli.plan",
    "remission.cli.export",
    "remission.cli.fhir",
    "remission.cli.dashboard",
)


class Parser(argparse.ArgumentParser):
    """Usage errors are one line on stderr and exit status 2, like every input error."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message}\n")


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "remission.settings")
    import django

    django.setup()


def build_parser() -> Parser:
    parser = Parser(
        prog="remission",
        description="Remission: measurement, history, planning and interventional care for "
        "treatment-resistant depression.",
    )
    commands = parser.add_subparsers(
        title="commands", dest="command", required=True, metavar="COMMAND", parser_class=Parser
    )
    for path in COMMANDS:
        importlib.import_module(path).register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    status: int = args.run(args) or 0
    return status


if __name__ == "__main__":
    sys.exit(main())
