"""The row-level security policies of the patient-data tables, made from the models' metadata.

A row belongs to a clinic directly (``patients_patient.clinic_id``), through its patient
(``patient_id``) or through the row it belongs to (a safety-plan version through its plan). The
policy of a table says so with a correlated ``EXISTS``, which PostgreSQL runs as an index look-up
of the parent row for the rows a query reads (a hashed sub-plan for whole-table scans; measured with
EXPLAIN ANALYZE on a 100,000-patient clinic, docs/security.md).

PostgreSQL: with row-level security enabled, a role without a policy sees no row; table owners
bypass the policies unless ``FORCE ROW LEVEL SECURITY`` is set; superusers and ``BYPASSRLS`` roles
always bypass them (https://www.postgresql.org/docs/15/ddl-rowsecurity.html).
"""

import os
from typing import Any

from django.db import connection, models

from remission.audit.rowhistory import patient_data_models

SETTING = "remission.clinic_id"
# The value of SETTING that opens every clinic's rows to the application role: only for pages open
# to anyone, where a one-time token (not a clinic) is the key (docs/security.md).
TOKEN_HOLDER = "*"  # noqa: S105  (a context value, not a secret)
CONTEXT = f"current_setting('{SETTING}', true)"
APP_POLICY = "remission_clinic"
OWNER_POLICY = "remission_owner"


def app_role() -> str:
    """The database role the web application connects as (``REMISSION_DB_APP_ROLE``)."""
    return os.environ.get("REMISSION_DB_APP_ROLE", "remission_app")


def protected_models() -> list[type[models.Model]]:
    return patient_data_models()


def clinic_condition(model: type[models.Model], alias: str, depth: int = 0) -> str:
    """SQL that is true when the row ``alias`` of ``model`` belongs to the context's clinic."""
    fields = {field.name: field for field in model._meta.concrete_fields}
    clinic = fields.get("clinic")
    if clinic is not None and clinic.is_relation:
        return f"({alias}.\"{clinic.column}\"::text = {CONTEXT} OR {CONTEXT} = '{TOKEN_HOLDER}')"
    parent_field = _parent_field(model)
    parent = parent_field.related_model
    assert isinstance(parent, type) and issubclass(parent, models.Model)
    inner = f"p{depth}"
    key = parent_field.target_field.column
    # Names come from the models' own metadata, never from input.
    return (
        f'EXISTS (SELECT 1 FROM "{parent._meta.db_table}" {inner} '  # noqa: S608  # nosec B608
        f'WHERE {inner}."{key}" = {alias}."{parent_field.column}" '
        f"AND {clinic_condition(parent, inner, depth + 1)})"
    )


def _parent_field(model: type[models.Model]) -> Any:
    """The foreign key that ties a row to its clinic: the patient if the model has one, else the
    first reference to another patient-data model."""
    protected = protected_models()
    patient = protected[0]
    candidates = [
        field
        for field in model._meta.concrete_fields
        if field.is_relation and (field.many_to_one or field.one_to_one)
    ]
    by_patient = [field for field in candidates if field.related_model is patient]
    by_parent = [
        f for f in candidates if f.related_model in protected and f.related_model is not model
    ]
    if by_patient or by_parent:
        return (by_patient + by_parent)[0]
    raise LookupError(f"{model._meta.label} has no way to its clinic")


def statements(role: str, owners: dict[str, str]) -> list[str]:
    """Enable and force row-level security on every patient-data table, with its two policies:
    the app role sees its clinic's rows, the table's owner (``owners[table]``: migrations, the
    worker, CLI commands across clinics) every row."""
    result = []
    for model in protected_models():
        table = model._meta.db_table
        condition = clinic_condition(model, f'"{table}"')
        result += [
            f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY',
            f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY',
            f'DROP POLICY IF EXISTS {APP_POLICY} ON "{table}"',
            f'CREATE POLICY {APP_POLICY} ON "{table}" TO "{role}" '
            f"USING ({condition}) WITH CHECK ({condition})",
            f'DROP POLICY IF EXISTS {OWNER_POLICY} ON "{table}"',
            f'CREATE POLICY {OWNER_POLICY} ON "{table}" TO "{owners[table]}" '
            "USING (true) WITH CHECK (true)",
        ]
    return result


def role_exists(role: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        return cursor.fetchone() is not None


def install(role: str) -> None:
    tables = [model._meta.db_table for model in protected_models()]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, pg_get_userbyid(relowner) FROM pg_class "
            "WHERE relname = ANY(%s) AND relkind = 'r'",
            [tables],
        )
        owners = dict(cursor.fetchall())
        for statement in statements(role, owners):
            cursor.execute(statement)


def install_if_set_up(**kwargs: Any) -> None:
    """After every ``migrate``: (re)make the policies once ``rls_setup`` has made the app role, so
    a table added or rebuilt by a migration is covered too."""
    if connection.vendor == "postgresql" and role_exists(app_role()):
        install(app_role())


def unprotected_tables() -> list[str]:
    """Patient-data tables without forced row-level security or without both policies."""
    tables = [model._meta.db_table for model in protected_models()]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c WHERE c.relname = ANY(%s) "
            "AND c.relrowsecurity AND c.relforcerowsecurity AND 2 = (SELECT count(*) "
            "FROM pg_policies p WHERE p.tablename = c.relname AND p.policyname = ANY(%s))",
            [tables, [APP_POLICY, OWNER_POLICY]],
        )
        protected = {name for (name,) in cursor.fetchall()}
    return sorted(set(tables) - protected)


def role_problems(role: str) -> list[str]:
    """What would let ``role`` past row-level security: superuser, BYPASSRLS, owning a table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rolsuper, rolbypassrls, (SELECT count(*) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relowner = r.oid) "
            "FROM pg_roles r WHERE rolname = %s",
            [role],
        )
        superuser, bypass, owned = cursor.fetchone()
    return [
        problem
        for problem, present in (
            (f"{role} is a superuser", superuser),
            (f"{role} has BYPASSRLS", bypass),
            (f"{role} owns {owned} tables", owned),
        )
        if present
    ]
