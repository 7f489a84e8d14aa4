"""Row history by database triggers: every UPDATE and DELETE of a patient-data table writes the
old row to ``audit_rowchange``, whatever issued it — the ORM, ``QuerySet.update``, ``bulk_update``
or raw SQL (security-targets T17; BGB 630f: the original stays recognisable).

The triggers are (re)made after every ``migrate``, so a table rebuilt by a migration gets its
trigger back with its current columns.
"""

from typing import Any

from django.apps import apps
from django.db import connection, models

EXCLUDED = {"audit_auditevent", "audit_rowchange", "audit_recordversion"}


def patient_data_models() -> list[type[models.Model]]:
    """The Patient model and every model that refers to it, directly or through another such
    model (a session of a series of a patient...)."""
    patient = apps.get_model("patients", "Patient")
    found: list[type[models.Model]] = [patient]
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            if model in found or model._meta.db_table in EXCLUDED or not model._meta.managed:
                continue
            if any(
                (field.is_relation and field.many_to_one and field.related_model in found)
                or (field.is_relation and field.one_to_one and field.related_model in found)
                for field in model._meta.concrete_fields
            ):
                found.append(model)
                changed = True
    return found


def models_with_history() -> list[type[models.Model]]:
    """The patient-data models whose changes are kept: all but derived rows that are rebuilt from
    the record (``keeps_history = False`` on the model, e.g. the outcomes dashboard's summaries)."""
    return [model for model in patient_data_models() if getattr(model, "keeps_history", True)]


def install(**kwargs: Any) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRES_FUNCTION)
        for model in models_with_history():
            columns = [field.column for field in model._meta.concrete_fields if field.column]
            pk = model._meta.pk.column if model._meta.pk else "id"
            for statement in _statements(model._meta.db_table, pk or "id", columns):
                cursor.execute(statement)


POSTGRES_FUNCTION = """
CREATE OR REPLACE FUNCTION remission_row_history() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO audit_rowchange (table_name, row_id, operation, old_row, changed_at)
  VALUES (TG_TABLE_NAME, to_jsonb(OLD) ->> TG_ARGV[0], lower(TG_OP), to_jsonb(OLD)::text,
          to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'));
  RETURN NULL;
END $$
"""


def _statements(table: str, pk: str, columns: list[str]) -> list[str]:
    name = f"rowhist_{table}"
    if connection.vendor == "postgresql":
        return [
            f'DROP TRIGGER IF EXISTS {name} ON "{table}"',
            f'CREATE TRIGGER {name} AFTER UPDATE OR DELETE ON "{table}" FOR EACH ROW '
            f"EXECUTE FUNCTION remission_row_history('{pk}')",
        ]
    row = ", ".join(f"'{column}', OLD.\"{column}\"" for column in columns)
    # Names come from the models' own metadata, never from input (hence S608/B608 are waived).
    statements = []
    for operation in ("update", "delete"):
        statements += [
            f"DROP TRIGGER IF EXISTS {name}_{operation}",
            f'CREATE TRIGGER {name}_{operation} AFTER {operation.upper()} ON "{table}" BEGIN '  # noqa: S608  # nosec B608
            "INSERT INTO audit_rowchange (table_name, row_id, operation, old_row, changed_at) "
            f"VALUES ('{table}', OLD.\"{pk}\", '{operation}', json_object({row}), "
            "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')); END",
        ]
    return statements


def tables_without_history() -> list[str]:
    """Patient-data tables whose trigger is missing (the T17 check)."""
    expected = {model._meta.db_table for model in models_with_history()}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT event_object_table FROM information_schema.triggers "
                "WHERE trigger_name LIKE 'rowhist_%%'"
            )
        else:
            cursor.execute(
                "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'rowhist_%'"
            )
        present = {row[0] for row in cursor.fetchall()}
    return sorted(expected - present)
