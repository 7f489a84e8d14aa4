"""The per-patient progress report for referrers and payers (PDF, WeasyPrint, local fonts):
treatment history, TRD staging, the current care plan, and each instrument's trajectory with its
chart and outcome.

The care plan is the current version as the planning pages present it (``version_view``): the
options chosen with their titles, goals, steps, measurement plan, review date and responsible
clinicians. Like the history it carries no narrative text: the patient's preferences, the
rationale and an override reason stay in the chart (docs/insights.md, "Progress report").
"""

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from remission.measures.progress import trajectories
from remission.measures.trajectory_charts import trajectory_chart
from remission.patients.models import Patient
from remission.planning.presenters import version_view
from remission.planning.services import current_version
from remission.treatments.models import StagingResult, Trial


def report_context(patient: Patient) -> dict[str, Any]:
    tracks = trajectories(patient)
    plan = current_version(patient)
    return {
        "patient": patient,
        "trials": Trial.objects.filter(patient=patient, removed_at__isnull=True).order_by(
            "started_on", "id"
        ),
        "staging": StagingResult.objects.filter(patient=patient).order_by("-id").first(),
        "plan": version_view(plan) if plan else None,
        "tracks": [{"track": t, "chart": trajectory_chart(t, patient)} for t in tracks],
        "printed_at": timezone.now(),
    }


def progress_report_pdf(patient: Patient) -> bytes:
    from weasyprint import HTML

    html = render_to_string("insights/progress_report.html", report_context(patient))
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
