"""The progress report PDF: history, staging, the current care plan and each trajectory with its
chart; audited."""

from datetime import UTC, date, datetime, timedelta

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from remission.audit.models import AuditEvent
from remission.clinical.planning import rule_set
from remission.insights.report import report_context
from remission.measures import services
from remission.measures.models import Source
from remission.treatments.models import Trial
from tests.conftest import client_for
from tests.planning.conftest import offered, plan_for, record_trd


def fill(world):
    patient = world.patient
    for day, q1 in ((1, 3), (29, 0)):
        answers = {f"q{n}": 2 for n in range(1, 10)} | {"q1": q1, "q9": 0}
        services.record_assessment(
            world.psychiatrist, patient, "phq9", answers, source=Source.CLINICIAN,
            administered_at=datetime(2024, 3, day, 9, tzinfo=UTC),
        )  # fmt: skip
    Trial.objects.create(patient=patient, kind="ketamine_iv", outcome="response",
                         started_on=date(2024, 3, 1), ended_on=date(2024, 3, 21), sessions=6)  # fmt: skip
    return patient


def test_report_context_has_the_history_and_a_chart_per_instrument(world):
    context = report_context(fill(world))
    assert [t.kind for t in context["trials"]] == ["ketamine_iv"]
    (track,) = context["tracks"]
    assert [a.total for a in track["track"].assessments] == [17, 14]
    assert track["chart"].series[0]["points"]


def test_care_team_prints_the_pdf_and_the_print_is_audited(world):
    patient = fill(world)
    response = client_for(world.psychiatrist).get(
        reverse("insights:progress_report", args=[patient.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    html = render_to_string("insights/progress_report.html", report_context(patient))
    assert "IV ketamine" in html and "Thase-Rush" not in html  # not staged yet: no table
    assert "Not staged yet." in html
    assert "No care plan recorded." in html
    assert "Baseline 17" in html and "latest 14" in html
    chart = html[html.index("<svg") : html.index("</svg>")]
    assert ".line { fill: none;" in chart  # WeasyPrint styles an inline SVG only from inside it
    assert AuditEvent.objects.filter(action="insights.report.printed", patient=patient).exists()


def test_chart_links_the_report_and_the_fhir_bundle(world):
    body = client_for(world.psychiatrist).get(f"/patients/{world.patient.pk}/").content.decode()
    assert reverse("insights:progress_report", args=[world.patient.pk]) in body
    assert f"/api/patients/{world.patient.pk}/fhir" in body


def day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


def test_report_shows_the_current_care_plan_without_its_narrative(world):
    record_trd(world)
    chosen = [offered(world.patient)[0].id]
    plan_for(world, chosen)
    current = plan_for(
        world, chosen, based_on=1, review_in_days=42,
        preferences="PRIVATE-PREFERENCES", rationale="PRIVATE-RATIONALE",
        responsible=[world.psychiatrist, world.therapist],
        steps=[{"kind": "medication_change", "description": "Add aripiprazole 2 mg"}],
    )  # fmt: skip
    context = report_context(world.patient)
    assert context["plan"]["version"] == current

    html = render_to_string("insights/progress_report.html", context)
    today = timezone.localdate()
    title = next(o.title for o in rule_set().options if o.id == chosen[0])
    for shown in [
        f"Version 2 of {day(today)}",
        title,
        f"PHQ-9 below 10 by {day(today + timedelta(days=90))}",
        "Medication change: Add aripiprazole 2 mg",
        "PHQ-9 every 14 days",
        day(today + timedelta(days=42)),
        f"{world.psychiatrist.display_name}, {world.therapist.display_name}",
    ]:
        assert shown in html
    assert "CBASP" not in html  # version 1's step
    assert "PRIVATE" not in html
    assert "No care plan recorded." not in html
