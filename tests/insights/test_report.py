"""The progress report PDF: history, staging and each trajectory with its chart; audited."""

from datetime import UTC, date, datetime

from django.template.loader import render_to_string
from django.urls import reverse

from remission.audit.models import AuditEvent
from remission.insights.report import report_context
from remission.measures import services
from remission.measures.models import Source
from remission.treatments.models import Trial
from tests.conftest import client_for


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
    assert "Baseline 17" in html and "latest 14" in html
    assert "<svg" in html
    assert AuditEvent.objects.filter(action="insights.report.printed", patient=patient).exists()


def test_chart_links_the_report_and_the_fhir_bundle(world):
    body = client_for(world.psychiatrist).get(f"/patients/{world.patient.pk}/").content.decode()
    assert reverse("insights:progress_report", args=[world.patient.pk]) in body
    assert f"/api/patients/{world.patient.pk}/fhir" in body
