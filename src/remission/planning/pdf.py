"""The patient's version of a care plan in plain words, as a PDF (WeasyPrint, system fonts), in
English or German."""

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation

from remission.audit import trail
from remission.planning.models import PlanVersion
from remission.planning.presenters import version_view

LANGUAGES = ("en", "de")


def plan_pdf(version: PlanVersion, language: str) -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(
            "planning/patient_pdf.html",
            {
                "shown": version_view(version),
                "patient": version.patient,
                "printed_at": timezone.now(),
                "language": language,
            },
        )
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def response(request: HttpRequest, version: PlanVersion, language: str) -> HttpResponse:
    content = plan_pdf(version, language)
    trail.record(
        request,
        "planning.plan.printed",
        patient=version.patient,
        obj=version,
        detail={"version": version.number, "language": language},
    )
    result = HttpResponse(content, content_type="application/pdf")
    result["Content-Disposition"] = f'inline; filename="care-plan-v{version.number}-{language}.pdf"'
    return result
