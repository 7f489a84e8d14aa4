"""Recording questionnaires: stored results come from the clinical core; alerts are atomic."""

from unittest import mock

import pytest
from django.db import DatabaseError

from remission.audit.models import AuditEvent
from remission.clinical.instruments import InvalidAnswer
from remission.measures import services
from remission.measures.models import Assessment, RiskAlert
from remission.outbox.models import OutboxMessage
from tests.measures.conftest import phq9


def test_a_phq9_is_stored_with_total_and_kroenke_band(record):
    # Kroenke et al. 2001: 15-19 is "moderately severe"; eight items at 2 give 16.
    result = record(phq9(2, 2, 2, 2, 2, 2, 2, 2, 0))

    stored = Assessment.objects.get(pk=result.assessment.pk)
    assert (stored.total, stored.band) == (16, "moderately_severe")
    assert stored.band_set and "Kroenke" in stored.details["band_source"]
    assert stored.answers == phq9(2, 2, 2, 2, 2, 2, 2, 2, 0)


def test_positive_item_9_raises_an_alert_even_when_the_total_is_low(record, world):
    result = record(phq9(0, 0, 0, 0, 0, 0, 0, 0, 1))

    assert result.assessment.total == 1
    (alert,) = RiskAlert.objects.filter(patient=world.patient)
    assert (alert.item, alert.answer, alert.answer_label) == ("q9", 1, "Several days")
    assert alert.status == "open"


def test_item_9_nearly_every_day_is_urgent(record):
    (alert,) = record(phq9(1, 1, 1, 1, 1, 1, 1, 1, 3)).alerts
    assert alert.priority == "urgent"


def test_a_negative_item_9_raises_no_alert(record):
    assert record(phq9(3, 3, 3, 3, 3, 3, 3, 3, 0)).alerts == ()


def test_the_answer_and_its_alert_are_saved_together_or_not_at_all(record, world):
    with (
        mock.patch.object(RiskAlert.objects, "create", side_effect=DatabaseError("disk full")),
        pytest.raises(DatabaseError),
    ):
        record(phq9(0, 0, 0, 0, 0, 0, 0, 0, 2))

    assert not Assessment.objects.filter(patient=world.patient).exists()
    assert not AuditEvent.objects.filter(action="measures.assessment.recorded").exists()


def test_an_out_of_range_answer_names_the_item_and_saves_nothing(record, world):
    with pytest.raises(InvalidAnswer) as error:
        record(phq9(0, 0, 5, 0, 0, 0, 0, 0, 0))

    assert error.value.item == "q3"
    assert "allowed: 0-3" in str(error.value)
    assert not Assessment.objects.filter(patient=world.patient).exists()


def test_a_missing_answer_is_an_error_not_a_smaller_total(record):
    answers = phq9(1, 1, 1, 1, 1, 1, 1, 1, 0)
    answers["q4"] = None
    with pytest.raises(InvalidAnswer) as error:
        record(answers)
    assert error.value.item == "q4"


def test_the_same_idempotency_key_stores_one_record(record, world):
    first = record(phq9(1, 0, 0, 0, 0, 0, 0, 0, 1), idempotency_key="k-1")
    again = record(phq9(1, 0, 0, 0, 0, 0, 0, 0, 1), idempotency_key="k-1")

    assert (first.created, again.created) == (True, False)
    assert again.assessment.pk == first.assessment.pk
    assert Assessment.objects.filter(patient=world.patient).count() == 1
    assert RiskAlert.objects.filter(patient=world.patient).count() == 1


def test_an_autosaved_positive_answer_raises_the_alert_before_the_form_is_finished(world):
    link, _ = services.create_link(None, world.patient, ["phq9"], language="en", delivery="print")
    partial = {"q9": 2}

    services.record_assessment(
        None, world.patient, "phq9", partial, source="link", link=link, complete=False
    )
    assert RiskAlert.objects.filter(patient=world.patient, answer=2).count() == 1

    services.record_assessment(
        None, world.patient, "phq9", phq9(1, 1, 1, 1, 1, 1, 1, 1, 2), source="link", link=link
    )
    assessment = Assessment.objects.get(patient=world.patient)
    assert (assessment.complete, assessment.total) == (True, 10)
    assert RiskAlert.objects.filter(patient=world.patient).count() == 1  # not raised twice


def test_an_alert_later_answered_differently_stays_open(world):
    """An alert is never silently dropped: changing the answer afterwards does not close it."""
    link, _ = services.create_link(None, world.patient, ["phq9"], language="en", delivery="print")
    services.record_assessment(
        None, world.patient, "phq9", {"q9": 1}, source="link", link=link, complete=False
    )
    services.record_assessment(
        None, world.patient, "phq9", phq9(0, 0, 0, 0, 0, 0, 0, 0, 0), source="link", link=link
    )
    assert RiskAlert.objects.get(patient=world.patient).status == "open"


def test_a_raised_alert_is_audited_and_mailed_to_the_care_team_without_patient_data(record, world):
    record(phq9(0, 0, 0, 0, 0, 0, 0, 0, 1))

    assert AuditEvent.objects.filter(action="measures.alert.raised", patient=world.patient).exists()
    recipients = set(
        OutboxMessage.objects.filter(kind="risk_alert").values_list("email", flat=True)
    )
    assert recipients == {world.psychiatrist.email, world.therapist.email, world.nurse.email}
    for message in OutboxMessage.objects.all():
        assert "Quenby" not in message.body + message.subject


def test_hamd17_bands_follow_the_clinic_setting_and_the_result_names_the_set(world):
    from remission.clinical.instruments import get_instrument

    sets = [band_set.id for band_set in get_instrument("hamd17").band_sets]
    answers = {item.id: 0 for item in get_instrument("hamd17").items}
    for choice in sets:
        settings = services.settings_for(world.clinic_a.pk)
        settings.hamd_band_set = choice
        settings.save()
        recorded = services.record_assessment(
            None, world.patient, "hamd17", answers, source="clinician"
        )
        assert recorded.assessment.band_set == choice
