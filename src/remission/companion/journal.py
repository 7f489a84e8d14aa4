"""Reading the mood journal: trends, plain-language bands and the chart (no writes here)."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import mean

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from remission.companion.forms import SCALE_LABELS
from remission.companion.models import CheckIn
from remission.patients.models import Patient
from remission.web.charts import Chart, Point, Series, line_chart

SCALES = ("mood", "anxiety", "sleep", "energy")


def scale_names() -> dict[str, str]:
    return {"mood": _("Mood"), "anxiety": _("Anxiety"), "sleep": _("Sleep"), "energy": _("Energy")}


def band(scale: str, value: float) -> str:
    """The plain-language label nearest to ``value`` on the 1-5 scale."""
    labels = dict(SCALE_LABELS[scale])
    return str(labels[min(5, max(1, round(value)))])


def check_ins(patient: Patient, *, shared_only: bool = False) -> QuerySet[CheckIn]:
    entries = CheckIn.objects.filter(patient=patient)
    return entries.filter(shared=True) if shared_only else entries


def recent(entries: QuerySet[CheckIn], days: int) -> list[CheckIn]:
    since = timezone.now() - timedelta(days=days)
    return list(entries.filter(recorded_at__gte=since).order_by("recorded_at"))


@dataclass(frozen=True)
class Trend:
    scale: str
    name: str
    this_week: float | None
    last_week: float | None
    band: str
    direction: str  # "higher", "lower", "same", ""


def trends(entries: Sequence[CheckIn], today: date | None = None) -> list[Trend]:
    """This week's average of each scale against last week's, in words."""
    today = today or timezone.localdate()
    this_start, last_start = today - timedelta(days=6), today - timedelta(days=13)
    names = scale_names()
    result = []
    for scale in SCALES:
        now = [
            getattr(e, scale) for e in entries if timezone.localdate(e.recorded_at) >= this_start
        ]
        before = [
            getattr(e, scale)
            for e in entries
            if last_start <= timezone.localdate(e.recorded_at) < this_start
        ]
        this_week = mean(now) if now else None
        last_week = mean(before) if before else None
        direction = ""
        if this_week is not None and last_week is not None:
            diff = this_week - last_week
            direction = "higher" if diff >= 0.5 else "lower" if diff <= -0.5 else "same"
        result.append(
            Trend(
                scale,
                names[scale],
                this_week,
                last_week,
                band(scale, this_week) if this_week is not None else "",
                direction,
            )
        )
    return result


def chart(entries: Sequence[CheckIn], *, days: int, chart_id: str) -> Chart:
    """Drawn by ``web/line_chart.svg``."""
    today = timezone.localdate()
    names = scale_names()
    labels = {1.0: _("1 low"), 2.0: "2", 3.0: "3", 4.0: "4", 5.0: _("5 high")}
    series = [
        Series(names[scale], [Point(e.recorded_at, getattr(e, scale)) for e in entries], css)
        for scale, css in (("mood", "chart-line-1"), ("energy", "chart-line-2"),
                           ("sleep", "chart-line-3"))
    ]  # fmt: skip
    return line_chart(
        _("Mood, energy and sleep over the last %(days)d days") % {"days": days},
        series,
        chart_id=chart_id,
        description=_(
            "Each line runs from 1 (lowest) to 5 (highest); the table below has the same numbers."
        ),
        y_min=1,
        y_max=5,
        y_labels=labels,
        start=today - timedelta(days=days - 1),
        end=today,
    )
