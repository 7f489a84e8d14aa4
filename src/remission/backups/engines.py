"""The database-specific halves: take a consistent copy with its fingerprints, put one back."""

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from remission.backups.fingerprint import Fingerprints, fingerprints


class RestoreRefused(Exception):
    pass


# --- SQLite: the online backup API copies a consistent database while the app keeps running ------


def sqlite_copy(database: Path, target: Path) -> Fingerprints:
    source = sqlite3.connect(database)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        source.close()
    copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    copy.close()
    return sqlite_fingerprints(target)


def sqlite_fingerprints(database: Path) -> Fingerprints:
    connection = sqlite3.connect(database)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        # table names come from the database's own catalogue, not from input
        query = 'SELECT * FROM "{}" ORDER BY rowid'
        return fingerprints(tables, lambda table: connection.execute(query.format(table)))
    finally:
        connection.close()


def sqlite_put_back(copy: Path, database: Path, force: bool) -> None:
    if database.exists() and _sqlite_has_data(database) and not force:
        raise RestoreRefused(f"{database} already holds data; restore into an empty database")
    for stale in (Path(f"{database}-wal"), Path(f"{database}-shm")):
        stale.unlink(missing_ok=True)
    os.replace(copy, database)


def _sqlite_has_data(database: Path) -> bool:
    connection = sqlite3.connect(database)
    try:
        row = connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
        ).fetchone()
        return bool(row and row[0])
    finally:
        connection.close()


# --- PostgreSQL: fingerprints and pg_dump read the same exported snapshot --------------------------


def _dsn(settings: Mapping[str, Any]) -> dict[str, str]:
    return {
        "dbname": settings["NAME"],
        "user": settings.get("USER") or "",
        "password": settings.get("PASSWORD") or "",
        "host": settings.get("HOST") or "",
        "port": str(settings.get("PORT") or ""),
    }


def _pg_env(dsn: dict[str, str]) -> dict[str, str]:
    names = {
        "dbname": "PGDATABASE",
        "user": "PGUSER",
        "password": "PGPASSWORD",
        "host": "PGHOST",
        "port": "PGPORT",
    }
    return {**os.environ, **{names[key]: value for key, value in dsn.items() if value}}


def _connect(dsn: dict[str, str], **options: Any) -> Any:
    import psycopg
    from psycopg.conninfo import make_conninfo

    return psycopg.connect(make_conninfo(**{k: v for k, v in dsn.items() if v}), **options)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise RestoreRefused(f"{name} is not installed (Debian: apt-get install postgresql-client)")
    return found


def postgres_dump(settings: Mapping[str, Any], target: Path) -> Fingerprints:
    dsn = _dsn(settings)
    with _connect(dsn) as connection:
        connection.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = connection.execute("SELECT pg_export_snapshot()").fetchone()[0]
        prints = postgres_fingerprints(connection)
        subprocess.run(  # noqa: S603  (fixed arguments; the connection comes from the settings)
            [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
             f"--snapshot={snapshot}", f"--file={target}"],
            env=_pg_env(dsn),
            check=True,
        )  # fmt: skip
        connection.rollback()
    return prints


def postgres_fingerprints(connection: Any) -> Fingerprints:
    from psycopg import sql

    tables = [
        name
        for (name,) in connection.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
    ]

    def rows(table: str) -> Iterator[tuple[Any, ...]]:
        keys = [
            column
            for (column,) in connection.execute(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a "
                "ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey) "
                "WHERE i.indrelid = %s::regclass AND i.indisprimary ORDER BY a.attnum",
                [table],
            )
        ] or ["ctid"]
        query = sql.SQL("SELECT * FROM {} ORDER BY {}").format(
            sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, keys))
        )
        yield from connection.execute(query)

    return fingerprints(tables, rows)


def postgres_put_back(dump: Path, settings: Mapping[str, Any], force: bool) -> Fingerprints:
    dsn = _dsn(settings)
    with _connect(dsn, autocommit=True) as connection:
        used = connection.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone()
        if used and used[0] and not force:
            raise RestoreRefused(
                f"database {dsn['dbname']} already holds tables; restore into an empty one"
            )
        subprocess.run(  # noqa: S603  (fixed arguments; the connection comes from the settings)
            [_tool("pg_restore"), "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
             f"--dbname={dsn['dbname']}", str(dump)],
            env=_pg_env(dsn),
            check=True,
        )  # fmt: skip
        return postgres_fingerprints(connection)
