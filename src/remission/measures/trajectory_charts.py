"""A patient's trajectory on one instrument as a chart: scores over time on the severity bands,
with treatment events from other capabilities marked (see ``EVENT_SOURCES``)."""

from collections.abc import Callable, Iterable
from datetime import datetime

from django.utils.module_loading import import_string

from remission.measures.progress import Trajectory
from remission.patients.models import Patient
from remission.web.charts import Band, Chart, Marker, Point, Series, line_chart

# Functions (patient) -> markers, added by the capabilities that have treatment events
# (medication changes, infusions, sessions).
EVENT_SOURCES: tuple[str, ...] = (
    "remission.treatments.timeline.treatment_markers",
    "remission.interventional.response.dose_markers",
)


def trajectory_chart(
    trajectory: Trajectory, patient: Patient, x_range: tuple[datetime, datetime] | None = None
) -> Chart:
    instrument = trajectory.instrument
    latest = trajectory.latest
    bands = _bands(instrument, latest.band_set)
    points = [Point(a.administered_at, a.total or 0, a.band_label) for a in trajectory.assessments]
    top = latest.details.get("max_total") or max(p.value for p in points)
    return line_chart(
        f"{instrument.short_name} over time",
        [Series(instrument.short_name, points)],
        y_max=top,
        chart_id=f"trajectory-{instrument.id}",
        bands=bands,
        markers=list(_markers(patient)),
        start=x_range[0] if x_range else None,
        end=x_range[1] if x_range else None,
    )


def _bands(instrument: object, band_set_id: str) -> list[Band]:
    for band_set in getattr(instrument, "band_sets", ()):
        if band_set.id == band_set_id and band_set.scale == "total":
            return [
                Band(b.low, b.high, b.label, tone)
                for tone, b in enumerate(band_set.bands)
                if b.low is not None and b.high is not None
            ]
    return []


def _markers(patient: Patient) -> Iterable[Marker]:
    for path in EVENT_SOURCES:
        source: Callable[[Patient], Iterable[Marker]] = import_string(path)
        yield from source(patient)
