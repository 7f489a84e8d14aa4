"""The outcomes dashboard: figures from the database, filters, scope per role, cache, audit."""

from datetime import UTC, date, datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from remission.audit.models import AuditEvent
from remission.clinical.statistics import Rate
from remission.insights.cohort import Filters
from remission.insights.dashboard import dashboard
from remission.insights.models import OutcomeFact, PatientOutcome
from remission.insights.summaries import refresh_clinic
from remission.measures.models import DueQuestionnaire, RiskAlert
from remission.patients.models import Patient
from remission.treatments.models import HistoryVersion, StagingResult
from tests.conftest import CANARY_FAMILY, CANARY_GIVEN, client_for
from tests.insights.cohorts import course, patient_in, score

URL = reverse("insights:dashboard")


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.fixture
def cohort(world):
    """The hand-computed ketamine cohort of test_figures, in clinic A; patient 3 on the outsider's
    care team only. One PHQ-9 patient on medication steps."""
    p1, p2 = patient_in(world, 1), patient_in(world, 2)
    p3 = patient_in(world, 3, team=[world.outsider])
    for p, start, end in ((p1, date(2024, 1, 1), date(2024, 1, 21)),
                          (p2, date(2024, 2, 1), date(2024, 2, 21)),
                          (p3, date(2024, 3, 1), date(2024, 3, 21))):  # fmt: skip
        course(p, "ketamine_iv", start, end)
    for p, when, total in ((p1, date(2023, 12, 28), 20), (p1, date(2024, 1, 22), 8),
                           (p1, date(2024, 4, 1), 4), (p2, date(2024, 2, 1), 16),
                           (p2, date(2024, 2, 22), 9), (p3, date(2024, 3, 1), 18),
                           (p3, date(2024, 3, 20), 5)):  # fmt: skip
        score(p, "qids_sr16", when, total)
    p4 = patient_in(world, 4)
    course(p4, "antidepressant", date(2024, 5, 1), date(2024, 7, 1), drug="sertraline")
    score(p4, "phq9", date(2024, 5, 1), 22)
    score(p4, "phq9", date(2024, 7, 2), 3)
    return [p1, p2, p3, p4]


def ketamine(board, window):
    section = next(s for s in board.pathways if s.get("pathway") == "ketamine_iv")
    return next(r for r in section["rows"] if r["window_id"] == window)


def ketamine_end(board):
    return ketamine(board, "end")


def test_admin_sees_the_whole_clinic_with_the_benchmark_beside_the_same_definition(world, cohort):
    board = dashboard(world.admin, Filters())
    end = ketamine_end(board)
    assert (end["due"], end["response"].events, end["response"].total) == (3, 2, 3)
    assert [b.id for b in end["benchmarks"]] == ["elektd_ketamine_qids"]
    medication = next(s for s in board.pathways if s["pathway"] == "medication")
    assert medication["patients"] == 1
    assert all(not r["benchmarks"] for r in medication["rows"])  # PHQ-9: no STAR*D benchmark


def test_clinician_sees_only_their_own_patients(world, cohort):
    end = ketamine_end(dashboard(world.psychiatrist, Filters()))
    assert (end["due"], end["response"].events) == (2, 1)  # patients 1 and 2


def test_filters_by_pathway_dates_severity_and_clinician(world, cohort):
    only_med = dashboard(world.admin, Filters(pathway="medication"))
    assert [s["pathway"] for s in only_med.pathways] == ["medication"]
    later = dashboard(world.admin, Filters(start_from=date(2024, 2, 1), start_to=date(2024, 3, 31)))
    assert ketamine_end(later)["due"] == 2
    severe = dashboard(world.admin, Filters(severity="severe"))  # PHQ-9 22 at baseline
    assert [s["pathway"] for s in severe.pathways] == ["medication"]
    outsider = dashboard(world.admin, Filters(clinician=world.outsider.pk))
    assert ketamine_end(outsider)["due"] == 1


def test_stage_filter_and_staging_change(world, cohort):
    p1 = cohort[0]
    version = HistoryVersion.objects.create(patient=p1, number=1, history={}, change="test")
    for stage in (2, 3):
        StagingResult.objects.create(
            patient=p1, history_version=version, as_of=date(2024, 1, 1), trigger="history_changed",
            definition={}, report={}, trd=True, adequate_failures=2, thase_rush_stage=stage,
            mgh_s_score=3.0,
        )  # fmt: skip
    board = dashboard(world.admin, Filters(stage=3))
    assert ketamine_end(board)["due"] == 1
    assert board.staging["higher"] == 1


def test_operations_completion_and_alert_handling(world, cohort):
    p1 = cohort[0]
    for status in ("completed", "completed", "missed", "due"):
        DueQuestionnaire.objects.create(patient=p1, instrument="phq9", due_on=date(2024, 1, 5),
                                        status=status)  # fmt: skip
    assessment = score(p1, "phq9", date(2024, 1, 5), 12)
    RiskAlert.objects.create(
        patient=p1, assessment=assessment, item="q9", item_label="", answer=2, answer_label="",
        priority="urgent", rule="", source="", raised_at=datetime(2024, 1, 5, 10, tzinfo=UTC),
        status="acknowledged", acknowledged_at=datetime(2024, 1, 5, 13, tzinfo=UTC),
    )  # fmt: skip
    ops = dashboard(world.admin, Filters()).operations
    assert (ops["completion"].events, ops["completion"].total) == (2, 3)
    assert ops["median_hours_to_acknowledge"] == 3.0
    assert (ops["alerts_open"], ops["alerts_overdue"]) == (0, 0)


def test_second_view_comes_from_the_cache_until_the_data_change(world, cohort):
    assert not dashboard(world.admin, Filters()).cached
    assert dashboard(world.admin, Filters()).cached
    score(cohort[1], "qids_sr16", date(2024, 5, 2), 4)
    fresh = dashboard(world.admin, Filters())
    assert not fresh.cached
    assert dashboard(world.psychiatrist, Filters()).cached is False  # another scope, another key


def test_a_change_to_the_record_rebuilds_only_that_patients_summary(world, cohort):
    p1, p2 = cohort[0], cohort[1]
    in_clinic = Patient.objects.filter(clinic=world.clinic_a).count()
    assert refresh_clinic(world.clinic_a.pk) == in_clinic  # every patient summarised once
    assert refresh_clinic(world.clinic_a.pk) == 0  # nothing changed since
    score(p2, "qids_sr16", date(2024, 5, 2), 4)  # patient 2 now measured at 3 months
    assert PatientOutcome.objects.get(patient=p2).stale
    assert not PatientOutcome.objects.get(patient=p1).stale
    three = ketamine(dashboard(world.admin, Filters()), "3m")
    assert (three["due"], three["measured"], three["response"]) == (3, 2, Rate(2, 2))
    assert refresh_clinic(world.clinic_a.pk) == 0

    p2.trials.get().delete()  # no trial left: patient 2 leaves the pathway
    assert refresh_clinic(world.clinic_a.pk) == 1
    assert PatientOutcome.objects.get(patient=p2).pathway == ""
    assert not OutcomeFact.objects.filter(summary__patient=p2).exists()


def test_patients_written_without_signals_are_summarised_on_the_next_view(world, cohort):
    refresh_clinic(world.clinic_a.pk)
    PatientOutcome.objects.filter(patient=cohort[0]).delete()  # as after a bulk import
    assert ketamine(dashboard(world.admin, Filters()), "end")["due"] == 3


@pytest.mark.parametrize("persona", ["admin", "researcher", "psychiatrist"])
def test_page_shows_aggregates_and_no_patient_name(world, cohort, persona):
    response = client_for(getattr(world, persona)).get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert "ELEKT-D, ketamine arm: 55.4%" in body
    assert "Anand et al. 2023" in body
    for name in (CANARY_GIVEN, CANARY_FAMILY, "Given1", "Family2", "T-0001"):
        assert name not in body
    assert AuditEvent.objects.filter(action="insights.dashboard.viewed").exists()


def test_bad_filter_dates_are_named(world, cohort):
    response = client_for(world.admin).get(
        URL, {"start_from": "2024-05-01", "start_to": "2024-01-01"}
    )
    assert "The end date must not be before the start date." in response.content.decode()


def test_patients_and_family_are_refused(world):
    assert client_for(world.patient_user).get(URL).status_code == 403


def test_refresh_command_rebuilds_ahead_of_the_first_view(world, cohort, capsys):
    from remission.cli import main

    assert main(["dashboard", "refresh", "--clinic", "clinic-a"]) == 0
    in_clinic = Patient.objects.filter(clinic=world.clinic_a).count()
    assert f"clinic-a: {in_clinic} patient summaries rebuilt" in capsys.readouterr().out
    assert not PatientOutcome.objects.filter(clinic=world.clinic_a, stale=True).exists()
    assert main(["dashboard", "refresh", "--clinic", "nowhere"]) == 2
    assert "no clinic with the slug 'nowhere'" in capsys.readouterr().err


def test_the_page_says_when_another_view_was_still_updating_figures(world, cohort, monkeypatch):
    from remission.insights import summaries

    monkeypatch.setattr(summaries, "pending", lambda clinic_id: 2)
    body = client_for(world.admin).get(URL).content.decode()
    assert "The figures of 2 patients were still being updated by another view" in body
