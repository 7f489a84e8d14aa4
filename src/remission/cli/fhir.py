"""``remission fhir export --patient ID [--out FILE]`` and ``remission fhir import FILE --patient
ID``: a patient's record as a FHIR R4 Bundle, and the import of QuestionnaireResponse Bundles."""

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def register(commands: Any) -> None:
    parser = commands.add_parser("fhir", help="FHIR R4 Bundles: export a record, import results")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    export = actions.add_parser("export", help="write a patient's record as a Bundle")
    export.add_argument("--patient", type=int, required=True, metavar="ID", help="patient id")
    export.add_argument("--out", type=Path, metavar="FILE", help="file (default: standard output)")
    export.set_defaults(run=run_export)
    load = actions.add_parser("import", help="import a QuestionnaireResponse/Observation Bundle")
    load.add_argument("file", type=Path, metavar="FILE", help="the Bundle (JSON)")
    load.add_argument("--patient", type=int, required=True, metavar="ID", help="patient id")
    load.set_defaults(run=run_import)


def _patient(patient_id: int) -> Any:
    from remission.cli import setup_django

    setup_django()
    from remission.patients.models import Patient

    patient = Patient.objects.select_related("clinic").filter(pk=patient_id).first()
    if patient is None:
        print(f"fhir: no patient with the id {patient_id}", file=sys.stderr)
    return patient


def run_export(args: argparse.Namespace) -> int:
    patient = _patient(args.patient)
    if patient is None:
        return 2
    from remission.audit import trail
    from remission.insights.fhir.export import patient_bundle

    text = json.dumps(patient_bundle(patient), indent=2, ensure_ascii=False)
    trail.record(None, "insights.fhir.exported", patient=patient, detail={"via": "cli"})
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    return 0


def run_import(args: argparse.Namespace) -> int:
    try:
        data = json.loads(args.file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        print(f"fhir: cannot read {args.file}: {error}", file=sys.stderr)
        return 2
    patient = _patient(args.patient)
    if patient is None:
        return 2
    from remission.insights.fhir.importer import import_bundle

    report = import_bundle(None, patient, data)
    for line in report.lines:
        reason = f": {line.reason}" if line.reason else ""
        print(f"{line.index:4d} {line.resource:40s} {line.status}{reason}")
    print(f"{'imported' if report.ok else 'nothing imported'}; {report.stored} stored")
    return 0 if report.ok else 1
