"""FHIR R4: questionnaires for every instrument, a patient's Bundle that validates entry by
entry (with the current care plan and its goals), a round trip into an empty clinic with the same
scores, and imports that are all or nothing with a reason for every rejected entry."""

import copy
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone
from fhir.resources.R4B import get_fhir_model_class

from remission.accounts.models import Clinic
from remission.audit.models import AuditEvent
from remission.clinical.instruments import all_instruments
from remission.clinical.planning import rule_set
from remission.insights.fhir.export import patient_bundle
from remission.insights.fhir.importer import import_bundle
from remission.insights.fhir.questionnaires import all_questionnaires, instrument_for
from remission.measures import services
from remission.measures.models import Assessment, Source
from remission.planning.models import CarePlan
from remission.treatments.models import Trial
from tests.conftest import make_patient, make_user
from tests.planning.conftest import offered, plan_for, record_trd

PHQ9 = {f"q{n}": v for n, v in zip(range(1, 10), [3, 2, 2, 1, 1, 0, 2, 1, 0], strict=True)}
GAD7 = {f"q{n}": 2 for n in range(1, 8)}
QIDS = {f"q{n}": 1 for n in range(1, 17)}


def scores(patient):
    return [
        (a.instrument, a.administered_at, a.total, a.band, a.percent)
        for a in Assessment.objects.filter(patient=patient).order_by("administered_at")
    ]


def answer(world):
    """Four questionnaires of the canary patient: PHQ-9, GAD-7, QIDS-SR16, PHQ-9."""
    for day, (instrument, answers) in enumerate(
        [("phq9", PHQ9), ("gad7", GAD7), ("qids_sr16", QIDS), ("phq9", PHQ9 | {"q1": 0})], 1
    ):
        services.record_assessment(
            world.psychiatrist, world.patient, instrument, answers, source=Source.CLINICIAN,
            administered_at=datetime(2024, 3, day, 9, 0, tzinfo=UTC),
        )  # fmt: skip


@pytest.fixture
def record(world):
    patient = world.patient
    answer(world)
    Trial.objects.create(patient=patient, kind="antidepressant", drug="sertraline",
                         outcome="no_response", started_on=date(2023, 9, 1),
                         ended_on=date(2023, 12, 1), reason_stopped="PRIVATE-REASON")  # fmt: skip
    Trial.objects.create(patient=patient, kind="ketamine_iv", outcome="ongoing",
                         started_on=date(2024, 3, 1), sessions=6)  # fmt: skip
    return patient


@pytest.fixture
def empty_clinic_patient(db):
    clinic = Clinic.objects.create(name="Clinic C", slug="clinic-c")
    make_user(clinic, "psychiatrist_c", "psychiatrist")
    return make_patient(clinic, "Recipient", "Person", "C-0001", [])


def test_every_exported_resource_validates_against_its_model(record):
    bundle = patient_bundle(record)
    kinds = [e["resource"]["resourceType"] for e in bundle["entry"]]
    assert kinds.count("QuestionnaireResponse") == kinds.count("Observation") == 4
    assert kinds.count("Questionnaire") == 3
    assert kinds.count("MedicationStatement") == kinds.count("Procedure") == 1
    assert "CarePlan" not in kinds and "Goal" not in kinds  # no care plan recorded
    for entry in bundle["entry"]:
        resource = entry["resource"]
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    assert "PRIVATE-REASON" not in str(bundle)


@pytest.fixture
def planned(world):
    """Questionnaires, a history with TRD and a care plan revised once through the services;
    version 2 has a PHQ-9 and a MADRS goal."""
    answer(world)
    record_trd(world)
    chosen = [offered(world.patient)[0].id]
    plan_for(world, chosen, goals=[])
    today = timezone.localdate()
    return plan_for(
        world, chosen, based_on=1,
        preferences="PRIVATE-PREFERENCES", rationale="PRIVATE-RATIONALE",
        change_note="PRIVATE-CHANGE-NOTE",
        goals=[{"instrument": "phq9", "below": 10, "by": today + timedelta(days=90)},
               {"instrument": "madrs", "below": 12, "by": today + timedelta(days=120)}],
        measurements=[{"instrument": "phq9", "every_days": 14},
                      {"instrument": "madrs", "every_days": 28}],
    )  # fmt: skip


def test_the_current_plan_version_is_a_care_plan_with_its_goals(world, planned):
    bundle = patient_bundle(world.patient)
    resources = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}
    kinds = [r["resourceType"] for r in resources.values()]
    assert kinds.count("CarePlan") == 1 and kinds.count("Goal") == 2  # version 2 only
    plan = entry_of(bundle, "CarePlan")["resource"]
    goals = [resources[g["reference"]] for g in plan["goal"]]
    for resource in (plan, *goals):
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    patient = {"reference": entry_of(bundle, "Patient")["fullUrl"]}
    assert plan["subject"] == patient and all(g["subject"] == patient for g in goals)
    assert [g["lifecycleStatus"] for g in goals] == ["active", "active"]
    assert (plan["status"], plan["intent"], plan["title"]) == ("active", "plan",
                                                               "Care plan, version 2")  # fmt: skip
    today = timezone.localdate()
    review, phq9_by, madrs_by = (str(today + timedelta(days=d)) for d in (28, 90, 120))
    assert plan["period"] == {"start": str(today), "end": review}
    assert plan["contributor"] == [{"display": world.psychiatrist.display_name}]
    assert [g["description"]["text"] for g in goals] == [
        f"PHQ-9 total below 10 by {phq9_by}",
        f"MADRS total below 12 by {madrs_by}",
    ]
    phq9, madrs = (g["target"][0] for g in goals)
    assert phq9["measure"]["coding"][0] == {"system": "http://loinc.org", "code": "44261-6"}
    assert (phq9["detailQuantity"], phq9["dueDate"]) == ({"value": 10, "comparator": "<"}, phq9_by)
    # no LOINC for the MADRS total in the instrument data: the local code only
    assert [c["system"] for c in madrs["measure"]["coding"]] == ["urn:remission:instrument"]
    assert madrs["dueDate"] == madrs_by

    details = [a["detail"] for a in plan["activity"]]
    title = next(o.title for o in rule_set().options if o.id == planned.chosen[0])
    assert [d["code"]["text"] for d in details] == [title, "Psychotherapy course", "PHQ-9", "MADRS"]
    assert details[0]["code"]["coding"][0]["code"] == planned.chosen[0]
    assert details[1]["description"] == "CBASP, 16 sessions"
    assert details[3]["instantiatesCanonical"] == ["urn:remission:questionnaire:madrs"]
    assert details[3]["scheduledTiming"] == {
        "repeat": {"frequency": 1, "period": 28, "periodUnit": "d"}
    }
    assert {d["status"] for d in details} == {"unknown"}  # progress is not tracked per activity
    assert "PRIVATE" not in json.dumps(bundle)  # preferences, rationale, change note stay home


def test_care_plan_and_goals_are_ignored_on_import_and_the_rest_is_stored(
    world, planned, empty_clinic_patient
):
    report = import_bundle(None, empty_clinic_patient, patient_bundle(world.patient))
    assert report.ok, report.as_dict()
    assert report.stored == 4
    ignored = {(line.resource.split("/")[0], line.reason) for line in report.lines
               if line.status == "ignored"}  # fmt: skip
    plan = "not imported: a care plan is made by the care team with the patient"
    history = "not imported: a treatment history is recorded by the care team with its doses"
    assert ignored == {
        ("Patient", "reference data; not stored"), ("Questionnaire", "reference data; not stored"),
        ("MedicationStatement", history), ("CarePlan", plan), ("Goal", plan),
    }  # fmt: skip
    assert not CarePlan.objects.filter(patient=empty_clinic_patient).exists()
    assert scores(empty_clinic_patient) == scores(world.patient)


def test_phq9_total_carries_its_loinc_code(record):
    bundle = patient_bundle(record)
    totals = [e["resource"] for e in bundle["entry"]
              if e["resource"]["resourceType"] == "Observation"]  # fmt: skip
    phq9 = totals[0]
    assert phq9["code"]["coding"][0] == {"system": "http://loinc.org", "code": "44261-6"}
    assert phq9["valueInteger"] == 12
    gad7 = totals[1]
    assert gad7["code"]["coding"][0] == {"system": "http://loinc.org", "code": "70274-6"}
    qids = totals[2]  # no LOINC found for QIDS (clinical.md 9, item 10): the local code only
    assert [c["system"] for c in qids["code"]["coding"]] == ["urn:remission:instrument"]


def test_round_trip_into_an_empty_clinic_gives_the_same_scores(record, empty_clinic_patient):
    report = import_bundle(None, empty_clinic_patient, patient_bundle(record))
    assert report.ok, report.as_dict()
    assert report.stored == 4
    statuses = {line.resource.split("/")[0]: line.status for line in report.lines}
    assert statuses == {"Patient": "ignored", "Questionnaire": "ignored",
                        "QuestionnaireResponse": "accepted", "Observation": "accepted",
                        "MedicationStatement": "ignored", "Procedure": "ignored"}  # fmt: skip
    assert scores(empty_clinic_patient) == scores(record)
    imported = Assessment.objects.filter(patient=empty_clinic_patient)
    assert {a.source for a in imported} == {"import"}
    assert AuditEvent.objects.filter(action="insights.fhir.imported",
                                     patient_id=empty_clinic_patient.pk).exists()  # fmt: skip


def results_only(bundle):
    keep = {"QuestionnaireResponse", "Observation", "Patient", "Questionnaire"}
    return {**bundle, "entry": [e for e in bundle["entry"]
                                if e["resource"]["resourceType"] in keep]}  # fmt: skip


def test_results_bundle_imports_whole_and_a_second_time_stores_nothing(
    record, empty_clinic_patient
):
    bundle = results_only(patient_bundle(record))
    first = import_bundle(None, empty_clinic_patient, bundle)
    assert first.ok and first.stored == 4
    again = import_bundle(None, empty_clinic_patient, bundle)
    assert again.ok and again.stored == 0
    responses = [line for line in again.lines if line.resource.startswith("Questionnaire")]
    assert {line.status for line in responses} == {"already imported", "ignored"}
    assert Assessment.objects.filter(patient=empty_clinic_patient).count() == 4


def entry_of(bundle, kind, n=0):
    return [e for e in bundle["entry"] if e["resource"]["resourceType"] == kind][n]


@pytest.mark.parametrize(
    ("spoil", "reason"),
    [
        (lambda b: entry_of(b, "QuestionnaireResponse")["resource"]["item"][0]["answer"][0]
         .update({"valueCoding": {"code": "7"}}), "phq9 item q1: '7' is not an answer (allowed: 0-3)"),
        (lambda b: entry_of(b, "QuestionnaireResponse")["resource"]
         .update({"questionnaire": "http://other.example/Questionnaire/beck"}),
         "unknown questionnaire"),
        (lambda b: entry_of(b, "QuestionnaireResponse")["resource"].update({"status": "amended"}),
         "only completed responses"),
        (lambda b: entry_of(b, "Observation")["resource"].update({"valueInteger": 3}),
         "total 3 differs from the score of its answers (12)"),
        (lambda b: entry_of(b, "Observation")["resource"].pop("derivedFrom"),
         "a total without its QuestionnaireResponse"),
        (lambda b: entry_of(b, "QuestionnaireResponse")["resource"]["item"].append(
            {"linkId": "q99", "answer": [{"valueInteger": 1}]}), "phq9 has no item 'q99'"),
    ],
)  # fmt: skip
def test_one_bad_entry_rejects_the_bundle_with_its_reason_and_stores_nothing(
    record, empty_clinic_patient, spoil, reason
):
    bundle = copy.deepcopy(results_only(patient_bundle(record)))
    spoil(bundle)
    report = import_bundle(None, empty_clinic_patient, bundle)
    assert not report.ok
    rejected = [line for line in report.lines if line.status == "rejected"]
    assert reason in rejected[0].reason
    # the total of a rejected response is rejected with a pointer to it, nothing else
    assert all("was rejected" in line.reason for line in rejected[1:])
    assert len(rejected) <= 2
    assert report.stored == 0
    assert not Assessment.objects.filter(patient=empty_clinic_patient).exists()
    assert AuditEvent.objects.filter(action="insights.fhir.import_rejected").exists()


def test_a_malformed_bundle_is_rejected_as_a_whole(empty_clinic_patient):
    report = import_bundle(None, empty_clinic_patient, {"resourceType": "Bundle", "type": 5})
    assert not report.ok
    assert report.lines[0].reason.startswith("not a valid FHIR Bundle: type")


def test_a_questionnaire_for_every_shipped_instrument_validates():
    questionnaires = all_questionnaires()
    assert {q["url"].rsplit(":", 1)[-1] for q in questionnaires} == {
        i.id for i in all_instruments()
    }
    phq9 = next(q for q in questionnaires if q["url"].endswith(":phq9"))
    assert phq9["code"][0] == {"system": "http://loinc.org", "code": "44249-1"}
    assert phq9["item"][0]["answerOption"][0]["valueCoding"]["code"] == "LA6568-5"


@pytest.mark.parametrize(
    ("url", "instrument"),
    [("urn:remission:questionnaire:phq9|1", "phq9"),
     ("https://example.org/fhir/Questionnaire/instrument-qids-sr16", "qids_sr16"),
     ("https://example.org/fhir/Questionnaire/beck", None)],
)  # fmt: skip
def test_questionnaire_canonicals_name_instruments(url, instrument):
    assert instrument_for(url) == instrument


def test_api_exports_the_bundle_and_imports_it_into_another_patient(world, record, as_user):
    client = as_user(world.psychiatrist)
    exported = client.get(f"/api/patients/{record.pk}/fhir")
    assert exported.status_code == 200
    assert exported.json()["resourceType"] == "Bundle"
    target = world.other_patient
    target.care_team.create(user=world.psychiatrist, role="lead")
    imported = client.post(f"/api/patients/{target.pk}/fhir", exported.content,
                           content_type="application/json")  # fmt: skip
    assert imported.status_code == 200, imported.content
    assert imported.json()["stored"] == 4
    assert scores(target) == scores(record)
    assert AuditEvent.objects.filter(action="insights.fhir.exported", patient_id=record.pk).exists()


def test_api_import_reports_rejections_with_422(world, record, as_user):
    client = as_user(world.psychiatrist)
    bundle = results_only(patient_bundle(record))
    entry_of(bundle, "Observation")["resource"]["valueInteger"] = 1
    response = client.post(f"/api/patients/{record.pk}/fhir", bundle,
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 422
    assert response.json()["imported"] is False


@pytest.mark.parametrize("persona", ["outsider", "admin", "researcher", "psychiatrist_b"])
def test_api_export_refuses_anyone_off_the_care_team(world, record, as_user, persona):
    response = as_user(getattr(world, persona)).get(f"/api/patients/{record.pk}/fhir")
    assert response.status_code in {403, 404}


def test_api_lists_the_questionnaires(world, as_user):
    response = as_user(world.nurse).get("/api/fhir/Questionnaire")
    assert len(response.json()["entry"]) == len(all_instruments())


def test_cli_exports_and_imports(world, record, empty_clinic_patient, tmp_path, capsys):
    from remission.cli import main

    out = tmp_path / "bundle.json"
    assert main(["fhir", "export", "--patient", str(record.pk), "--out", str(out)]) == 0
    assert main(["fhir", "import", str(out), "--patient", str(empty_clinic_patient.pk)]) == 0
    assert "imported; 4 stored" in capsys.readouterr().out
    assert scores(empty_clinic_patient) == scores(record)
