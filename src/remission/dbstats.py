"""Planner statistics: without them SQLite picks poor plans on large tables.

SQLite only gathers statistics when asked (ANALYZE); PostgreSQL's autovacuum does it by itself,
and running it here as well is harmless. Called after bulk loads (demo, synth) and after
migrations.
"""

from typing import Any

from django.db import connection


def refresh_planner_statistics(**kwargs: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
