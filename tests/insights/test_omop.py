"""OMOP CDM v5.4 export: the four tables, LOINC where known, no canary anywhere, audited."""

import pyarrow.parquet as pq

from remission.audit.models import AuditEvent
from remission.insights.deid import Deidentifier, export_key
from remission.insights.omop import export_omop
from tests.insights.canaries import CANARIES, plant
from tests.insights.test_research_export import every_text


def test_omop_tables_hold_the_record_without_identifiers(world, tmp_path):
    plant(world)
    files = export_omop(world.admin, world.clinic_a, tmp_path / "omop")
    folder = tmp_path / "omop"
    for path in files:
        text = every_text(path).lower()
        for canary in CANARIES:
            assert canary.lower() not in text, (canary, path.name)
    person = pq.read_table(folder / "person.parquet").to_pylist()
    pseudonym = Deidentifier(export_key(), world.clinic_a.pk).pseudonym(world.patient.pk)
    canary_person = next(p for p in person if p["person_source_value"] == pseudonym)
    assert abs(canary_person["year_of_birth"] - 1980) <= 1  # shifted by at most half a year
    assert canary_person["gender_concept_id"] == 8532
    measurement = pq.read_table(folder / "measurement.parquet").to_pylist()
    assert [(m["measurement_source_value"], m["value_as_number"]) for m in measurement] == [
        ("44261-6", 18.0)  # PHQ-9 total, LOINC (clinical.md 1.1)
    ]
    assert {m["person_id"] for m in measurement} == {canary_person["person_id"]}
    drugs = pq.read_table(folder / "drug_exposure.parquet").to_pylist()
    assert sorted((d["drug_source_value"], d["route_source_value"]) for d in drugs) == [
        ("ketamine", "intravenous"),
        ("other", "oral"),
        ("sertraline", "oral"),
    ]
    assert pq.read_table(folder / "procedure_occurrence.parquet").num_rows == 0
    assert AuditEvent.objects.filter(action="insights.omop_export.created").exists()
