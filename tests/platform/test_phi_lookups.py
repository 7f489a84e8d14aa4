"""No look-up of patient data by a bare id outside the access layer (security-targets T03, static).

OpenEMR's ``WHERE id = ?`` class of IDOR (CVE-2026-25745 and others): a record fetched by the id
the request carried, without the patient or clinic it must belong to. Outside
``remission/access/``, a look-up on a patient-data model by ``pk``/``id`` must either start from a
scoped queryset (``Model.objects.filter(patient=patient)...``, ``alerts_visible_to(user)``), or
re-read an object already held (``pk=assignment.pk``): an id taken from input (``pk=link_id``)
fails here unless it is in the reasoned allow-list below.
"""

import ast
from pathlib import Path

import pytest

import remission
from remission.audit.rowhistory import patient_data_models

SOURCE = Path(remission.__file__).parent
ID_KEYWORDS = {"pk", "id", "pk__in", "id__in"}
# Keywords that tie a look-up to a patient, clinic or owner.
SCOPING = {
    "patient",
    "patient_id",
    "clinic",
    "clinic_id",
    "member",
    "user",
    "plan",
    "link",
    "group",
}
LOOKUPS = {"get", "filter", "get_or_create", "update_or_create", "in_bulk"}
SHORTCUTS = {"get_object_or_404": 0, "object_or_404": 1}  # name: position of the queryset

ALLOWED = {
    # The link id was put in the session by the server itself, after the one-time token was
    # checked (selfreport.start); the request cannot name another link.
    ("measures/views/selfreport.py", "SelfReportLink"),
    # The patient is looked up only to attach the denied attempt to the audit trail; nothing of it
    # reaches the response (always 404).
    ("api/access.py", "Patient"),
    # The command line runs as the clinic's operator on the server, outside any user's scope
    # (like migrate or backup); the id is the operator's own argument.
    ("cli/fhir.py", "Patient"),
}


def phi_model_names() -> set[str]:
    return {model.__name__ for model in patient_data_models()}


def _root_model(node: ast.expr) -> tuple[str | None, bool]:
    """The model a queryset expression starts from (``Model.objects...``) and whether any call on
    the way scopes it by patient, clinic or owner."""
    scoped = False
    while True:
        if isinstance(node, ast.Call):
            scoped |= any(k.arg in SCOPING for k in node.keywords)
            node = node.func
        elif isinstance(node, ast.Attribute):
            if node.attr in {"objects", "_default_manager"} and isinstance(node.value, ast.Name):
                return node.value.id, scoped
            node = node.value
        elif isinstance(node, ast.Name):
            return node.id, scoped  # a model passed to a shortcut directly
        else:
            return None, scoped


def _from_input(value: ast.expr) -> bool:
    """An id from input (a name, a subscript, a call), not read from an object held
    (``x.pk``, ``x.patient_id``)."""
    if isinstance(value, ast.Attribute):
        return False
    if isinstance(value, ast.ListComp | ast.GeneratorExp):
        return _from_input(value.elt)
    return True


def unscoped_lookups(source: str, path: str, phi: set[str]) -> list[tuple[str, int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        ids = [k for k in node.keywords if k.arg in ID_KEYWORDS and _from_input(k.value)]
        if not ids or any(k.arg in SCOPING for k in node.keywords):
            continue
        queryset: ast.expr | None = None
        if isinstance(node.func, ast.Attribute) and node.func.attr in LOOKUPS:
            queryset = node.func.value
        elif isinstance(node.func, ast.Name) and node.func.id in SHORTCUTS:
            position = SHORTCUTS[node.func.id]
            queryset = node.args[position] if len(node.args) > position else None
        if queryset is None:
            continue
        model, scoped = _root_model(queryset)
        if model in phi and not scoped and (path, model) not in ALLOWED:
            found.append((path, node.lineno, model))
    return found


def test_no_patient_data_is_looked_up_by_a_bare_id_outside_the_access_layer():
    phi = phi_model_names()
    found = []
    for file in sorted(SOURCE.rglob("*.py")):
        path = file.relative_to(SOURCE).as_posix()
        if path.startswith("access/") or "/migrations/" in path:
            continue
        found += unscoped_lookups(file.read_text(), path, phi)
    assert found == []


def test_every_allow_list_entry_is_still_needed():
    phi = phi_model_names()
    for path, model in ALLOWED:
        source = (SOURCE / path).read_text()
        hits = [
            (p, line, m) for p, line, m in unscoped_lookups(source, "(unlisted)", phi) if m == model
        ]
        assert hits, (path, model)


@pytest.mark.parametrize(
    ("code", "caught"),
    [
        ("Trial.objects.get(pk=trial_id)", True),
        ("Assessment.objects.filter(id=request.GET['id']).first()", True),
        ("Appointment.objects.select_related('patient').filter(pk__in=ids)", True),
        ("get_object_or_404(Patient, pk=patient_id)", True),
        ("object_or_404(request, HomeworkAssignment.objects.all(), pk=assignment_id)", True),
        ("Trial.objects.filter(patient=patient).get(pk=trial_id)", False),
        ("Trial.objects.filter(pk=trial_id, patient=patient)", False),
        ("get_object_or_404(Trial.objects.filter(patient=patient), pk=trial_id)", False),
        ("Trial.objects.get(pk=trial.pk)", False),
        ("PeerGroup.objects.get(pk=group_id)", False),  # not patient data
    ],
)
def test_the_check_catches_unscoped_lookups(code, caught):
    assert bool(unscoped_lookups(code, "example.py", phi_model_names())) is caught
