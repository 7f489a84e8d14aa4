"""The esketamine REMS Patient Monitoring Form data, from the signed dose records.

The form is completed after every session and submitted within 7 days (US; clinical.md 6.2): blood
pressure before dosing, about 40 minutes after and before discharge; sedation; dissociation;
respiratory status; adverse events. Only signed records are exported (the latest revision).
"""

from collections.abc import Iterator

from django.utils import timezone

from remission.clinical.protocols import esketamine
from remission.interventional.models import DoseRecord, Series, VitalSign

COLUMNS = (
    "session_date", "session_number", "dose_mg", "bp_pre_dose", "bp_about_40_min",
    "bp_before_discharge", "sedation", "dissociation_cadss_total", "respiratory_depression",
    "adverse_events", "observation_minutes", "discharged_at", "form_due_by", "signed_by",
)  # fmt: skip


def _bp(vitals: list[VitalSign], moment: str) -> str:
    chosen = [v for v in vitals if v.moment == moment]
    return f"{chosen[-1].systolic_mmhg}/{chosen[-1].diastolic_mmhg}" if chosen else ""


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


def rows(series: Series) -> Iterator[list[str]]:
    region = esketamine.Region(series.region)
    signed = (
        DoseRecord.objects.filter(session__series=series, signed_at__isnull=False,
                                  amendment__isnull=True)
        .select_related("session", "signed_by").prefetch_related("vitals", "adverse_events")
        .order_by("session__number")
    )  # fmt: skip
    for record in signed:
        vitals = list(record.vitals.all())
        day = timezone.localdate(record.dosing_started_at or record.checked_in_at)
        observed = (
            int((record.discharged_at - record.dosing_ended_at).total_seconds() // 60)
            if record.discharged_at and record.dosing_ended_at else ""
        )  # fmt: skip
        due = esketamine.rems_form_due(day, region)
        yield [
            day.isoformat(), str(record.session.number), str(record.dose_mg or ""),
            _bp(vitals, "pre_dose"), _bp(vitals, "40_min"), _bp(vitals, "discharge"),
            _yes_no(record.sedation), "" if record.cadss_total is None else str(record.cadss_total),
            _yes_no(record.respiratory_depression),
            "; ".join(f"{e.severity}: {e.description}" for e in record.adverse_events.all()),
            str(observed),
            timezone.localtime(record.discharged_at).isoformat(timespec="minutes")
            if record.discharged_at else "",
            due.isoformat() if due else "",
            record.signed_by.get_full_name() if record.signed_by else "",
        ]  # fmt: skip
