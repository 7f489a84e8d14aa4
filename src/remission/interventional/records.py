"""The dose session record: check-in, checklist, vitals, dose, monitoring, discharge, signature.

Every write goes through a function here, is audited in its transaction and refuses a signed or
superseded record (:class:`RecordLocked`). Fields that two staff may edit at once are saved with
the optimistic lock (:func:`remission.concurrency.save_versioned`); vitals and adverse events are
appended, so they cannot overwrite anyone's entry. An amendment is a new revision with a reason;
the signed original stays exactly as it was signed.
"""

from collections.abc import Iterable
from dataclasses import asdict
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from remission.accounts.models import Role, User
from remission.appointments.models import Appointment, AppointmentStatus
from remission.audit import trail
from remission.audit.trail import Who
from remission.clinical.instruments.registry import get_instrument
from remission.clinical.protocols import contraindications, esketamine, ketamine_iv, monitoring
from remission.clinical.protocols.errors import ProtocolInputError
from remission.clinical.protocols.findings import Finding, Level
from remission.clinical.protocols.treatments import Treatment
from remission.concurrency import save_versioned
from remission.interventional import checklist
from remission.interventional.models import (
    AdverseEvent,
    DoseRecord,
    DoseSession,
    RecordStatus,
    SeriesKind,
    VitalSign,
)
from remission.interventional.series import conditions_of

SIDE_EFFECTS = (
    ("dissociation", "Dissociation"),
    ("sedation", "Sedation"),
    ("dizziness", "Dizziness"),
    ("nausea", "Nausea"),
    ("vomiting", "Vomiting"),
    ("headache", "Headache"),
    ("anxiety", "Anxiety"),
    ("taste", "Unpleasant taste"),
    ("numbness", "Numbness"),
)  # the common adverse reactions of the SPRAVATO label (clinical.md 6.2)
CADSS_INSTRUMENTS = ("cadss6", "cadss")


class RecordLocked(Exception):
    """The record is signed (or replaced by an amendment): it cannot change any more."""


class NotReady(Exception):
    """A step's preconditions are not met; ``findings`` say which."""

    def __init__(self, findings: Iterable[Finding | checklist.Item]) -> None:
        self.findings = list(findings)
        super().__init__("; ".join(f.reason for f in self.findings))


class NotAllowed(Exception):
    """The user's role may not take this step."""


def current_record(session: DoseSession) -> DoseRecord | None:
    return session.records.order_by("-revision").first()


def _editable(record: DoseRecord) -> None:
    if record.signed or DoseRecord.objects.filter(amends=record).exists():
        raise RecordLocked


def _touch(record: DoseRecord, expected: int, fields: list[str], user: User) -> None:
    record.updated_by = user
    save_versioned(record, expected, [*fields, "updated_by"])


def _snapshots(record: DoseRecord) -> None:
    """The contraindication screening and the last suicide-item answer, as of now."""
    treatment = Treatment(record.session.series.kind)
    screened = contraindications.screen(treatment, conditions_of(record.patient))
    record.contraindications = [
        {"level": str(f.level), "code": f.code, "reason": f.reason, "source": f.source}
        for f in screened.findings
    ]
    record.suicide_item = checklist.last_suicide_item(record.patient)


def check_in(who: Who, session: DoseSession, user: User) -> DoseRecord:
    """Open the record of ``session`` (once; a second check-in returns the open record)."""
    with transaction.atomic():
        DoseSession.objects.select_for_update().filter(pk=session.pk).get()
        if existing := current_record(session):
            return existing
        record = DoseRecord(
            session=session, patient=session.patient, checked_in_at=timezone.now(),
            created_by=user, updated_by=user,
        )  # fmt: skip
        _snapshots(record)
        record.save()
        trail.record(who, "interventional.dose.checked_in", patient=session.patient, obj=record)
    return record


def save_checklist(
    who: Who, record: DoseRecord, expected: int, user: User, values: dict[str, Any]
) -> None:
    """Consent, fasting, transport, pregnancy test and the benefit/risk decision."""
    fields = ["consent_confirmed", "fasting_confirmed", "transport_arranged", "pregnancy_test",
              "bp_decision"]  # fmt: skip
    with transaction.atomic():
        _editable(record)
        if record.dosing_started_at is not None:
            raise NotReady([Finding(Level.BLOCK, "dosed", "The dose is already recorded", "")])
        for name in fields:
            setattr(record, name, values[name])
        if values["bp_decision"].strip():
            record.bp_decision_by = user
        _snapshots(record)
        _touch(record, expected, [*fields, "bp_decision_by", "contraindications", "suicide_item"],
               user)  # fmt: skip
        trail.record(
            who, "interventional.dose.checklist_saved", patient=record.patient, obj=record,
            detail={name: values[name] for name in fields if name != "bp_decision"}
            | {"bp_decision": bool(values["bp_decision"].strip())},
        )  # fmt: skip


def document_override(who: Who, record: DoseRecord, user: User, code: str, reason: str) -> None:
    """Lift one hard stop with a reason (a psychiatrist), or document a precaution (anyone)."""
    with transaction.atomic():
        locked = DoseRecord.objects.select_for_update().get(pk=record.pk)
        _editable(locked)
        item = next((i for i in checklist.items(locked) if i.code == code), None)
        if item is None or item.level is Level.OK or item.code in checklist.NOT_OVERRIDABLE:
            raise NotReady([Finding(Level.BLOCK, code, f"{code} cannot be overridden", "")])
        if item.level is Level.BLOCK and user.role != Role.PSYCHIATRIST:
            raise NotAllowed("only a psychiatrist may override a hard stop")
        if not reason.strip():
            raise NotReady([Finding(Level.BLOCK, code, "An override needs a reason", "")])
        locked.overrides = {
            **locked.overrides,
            code: {"reason": reason.strip(), "by": user.get_full_name() or user.get_username(),
                   "at": timezone.now().isoformat(timespec="minutes")},
        }  # fmt: skip
        _touch(locked, locked.version, ["overrides"], user)
        trail.record(
            who, "interventional.dose.override_documented", patient=record.patient, obj=record,
            detail={"item": code, "level": str(item.level)},
        )  # fmt: skip
    record.refresh_from_db()


def add_vitals(
    who: Who, record: DoseRecord, user: User, *, moment: str, taken_at: datetime,
    values: dict[str, int | None],
) -> VitalSign:  # fmt: skip
    """Append one set of vital signs; the core refuses implausible values (naming the field) and
    flags a blood pressure above the label's 140/90 example."""
    reading = monitoring.VitalSigns(**values)  # type: ignore[arg-type]
    assessment = monitoring.pre_dose_blood_pressure(Treatment(record.session.series.kind), reading)
    flags = [asdict(f) | {"level": str(f.level)} for f in assessment.findings
             if f.level is not Level.OK]  # fmt: skip
    with transaction.atomic():
        _editable(DoseRecord.objects.select_for_update().get(pk=record.pk))
        vitals = VitalSign.objects.create(
            record=record, patient=record.patient, moment=moment, taken_at=taken_at,
            flags=flags, entered_by=user, **values,
        )  # fmt: skip
        DoseRecord.objects.filter(pk=record.pk).update(version=F("version") + 1)
        trail.record(
            who, "interventional.dose.vitals_recorded", patient=record.patient, obj=record,
            detail={"moment": moment, "blood_pressure": reading.blood_pressure,
                    "flagged": bool(flags)},
        )  # fmt: skip
    record.refresh_from_db()
    return vitals


def dose_calculation(
    record: DoseRecord, dose_mg: int | None, started_at: datetime
) -> dict[str, Any]:
    """The dose with its inputs, as the core computes it (raises ProtocolInputError)."""
    series = record.session.series
    if series.kind == SeriesKind.KETAMINE_IV:
        assert series.weight_kg is not None
        dose = ketamine_iv.ketamine_dose(
            series.weight_kg, mg_per_kg=series.mg_per_kg, minutes=series.infusion_minutes,
            concentration_mg_per_ml=series.concentration_mg_per_ml,
        )  # fmt: skip
        return {
            "dose_mg": str(dose.dose_mg.value),
            "inputs": {"weight": f"{dose.weight_kg} kg", "dose per kg": f"{dose.mg_per_kg} mg/kg",
                       "infusion time": f"{dose.minutes} min",
                       "concentration": f"{dose.concentration_mg_per_ml} mg/mL"
                       if dose.concentration_mg_per_ml else "not given"},
            "rate_mg_per_h": str(dose.rate_mg_per_h.value),
            "volume_ml": str(dose.volume_ml.value) if dose.volume_ml else "",
            "rate_ml_per_h": str(dose.rate_ml_per_h.value) if dose.rate_ml_per_h else "",
            "ends_at": (started_at + timedelta(minutes=dose.minutes)).isoformat(),
            "source": dose.source,
        }  # fmt: skip
    options = record.session.dose_options_mg
    if dose_mg is None or dose_mg not in options:
        allowed = ", ".join(str(mg) for mg in options)
        raise ProtocolInputError("dose_mg", f"must be one of {allowed} mg for this session")
    given = esketamine.administration(dose_mg, started_at, region=esketamine.Region(series.region))
    return {
        "dose_mg": str(dose_mg),
        "inputs": {"label allows": " or ".join(f"{mg} mg" for mg in options),
                   "session": f"{record.session.number} ({record.session.phase})"},
        "devices": given.devices,
        "sprays": given.sprays,
        "device_times": [t.isoformat() for t in given.device_times],
        "ends_at": given.device_times[-1].isoformat(),
        "earliest_discharge": given.observation.earliest_discharge_at.isoformat(),
        "rems_form_due": given.rems_form_due.isoformat() if given.rems_form_due else "",
        "source": "; ".join(given.sources),
    }  # fmt: skip


def record_dose(
    who: Who, record: DoseRecord, expected: int, user: User, *, dose_mg: int | None,
    started_at: datetime,
) -> None:  # fmt: skip
    """The dose given, once the checklist is ready (hard stops lifted, decisions documented)."""
    with transaction.atomic():
        _editable(record)
        items = checklist.items(record)
        if not checklist.ready_to_dose(items):
            raise NotReady(i for i in items if i.level is not Level.OK and not i.override)
        calculation = dose_calculation(record, dose_mg, started_at)
        record.dose_mg = Decimal(calculation["dose_mg"])
        record.dose_inputs = calculation
        record.dosing_started_at = started_at
        record.dosing_ended_at = datetime.fromisoformat(calculation["ends_at"])
        _touch(record, expected, ["dose_mg", "dose_inputs", "dosing_started_at",
                                  "dosing_ended_at"], user)  # fmt: skip
        trail.record(
            who, "interventional.dose.given", patient=record.patient, obj=record,
            detail={"dose_mg": calculation["dose_mg"], "started_at": started_at.isoformat()},
        )  # fmt: skip


def cadss_range(instrument_id: str) -> tuple[int, int]:
    bounds = get_instrument(instrument_id).scoring.bounds
    assert bounds is not None
    return int(bounds[0]), int(bounds[1])


def save_monitoring(
    who: Who, record: DoseRecord, expected: int, user: User, values: dict[str, Any]
) -> None:
    """Dissociation (CADSS total), sedation, respiratory status and side effects."""
    total = values["cadss_total"]
    if total is not None:
        low, high = cadss_range(values["cadss_instrument"])
        if not low <= total <= high:
            raise ProtocolInputError("cadss_total", f"must be between {low} and {high}")
    fields = ["cadss_instrument", "cadss_total", "sedation", "respiratory_depression",
              "side_effects"]  # fmt: skip
    with transaction.atomic():
        _editable(record)
        for name in fields:
            setattr(record, name, values[name])
        _touch(record, expected, fields, user)
        trail.record(
            who, "interventional.dose.monitoring_saved", patient=record.patient, obj=record,
            detail={"cadss_total": total, "side_effects": values["side_effects"]},
        )  # fmt: skip


def add_adverse_event(
    who: Who, record: DoseRecord, user: User, values: dict[str, Any]
) -> AdverseEvent:
    with transaction.atomic():
        _editable(DoseRecord.objects.select_for_update().get(pk=record.pk))
        event = AdverseEvent.objects.create(
            record=record, patient=record.patient, noted_at=timezone.now(), entered_by=user,
            **values,
        )  # fmt: skip
        DoseRecord.objects.filter(pk=record.pk).update(version=F("version") + 1)
        trail.record(
            who, "interventional.dose.adverse_event_recorded", patient=record.patient,
            obj=record, detail={"severity": values["severity"]},
        )  # fmt: skip
    record.refresh_from_db()
    return event


def discharge_check(record: DoseRecord, *, now: datetime, clinically_stable: bool,
                    transport_arranged: bool) -> list[Finding]:  # fmt: skip
    if record.dosing_ended_at is None:
        return [Finding(Level.BLOCK, "not_dosed", "No dose is recorded yet", "")]
    last = record.vitals.filter(moment="discharge").order_by("-taken_at").first()
    reading = (
        monitoring.VitalSigns(last.systolic_mmhg, last.diastolic_mmhg) if last is not None else None
    )
    return list(
        monitoring.discharge_readiness(
            Treatment(record.session.series.kind),
            dosing_ended_at=record.dosing_ended_at,
            now=now,
            clinically_stable=clinically_stable,
            discharge_vitals=reading,
            transport_arranged=transport_arranged,
        ).findings
    )


def discharge(
    who: Who, record: DoseRecord, expected: int, user: User, *, clinically_stable: bool,
    transport_arranged: bool, note: str,
) -> None:  # fmt: skip
    """Discharge when the observation rule allows: never before the minimum observation time or
    while not clinically stable; a missing discharge check or transport needs a note."""
    now = timezone.now()
    findings = discharge_check(
        record, now=now, clinically_stable=clinically_stable, transport_arranged=transport_arranged
    )
    blocking = [f for f in findings if f.level is Level.BLOCK]
    noted = [f for f in findings if f.level is Level.NEEDS_NOTE]
    if blocking or (noted and not note.strip()):
        raise NotReady(blocking or noted)
    with transaction.atomic():
        _editable(record)
        record.clinically_stable = clinically_stable
        record.transport_arranged = transport_arranged
        record.discharge_note = note.strip()
        record.discharged_at = now
        record.discharge_findings = [asdict(f) | {"level": str(f.level)} for f in findings]
        record.status = RecordStatus.DISCHARGED
        _touch(record, expected, ["clinically_stable", "transport_arranged", "discharge_note",
                                  "discharged_at", "discharge_findings", "status"], user)  # fmt: skip
        trail.record(who, "interventional.dose.discharged", patient=record.patient, obj=record)


def sign(who: Who, record: DoseRecord, expected: int, user: User) -> None:
    """Sign and lock (a nurse or a psychiatrist); from now on only an amendment changes it."""
    if user.role not in (Role.NURSE, Role.PSYCHIATRIST):
        raise NotAllowed("a nurse or a psychiatrist signs the dose record")
    if record.status != RecordStatus.DISCHARGED:
        raise NotReady([Finding(Level.BLOCK, "not_discharged", "Discharge the patient first", "")])
    with transaction.atomic():
        _editable(record)
        record.signed_at, record.signed_by, record.status = (
            timezone.now(),
            user,
            RecordStatus.SIGNED,
        )
        _touch(record, expected, ["signed_at", "signed_by", "status"], user)
        Appointment.objects.filter(pk=record.session.appointment_id).update(
            status=AppointmentStatus.COMPLETED, version=F("version") + 1
        )
        trail.record(
            who, "interventional.dose.signed", patient=record.patient, obj=record,
            detail={"revision": record.revision},
        )  # fmt: skip


def amend(who: Who, record: DoseRecord, user: User, reason: str) -> DoseRecord:
    """A new revision of a signed record, with the reason; the original stays as signed."""
    if not reason.strip():
        raise NotReady([Finding(Level.BLOCK, "reason", "An amendment needs a reason", "")])
    with transaction.atomic():
        original = DoseRecord.objects.select_for_update().get(pk=record.pk)
        if not original.signed or DoseRecord.objects.filter(amends=original).exists():
            raise RecordLocked
        copy = DoseRecord.objects.get(pk=original.pk)
        copy.pk = None
        copy.revision = original.revision + 1
        copy.amends = original
        copy.amendment_reason = reason.strip()
        copy.status = RecordStatus.DISCHARGED
        copy.signed_at = copy.signed_by = None
        copy.version = 1
        copy.created_by = copy.updated_by = user
        copy.updated_at = timezone.now()
        copy.save()
        for vitals in original.vitals.all():
            vitals.pk, vitals.record = None, copy
            vitals.save()
        for event in original.adverse_events.all():
            event.pk, event.record = None, copy
            event.save()
        trail.record(
            who, "interventional.dose.amended", patient=record.patient, obj=copy,
            detail={"amends": original.pk, "revision": copy.revision, "reason": reason.strip()},
        )  # fmt: skip
    return copy
