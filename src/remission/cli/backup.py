"""``remission backup`` and ``remission restore``: encrypted, verified copies of the database."""

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def register(commands: Any) -> None:
    backup = commands.add_parser("backup", help="write an encrypted, verified backup file")
    backup.add_argument(
        "--output", type=Path, help="file to write (default: var/backups/remission-<time>.rmbk)"
    )
    backup.set_defaults(run=run_backup)
    restore = commands.add_parser(
        "restore", help="restore a backup into the configured, empty database and verify it"
    )
    restore.add_argument("file", type=Path)
    restore.add_argument("--force", action="store_true", help="replace a database that holds data")
    restore.set_defaults(run=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    from remission.cli import setup_django

    setup_django()
    from django.conf import settings

    from remission.backups import archive

    _, new = archive.backup_key(create=True)
    if new:
        print(
            f"A new backup key was created at {archive.key_path()}. Keep a copy somewhere else: "
            "without it no backup can be read.",
            file=sys.stderr,
        )
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    output = args.output or Path(settings.DATA_DIR) / "backups" / f"remission-{stamp}.rmbk"
    manifest = archive.write_backup(output)
    rows = sum(count for count, _ in manifest["tables"].values())
    print(f"{output}: {len(manifest['tables'])} tables, {rows} rows, encrypted")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from remission.cli import setup_django

    setup_django()
    from remission.backups import archive, crypto, engines

    try:
        manifest = archive.restore_backup(args.file, force=args.force)
    except (crypto.BackupKeyError, crypto.DamagedBackup, engines.RestoreRefused, OSError) as error:
        print(f"remission restore: {error}", file=sys.stderr)
        return 1
    rows = sum(count for count, _ in manifest["tables"].values())
    print(
        f"Restored {len(manifest['tables'])} tables, {rows} rows, from the backup of "
        f"{manifest['created_at']}; every table matches its fingerprint."
    )
    return 0
