"""The chart's panels of this app: staging (with the pseudo-resistance review), the treatment
timeline aligned with the score trajectory, and the known contributors to resistance."""

from django.http import HttpRequest

from remission.patients.chart import Panel
from remission.patients.models import Patient
from remission.treatments import services
from remission.treatments.history import active_trials
from remission.treatments.models import SENSITIVE_KINDS, Contributor
from remission.treatments.presenters import review_view, staging_view
from remission.treatments.timeline import treatment_timeline


def staging(request: HttpRequest, patient: Patient) -> Panel:
    """Recording the episode stages the history at once: no result means no history yet."""
    result = services.latest_result(patient)
    return Panel(
        "treatments/panels/staging.html",
        {
            "staging": staging_view(result) if result else None,
            "review": review_view(services.latest_review(patient)) if result else None,
        },
    )


def timeline(request: HttpRequest, patient: Patient) -> Panel | None:
    trials = active_trials(patient)
    if not trials:
        return None  # the staging panel already invites to record the history
    return Panel("treatments/panels/timeline.html", {"drawn": treatment_timeline(patient, trials)})


def contributors(request: HttpRequest, patient: Patient) -> Panel:
    entries = list(
        Contributor.objects.filter(patient=patient, removed_at=None).order_by("kind", "id")
    )
    return Panel(
        "treatments/panels/contributors.html",
        {
            "open": [e for e in entries if e.kind not in SENSITIVE_KINDS],
            "sensitive_count": sum(1 for e in entries if e.kind in SENSITIVE_KINDS),
        },
    )
