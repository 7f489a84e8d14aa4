"""``remission serve``: migrate if needed and run the development server."""

import argparse
import os
import subprocess
import sys
from typing import Any


def register(commands: Any) -> None:
    parser = commands.add_parser("serve", help="run the web app on this machine (development)")
    parser.add_argument("--address", default="127.0.0.1:8000", help="host:port (127.0.0.1:8000)")
    parser.add_argument(
        "--with-worker", action="store_true", help="also run `remission worker` alongside"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from remission.cli import setup_django

    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    worker = None
    if args.with_worker and not os.environ.get("RUN_MAIN"):  # not again in the autoreloader child
        worker = subprocess.Popen([sys.executable, "-m", "remission.cli", "worker"])
    try:
        call_command("runserver", args.address)
    finally:
        if worker is not None:
            worker.terminate()
    return 0
