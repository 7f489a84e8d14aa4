"""The companion's panels in the clinician's chart (registered in ``patients.chart.PANELS``)."""

from django.db.models import Count, Q
from django.http import HttpRequest

from remission.companion import journal, skills
from remission.companion.models import (
    GroupMembership,
    HomeworkAssignment,
    HomeworkStatus,
    LinkStatus,
    SupportLink,
)
from remission.companion.safety import current_safety_plan
from remission.patients.chart import Panel
from remission.patients.models import Patient


def check_ins(request: HttpRequest, patient: Patient) -> Panel:
    recent = journal.recent(journal.check_ins(patient, shared_only=True), 28)
    return Panel(
        "companion/panels/check_ins.html",
        {
            "entries": recent[-5:][::-1],
            "count": len(recent),
            "chart": journal.chart(recent, days=28, chart_id="panel-trend") if recent else "",
        },
    )


def safety_plan(request: HttpRequest, patient: Patient) -> Panel:
    return Panel("companion/panels/safety_plan.html", {"plan": current_safety_plan(patient)})


def homework(request: HttpRequest, patient: Patient) -> Panel:
    items = HomeworkAssignment.objects.filter(patient=patient).exclude(
        status=HomeworkStatus.WITHDRAWN
    )[:8]
    return Panel(
        "companion/panels/homework.html",
        {"items": [(item, skills.exercise(item.exercise)) for item in items]},
    )


def support_network(request: HttpRequest, patient: Patient) -> Panel:
    links = SupportLink.objects.filter(patient=patient).exclude(status=LinkStatus.REVOKED)
    return Panel(
        "companion/panels/support_network.html",
        {"links": links, "has_portal": patient.user_id is not None},
    )


def peer_groups(request: HttpRequest, patient: Patient) -> Panel | None:
    memberships = (
        GroupMembership.objects.filter(patient=patient)
        .select_related("group")
        .annotate(attended=Count("attendance", filter=Q(attendance__present=True)))
    )
    if not memberships:
        return None
    return Panel("companion/panels/peer_groups.html", {"memberships": memberships})
