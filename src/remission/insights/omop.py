"""OMOP CDM v5.4 tables for research networks: person, measurement, drug_exposure and
procedure_occurrence, de-identified like the research export (docs/insights.md, "OMOP").

Concept ids need the OHDSI vocabularies (Athena), which Remission does not ship: every
``*_concept_id`` is 0 ("no matching concept") except gender (8507 male, 8532 female), and the
codes travel in the ``*_source_value`` columns: the LOINC code of a questionnaire total where one
is known (PHQ-9 44261-6, PHQ-2 55758-7, GAD-7 70274-6; clinical.md 1), else ``remission:<id>``.
A site maps source values to concepts with its own vocabulary tables (Usagi or SQL).
IV ketamine and esketamine are drug exposures (with their route); ECT, rTMS, iTBS and
psychotherapy courses are procedures.
"""

from pathlib import Path
from typing import Any

import pyarrow as pa

from remission.accounts.models import Clinic
from remission.audit.trail import Who
from remission.clinical.instruments import get_instrument
from remission.clinical.instruments.errors import InstrumentError
from remission.insights.deid import Deidentifier, export_key
from remission.insights.research import AGE_TOP, Column, write_export
from remission.measures.models import Assessment
from remission.patients.models import Patient
from remission.treatments.drugs import augmentation_names
from remission.treatments.models import Trial

GENDER = {"male": 8507, "female": 8532}
DRUG_PROCEDURES = {
    "ketamine_iv": ("ketamine", "intravenous"),
    "esketamine": ("esketamine", "intranasal"),
}
PROCEDURE_KINDS = ("ect", "rtms", "itbs", "psychotherapy")

I64, DATE, TEXT, F64 = pa.int64(), pa.date32(), pa.string(), pa.float64()
OMOP: dict[str, tuple[Column, ...]] = {
    "person": (
        Column("person_id", I64, "Pseudonymous integer (keyed hash)"),
        Column("gender_concept_id", I64, "8507 male, 8532 female, 0 other or not recorded"),
        Column(
            "year_of_birth",
            I64,
            f"Year of the shifted date of birth; ages of {AGE_TOP} and "
            "over are set to 90 years before the export year",
        ),
        Column("race_concept_id", I64, "0: not recorded by Remission"),
        Column("ethnicity_concept_id", I64, "0: not recorded by Remission"),
        Column("person_source_value", TEXT, "The research export's pseudonym"),
        Column("gender_source_value", TEXT, "Sex at birth as recorded"),
    ),
    "measurement": (
        Column("measurement_id", I64, "Row number"),
        Column("person_id", I64, "Pseudonymous integer"),
        Column("measurement_concept_id", I64, "0: map measurement_source_value"),
        Column("measurement_date", DATE, "Date answered, shifted"),
        Column("measurement_type_concept_id", I64, "0: not mapped"),
        Column("value_as_number", F64, "Questionnaire total"),
        Column(
            "measurement_source_value",
            TEXT,
            "LOINC code of the total where known, else remission:<instrument id>",
        ),
        Column("unit_source_value", TEXT, "{score}"),
    ),
    "drug_exposure": (
        Column("drug_exposure_id", I64, "Row number"),
        Column("person_id", I64, "Pseudonymous integer"),
        Column("drug_concept_id", I64, "0: map drug_source_value"),
        Column("drug_exposure_start_date", DATE, "Start, shifted"),
        Column("drug_exposure_end_date", DATE, "End, shifted (the start while running)"),
        Column("drug_type_concept_id", I64, "0: not mapped"),
        Column("quantity", F64, "Sessions (infusions, nasal doses) where recorded"),
        Column("drug_source_value", TEXT, "Drug name from the dose tables, 'other' otherwise"),
        Column("route_source_value", TEXT, "intravenous, intranasal or oral"),
    ),
    "procedure_occurrence": (
        Column("procedure_occurrence_id", I64, "Row number"),
        Column("person_id", I64, "Pseudonymous integer"),
        Column("procedure_concept_id", I64, "0: map procedure_source_value"),
        Column("procedure_date", DATE, "Start, shifted"),
        Column("procedure_end_date", DATE, "End, shifted"),
        Column("procedure_type_concept_id", I64, "0: not mapped"),
        Column("quantity", I64, "Sessions"),
        Column("procedure_source_value", TEXT, "ect, rtms, itbs, psychotherapy[:modality]"),
    ),
}


def _number(deid: Deidentifier, patient_id: int) -> int:
    return int(deid.pseudonym(patient_id)[1:14], 16)  # 52 bits: exact in any database


def _loinc(instrument_id: str) -> str:
    try:
        code = get_instrument(instrument_id).loinc_total
    except InstrumentError:
        code = None
    return code or f"remission:{instrument_id}"


def omop_tables(
    clinic: Clinic, deid: Deidentifier, export_year: int
) -> dict[str, list[dict[str, Any]]]:
    patients = Patient.objects.filter(clinic=clinic)
    ids = patients.values("pk")
    people = []
    for pk, born, sex in patients.values_list("pk", "date_of_birth", "sex_at_birth"):
        shifted = deid.shifted(pk, born)
        year = shifted.year if shifted else None
        people.append({
            "person_id": _number(deid, pk), "gender_concept_id": GENDER.get(sex, 0),
            "year_of_birth": max(year, export_year - AGE_TOP) if year else None,
            "race_concept_id": 0, "ethnicity_concept_id": 0,
            "person_source_value": deid.pseudonym(pk), "gender_source_value": sex,
        })  # fmt: skip
    measurements = [
        {"measurement_id": n, "person_id": _number(deid, pk), "measurement_concept_id": 0,
         "measurement_date": deid.shifted(pk, when.date()), "measurement_type_concept_id": 0,
         "value_as_number": float(total or 0), "measurement_source_value": _loinc(instrument),
         "unit_source_value": "{score}"}
        for n, (pk, instrument, when, total) in enumerate(
            Assessment.objects.filter(patient_id__in=ids, complete=True, total__isnull=False)
            .order_by("patient_id", "administered_at")
            .values_list("patient_id", "instrument", "administered_at", "total")
            .iterator(chunk_size=20000), start=1)
    ]  # fmt: skip
    known = {name.lower() for name in augmentation_names()}
    drugs: list[dict[str, Any]] = []
    procedures: list[dict[str, Any]] = []
    for pk, kind, drug, modality, sessions, start, end in Trial.objects.filter(
        patient_id__in=ids, removed_at__isnull=True, started_on__isnull=False
    ).order_by("patient_id", "id").values_list(
        "patient_id", "kind", "drug", "modality", "sessions", "started_on", "ended_on"
    ):  # fmt: skip
        begin, finish = deid.shifted(pk, start), deid.shifted(pk, end or start)
        if kind in PROCEDURE_KINDS:
            procedures.append({
                "procedure_occurrence_id": len(procedures) + 1, "person_id": _number(deid, pk),
                "procedure_concept_id": 0, "procedure_date": begin, "procedure_end_date": finish,
                "procedure_type_concept_id": 0, "quantity": sessions,
                "procedure_source_value": f"{kind}:{modality}" if modality else kind,
            })  # fmt: skip
            continue
        name, route = DRUG_PROCEDURES.get(
            kind, (drug if drug.lower() in known else "other", "oral")
        )
        drugs.append({
            "drug_exposure_id": len(drugs) + 1, "person_id": _number(deid, pk),
            "drug_concept_id": 0, "drug_exposure_start_date": begin,
            "drug_exposure_end_date": finish, "drug_type_concept_id": 0,
            "quantity": float(sessions) if sessions else None, "drug_source_value": name,
            "route_source_value": route,
        })  # fmt: skip
    return {"person": people, "measurement": measurements, "drug_exposure": drugs,
            "procedure_occurrence": procedures}  # fmt: skip


def export_omop(who: Who, clinic: Clinic, folder: Path) -> list[Path]:
    from django.utils import timezone

    deid = Deidentifier(export_key(), clinic.pk)
    return write_export(
        who, clinic, folder, omop_tables(clinic, deid, timezone.localdate().year),
        schema=OMOP, title="Remission OMOP CDM v5.4 export (de-identified)",
        action="insights.omop_export.created", data_format="omop-5.4 csv+parquet",
    )  # fmt: skip
