"""``remission manage rls_setup``: the application role, its grants and the row-level security
policies (docs/deploy.md, "Row-level security"). Run as the tables' owner (with ``CREATEROLE``,
or as a superuser), after ``migrate``; running it again changes nothing."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from remission.rls.policies import (
    app_role,
    install,
    protected_models,
    role_exists,
    role_problems,
    unprotected_tables,
)


class Command(BaseCommand):
    help = "Create the application's database role and enable row-level security (PostgreSQL)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--role", default=app_role(), help="application role (REMISSION_DB_APP_ROLE)"
        )

    def handle(self, *args: Any, role: str, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("row-level security needs PostgreSQL; this database is SQLite")
        if role != app_role():
            raise CommandError(
                f"--role {role} differs from REMISSION_DB_APP_ROLE ({app_role()}): set the "
                "variable, so that migrate re-applies the policies to the same role"
            )
        with transaction.atomic():
            setup_role(role)
            install(role)
        problems = role_problems(role) + [f"{t} unprotected" for t in unprotected_tables()]
        if problems:
            raise CommandError("; ".join(problems))
        self.stdout.write(
            f"Row-level security is on for {len(protected_models())} patient-data tables; "
            f"connect the web application as {role} (docs/deploy.md)."
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = user")
            if not cursor.fetchone()[0]:
                self.stdout.write(
                    "Note: the owner role lacks BYPASSRLS; pg_dump (remission backup) needs it: "
                    "ALTER ROLE <owner> BYPASSRLS, as a superuser."
                )


def setup_role(role: str) -> None:
    """Create ``role`` (no login password: set one with ``ALTER ROLE ... PASSWORD``) and grant it
    what the application needs: rows, not tables."""
    quoted = connection.ops.quote_name(role)
    with connection.cursor() as cursor:
        if not role_exists(role):
            cursor.execute(
                f"CREATE ROLE {quoted} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE"
            )
        cursor.execute("SELECT current_database()")
        database = connection.ops.quote_name(cursor.fetchone()[0])
        for statement in (
            f"GRANT CONNECT ON DATABASE {database} TO {quoted}",
            f"GRANT USAGE ON SCHEMA public TO {quoted}",
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {quoted}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {quoted}",
            "ALTER DEFAULT PRIVILEGES IN SCHEMA public "
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {quoted}",
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {quoted}",
            # The audit trail and the row history only grow, whatever setting the app could change.
            f"REVOKE UPDATE, DELETE ON audit_auditevent, audit_rowchange FROM {quoted}",
        ):
            cursor.execute(statement)
