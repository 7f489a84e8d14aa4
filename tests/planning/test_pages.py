"""The planning page, the shared decision, the care plan and its versions, through the pages."""

import re

import pytest
from django.urls import reverse

from remission.audit.models import AuditEvent
from remission.planning.models import CarePlan, OptionDecision, PlanningContext, PlanVersion
from tests.conftest import client_for
from tests.planning.conftest import decision_data, offered, plan_for

pytestmark = pytest.mark.django_db


def planning_url(world) -> str:
    return reverse("planning:planning", args=[world.patient.pk])


def test_the_page_asks_for_the_history_first(world):
    response = client_for(world.psychiatrist).get(planning_url(world))
    assert response.status_code == 200
    assert "No treatment history yet" in response.content.decode()


def test_options_are_grouped_with_their_basis_open_and_nothing_chosen(trd):
    world = trd
    response = client_for(world.psychiatrist).get(planning_url(world))
    body = response.content.decode()

    options = offered(world.patient)
    assert options
    for option in options:
        assert f'id="option-{option.id}"' in body
    assert body.count('<details class="plan-basis" open>') == len(options)
    assert 'name="chosen"' in body
    assert not re.search(r'name="chosen"[^>]*checked', body)
    assert "Suggested" in body
    # the inputs the options rest on, with their dates, and the sources
    assert "CANMAT" in body
    assert "inputs missing" in body  # no blood pressure, conditions or preferences recorded
    assert AuditEvent.objects.filter(
        patient=world.patient, action="planning.planning.viewed"
    ).exists()


def test_already_failed_options_are_marked(trd):
    world = trd
    tried = [option.id for option in offered(world.patient) if option.tried]
    assert "switch_same_class" in tried  # sertraline after escitalopram, both SSRIs
    body = client_for(world.psychiatrist).get(planning_url(world)).content.decode()
    card = body[body.index('id="option-switch_same_class"') :]
    assert "Tried before" in card[: card.index("</article>")]


def test_saving_the_context_recomputes_the_options(trd):
    world = trd
    client = client_for(world.psychiatrist)
    assert (
        "The patient prefers psychotherapy" not in client.get(planning_url(world)).content.decode()
    )

    response = client.post(
        reverse("planning:context", args=[world.patient.pk]),
        {"prefers_psychotherapy": "true", "avoid_medication": "false", "can_attend_daily": "unknown",
         "family_support": "true", "trauma_history": "unknown", "pregnant": "false",
         "breastfeeding": "false", "bp_systolic": "128", "bp_diastolic": "82",
         "bp_date": "2026-01-01", "stressors": "lost job"},
    )  # fmt: skip

    assert response.status_code == 302
    stored = PlanningContext.objects.get(patient=world.patient)
    assert stored.prefers_psychotherapy is True and stored.bp_systolic == 128
    body = client.get(planning_url(world)).content.decode()
    assert "The patient prefers psychotherapy" in body
    assert AuditEvent.objects.filter(action="planning.context.saved").count() == 1


def test_a_half_blood_pressure_is_refused_naming_the_field(trd):
    world = trd
    client = client_for(world.psychiatrist)
    response = client.post(
        reverse("planning:context", args=[world.patient.pk]), {"bp_systolic": "128"}, follow=True
    )
    assert "systolic, diastolic and the day" in response.content.decode()
    assert not PlanningContext.objects.filter(patient=world.patient).exists()


def test_a_stale_context_edit_changes_nothing(trd):
    world = trd
    url = reverse("planning:context", args=[world.patient.pk])
    client = client_for(world.psychiatrist)
    client.post(url, {"prefers_psychotherapy": "true"})
    client.post(url, {"version": "1", "prefers_psychotherapy": "false"})
    response = client.post(url, {"version": "1", "avoid_medication": "true"}, follow=True)
    assert "Someone else saved the planning context" in response.content.decode()
    stored = PlanningContext.objects.get(patient=world.patient)
    assert (stored.version, stored.prefers_psychotherapy, stored.avoid_medication) == (
        2,
        False,
        None,
    )


def test_recording_the_decision_creates_a_care_plan(trd):
    world = trd
    suggested = [o.id for o in offered(world.patient) if o.status == "suggested"][:2]
    assert len(suggested) == 2
    client = client_for(world.psychiatrist)

    response = client.post(planning_url(world), decision_data(world, suggested))

    assert response.status_code == 302, response.content.decode()[:3000]
    version = PlanVersion.objects.get(patient=world.patient)
    assert version.number == 1 and version.chosen == suggested and not version.override
    assert [(g.instrument, g.below) for g in version.goals.all()] == [("phq9", 10)]
    assert [s.kind for s in version.steps.all()] == ["medication_change"]
    assert [(m.instrument, m.every_days) for m in version.measurements.all()] == [("phq9", 14)]
    assert set(version.responsible.all()) == {world.psychiatrist, world.therapist}
    outcomes = dict(
        OptionDecision.objects.filter(version=version).values_list("option_id", "outcome")
    )
    assert {outcomes[i] for i in suggested} == {"accepted"}
    assert set(outcomes.values()) <= {"accepted", "not_chosen"}
    assert AuditEvent.objects.filter(action="planning.plan.created").count() == 1
    body = client.get(response["Location"]).content.decode()
    assert "Care plan, version 1" in body and "PHQ-9 below 10" in body


def test_choosing_no_suggested_option_is_an_override(trd):
    world = trd
    client = client_for(world.psychiatrist)
    response = client.post(planning_url(world), decision_data(world, []))
    assert response.status_code == 302
    version = PlanVersion.objects.get(patient=world.patient)
    assert version.override and version.chosen == []


def caution_option(world):
    return next((o for o in offered(world.patient) if o.status != "suggested"), None)


def test_choosing_a_caution_option_needs_a_reason_and_records_an_override(trd):
    world = trd
    PlanningContext.objects.create(patient=world.patient, conditions_complete=True)
    world.patient.contributors.create(kind="condition", code="epilepsy")
    option = caution_option(world)
    assert option is not None  # epilepsy: a precaution for ECT, bupropion and others
    client = client_for(world.psychiatrist)

    response = client.post(planning_url(world), decision_data(world, [option.id]))
    assert response.status_code == 200
    assert "say why an option with a caution" in response.content.decode().lower()
    assert not PlanVersion.objects.exists()

    response = client.post(
        planning_url(world),
        decision_data(world, [option.id], override_reason="Seizures controlled for 10 years."),
    )
    assert response.status_code == 302
    version = PlanVersion.objects.get()
    assert version.override and version.override_reason.startswith("Seizures")
    assert OptionDecision.objects.get(version=version, option_id=option.id).outcome == "override"


def test_a_revision_is_a_new_version_and_the_old_one_stays(trd):
    world = trd
    first = plan_for(world, [offered(world.patient)[0].id])
    client = client_for(world.psychiatrist)
    form = client.get(planning_url(world)).content.decode()
    assert "CBASP, 16 sessions" in form  # the revision starts from the current plan

    response = client.post(
        planning_url(world),
        decision_data(world, [], based_on=1, change_note="Partial response; therapy added."),
    )

    assert response.status_code == 302
    assert list(PlanVersion.objects.values_list("number", flat=True)) == [2, 1]
    assert CarePlan.objects.get().version == 2
    old = client.get(reverse("planning:version", args=[world.patient.pk, first.number]))
    assert "This is an earlier version" in old.content.decode()
    assert AuditEvent.objects.filter(action="planning.plan.revised").count() == 1


def test_a_revision_based_on_an_older_version_is_refused_and_keeps_the_entries(trd):
    world = trd
    plan_for(world, [])
    plan_for(world, [], based_on=1)
    client = client_for(world.psychiatrist)

    response = client.post(
        planning_url(world), decision_data(world, [], based_on=1, rationale="My own rationale")
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "Someone saved a new version of this care plan" in body
    assert "My own rationale" in body
    assert 'name="based_on" value="2"' in body  # saving again makes it version 3
    assert PlanVersion.objects.count() == 2


def test_options_changed_since_the_page_was_opened_are_shown_again(trd):
    world = trd
    response = client_for(world.psychiatrist).post(
        planning_url(world), decision_data(world, [], digest="0" * 16)
    )
    assert "The options changed since the page was opened" in response.content.decode()
    assert not PlanVersion.objects.exists()


def test_an_option_not_offered_cannot_be_chosen(trd):
    world = trd
    response = client_for(world.psychiatrist).post(
        planning_url(world), decision_data(world, ["not_an_option"])
    )
    assert response.status_code == 200
    assert not PlanVersion.objects.exists()


def test_a_review_date_in_the_past_is_refused(trd):
    world = trd
    response = client_for(world.psychiatrist).post(
        planning_url(world), decision_data(world, [], review_on="2020-01-01")
    )
    assert "The review must be after today" in response.content.decode()


def test_a_half_filled_goal_names_what_it_lacks(trd):
    world = trd
    response = client_for(world.psychiatrist).post(
        planning_url(world), decision_data(world, [], **{"goals-1-instrument": "gad7"})
    )
    body = response.content.decode()
    assert "Needed for this row: Total below" in body
    assert not PlanVersion.objects.exists()


def test_the_chart_panel_shows_the_plan_and_an_overdue_review(trd):
    world = trd
    version = plan_for(world, [])
    PlanVersion.objects.filter(pk=version.pk).update(review_on="2020-01-01")
    CarePlan.objects.update(review_on="2020-01-01")
    body = (
        client_for(world.psychiatrist)
        .get(reverse("patients:chart", args=[world.patient.pk]))
        .content.decode()
    )
    assert "Care plan" in body and "Review overdue" in body


def test_the_stored_context_is_shown_selected(trd):
    world = trd
    PlanningContext.objects.create(patient=world.patient, prefers_psychotherapy=True)
    body = client_for(world.psychiatrist).get(planning_url(world)).content.decode()
    field = body[body.index('name="prefers_psychotherapy"') :]
    field = field[: field.index("</select>")]
    assert '<option value="true" selected>' in field


def test_planning_and_accepting_options_order_book_and_send_nothing(trd):
    """security-targets T37: a recommendation, even accepted, creates no order, appointment,
    questionnaire or message; the clinician creates those separately."""
    from remission.appointments.models import Appointment
    from remission.interventional.models import NeuromodulationCourse, Series
    from remission.measures.models import DueQuestionnaire, MeasurementSchedule
    from remission.outbox.models import OutboxMessage

    side_effects = (
        Appointment, Series, NeuromodulationCourse, DueQuestionnaire, MeasurementSchedule,
        OutboxMessage,
    )  # fmt: skip
    world = trd
    before = {model: model.objects.count() for model in side_effects}
    client = client_for(world.psychiatrist)
    chosen = [o.id for o in offered(world.patient) if o.status == "suggested"][:2]

    client.get(planning_url(world))
    response = client.post(planning_url(world), decision_data(world, chosen))

    assert response.status_code == 302
    assert {model: model.objects.count() for model in side_effects} == before
