"""Demo series: a completed and a running series of IV ketamine and of esketamine, each dose
recorded through the services (check-in, checklist, vitals, dose, observation, discharge,
signature) with integration notes and homework.

The services stamp "now"; a past demo dose is then moved to its own day and time (the record's
timestamps only), so the series reads like one that really happened.
"""

from datetime import date, time, timedelta
from decimal import Decimal

from remission.accounts.models import Role
from remission.demo.clinic import DemoClinic
from remission.interventional import checklist, courses, notes, records, series, therapy_courses
from remission.interventional.models import DoseRecord, DoseSession, Series, SeriesStatus
from remission.patients.models import CareTeamMember, CareTeamRole, Patient, Status

PLANS = (  # kind, schedule, weeks before today it started, start hour
    ("ketamine_iv", "twice-weekly-3w", 9, 7),
    ("esketamine", "us", 12, 13),
    ("ketamine_iv", "thrice-weekly-2w", 1, 7),
    ("esketamine", "us", 2, 13),
)


def add_series(demo: DemoClinic) -> None:
    with_therapist = set(
        CareTeamMember.objects.filter(role=CareTeamRole.THERAPIST).values_list(
            "patient_id", flat=True
        )
    )
    chosen = [p for p in demo.patients if p.status == Status.ACTIVE and p.pk in with_therapist][:4]
    _add_courses(demo, [p for p in demo.patients if p.status == Status.ACTIVE][4:8])
    _add_therapy_courses(demo, [p for p in demo.patients if p.status == Status.ACTIVE
                                and p.pk in with_therapist and hasattr(p, "episode")][6:8])  # fmt: skip
    for index, (patient, (kind, schedule, weeks_ago, hour)) in enumerate(
        zip(chosen, PLANS, strict=False)
    ):
        start = (
            demo.today
            - timedelta(weeks=weeks_ago, days=demo.today.weekday())
            + timedelta(days=index)
        )
        made = _order(demo, patient, kind, schedule, start, hour, index)
        if made is not None:
            _record_past_doses(demo, made)
            if made.sessions.filter(planned_on__gte=demo.today).count() == 0:
                Series.objects.filter(pk=made.pk).update(status=SeriesStatus.COMPLETED)


def _order(
    demo: DemoClinic, patient: Patient, kind: str, schedule: str, start: date, hour: int, index: int
) -> Series | None:
    nurses, prescribers = demo.staff[Role.NURSE], demo.staff[Role.PSYCHIATRIST]
    for attempt in range(6):
        order = series.Order(
            kind=kind, schedule=schedule, start_on=start, start_time=time(hour + attempt % 3),
            room=("Infusion room" if kind == "ketamine_iv" else f"Treatment chair {1 + index % 2}"),
            nurse=nurses[(index + attempt) % len(nurses)],
            prescriber=prescribers[(index + attempt) % len(prescribers)], weeks=8,
            weight_kg=Decimal(58 + 7 * index), mg_per_kg=Decimal("0.5"), infusion_minutes=40,
            concentration_mg_per_ml=Decimal("10"),
        )  # fmt: skip
        try:
            return series.order_series(None, patient, order, prescribers[0])
        except series.SeriesRefused:
            continue
    return None


def _record_past_doses(demo: DemoClinic, made: Series) -> None:
    rng = demo.rng
    for session in made.sessions.select_related("appointment", "integration").order_by("number"):
        if session.planned_on >= demo.today:
            return
        nurse = session.appointment.clinicians.filter(role=Role.NURSE).first() or made.nurse
        record = records.check_in(None, session, nurse)
        dosed = session.appointment.starts_at + timedelta(minutes=25)
        systolic = rng.randint(118, 148)
        for moment, minutes, rise in (
            ("pre_dose", -15, 0),
            ("40_min", 40, 12),
            ("discharge", 125, 4),
        ):
            records.add_vitals(
                None, record, nurse, moment=moment, taken_at=dosed + timedelta(minutes=minutes),
                values={"systolic_mmhg": systolic + rise, "diastolic_mmhg": 78 + rise // 2,
                        "heart_rate_bpm": rng.randint(62, 88), "spo2_percent": 98,
                        "respiratory_rate_per_min": 14},
            )  # fmt: skip
        decision = "Asymptomatic; benefit outweighs the short rise." if systolic > 140 else ""
        records.save_checklist(
            None, record, record.version, nurse,
            {"consent_confirmed": True, "fasting_confirmed": True, "transport_arranged": True,
             "pregnancy_test": "negative" if made.patient.sex_at_birth == "female" else "",
             "bp_decision": decision},
        )  # fmt: skip
        record.refresh_from_db()
        for item in checklist.items(record):
            if (
                item.level != "ok"
                and not item.override
                and item.code not in checklist.NOT_OVERRIDABLE
            ):
                records.document_override(None, record, made.prescriber, item.code,
                                          "Reviewed with the patient before dosing")  # fmt: skip
        record.refresh_from_db()
        options = session.dose_options_mg
        records.record_dose(None, record, record.version, nurse,
                            dose_mg=options[-1] if options else None, started_at=dosed)  # fmt: skip
        record.refresh_from_db()
        records.save_monitoring(
            None, record, record.version, nurse,
            {"cadss_instrument": "cadss6", "cadss_total": rng.randint(0, 9), "sedation": False,
             "respiratory_depression": False, "side_effects": rng.sample(["dizziness", "nausea",
                                                                          "dissociation"], 1)},
        )  # fmt: skip
        record.refresh_from_db()
        records.discharge(None, record, record.version, nurse, clinically_stable=True,
                          transport_arranged=True, note="")  # fmt: skip
        record.refresh_from_db()
        records.sign(None, record, record.version, nurse)
        assert record.dosing_ended_at is not None
        DoseRecord.objects.filter(pk=record.pk).update(
            checked_in_at=dosed - timedelta(minutes=25),
            discharged_at=record.dosing_ended_at + timedelta(minutes=130),
            signed_at=record.dosing_ended_at + timedelta(minutes=140),
            updated_at=record.dosing_ended_at + timedelta(minutes=140),
        )
        _integration_note(demo, session)


def _integration_note(demo: DemoClinic, session: DoseSession) -> None:
    appointment = session.integration
    if appointment is None or appointment.starts_at.date() >= demo.today:
        return
    therapist = appointment.clinicians.first()
    assert therapist is not None
    notes.write_note(
        None, session.patient, therapist, modality="act", appointment=appointment,
        sections={"dose_experience": "Felt detached for about an hour; noticed lighter mood later.",
                  "values": "Reconnecting with friends", "committed_action": "Call one friend",
                  "plan": "Review the call at the next session"},
        exercise="thought-record" if session.number == 1 else "",
    )  # fmt: skip


def _add_courses(demo: DemoClinic, patients: list[Patient]) -> None:
    """Of each kind one running and one completed course: iTBS two weeks in, a completed 10 Hz
    course of 36 sessions, a completed ECT course of nine treatments, ECT in its second week."""
    rng, doctor = demo.rng, demo.first(Role.PSYCHIATRIST)
    monday = demo.today - timedelta(days=demo.today.weekday())
    plans = (("tms", "itbs", monday - timedelta(weeks=2), 10),
             ("ect", "ect", monday - timedelta(weeks=8), 9),
             ("tms", "10hz", monday - timedelta(weeks=12), 36),
             ("ect", "ect", monday - timedelta(weeks=1), 2))  # fmt: skip
    for patient, (kind, protocol, start, given) in zip(patients, plans, strict=False):
        try:
            course = courses.order_course(None, patient, doctor, kind=kind, protocol=protocol,
                                          start=start, sessions=9 if kind == "ect" else None)  # fmt: skip
        except courses.CourseRefused:
            continue
        for _ in range(given):
            values = (
                {
                    "motor_threshold_percent": 48,
                    "intensity_percent_mt": 120,
                    "pulses": course.pulses_per_session or 600,
                }
                if kind == "tms"
                else {"laterality": "right_unilateral", "seizure_seconds": rng.randint(25, 55)}
            )
            courses.record_session(None, course, demo.first(Role.NURSE), values)


def _add_therapy_courses(demo: DemoClinic, patients: list[Patient]) -> None:
    """A weekly CBT course four weeks in (one session missed), and an intensive outpatient
    programme (three a week for four weeks, psychiatrist and therapist) completed last month."""
    monday = demo.today - timedelta(days=demo.today.weekday())
    plans = (("individual", "cbt", 12, 1, monday - timedelta(weeks=4)),
             ("programme", "dbt", 12, 3, monday - timedelta(weeks=9)))  # fmt: skip
    for patient, (kind, modality, planned, per_week, start) in zip(patients, plans, strict=False):
        team = [m.user for m in CareTeamMember.objects.filter(patient=patient).select_related(
            "user").order_by("role") if m.user.role in (Role.THERAPIST, Role.PSYCHIATRIST)]  # fmt: skip
        team = team if kind == "programme" else [u for u in team if u.role == Role.THERAPIST]
        course = None
        for hour in (16, 17, 15, 8):
            order = therapy_courses.CourseOrder(
                kind=kind, modality=modality, planned_sessions=planned, per_week=per_week,
                start_on=start, at=time(hour), minutes=50 if kind == "individual" else 90,
                clinicians=team, measure="phq9" if kind == "individual" else "",
            )  # fmt: skip
            try:
                course = therapy_courses.order_course(None, patient, team[0], order)
                break
            except therapy_courses.CourseInvalid:
                continue
        if course is None:
            continue
        for session in course.sessions.select_related("appointment", "clinician"):
            if session.appointment.starts_at.date() >= demo.today:
                break
            missed = kind == "individual" and session.number == 3
            therapy_courses.record_attendance(
                None, session, "did_not_attend" if missed else "attended"
            )
        if kind == "programme":
            therapy_courses.end_course(None, course, status="completed",
                                       ended_on=start + timedelta(weeks=4),
                                       outcome="partial_response")  # fmt: skip
