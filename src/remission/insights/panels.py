from django.http import HttpRequest

from remission.patients.chart import Panel
from remission.patients.models import Patient


def reports(request: HttpRequest, patient: Patient) -> Panel:
    """Links to the printable progress report and the FHIR export of this record."""
    return Panel("insights/panels/reports.html", {"patient": patient})
