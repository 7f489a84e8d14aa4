"""Restore drill (security-targets T33) at clinic scale: a synthetic clinic (10,000 patients by
default, with their questionnaires and outcomes) is backed up with ``remission backup``, restored
with ``remission restore`` into an empty database, and verified table by table against the
fingerprints taken at backup time; then the migration check runs on the restored copy and the
encrypted file is searched for the clinic's patient names. Prints the times; exits 1 on any
failure. The target is a restore within 15 minutes on 2 cores.

SQLite in scratch files (the default path of a small clinic):

    python drills/restore.py [--patients 10000]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def remission(*args: str, env: dict[str, str]) -> tuple[str, float]:
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603  (this interpreter, fixed arguments)
        [sys.executable, "-m", "remission.cli", *args],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        sys.exit(f"remission {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout, time.perf_counter() - started


def patient_names(database: Path, limit: int = 200) -> list[str]:
    import sqlite3

    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT family_name FROM patients_patient ORDER BY id LIMIT ?", [limit]
        ).fetchall()
    return sorted({row[0] for row in rows if len(row[0]) >= 6})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--patients", type=int, default=10_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="remission-restore-drill-"))
    source, target = folder / "source.sqlite3", folder / "restored.sqlite3"
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env |= {"REMISSION_DATA_DIR": str(folder), "BACKUP_KEY_FILE": str(folder / "key")}

    source_env = env | {"DATABASE_URL": f"sqlite:///{source}"}
    remission("manage", "migrate", "--verbosity", "0", env=source_env)
    _, took = remission("synth", "--patients", str(args.patients), "--outcomes", env=source_env)
    print(f"synthetic clinic of {args.patients:,} patients with outcomes: {took:.1f} s")
    archive = folder / "clinic.rmbk"
    _, took = remission("backup", "--output", str(archive), env=source_env)
    size = archive.stat().st_size / 1e6
    print(f"backup (consistent snapshot, AES-256-GCM): {took:.1f} s, {size:.1f} MB")

    target_env = env | {"DATABASE_URL": f"sqlite:///{target}"}
    out, took = remission("restore", str(archive), env=target_env)
    if "every table matches its fingerprint" not in out:
        sys.exit(f"restore did not verify:\n{out}")
    verdict = "PASS" if took < 15 * 60 else "MISS"
    print(f"restore into an empty database, every table verified: {took:.1f} s "
          f"(target < 15 min: {verdict})")  # fmt: skip
    remission("manage", "migrate", "--check", env=target_env)
    print("migration check on the restored copy: ok")

    content = archive.read_bytes()
    leaks = [name for name in patient_names(source) if name.encode() in content]
    if leaks:
        sys.exit(f"patient names readable in the backup file: {leaks[:5]}")
    print(f"no patient name of {len(patient_names(source))} searched is readable in the file")


if __name__ == "__main__":
    main()
