"""``remission audit verify``: check that the audit trail's hash chains are unbroken."""

import argparse
import sys
from typing import Any


def register(commands: Any) -> None:
    parser = commands.add_parser("audit", help="audit trail tools")
    actions = parser.add_subparsers(dest="audit_command", required=True, metavar="ACTION")
    verify = actions.add_parser("verify", help="exit 1 and name the first broken entry if any")
    verify.set_defaults(run=run_verify)


def run_verify(args: argparse.Namespace) -> int:
    from remission.cli import setup_django

    setup_django()
    from remission.audit.models import AuditEvent
    from remission.audit.trail import verify

    breaks = list(verify())
    for item in breaks:
        print(f"chain {item.chain}: entry {item.event_id}: {item.problem}", file=sys.stderr)
    if breaks:
        return 1
    print(f"The audit trail is intact ({AuditEvent.objects.count()} entries).")
    return 0
