"""The backup drill (security-targets T33): back up a clinic, restore it into an empty database,
and compare every table; the file is encrypted and reveals no patient data."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection

from remission.backups import crypto
from remission.demo.clinic import load_demo

pytestmark = pytest.mark.django_db(transaction=True)


def remission(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "remission.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


@pytest.fixture
def environment(tmp_path, settings):
    """The subprocess sees the test database and a key of its own."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["REMISSION_DATA_DIR"] = str(tmp_path)
    env["BACKUP_KEY_FILE"] = str(tmp_path / "key")
    database = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{database['NAME']}"
    else:
        env["DATABASE_URL"] = (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
        )
    return env


@pytest.fixture
def empty_target(tmp_path, environment, settings):
    """An empty database of the same kind to restore into."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {name}")
    yield environment["DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}"
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_a_backup_restores_into_an_empty_database_with_every_table_identical(
    tmp_path, environment, empty_target
):
    load_demo(seed=11)
    output = tmp_path / "clinic.rmbk"

    made = remission("backup", "--output", str(output), env=environment)
    assert made.returncode == 0, made.stderr
    assert "encrypted" in made.stdout

    restored = remission("restore", str(output), env={**environment, "DATABASE_URL": empty_target})
    assert restored.returncode == 0, restored.stderr
    assert "every table matches its fingerprint" in restored.stdout

    check = remission("audit", "verify", env={**environment, "DATABASE_URL": empty_target})
    assert check.returncode == 0, check.stderr
    migrations = remission(
        "manage", "migrate", "--check", env={**environment, "DATABASE_URL": empty_target}
    )
    assert migrations.returncode == 0, migrations.stdout + migrations.stderr


def test_the_backup_file_holds_no_readable_patient_data(tmp_path, environment):
    load_demo(seed=11)
    output = tmp_path / "clinic.rmbk"
    assert remission("backup", "--output", str(output), env=environment).returncode == 0

    raw = output.read_bytes()
    from remission.patients.models import Patient

    for patient in Patient.objects.all()[:10]:
        assert patient.family_name.encode() not in raw
        assert patient.email.encode() not in raw


def test_restoring_over_a_database_with_data_is_refused(tmp_path, environment):
    load_demo(seed=11)
    output = tmp_path / "clinic.rmbk"
    remission("backup", "--output", str(output), env=environment)

    refused = remission("restore", str(output), env=environment)

    assert refused.returncode == 1
    assert "already holds" in refused.stderr


def test_an_altered_or_cut_backup_is_refused(tmp_path):
    key = crypto.new_key(tmp_path / "key")
    plain = tmp_path / "plain"
    plain.write_bytes(os.urandom(3 * crypto.CHUNK + 17))
    sealed = tmp_path / "sealed"
    with plain.open("rb") as source, sealed.open("wb") as target:
        crypto.encrypt(source, target, key)

    def read(path: Path) -> bytes:
        with path.open("rb") as handle:
            return b"".join(crypto.decrypt(handle, key))

    assert read(sealed) == plain.read_bytes()
    data = bytearray(sealed.read_bytes())
    data[100] ^= 1
    (tmp_path / "altered").write_bytes(bytes(data))
    with pytest.raises(crypto.DamagedBackup, match="does not decrypt"):
        read(tmp_path / "altered")
    (tmp_path / "cut").write_bytes(sealed.read_bytes()[: crypto.CHUNK + 200])
    with pytest.raises(crypto.DamagedBackup):
        read(tmp_path / "cut")
    other_key = crypto.new_key(tmp_path / "other")
    with sealed.open("rb") as handle, pytest.raises(crypto.DamagedBackup):
        b"".join(crypto.decrypt(handle, other_key))
