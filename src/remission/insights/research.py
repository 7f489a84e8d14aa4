"""The de-identified research data set: CSV and Parquet per table, with a data dictionary.

Exported: pseudonymous ids, year-free ages (top-coded at 90), sex at birth, the pathway, dated
events shifted per patient, questionnaire totals, bands and item answers (numbers), treatment
trials (kind, drug when it is a name from the dose tables, modality, sessions, weeks, outcome),
staging results. Never exported: names, contacts, addresses, insurance or record numbers,
emergency contacts, any free text (reasons stopped, protocols, notes, journal, safety plan,
contributor details), alert notes, psychotherapy notes, user names. Every export is audited.
"""

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from django.utils import timezone

from remission.accounts.models import Clinic
from remission.audit import trail
from remission.audit.trail import Who
from remission.insights.deid import Deidentifier, export_key
from remission.insights.pathways import DatedTrial, index_course
from remission.measures.models import Assessment
from remission.patients.models import Patient
from remission.treatments.drugs import augmentation_names
from remission.treatments.models import StagingResult, Trial

AGE_TOP = 90  # ages of 90 and over are one group (HIPAA safe harbor 164.514(b)(2)(i)(C))


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    description: str


TABLES: dict[str, tuple[Column, ...]] = {
    "patients": (
        Column("person_id", pa.string(), "Pseudonym: keyed HMAC-SHA256 of clinic and record id"),
        Column(
            "age_at_index",
            pa.int32(),
            f"Whole years at the index treatment start; {AGE_TOP} "
            f"means {AGE_TOP} or older; empty without a dated treatment",
        ),
        Column("sex_at_birth", pa.string(), "female, male, intersex, unknown"),
        Column("status", pa.string(), "active (in care) or discharged"),
        Column("pathway", pa.string(), "Treatment pathway of the index course (docs/insights.md)"),
        Column("index_start", pa.date32(), "Index treatment start, shifted"),
        Column("index_end", pa.date32(), "Index treatment end, shifted; empty while running"),
    ),
    "assessments": (
        Column("person_id", pa.string(), "Pseudonym"),
        Column("instrument", pa.string(), "Instrument id (docs/algorithms/instruments.md)"),
        Column("instrument_version", pa.string(), "Version of the instrument definition"),
        Column("administered_on", pa.date32(), "Date answered, shifted"),
        Column("total", pa.int32(), "Total score as computed by the clinical core"),
        Column("band", pa.string(), "Severity band id of the total"),
        Column("answers", pa.string(), "Item answers as JSON: item id -> number or code"),
        Column("complete", pa.bool_(), "All required items answered"),
    ),
    "trials": (
        Column("person_id", pa.string(), "Pseudonym"),
        Column(
            "kind",
            pa.string(),
            "antidepressant, augmentation, psychotherapy, ect, rtms, itbs, ketamine_iv, esketamine",
        ),
        Column("drug", pa.string(), "Drug name from the dose tables; 'other' for any other text"),
        Column("modality", pa.string(), "Psychotherapy modality id"),
        Column("sessions", pa.int32(), "Number of sessions"),
        Column("weeks", pa.float64(), "Duration in weeks"),
        Column(
            "outcome",
            pa.string(),
            "response, partial_response, no_response, intolerance, remission, ongoing",
        ),
        Column("current_episode", pa.bool_(), "In the current episode"),
        Column("started_on", pa.date32(), "Start, shifted"),
        Column("ended_on", pa.date32(), "End, shifted"),
    ),
    "staging": (
        Column("person_id", pa.string(), "Pseudonym"),
        Column("as_of", pa.date32(), "Day the staging applies to, shifted"),
        Column("trd", pa.bool_(), "Meets the clinic's TRD definition"),
        Column("adequate_failures", pa.int32(), "Adequate failed trials"),
        Column("thase_rush_stage", pa.int32(), "Thase-Rush stage"),
        Column("mgh_s_score", pa.float64(), "MGH staging score"),
        Column("msm_total", pa.int32(), "Maudsley Staging Method total"),
        Column("msm_band", pa.string(), "Maudsley band"),
    ),
}


def research_tables(clinic: Clinic, deid: Deidentifier) -> dict[str, list[dict[str, Any]]]:
    patients = Patient.objects.filter(clinic=clinic)
    ids = patients.values("pk")
    known_drugs = {name.lower() for name in augmentation_names()}
    trials = list(
        Trial.objects.filter(patient_id__in=ids, removed_at__isnull=True).values_list(
            "patient_id",
            "kind",
            "drug",
            "modality",
            "sessions",
            "weeks",
            "outcome",
            "current_episode",
            "started_on",
            "ended_on",
        )
    )
    courses = {}
    by_patient: dict[int, list[DatedTrial]] = {}
    for row in trials:
        if row[7] and row[8]:
            by_patient.setdefault(row[0], []).append(DatedTrial(row[1], row[8], row[9]))
    for patient_id, dated in by_patient.items():
        courses[patient_id] = index_course(patient_id, dated)
    people = []
    for pk, born, sex, status in patients.values_list("pk", "date_of_birth", "sex_at_birth",
                                                      "status"):  # fmt: skip
        course = courses.get(pk)
        people.append({
            "person_id": deid.pseudonym(pk),
            "age_at_index": min(_age(born, course.start), AGE_TOP) if course else None,
            "sex_at_birth": sex, "status": status,
            "pathway": course.pathway.value if course else None,
            "index_start": deid.shifted(pk, course.start) if course else None,
            "index_end": deid.shifted(pk, course.end) if course else None,
        })  # fmt: skip
    assessments = [
        {"person_id": deid.pseudonym(pk), "instrument": instrument, "instrument_version": version,
         "administered_on": deid.shifted(pk, when.date()), "total": total, "band": band,
         "answers": json.dumps(answers, sort_keys=True), "complete": complete}
        for pk, instrument, version, when, total, band, answers, complete in Assessment.objects
        .filter(patient_id__in=ids).order_by("patient_id", "administered_at")
        .values_list("patient_id", "instrument", "instrument_version", "administered_at",
                     "total", "band", "answers", "complete").iterator(chunk_size=20000)
    ]  # fmt: skip
    trial_rows = [
        {"person_id": deid.pseudonym(pk), "kind": kind,
         "drug": (drug if drug.lower() in known_drugs else "other") if drug else None,
         "modality": modality or None, "sessions": sessions, "weeks": weeks, "outcome": outcome,
         "current_episode": current, "started_on": deid.shifted(pk, start),
         "ended_on": deid.shifted(pk, end)}
        for pk, kind, drug, modality, sessions, weeks, outcome, current, start, end in trials
    ]  # fmt: skip
    staging = [
        {"person_id": deid.pseudonym(pk), "as_of": deid.shifted(pk, as_of), "trd": trd,
         "adequate_failures": failures, "thase_rush_stage": stage, "mgh_s_score": mgh,
         "msm_total": msm, "msm_band": band or None}
        for pk, as_of, trd, failures, stage, mgh, msm, band in StagingResult.objects
        .filter(patient_id__in=ids).order_by("patient_id", "id")
        .values_list("patient_id", "as_of", "trd", "adequate_failures", "thase_rush_stage",
                     "mgh_s_score", "msm_total", "msm_band")
    ]  # fmt: skip
    return {"patients": people, "assessments": assessments, "trials": trial_rows,
            "staging": staging}  # fmt: skip


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def write_table(
    folder: Path, name: str, columns: tuple[Column, ...], rows: Iterable[dict[str, Any]]
) -> list[Path]:
    """``name.csv`` and ``name.parquet`` with the declared columns and types."""
    rows = list(rows)
    schema = pa.schema([(c.name, c.type) for c in columns])
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), folder / f"{name}.parquet")
    with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, [c.name for c in columns])
        writer.writeheader()
        writer.writerows(rows)
    return [folder / f"{name}.csv", folder / f"{name}.parquet"]


def write_dictionary(folder: Path, tables: dict[str, tuple[Column, ...]], title: str) -> Path:
    path = folder / "data_dictionary.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["table", "column", "type", "description"])
        for table, columns in tables.items():
            for c in columns:
                writer.writerow([table, c.name, str(c.type), c.description])
    (folder / "README.txt").write_text(
        f"{title}\nGenerated {timezone.now():%Y-%m-%d %H:%M} UTC by Remission. "
        "Columns and their meaning: data_dictionary.csv. Dates are shifted per person; "
        "intervals within a person are exact. See docs/insights.md.\n",
        encoding="utf-8",
    )
    return path


def export_research(who: Who, clinic: Clinic, folder: Path) -> list[Path]:
    """Write the de-identified data set into ``folder`` and audit the export."""
    return write_export(
        who, clinic, folder, research_tables(clinic, Deidentifier(export_key(), clinic.pk)),
        schema=TABLES, title="Remission research export (de-identified)",
        action="insights.research_export.created", data_format="csv+parquet",
    )  # fmt: skip


def write_export(
    who: Who,
    clinic: Clinic,
    folder: Path,
    tables: dict[str, list[dict[str, Any]]],
    *,
    schema: dict[str, tuple[Column, ...]],
    title: str,
    action: str,
    data_format: str,
) -> list[Path]:
    """Write ``tables`` (CSV + Parquet each) and their data dictionary into ``folder``, and
    audit the export with its row counts."""
    folder.mkdir(parents=True, exist_ok=True)
    files = [
        p for name, rows in tables.items() for p in write_table(folder, name, schema[name], rows)
    ]
    files.append(write_dictionary(folder, schema, title))
    trail.record(
        who,
        action,
        detail={"format": data_format, "rows": {n: len(r) for n, r in tables.items()}},
        clinic_id=clinic.pk,
    )
    return files
