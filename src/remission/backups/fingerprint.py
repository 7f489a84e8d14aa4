"""Per-table row counts and content hashes, to prove a restore equals its backup."""

import hashlib
from collections.abc import Iterable
from typing import Any

Fingerprints = dict[str, list[Any]]  # table -> [row count, sha256 of the rows in key order]


def fingerprints(tables: Iterable[str], rows: Any) -> Fingerprints:
    """``rows(table)`` yields the table's rows in primary-key order."""
    result: Fingerprints = {}
    for table in sorted(tables):
        digest = hashlib.sha256()
        count = 0
        for row in rows(table):
            digest.update(repr(tuple(row)).encode())
            digest.update(b"\n")
            count += 1
        result[table] = [count, digest.hexdigest()]
    return result


def differences(expected: Fingerprints, actual: Fingerprints) -> list[str]:
    problems = []
    for table in sorted(set(expected) | set(actual)):
        if table not in actual:
            problems.append(f"{table}: missing after the restore")
        elif table not in expected:
            problems.append(f"{table}: not in the backup")
        elif expected[table] != actual[table]:
            problems.append(
                f"{table}: {actual[table][0]} rows restored, {expected[table][0]} backed up"
                if expected[table][0] != actual[table][0]
                else f"{table}: same row count, different content"
            )
    return problems
