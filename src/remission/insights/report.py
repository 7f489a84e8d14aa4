"""The per-patient progress report for referrers and payers (PDF, WeasyPrint, local fonts):
treatment history, TRD staging, and each instrument's trajectory with its chart and outcome.

No treatment plan section yet: Remission has no stored plan to report (planning offers options
in the chart; what was chosen is not yet recorded as a plan).
"""

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from remission.measures.progress import trajectories
from remission.measures.trajectory_charts import trajectory_chart
from remission.patients.models import Patient
from remission.treatments.models import StagingResult, Trial


def report_context(patient: Patient) -> dict[str, Any]:
    tracks = trajectories(patient)
    return {
        "patient": patient,
        "trials": Trial.objects.filter(patient=patient, removed_at__isnull=True).order_by(
            "started_on", "id"
        ),
        "staging": StagingResult.objects.filter(patient=patient).order_by("-id").first(),
        "tracks": [{"track": t, "chart": trajectory_chart(t, patient)} for t in tracks],
        "printed_at": timezone.now(),
    }


def progress_report_pdf(patient: Patient) -> bytes:
    from weasyprint import HTML

    html = render_to_string("insights/progress_report.html", report_context(patient))
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
