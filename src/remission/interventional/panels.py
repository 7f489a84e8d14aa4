"""The chart panel: the patient's ketamine and esketamine series, the next dose, and ordering."""

from django.http import HttpRequest

from remission.interventional.models import Series, SeriesKind
from remission.patients.chart import Panel
from remission.patients.models import Patient


def series(request: HttpRequest, patient: Patient) -> Panel:
    chosen = list(
        Series.objects.filter(patient=patient).prefetch_related("sessions__appointment")[:6]
    )
    return Panel(
        "interventional/panels/series.html",
        {"series": chosen, "kinds": SeriesKind.choices},
    )
