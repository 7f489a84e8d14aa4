"""The outcomes dashboard page (aggregates only; no patient is named or linked)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from remission.access import route
from remission.access.policies import OUTCOMES
from remission.audit import trail
from remission.insights.charts import time_to_chart
from remission.insights.dashboard import dashboard as build_dashboard
from remission.insights.forms import FilterForm
from remission.insights.pathways import Pathway


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
