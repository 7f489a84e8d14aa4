"""Durability settings hold on every database connection, not only the first (security-targets
T30 config part; A20: SQLite WAL + ``synchronous=FULL``; PostgreSQL ``fsync``,
``synchronous_commit`` and ``full_page_writes`` on).

The first connection of a test is covered by ``test_settings.py``; these open new ones, also in
other threads (as threaded servers and task workers do), because a per-connection setting such as
SQLite's ``synchronous`` or a role- or database-level PostgreSQL override would silently differ
there.
"""

import os
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

SQLITE_PRAGMAS = {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1}  # 2 = FULL
POSTGRES_SETTINGS = ("fsync", "synchronous_commit", "full_page_writes")


def _settings_of_a_fresh_connection() -> dict[str, object]:
    """Open a brand-new connection of the default database and read its durability settings."""
    fresh = connections.create_connection("default")
    try:
        with fresh.cursor() as cursor:
            if fresh.vendor == "sqlite":
                values: dict[str, object] = {}
                for name in SQLITE_PRAGMAS:
                    cursor.execute(f"PRAGMA {name}")
                    values[name] = cursor.fetchone()[0]
                return values
            values = {}
            for name in POSTGRES_SETTINGS:
                cursor.execute(f"SHOW {name}")
                values[name] = cursor.fetchone()[0]
            return values
    finally:
        fresh.close()


@pytest.mark.django_db
def test_every_new_sqlite_connection_is_wal_with_full_synchronous_writes():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite-only durability settings")
    with ThreadPoolExecutor(max_workers=4) as pool:
        seen = list(pool.map(lambda _: _settings_of_a_fresh_connection(), range(8)))
    seen.append(_settings_of_a_fresh_connection())
    assert seen == [SQLITE_PRAGMAS] * 9


@pytest.mark.django_db
def test_every_new_postgresql_connection_keeps_durability_settings_on():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL-only durability settings")
    with ThreadPoolExecutor(max_workers=4) as pool:
        seen = list(pool.map(lambda _: _settings_of_a_fresh_connection(), range(8)))
    if any(set(s.values()) != {"on"} for s in seen) and os.environ.get("CI_FAST_POSTGRES"):
        pytest.skip("the CI throw-away cluster trades durability for speed")
    assert seen == [dict.fromkeys(POSTGRES_SETTINGS, "on")] * 8
