"""``remission worker``: run periodic work and the background task queue."""

import argparse
import time
from typing import Any


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "worker", help="run reminders, alert escalation, e-mail delivery and queued tasks"
    )
    parser.add_argument("--once", action="store_true", help="one round, then exit")
    parser.add_argument("--interval", type=float, default=5.0, help="seconds between rounds (5)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from remission.cli import setup_django

    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    from remission.scheduler import Scheduler

    queued = "DatabaseBackend" in settings.TASKS["default"]["BACKEND"]
    scheduler = Scheduler()
    while True:
        scheduler.tick()
        if queued:
            call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
        if args.once:
            return 0
        time.sleep(args.interval)
