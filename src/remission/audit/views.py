import csv
from collections.abc import Iterator

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from remission.access import CLINIC_ADMIN, route
from remission.audit import trail
from remission.audit.forms import AuditFilterForm
from remission.audit.models import AuditEvent
from remission.audit.queries import clinic_events
from remission.web.http import AuthenticatedRequest

CSV_COLUMNS = [
    "id", "at_utc", "actor", "actor_role", "action", "outcome", "patient_record_number",
    "object_type", "object_id", "ip", "request_id", "detail",
]  # fmt: skip


def _filtered(request: AuthenticatedRequest) -> tuple[AuditFilterForm, dict[str, object]]:
    clinic_id = request.user.clinic_pk
    form = AuditFilterForm(request.GET or None, clinic_id=clinic_id)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    return form, filters


@route(CLINIC_ADMIN)
def events(request: AuthenticatedRequest) -> HttpResponse:
    form, filters = _filtered(request)
    events = clinic_events(request.user.clinic_pk, filters)
    page = Paginator(events, settings.PAGE_SIZE * 2).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    unsorted = query.copy()
    unsorted.pop("sort", None)
    return render(
        request,
        "audit/events.html",
        {"form": form, "page": page, "query": query.urlencode(), "section": "audit",
         "unsorted": unsorted.urlencode(), "sort": filters.get("sort") or "-at"},
    )  # fmt: skip


@route(CLINIC_ADMIN)
def export_csv(request: AuthenticatedRequest) -> StreamingHttpResponse:
    _, filters = _filtered(request)
    trail.record(
        request,
        "audit.log.exported",
        detail={key: str(value) for key, value in filters.items() if value},
    )
    rows = clinic_events(request.user.clinic_pk, filters)
    response = StreamingHttpResponse(_csv_lines(rows.iterator(2000)), content_type="text/csv")
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_lines(events: Iterator[AuditEvent]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(CSV_COLUMNS)
    for event in events:
        row = [
            event.pk, event.at.isoformat(), event.actor_label, event.actor_role, event.action,
            event.outcome, event.patient.mrn if event.patient else "", event.object_type,
            event.object_id, event.ip or "", event.request_id, event.detail or "",
        ]  # fmt: skip
        yield writer.writerow([_cell(value) for value in row])


def _cell(value: object) -> object:
    """Text never starts with a spreadsheet formula character (CSV injection, OWASP)."""
    if isinstance(value, int):
        return value
    text = str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
