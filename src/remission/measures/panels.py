"""The measures panel of the chart: the latest score of each instrument and open alerts."""

from django.http import HttpRequest

from remission.measures.models import (
    AlertStatus,
    Assessment,
    DueQuestionnaire,
    DueStatus,
    RiskAlert,
)
from remission.patients.chart import Panel
from remission.patients.models import Patient


def measures(request: HttpRequest, patient: Patient) -> Panel:
    latest: dict[str, Assessment] = {}
    for assessment in Assessment.objects.filter(patient=patient, complete=True).order_by(
        "-administered_at", "-id"
    )[:60]:
        latest.setdefault(assessment.instrument, assessment)
    return Panel(
        "measures/panel.html",
        {
            "latest": list(latest.values()),
            "open_alerts": RiskAlert.objects.filter(patient=patient, status=AlertStatus.OPEN),
            "missed": DueQuestionnaire.objects.filter(
                patient=patient, status=DueStatus.MISSED
            ).count(),
        },
    )
