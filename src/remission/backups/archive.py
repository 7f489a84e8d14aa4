"""One backup file: an encrypted tar of the database copy and its manifest."""

import io
import json
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from remission.backups import crypto, engines
from remission.backups.fingerprint import differences

MANIFEST = "manifest.json"


def key_path() -> Path:
    configured = settings.BACKUP_KEY_FILE
    return Path(configured) if configured else Path(settings.DATA_DIR) / "backup_key"


def backup_key(create: bool) -> tuple[bytes, bool]:
    """The key, and whether it was just made (the operator must keep a copy elsewhere)."""
    path = key_path()
    if path.exists() or not create:
        return crypto.load_key(path), False
    path.parent.mkdir(parents=True, exist_ok=True)
    return crypto.new_key(path), True


def write_backup(output: Path) -> dict[str, Any]:
    key, _ = backup_key(create=True)
    database = settings.DATABASES["default"]
    with tempfile.TemporaryDirectory(prefix="remission-backup-") as folder:
        if connection.vendor == "sqlite":
            copy = Path(folder) / "database.sqlite3"
            prints = engines.sqlite_copy(Path(database["NAME"]), copy)
        else:
            copy = Path(folder) / "database.pgdump"
            prints = engines.postgres_dump(database, copy)
        manifest = {
            "format": 1,
            "vendor": connection.vendor,
            "created_at": datetime.now(UTC).isoformat(),
            "tables": prints,
        }
        plain = Path(folder) / "backup.tar"
        with tarfile.open(plain, "w") as tar:
            tar.add(copy, arcname=copy.name)
            data = json.dumps(manifest, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        output.parent.mkdir(parents=True, exist_ok=True)
        with plain.open("rb") as source, output.open("wb") as target:
            crypto.encrypt(source, target, key)
    return manifest


def restore_backup(source: Path, *, force: bool = False) -> dict[str, Any]:
    """Decrypt, put the copy into the (empty) configured database, and verify every table."""
    key, _ = backup_key(create=False)
    database = settings.DATABASES["default"]
    target = Path(database["NAME"]).parent if connection.vendor == "sqlite" else None
    with tempfile.TemporaryDirectory(prefix="remission-restore-", dir=target) as folder:
        plain = Path(folder) / "backup.tar"
        with source.open("rb") as encrypted, plain.open("wb") as out:
            for chunk in crypto.decrypt(encrypted, key):
                out.write(chunk)
        with tarfile.open(plain) as tar:
            tar.extractall(folder, filter="data")
        manifest: dict[str, Any] = json.loads((Path(folder) / MANIFEST).read_text())
        if manifest["vendor"] != connection.vendor:
            raise engines.RestoreRefused(
                f"this backup is of a {manifest['vendor']} database; the configured one is {connection.vendor}"
            )
        connection.close()
        if connection.vendor == "sqlite":
            copy = Path(folder) / "database.sqlite3"
            restored = engines.sqlite_fingerprints(copy)
            problems = differences(manifest["tables"], restored)
            if problems:
                raise crypto.DamagedBackup("; ".join(problems))
            engines.sqlite_put_back(copy, Path(database["NAME"]), force)
        else:
            restored = engines.postgres_put_back(Path(folder) / "database.pgdump", database, force)
            problems = differences(manifest["tables"], restored)
            if problems:
                raise crypto.DamagedBackup("; ".join(problems))
    return manifest
