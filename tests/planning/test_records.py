"""Stored plans can be derived again; the patient's version prints in English and German; the
portal shows it; reviews due reach the care team's worklist and no one else's."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from remission.audit.models import AuditEvent
from remission.clinical.planning import parse_profile, plan, plan_as_dict, rule_set
from remission.planning import services
from remission.planning.models import CarePlan, PlanVersion
from remission.planning.texts import PLAIN
from remission.planning.worklist import reviews_due
from remission.treatments import services as history
from remission.treatments.models import Trial
from tests.conftest import client_for
from tests.planning.conftest import offered, plan_for

pytestmark = pytest.mark.django_db


def test_a_stored_plan_is_derived_again_from_its_snapshot(trd):
    world = trd
    version = plan_for(world, [offered(world.patient)[0].id])
    # the record changes afterwards: a fourth failed trial
    history.add_trial(
        world.psychiatrist,
        world.patient,
        Trial(kind="antidepressant", drug="mirtazapine", doses=[{"mg_per_day": 45, "weeks": 8}],
              outcome="no_response", adherent=True),
    )  # fmt: skip
    stored = PlanVersion.objects.get(pk=version.pk)

    assert stored.rules_version == rule_set().version
    assert services.rederive(stored) == stored.derived
    # the snapshot is PROFILE.json: the core alone gives the same options
    again = plan(parse_profile(json.loads(json.dumps(stored.snapshot["profile"]))))
    assert [o["id"] for o in stored.derived["options"]] == [o.id for o in again.options]
    assert stored.derived == plan_as_dict(again)  # the clinic uses the default definition


def test_every_option_has_plain_words_for_the_patient():
    assert {spec.id for spec in rule_set().options} <= set(PLAIN)


@pytest.mark.parametrize(
    ("language", "heading"), [("en", "What we decided together"), ("de", "Was wir gemeinsam")]
)
def test_the_patient_version_prints_in_both_languages(trd, language, heading):
    world = trd
    version = plan_for(world, [offered(world.patient)[0].id])
    client = client_for(world.psychiatrist)

    url = reverse("planning:patient_pdf", args=[world.patient.pk, version.number])
    response = client.get(f"{url}?lang={language}")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert len(response.content) > 2000
    event = AuditEvent.objects.get(action="planning.plan.printed")
    assert event.detail["language"] == language
    from django.template.loader import render_to_string

    from remission.planning.presenters import version_view

    with translation.override(language):
        html = render_to_string(
            "planning/patient_pdf.html",
            {"shown": version_view(version), "patient": world.patient, "language": language,
             "printed_at": timezone.now()},
        )  # fmt: skip
    assert heading in html


def test_german_plain_words():
    with translation.override("de"):
        assert str(PLAIN["ect"]).startswith("Elektrokonvulsionstherapie")
        assert str(PLAIN["psychotherapy_cbt"]).startswith("Kognitive Verhaltenstherapie")


def test_an_unknown_language_is_not_printed(trd):
    world = trd
    version = plan_for(world, [])
    url = reverse("planning:patient_pdf", args=[world.patient.pk, version.number])
    assert client_for(world.psychiatrist).get(f"{url}?lang=fr").status_code == 404


def test_the_patient_sees_the_plan_in_the_portal_in_their_language(trd):
    world = trd
    plan_for(world, [offered(world.patient)[0].id])
    world.patient.preferred_language = "de"
    world.patient.save()
    client = client_for(world.patient_user)

    home = client.get(reverse("companion:home")).content.decode()
    assert "Ihr Behandlungsplan" in home
    page = client.get(reverse("planning:portal")).content.decode()
    assert "Was wir gemeinsam entschieden haben" in page
    pdf = client.get(reverse("planning:portal_pdf"))
    assert pdf.content.startswith(b"%PDF")


def test_the_portal_says_when_there_is_no_plan(world):
    client = client_for(world.patient_user)
    assert "do not have a care plan yet" in client.get(reverse("planning:portal")).content.decode()
    assert client.get(reverse("planning:portal_pdf")).status_code == 404


def test_an_overdue_review_is_on_the_care_teams_worklist_only(trd):
    world = trd
    plan_for(world, [])
    today = timezone.localdate()
    CarePlan.objects.update(review_on=today - timedelta(days=3))

    assert [d.days_overdue for d in reviews_due(world.nurse)] == [3]
    assert reviews_due(world.outsider) == []
    assert reviews_due(world.admin) == []
    page = client_for(world.therapist).get(reverse("planning:reviews")).content.decode()
    assert world.patient.family_name in page and "3 days overdue" in page
    home = client_for(world.psychiatrist).get(reverse("web:home")).content.decode()
    assert "Reviews due" in home and "3 days overdue" in home
    other = client_for(world.outsider).get(reverse("planning:reviews")).content.decode()
    assert world.patient.family_name not in other


def test_a_review_not_yet_due_is_not_listed(trd):
    world = trd
    plan_for(world, [], review_in_days=10)
    assert reviews_due(world.psychiatrist) == []
