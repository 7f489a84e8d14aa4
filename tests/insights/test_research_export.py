"""The research export: canaries planted in the data are in no exported file; pseudonyms and
date shifts behave; the export is audited and only researchers may download it."""

import io
import json
import zipfile
from datetime import date

import pyarrow.parquet as pq
import pytest
from django.test import override_settings
from django.urls import reverse

from remission.audit.models import AuditEvent
from remission.insights.deid import Deidentifier, export_key
from remission.insights.research import export_research
from remission.measures.models import Assessment
from tests.conftest import client_for
from tests.insights.canaries import CANARIES, plant


def every_text(path) -> str:
    """The file's bytes as text, and for Parquet also every decoded value."""
    text = path.read_bytes().decode("latin-1")
    if path.suffix == ".parquet":
        text += json.dumps(pq.read_table(path).to_pylist(), default=str)
    return text


@pytest.fixture
def exported(world, tmp_path):
    plant(world)
    return export_research(world.admin, world.clinic_a, tmp_path / "out")


def test_no_canary_in_any_exported_file(exported):
    assert {p.suffix for p in exported} == {".csv", ".parquet"}
    for path in [*exported, exported[0].parent / "README.txt"]:
        text = every_text(path).lower()
        for canary in CANARIES:
            assert canary.lower() not in text, (canary, path.name)


def test_rows_are_there_under_a_pseudonym_with_shifted_dates(world, exported):
    folder = exported[0].parent
    patients = pq.read_table(folder / "patients.parquet").to_pylist()
    deid = Deidentifier(export_key(), world.clinic_a.pk)
    person = deid.pseudonym(world.patient.pk)
    row = next(r for r in patients if r["person_id"] == person)
    shift = deid.shift(world.patient.pk)
    assert row["pathway"] == "ketamine_iv"
    assert row["age_at_index"] == 43  # born 1980-05-17, index start 2024-04-01
    assert (row["index_start"] - date(2024, 4, 1)).days == shift != 0
    trials = [t for t in pq.read_table(folder / "trials.parquet").to_pylist()
              if t["person_id"] == person]  # fmt: skip
    assert sorted(t["drug"] or "" for t in trials) == ["", "other", "sertraline"]
    assessment = next(a for a in pq.read_table(folder / "assessments.parquet").to_pylist()
                      if a["person_id"] == person)  # fmt: skip
    real = Assessment.objects.get(patient=world.patient)
    assert assessment["total"] == real.total == 18
    assert (assessment["administered_on"] - real.administered_at.date()).days == shift


def test_every_column_is_in_the_data_dictionary(exported):
    folder = exported[0].parent
    dictionary = (folder / "data_dictionary.csv").read_text()
    for path in folder.glob("*.parquet"):
        for column in pq.read_schema(path).names:
            assert f"{path.stem},{column}," in dictionary


def test_pseudonyms_and_shifts_depend_on_the_key():
    a, b = Deidentifier(b"key-one", 1), Deidentifier(b"key-two", 1)
    assert a.pseudonym(5) == Deidentifier(b"key-one", 1).pseudonym(5)
    assert a.pseudonym(5) != b.pseudonym(5)
    assert a.pseudonym(5) != a.pseudonym(6)
    shifts = {a.shift(n) for n in range(500)}
    assert 0 not in shifts
    assert min(shifts) >= -182 and max(shifts) <= 182
    assert min(shifts) < -100 and max(shifts) > 100


def test_export_is_audited(world, exported):
    event = AuditEvent.objects.get(action="insights.research_export.created")
    assert event.detail["rows"]["trials"] == 3


@override_settings(RESEARCH_EXPORT_KEY="a separate research key")
def test_researcher_downloads_a_zip_without_canaries(world):
    plant(world)
    client = client_for(world.researcher)
    page = client.get(reverse("insights:research_export"))
    assert "person_id" in page.content.decode()
    response = client.post(reverse("insights:research_export"))
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = archive.namelist()
        assert "research/patients.parquet" in names and "research/data_dictionary.csv" in names
        for name in names:
            data = archive.read(name)
            text = data.decode("latin-1")
            if name.endswith(".parquet"):
                text += json.dumps(pq.read_table(io.BytesIO(data)).to_pylist(), default=str)
            for canary in CANARIES:
                assert canary.lower() not in text.lower(), (canary, name)
    assert AuditEvent.objects.filter(action="insights.research_export.created").count() == 1


@pytest.mark.parametrize("persona", ["admin", "psychiatrist"])
def test_only_researchers_export(world, persona):
    response = client_for(getattr(world, persona)).post(reverse("insights:research_export"))
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="insights.research_export.created").exists()


@pytest.mark.parametrize(("kind", "table"), [("research", "patients"), ("omop", "person")])
def test_cli_writes_the_export(world, tmp_path, capsys, kind, table):
    from remission.cli import main

    assert main(["export", kind, "--clinic", "clinic-a", "--out", str(tmp_path)]) == 0
    assert (tmp_path / f"{table}.parquet").exists()
    assert main(["export", kind, "--clinic", "nowhere", "--out", str(tmp_path)]) == 2
    assert "no clinic with the slug 'nowhere'" in capsys.readouterr().err
