"""The alert inbox (on every page for clinicians) and acknowledging an alert."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from remission.access import CLINICIAN, route
from remission.audit import trail
from remission.measures import services
from remission.measures.alerts import alerts_visible_to, open_alert_count
from remission.measures.forms import AcknowledgeForm
from remission.measures.models import AlertStatus
from remission.web.http import AuthenticatedRequest


@route(CLINICIAN)
def inbox(request: AuthenticatedRequest) -> HttpResponse:
    visible = alerts_visible_to(request.user)
    return render(
        request,
        "measures/alerts.html",
        {
            "open_alerts": visible.filter(status=AlertStatus.OPEN).order_by(
                "-priority", "raised_at"
            ),
            "closed_alerts": visible.filter(status=AlertStatus.ACKNOWLEDGED).order_by(
                "-acknowledged_at"
            )[:20],
            "section": "alerts",
        },
    )


@route(CLINICIAN, passive=True)
def badge(request: AuthenticatedRequest) -> HttpResponse:
    """The inbox count, polled by the page; polling is not activity (security-targets T13)."""
    return render(
        request, "measures/alert_badge.html", {"open_alert_count": open_alert_count(request.user)}
    )


@route(CLINICIAN, methods=["GET", "POST"])
def alert_detail(request: AuthenticatedRequest, alert_id: int) -> HttpResponse:
    alert = get_object_or_404(alerts_visible_to(request.user), pk=alert_id)
    if request.method == "GET":
        trail.record(request, "measures.alert.viewed", patient=alert.patient, obj=alert)
    form = AcknowledgeForm(request.POST or None)
    if request.method == "POST" and alert.status == AlertStatus.OPEN and form.is_valid():
        try:
            services.acknowledge_alert(
                request, alert, form.cleaned_data["action"], form.cleaned_data["note"]
            )
        except services.AlreadyAcknowledged:
            messages.info(request, _("Someone else acknowledged this alert a moment ago."))
        else:
            messages.success(request, _("The alert is acknowledged."))
        return redirect("measures:alert", alert_id=alert.pk)
    return render(
        request,
        "measures/alert.html",
        {"alert": alert, "form": form, "patient": alert.patient, "section": "alerts"},
    )
