"""Response over a series: scores per dose, end-of-induction response and remission, and the
relapse signal in maintenance (core :mod:`remission.clinical.protocols.response`).

The scores are the clinic's pre-dose questionnaire (a setting). Remission uses the instrument's
published remission criterion where one ships; the relapse threshold is the clinic's. A relapse
signal suggests options to the clinician and books nothing.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone

from remission.clinical.instruments.registry import get_instrument
from remission.clinical.protocols import response
from remission.clinical.protocols.errors import ProtocolInputError
from remission.interventional.clinic_settings import settings_for
from remission.interventional.models import DoseSession, Series
from remission.measures.models import Assessment
from remission.patients.models import Patient
from remission.web.charts import Marker


@dataclass(frozen=True)
class SeriesResponse:
    instrument: str
    scores: list[tuple[date, int]]
    induction: response.InductionResponse | None
    induction_note: str
    relapse: response.BoosterSuggestion | None
    threshold: int


def remission_cut_off(instrument_id: str) -> int | None:
    outcomes = get_instrument(instrument_id).outcomes
    for criterion in outcomes.remission if outcomes else ():
        if criterion.kind == "at_most":
            return criterion.at
    return None


def series_response(series: Series, sessions: list[DoseSession]) -> SeriesResponse:
    chosen = settings_for(series.patient.clinic_id)
    instrument = chosen.response_instrument
    scores = [
        (timezone.localdate(a.administered_at), a.total)
        for a in Assessment.objects.filter(
            patient=series.patient, instrument=instrument, complete=True, total__isnull=False
        ).order_by("administered_at")
        if a.total is not None
    ]
    induction_days = [s.planned_on for s in sessions if s.phase == "induction"]
    later = [s.planned_on for s in sessions if s.phase != "induction"]
    first, last = induction_days[0], induction_days[-1]
    # The end-of-induction score is the one taken before the first maintenance dose, or within a
    # week of the last induction dose when the series has no maintenance phase.
    end = later[0] if later else last + timedelta(days=7)
    maintenance_start = later[0] if later else last + timedelta(days=1)
    result, note = None, ""
    if timezone.localdate() <= last:
        note = f"Induction runs until {last}"
    else:
        try:
            result = response.induction_response(
                scores, first_dose=first, induction_end=end,
                remission_at_or_below=remission_cut_off(instrument),
            )  # fmt: skip
        except ProtocolInputError as missing:
            note = str(missing)
    relapse = response.relapse_signal(
        scores, maintenance_start=maintenance_start, threshold=chosen.relapse_threshold
    )
    return SeriesResponse(instrument, scores, result, note, relapse, chosen.relapse_threshold)


def dose_markers(patient: Patient) -> list[Marker]:
    """Each dose given, for the score trajectory charts (``EVENT_SOURCES``)."""
    from remission.interventional.models import DoseRecord

    markers = []
    for record in DoseRecord.objects.filter(
        patient=patient, dosing_started_at__isnull=False, amendment__isnull=True
    ).select_related("session__series"):
        series = record.session.series
        assert record.dosing_started_at is not None
        markers.append(
            Marker(
                record.dosing_started_at,
                f"{series.get_kind_display()} dose {record.session.number}",
                "treatment",
            )
        )
    return markers
