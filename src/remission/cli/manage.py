"""``remission manage ...``: any Django management command (migrate, db_worker, shell, ...)."""

import argparse
from typing import Any


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "manage", help="run a Django management command, e.g. `remission manage migrate`"
    )
    parser.add_argument("arguments", nargs=argparse.REMAINDER)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "remission.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["remission manage", *args.arguments])
    return 0
