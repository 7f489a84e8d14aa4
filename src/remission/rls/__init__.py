"""PostgreSQL row-level security: clinics stay apart even for raw SQL (security-targets T06).

Every patient-data table gets row-level security, enabled and forced, with two policies: the
application role sees the rows of the clinic named by the connection setting
``remission.clinic_id`` (set per request by :class:`~remission.rls.context.ClinicContextMiddleware`),
the table owner (migrations, the worker, CLI commands, the demo loader) sees every row. See
docs/security.md ("Row-level security") and docs/deploy.md. On SQLite nothing changes.
"""
