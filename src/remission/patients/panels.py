from django.http import HttpRequest

from remission.patients.chart import Panel
from remission.patients.models import CareTeamMember, Patient


def care_team(request: HttpRequest, patient: Patient) -> Panel:
    members = CareTeamMember.objects.filter(patient=patient).select_related("user")
    return Panel("patients/panels/care_team.html", {"members": members})
