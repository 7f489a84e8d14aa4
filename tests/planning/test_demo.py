"""The demo clinic has care plans, derived genuinely, one revised and one overdue for review."""

import pytest
from django.utils import timezone

from remission.demo.clinic import load_demo
from remission.planning import services
from remission.planning.models import CarePlan, PlanVersion
from remission.planning.worklist import reviews_due


@pytest.mark.django_db
def test_demo_patients_have_care_plans_one_revised_one_overdue():
    load_demo()

    plans = CarePlan.objects.filter(patient__clinic__slug="lakeside")
    assert plans.count() >= 3
    assert plans.filter(version=2).exists()
    overdue = plans.filter(review_on__lt=timezone.localdate())
    assert overdue.count() == 1
    lead = overdue.get().patient.care_team.first().user
    assert [due.plan for due in reviews_due(lead)] == [overdue.get()]
    for version in PlanVersion.objects.filter(patient__clinic__slug="lakeside"):
        assert version.chosen
        assert services.rederive(version) == version.derived
