"""The demo clinic's treatment histories span the stages and are genuine core results."""

from datetime import date

import pytest

from remission.clinical.history import (
    AdequacyCriteria,
    TrdDefinition,
    assess_history,
    parse_history,
    report_as_dict,
)
from remission.demo.clinic import load_demo
from remission.patients.models import Patient
from remission.treatments.models import Contributor, PseudoResistanceReview, StagingResult, Trial


@pytest.mark.django_db
def test_demo_patients_have_histories_that_span_the_stages():
    load_demo()

    patients = Patient.objects.filter(clinic__slug="lakeside")
    latest = {}
    for result in StagingResult.objects.filter(patient__in=patients).order_by("id"):
        latest[result.patient_id] = result
    assert len(latest) == 40
    assert {r.thase_rush_stage for r in latest.values()} == {0, 1, 2, 3, 4, 5}
    assert 0 < sum(r.trd for r in latest.values()) < 40
    assert (
        Trial.objects.filter(patient__in=patients, kind="ect").values("patient").distinct().count()
        >= 3
    )

    reviews = {}
    for review in PseudoResistanceReview.objects.filter(patient__in=patients).order_by("id"):
        reviews[review.patient_id] = review
    trd = [r.patient_id for r in latest.values() if r.trd]
    assert any(reviews[p].open_items for p in trd if p in reviews)  # review before labelling
    assert any(not reviews[p].open_items for p in trd if p in reviews)
    assert Contributor.objects.filter(patient__in=patients, kind="trauma").exists()

    for result in latest.values():  # each stored result is what the core computes from its version
        definition = TrdDefinition(AdequacyCriteria(result.definition["min_weeks"]))
        history = parse_history(
            {**result.history_version.history, "as_of": result.as_of.isoformat()}
        )
        assert report_as_dict(assess_history(history, definition)) == result.report
        assert result.as_of <= date.today()
