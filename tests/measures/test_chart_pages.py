"""The clinician's pages: recording, results with their sources, links and the plan."""

from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from remission.clinical.instruments import get_instrument
from remission.measures import services
from remission.measures.models import Assessment, MeasurementSchedule
from remission.outbox.services import deliver
from tests.conftest import client_for
from tests.measures.conftest import phq9


def test_a_clinician_records_a_hamd17_and_sees_the_result(world):
    client = client_for(world.nurse)
    form = {item.id: "1" for item in get_instrument("hamd17").items if item.scored}
    form["administered_at"] = timezone.localtime().strftime("%Y-%m-%dT%H:%M")

    response = client.post(reverse("measures:record", args=[world.patient.pk, "hamd17"]), form)

    assessment = Assessment.objects.get(instrument="hamd17")
    assert response["Location"] == reverse(
        "measures:assessment", args=[world.patient.pk, assessment.pk]
    )
    assert assessment.entered_by == world.nurse
    assert assessment.total == 17
    page = client.get(response["Location"]).content.decode()
    assert "17" in page and assessment.band_label in page


def test_a_future_administration_time_is_refused_and_the_answers_kept(world):
    form = {item.id: "2" for item in get_instrument("hamd17").items if item.scored}
    form["administered_at"] = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")

    response = client_for(world.nurse).post(
        reverse("measures:record", args=[world.patient.pk, "hamd17"]), form
    )

    assert "cannot be in the future" in str(response.context["entry"].errors["administered_at"])
    assert 'value="2" id="id_q1_2" checked' in response.content.decode()
    assert not Assessment.objects.exists()


def test_the_overview_shows_response_and_remission_with_their_sources(world, record):
    start = timezone.now() - timedelta(weeks=8)
    record(phq9(2, 2, 2, 2, 2, 2, 2, 2, 2), administered_at=start)  # 18
    record(phq9(1, 0, 0, 1, 0, 0, 0, 1, 0), administered_at=timezone.now())  # 3

    page = client_for(world.psychiatrist).get(reverse("measures:overview", args=[world.patient.pk]))

    html = page.content.decode()
    (trajectory, chart) = page.context["trajectories"][0]
    assert (trajectory.outcome.response, trajectory.outcome.remission) == (True, True)
    assert escape(trajectory.outcome.response_criterion.source) in html
    assert escape(trajectory.outcome.remission_criterion.source) in html
    assert "<svg" in html and len(chart.points) == 2


def test_a_link_is_emailed_to_the_patient(world):
    response = client_for(world.therapist).post(
        reverse("measures:link_create", args=[world.patient.pk]),
        {"instruments": ["phq9", "gad7"], "language": "en", "delivery": "email"},
    )
    assert response.status_code == 302
    deliver()
    assert mail.outbox[0].to == [world.patient.email]


def test_a_printed_link_shows_a_qr_code_once(world):
    response = client_for(world.therapist).post(
        reverse("measures:link_create", args=[world.patient.pk]),
        {"instruments": ["phq9"], "language": "de", "delivery": "print"},
    )
    html = response.content.decode()
    assert 'src="data:image/svg+xml' in html
    assert "/r/" in html


def test_emailing_a_link_without_an_address_is_refused_with_a_way_out(world):
    world.patient.email = ""
    world.patient.save()
    response = client_for(world.therapist).post(
        reverse("measures:link_create", args=[world.patient.pk]),
        {"instruments": ["phq9"], "language": "en", "delivery": "email"},
    )
    assert "print the link" in str(response.context["form"].errors["delivery"])


def test_a_schedule_with_a_bad_interval_is_refused_naming_the_field(world):
    client = client_for(world.psychiatrist)
    response = client.post(
        reverse("measures:schedule_add", args=[world.patient.pk]),
        {"instrument": "phq9", "every_days": "0", "first_due": timezone.localdate().isoformat()},
        follow=True,
    )
    assert "Every (days)" in response.content.decode()
    assert not MeasurementSchedule.objects.exists()


def test_the_chart_panel_shows_latest_scores_and_open_alerts(world, record):
    record(phq9(0, 0, 0, 0, 0, 0, 0, 0, 1))
    html = (
        client_for(world.psychiatrist)
        .get(reverse("patients:chart", args=[world.patient.pk]))
        .content.decode()
    )
    assert "Open suicide-risk alert" in html
    assert "PHQ-9" in html  # the published short name, not the id


def test_services_refuse_an_unknown_instrument(world):
    import pytest

    from remission.clinical.instruments import UnknownInstrument

    with pytest.raises(UnknownInstrument):
        services.add_schedule(world.psychiatrist, world.patient, "bdi", 7, timezone.localdate())


def test_an_admin_loads_a_licensed_pack_and_forms_then_show_its_text(world):
    items = "".join(
        f'[items.{item.id}]\ntext = "{item.label}, as licensed"\n'
        for item in get_instrument("madrs").items
    )
    pack = (
        'pack_format = 1\ninstrument = "madrs"\nlanguage = "en"\ntitle = "MADRS (licensed)"\n'
        'source = "Clinic licence 2026-001"\nlicence = "Licensed to Clinic A"\n'
        "[option_labels.zero_to_six]\n" + "".join(f'{n} = "level {n}"\n' for n in range(7)) + items
    )
    first_label = get_instrument("madrs").items[0].label
    admin = client_for(world.admin)
    response = admin.post(reverse("measures:pack_upload"), {"pack-content": pack})
    assert response.status_code == 302, response.content.decode()[:2000]

    form = client_for(world.psychiatrist).get(
        reverse("measures:record", args=[world.patient.pk, "madrs"])
    )
    assert f"{first_label}, as licensed" in form.content.decode()


def test_a_broken_pack_is_refused_with_the_reason(world):
    response = client_for(world.admin).post(
        reverse("measures:pack_upload"), {"pack-content": 'instrument = "madrs"\nlanguage = "en"\n'}
    )
    assert response.status_code == 200
    assert response.context["pack_form"].errors["content"]


def test_escalation_time_must_be_at_least_a_minute(world):
    response = client_for(world.admin).post(
        reverse("measures:settings"),
        {"settings-escalate_after_minutes": "0", "settings-escalate_review_after_hours": "24",
         "settings-on_call_role": "psychiatrist", "settings-link_valid_hours": "72",
         "settings-remind_after_days": "1", "settings-missed_after_days": "3"},
    )  # fmt: skip
    assert "greater than or equal to 1" in str(
        response.context["form"].errors["escalate_after_minutes"]
    )
