"""``remission serve``: migrate if needed and run the development server."""

import argparse
from typing import Any


def register(commands: Any) -> None:
    parser = commands.add_parser("serve", help="run the web app on this machine (development)")
    parser.add_argument("--address", default="127.0.0.1:8000", help="host:port (127.0.0.1:8000)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from remission.cli import setup_django

    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("runserver", args.address)
    return 0
