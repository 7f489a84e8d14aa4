"""Demo care plans: a few patients with TRD get a planning context and a care plan decided on the
options the planner offers them; one plan has been revised once, one review is overdue. Every plan
is recorded through the services, so snapshots, option decisions and audit events are genuine."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from remission.accounts.models import Role, User
from remission.demo.clinic import DemoClinic
from remission.patients.models import Patient, Status
from remission.planning import services
from remission.planning.models import PlanningContext, PlanVersion, StepKind
from remission.planning.profile import derive, snapshot
from remission.treatments.models import StagingResult

PLANS = 4
STEP_KINDS = {
    "medication": StepKind.MEDICATION,
    "neuromodulation": StepKind.NEUROMODULATION,
    "psychotherapy": StepKind.PSYCHOTHERAPY,
    "programme": StepKind.PROGRAMME,
    "combined": StepKind.SERIES,
}
WISHES = [
    "Wants to keep working; worried about weight gain and feeling flat on medication.",
    "Prefers talking therapy; open to a medication change if it has few side effects.",
    "Would like a treatment that works quickly; can come in on weekday mornings.",
    "Afraid of another failed attempt; wants a plan with clear check points.",
]


def add_care_plans(demo: DemoClinic) -> None:
    with_trd = StagingResult.objects.filter(
        patient__in=[p for p in demo.patients if p.status == Status.ACTIVE], trd=True
    ).values_list("patient_id", flat=True)
    patients = [p for p in demo.patients if p.pk in set(with_trd)][:PLANS]
    for index, patient in enumerate(patients):
        _plan(demo, patient, index)


def _clinician(demo: DemoClinic, patient: Patient) -> User:
    member = patient.care_team.filter(user__role=Role.PSYCHIATRIST).select_related("user").first()
    return member.user if member else demo.first(Role.PSYCHIATRIST)


def _plan(demo: DemoClinic, patient: Patient, index: int) -> None:
    clinician = _clinician(demo, patient)
    days = 21 * (index + 1)
    decided_on = demo.today - timedelta(days=days if index < 3 else 60)
    services.save_context(
        clinician,
        patient,
        PlanningContext(
            avoid_medication=False,
            prefers_psychotherapy=index % 2 == 1,
            can_attend_daily=index != 1,
            family_support=index % 3 != 2,
            bp_systolic=118 + 4 * index,
            bp_diastolic=76 + 2 * index,
            bp_date=decided_on,
            pregnant=False if patient.sex_at_birth == "female" else None,
            conditions_complete=True,
            medications_complete=True,
        ),
        None,
    )
    team = [m.user for m in patient.care_team.select_related("user")]
    review_on = demo.today - timedelta(days=4) if index == 3 else demo.today + timedelta(days=28)
    versions = 2 if index == 0 else 1
    for number in range(1, versions + 1):
        as_of = decided_on if number == versions else decided_on - timedelta(days=42)
        snap = snapshot(patient, as_of)
        if snap is None:
            return
        options = derive(snap.as_dict()).options
        suggested = [o for o in options if o.status == "suggested"]
        picked = suggested[number - 1 : number + 1] or list(options[:1])
        version = services.record_plan(
            clinician,
            patient,
            snap,
            services.Decision(
                chosen=[o.id for o in picked],
                preferences=WISHES[index % len(WISHES)],
                rationale="Discussed the options and their basis with the patient; "
                "chosen for the evidence and the patient's wishes.",
                review_on=review_on if number == versions else as_of + timedelta(days=42),
                responsible=team[:2],
                change_note="Reviewed: partial response, next step added." if number > 1 else "",
                goals=[{"instrument": "phq9", "below": 10, "by": as_of + timedelta(days=90)}],
                steps=[{"kind": STEP_KINDS[o.category], "description": o.title} for o in picked],
                measurements=[{"instrument": "phq9", "every_days": 14}],
            ),
            based_on=number - 1,
        )
        moment = timezone.make_aware(datetime.combine(as_of, time(11)))
        PlanVersion.objects.filter(pk=version.pk).update(created_at=moment)
