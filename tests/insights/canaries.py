"""A patient full of canaries: identifiers and free text that no research file may contain."""

from datetime import date

from remission.companion.models import CheckIn
from remission.measures import services
from remission.measures.models import RiskAlert, Source
from remission.treatments.models import Contributor, Trial
from tests.conftest import CANARY_FAMILY, CANARY_GIVEN

CANARIES = (
    CANARY_GIVEN,
    CANARY_FAMILY,
    "A-0001",  # record number
    "quenby-canary@example.org",
    "+44 7700 900461",
    "17 Canarywharf Lane",
    "INS-CANARY-9917",
    "Ermintrude Canarywood",
    "+44 7700 900777",
    "CANARY-REASON-STOPPED",
    "CANARY-PROTOCOL-NOTE",
    "Dr Canary's tincture",
    "CANARY-TRAUMA-DETAIL",
    "CANARY-ALERT-NOTE",
    "CANARY-JOURNAL-NOTE",
    "1980-05-17",  # date of birth
    "Tester",  # staff surnames
)


def plant(world) -> None:
    patient = world.patient
    patient.phone = "+44 7700 900461"
    patient.address = "17 Canarywharf Lane"
    patient.insurance_number = "INS-CANARY-9917"
    patient.emergency_contact_name = "Ermintrude Canarywood"
    patient.emergency_contact_phone = "+44 7700 900777"
    patient.save()
    Trial.objects.create(
        patient=patient, kind="antidepressant", drug="Dr Canary's tincture", outcome="no_response",
        reason_stopped="CANARY-REASON-STOPPED", started_on=date(2024, 1, 1),
        ended_on=date(2024, 3, 1),
    )  # fmt: skip
    Trial.objects.create(
        patient=patient, kind="ketamine_iv", outcome="response", protocol="CANARY-PROTOCOL-NOTE",
        started_on=date(2024, 4, 1), ended_on=date(2024, 4, 21), sessions=6,
    )  # fmt: skip
    Trial.objects.create(
        patient=patient, kind="antidepressant", drug="sertraline", outcome="ongoing",
        started_on=date(2024, 3, 2),
    )  # fmt: skip
    Contributor.objects.create(patient=patient, kind="trauma", details="CANARY-TRAUMA-DETAIL")
    answers = {f"q{n}": 2 for n in range(1, 10)} | {"difficulty": 1}
    recorded = services.record_assessment(
        world.psychiatrist, patient, "phq9", answers, source=Source.CLINICIAN
    )
    RiskAlert.objects.filter(assessment=recorded.assessment).update(action_note="CANARY-ALERT-NOTE")
    CheckIn.objects.create(patient=patient, mood=2, anxiety=3, sleep=2, energy=2,
                           note="CANARY-JOURNAL-NOTE")  # fmt: skip
