"""The companion's cards on the portal home (registered in ``portal.CARDS``)."""

from django.http import HttpRequest
from django.utils import timezone

from remission.companion import journal, skills
from remission.companion.models import (
    CheckIn,
    GroupMembership,
    HomeworkAssignment,
    HomeworkStatus,
)
from remission.companion.portal import Card
from remission.companion.safety import current_safety_plan
from remission.patients.models import Patient


def check_in(request: HttpRequest, patient: Patient) -> Card:
    today = timezone.localdate()
    last = CheckIn.objects.filter(patient=patient).only("recorded_at").first()
    done_today = last is not None and timezone.localdate(last.recorded_at) == today
    return Card("companion/cards/check_in.html", {"done_today": done_today, "last": last})


def homework(request: HttpRequest, patient: Patient) -> Card | None:
    open_items = list(
        HomeworkAssignment.objects.filter(patient=patient, status=HomeworkStatus.OPEN).order_by(
            "due", "assigned_at"
        )[:5]
    )
    if not open_items:
        return None
    items = [(item, skills.exercise(item.exercise)) for item in open_items]
    return Card("companion/cards/homework.html", {"items": items, "today": timezone.localdate()})


def progress(request: HttpRequest, patient: Patient) -> Card | None:
    entries = journal.recent(journal.check_ins(patient), 28)
    if not entries:
        return None
    return Card(
        "companion/cards/progress.html",
        {
            "trends": journal.trends(entries),
            "chart": journal.chart(entries, days=28, chart_id="home-trend"),
        },
        wide=True,
    )


def safety_plan(request: HttpRequest, patient: Patient) -> Card:
    return Card("companion/cards/safety_plan.html", {"plan": current_safety_plan(patient)})


def groups(request: HttpRequest, patient: Patient) -> Card | None:
    memberships = list(
        GroupMembership.objects.filter(patient=patient, left_at__isnull=True).select_related(
            "group"
        )
    )
    if not memberships:
        return None
    return Card("companion/cards/groups.html", {"memberships": memberships})
