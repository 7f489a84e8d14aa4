"""Static rules over the source: no raw SQL built from strings, sorting only through an allow-list
(security-targets T26), and no escaping switched off for model data (T24, static part).

Each rule reads the parsed source (not a text search), so a comment or a docstring mentioning a
banned name is no finding. Each allow-list names a reason, and an entry that no longer matches
anything fails too: the lists stay honest.
"""

import ast
import re
from collections.abc import Iterator
from fnmatch import fnmatch
from pathlib import Path

import pytest

SOURCE = Path(__file__).resolve().parents[2] / "src" / "remission"


def modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(SOURCE.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path.relative_to(SOURCE).as_posix(), ast.parse(path.read_text(), str(path))


def calls(tree: ast.AST) -> Iterator[tuple[ast.Call, str]]:
    """Every call in ``tree`` with the called name (``x.y.raw(...)`` -> ``raw``)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Attribute):
                yield node, node.func.attr
            elif isinstance(node.func, ast.Name):
                yield node, node.func.id


def is_literal(node: ast.expr) -> bool:
    """A plain string literal (implicit concatenation of literals included; no f-string)."""
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


# --- T26: SQL -----------------------------------------------------------------------------------

# ``raw`` in the clinical core is ``Fields.raw`` (a dict lookup): that package cannot import Django
# at all (the import-linter contract in pyproject.toml), so it cannot call QuerySet.raw.
NOT_DJANGO = ("clinical/",)

# Modules that pass a non-literal statement to ``execute``: each builds it from identifiers only.
SQL_BUILT_FROM_IDENTIFIERS = {
    "audit/rowhistory.py": "trigger DDL; table and column names from the models' _meta, no input",
    "backups/engines.py": "table names from the database's own catalogue (SQLite) and psycopg "
    "sql.Identifier composition (PostgreSQL); no input",
    "rls/policies.py": "row-level security DDL; table and column names from the models' _meta",
    "rls/management/commands/rls_setup.py": "role and database names quoted by "
    "connection.ops.quote_name, from the operator's command line and the connection",
    "insights/summaries.py": "INSERT/UPDATE/ANALYZE of the dashboard summaries; table and column "
    "names from the models' _meta and the facts' dataclass fields, values as parameters",
}

# Modules that pass a non-literal to ``order_by``: each takes it from an allow-list.
ORDERING_FROM_ALLOW_LIST = {
    "audit/queries.py": "the audit log's sort parameter, looked up in audit.forms.SORTS",
}


def sql_findings() -> list[str]:
    found = []
    for name, tree in modules():
        for call, called in calls(tree):
            where = f"{name}:{call.lineno}: {ast.unparse(call)[:80]}"
            if called in {"RawSQL", "extra"} or (
                called == "raw" and not name.startswith(NOT_DJANGO)
            ):
                found.append(where)
            if (
                called in {"execute", "executemany", "executescript"}
                and call.args
                and not is_literal(call.args[0])
                and name not in SQL_BUILT_FROM_IDENTIFIERS
            ):
                found.append(where)
            if (
                called == "order_by"
                and any(not is_literal(argument) for argument in call.args)
                and name not in ORDERING_FROM_ALLOW_LIST
            ):
                found.append(where)
    return found


def test_no_raw_sql_extra_or_string_built_statements_outside_the_allow_lists():
    assert sql_findings() == []


@pytest.mark.parametrize(
    "allowed", [*SQL_BUILT_FROM_IDENTIFIERS, *ORDERING_FROM_ALLOW_LIST], ids=str
)
def test_every_allow_listed_module_still_needs_its_entry(allowed):
    tree = ast.parse((SOURCE / allowed).read_text())
    needed = [
        call
        for call, called in calls(tree)
        if (
            called in {"execute", "executemany", "executescript"}
            and allowed in SQL_BUILT_FROM_IDENTIFIERS
        )
        or (called == "order_by" and allowed in ORDERING_FROM_ALLOW_LIST)
        if any(not is_literal(argument) for argument in call.args[:1] or call.args)
    ]
    assert needed, f"{allowed} no longer builds SQL or an ordering: remove it from the allow-list"


def test_the_rule_catches_what_it_bans():
    """The detector itself, on a sample of each banned shape (a rule that finds nothing proves
    nothing unless it can find something)."""
    sample = ast.parse(
        "Patient.objects.raw('SELECT 1')\n"
        "qs.extra(where=['1=1'])\n"
        "qs.annotate(x=RawSQL('1', []))\n"
        "cursor.execute(f'SELECT {name}')\n"
        "cursor.execute('SELECT %s' % name)\n"
        "cursor.execute('SELECT {}'.format(name))\n"
        "qs.order_by(request.GET['sort'])\n"
        "cursor.execute('SELECT 1 WHERE id = %s', [pk])\n"  # parameterised: fine
    )
    banned = [
        call
        for call, called in calls(sample)
        if called in {"raw", "extra", "RawSQL"}
        or (called in {"execute", "order_by"} and not is_literal(call.args[0]))
    ]
    assert len(banned) == 7


# --- T24 (static part): escaping is never switched off for model data ----------------------------

# Python names that mark text as safe HTML, and template constructs that switch escaping off.
MARKS_SAFE = {"mark_safe", "SafeString", "SafeText"}
TEMPLATE_UNESCAPED = re.compile(r"\|\s*safe(seq)?\b|{%\s*autoescape\s+off\s*%}")
# path pattern -> reason. Plain-text e-mail bodies turn escaping off so that "O'Brien" is not
# mailed as "O&#x27;Brien"; they are rendered into the outbox as text/plain, never into a page.
ESCAPING_ALLOWED = {
    "*/templates/*/email/*.txt": "plain-text e-mail bodies (text/plain), never HTML",
}


def escaping_allowed(name: str) -> bool:
    return any(fnmatch(name, pattern) for pattern in ESCAPING_ALLOWED)


def escaping_findings() -> list[str]:
    found = []
    for name, tree in modules():
        for call, called in calls(tree):
            # format_html escapes its arguments, but only when the format is a literal: a
            # pre-built string (f-string, concatenation, variable) would pass through raw.
            template_at = {"format_html": 0, "format_html_join": 1}.get(called)
            unsafe_format = template_at is not None and not (
                len(call.args) > template_at and is_literal(call.args[template_at])
            )
            if (called in MARKS_SAFE or unsafe_format) and not escaping_allowed(name):
                found.append(f"{name}:{call.lineno}: {ast.unparse(call)[:80]}")
    for path in sorted(SOURCE.rglob("templates/**/*")):
        if path.is_file():
            name = path.relative_to(SOURCE).as_posix()
            for number, line in enumerate(path.read_text().splitlines(), start=1):
                if TEMPLATE_UNESCAPED.search(line) and not escaping_allowed(name):
                    found.append(f"{name}:{number}: {line.strip()[:80]}")
    return found


def test_no_template_or_module_switches_escaping_off():
    assert escaping_findings() == []


@pytest.mark.parametrize("pattern", ESCAPING_ALLOWED)
def test_every_escaping_exception_still_matches_a_file(pattern):
    assert any(
        fnmatch(path.relative_to(SOURCE).as_posix(), pattern) for path in SOURCE.rglob("*")
    ), f"nothing matches {pattern}: remove it from the allow-list"


def test_the_escaping_rule_catches_what_it_bans():
    sample = ast.parse(
        "mark_safe(note.text)\n"
        "format_html(f'<b>{patient.name}</b>')\n"
        "format_html('<b>{}</b>', patient.name)\n"  # escapes its argument: fine
    )
    flagged = [
        call
        for call, called in calls(sample)
        if called in MARKS_SAFE or (called == "format_html" and not is_literal(call.args[0]))
    ]
    assert len(flagged) == 2
    assert TEMPLATE_UNESCAPED.search("{{ patient.notes|safe }}")
    assert TEMPLATE_UNESCAPED.search("{% autoescape off %}")
    assert not TEMPLATE_UNESCAPED.search("{{ plan.safety_contacts }}")
