"""Durable storage defaults, secure defaults and response headers."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from tests.conftest import client_for


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_full_synchronous_writes():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite-only durability settings")
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cursor.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert cursor.execute("PRAGMA foreign_keys").fetchone()[0] == 1


@pytest.mark.django_db
def test_postgresql_keeps_its_durability_settings_on():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL-only durability settings")
    with connection.cursor() as cursor:
        for name in ("fsync", "synchronous_commit", "full_page_writes"):
            cursor.execute(f"SHOW {name}")
            value = cursor.fetchone()[0]
            if value != "on" and os.environ.get("CI_FAST_POSTGRES"):
                pytest.skip("the CI throw-away cluster trades durability for speed")
            assert value == "on", name


def test_debug_is_off_unless_asked_for():
    assert settings.DEBUG is False


def test_pages_carry_strict_security_headers(world):
    response = client_for(world.psychiatrist).get(reverse("patients:list"))

    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cache-Control"] == "no-store"
    assert "Server" not in response


def test_hsts_is_sent_for_a_year_over_https(world):
    response = client_for(world.psychiatrist).get(reverse("patients:list"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_the_health_check_answers_without_sign_in(db, client):
    assert client.get(reverse("web:health")).json() == {"status": "ok"}


def test_production_settings_pass_djangos_deployment_check(tmp_path):
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "SECRET_KEY": "x" * 20 + "production-grade-secret-key-material-0123456789",
        "DEBUG": "0",
        "ALLOWED_HOSTS": "clinic.example.org",
        "SECURE_SSL_REDIRECT": "1",
        "BEHIND_TLS_PROXY": "1",
        "REMISSION_DATA_DIR": str(tmp_path),
        "EMAIL_HOST": "smtp.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
