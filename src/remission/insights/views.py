"""The outcomes dashboard page (aggregates only; no patient is named or linked)."""

import io
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from remission.access import PATIENT_CHART, route
from remission.access.policies import OUTCOMES, RESEARCHER
from remission.audit import trail
from remission.insights import report, research
from remission.insights.charts import time_to_chart
from remission.insights.dashboard import dashboard as build_dashboard
from remission.insights.forms import FilterForm
from remission.insights.pathways import Pathway
from remission.patients.models import Patient


@route(OUTCOMES, audit_reads=False)
def dashboard(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None, user=request.user)  # type: ignore[arg-type]
    filters = form.filters()
    board = build_dashboard(request.user, filters)  # type: ignore[arg-type]
    trail.record(request, "insights.dashboard.viewed", detail={"filters": board.filters})
    return render(
        request,
        "insights/dashboard.html",
        {
            "form": form,
            "board": board,
            "charts": _charts(board.time_to),
            "own_patients": request.user.is_clinician,  # type: ignore[union-attr]
            "section": "outcomes",
        },
    )


def _charts(time_to: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_pathway: dict[Pathway, dict[str, Any]] = {}
    for entry in time_to:
        by_pathway.setdefault(entry["pathway"], {})[entry["event"]] = entry["estimate"]
    return [
        {
            "label": pathway.label,
            "response": events.get("response"),
            "remission": events.get("remission"),
            "chart": time_to_chart(
                f"Time to response and remission: {pathway.label}",
                events.get("response"),
                events.get("remission"),
                f"km-{pathway.value}",
            ),
        }
        for pathway, events in by_pathway.items()
    ]


@route(RESEARCHER, methods=("GET", "POST"), audit_reads=False)
def research_export(request: HttpRequest) -> HttpResponse:
    """GET: what the export holds; POST: the de-identified data set as a zip (audited)."""
    if request.method != "POST":
        return render(
            request,
            "insights/research_export.html",
            {"tables": research.TABLES, "section": "research"},
        )
    clinic = request.user.clinic  # type: ignore[union-attr]
    with tempfile.TemporaryDirectory() as folder:
        files = research.export_research(request, clinic, Path(folder) / "research")  # type: ignore[arg-type]
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in files:
                archive.write(path, f"research/{path.name}")
            archive.write(Path(folder) / "research" / "README.txt", "research/README.txt")
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="remission-research-{stamp}.zip"'
    return response


@route(PATIENT_CHART)
def progress_report(request: HttpRequest, patient: Patient) -> HttpResponse:
    """The progress report PDF for referrers and payers (the print is audited)."""
    content = report.progress_report_pdf(patient)
    trail.record(request, "insights.report.printed", patient=patient)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="progress-report.pdf"'
    return response
