"""The printable safety plan (WeasyPrint; works offline with the system fonts)."""

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from remission.audit import trail
from remission.companion.safety import safety_plan_context
from remission.patients.models import Patient


def safety_plan_pdf(patient: Patient) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "companion/safety_plan_pdf.html",
        {**safety_plan_context(patient), "printed_at": timezone.now()},
    )
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def safety_plan_response(request: HttpRequest, patient: Patient) -> HttpResponse:
    content = safety_plan_pdf(patient)
    trail.record(request, "companion.safety_plan.printed", patient=patient)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="safety-plan.pdf"'
    return response
