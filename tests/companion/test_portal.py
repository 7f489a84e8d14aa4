"""The patient portal: own record only, check-ins, privacy of notes, language, audit."""

from django.urls import reverse

from remission.audit.models import AuditEvent, Outcome
from remission.companion.models import CheckIn
from remission.companion.portal import CARDS, Card, cards_for
from tests.conftest import CANARY_FAMILY, client_for

CHECK_IN = {"mood": "3", "anxiety": "2", "sleep": "4", "energy": "3", "shared": "on"}


def test_a_patient_lands_on_the_portal_and_staff_on_the_staff_home(world):
    assert client_for(world.patient_user).get("/")["Location"] == reverse("companion:home")
    assert client_for(world.family).get("/")["Location"] == reverse("companion:family_home")
    assert client_for(world.psychiatrist).get("/").status_code == 200


def test_portal_addresses_carry_no_patient_id_and_show_each_patient_their_own_record(world):
    mine = client_for(world.patient_user).get(reverse("companion:home")).content.decode()
    theirs = client_for(world.other_patient_user).get(reverse("companion:home")).content.decode()

    assert "Hello, Zebulon" in mine
    assert "Hello, Ingrid" in theirs and CANARY_FAMILY not in theirs


def test_a_portal_read_is_audited_with_the_patients_own_record(world):
    client_for(world.patient_user).get(reverse("companion:journal"))

    event = AuditEvent.objects.get(action="companion.journal.viewed")
    assert (event.patient, event.actor) == (world.patient, world.patient_user)


def test_a_patient_account_without_a_record_is_refused_and_the_refusal_audited(world):
    world.patient.user = None
    world.patient.save(update_fields=["user"])

    response = client_for(world.patient_user).get(reverse("companion:home"))

    assert response.status_code == 403
    assert AuditEvent.objects.filter(
        action="companion.home.denied", outcome=Outcome.DENIED
    ).exists()


def test_staff_never_reach_the_portal(world):
    assert client_for(world.psychiatrist).get(reverse("companion:home")).status_code == 403


def test_a_check_in_is_saved_with_its_sharing_choices_and_audited_without_the_note(world):
    client = client_for(world.patient_user)
    response = client.post(
        reverse("companion:check_in"), {**CHECK_IN, "tags": ["walk"], "note": "Secret words"}
    )

    assert response["Location"] == reverse("companion:journal")
    entry = CheckIn.objects.get(patient=world.patient)
    assert (entry.mood, entry.tags, entry.shared, entry.note_shared) == (3, ["walk"], True, False)
    event = AuditEvent.objects.get(action="companion.checkin.recorded")
    assert "Secret words" not in str(event.detail)


def test_a_check_in_with_a_missing_scale_names_the_field_and_keeps_the_other_answers(world):
    data = {**CHECK_IN, "note": "Kept text"}
    del data["sleep"]

    response = client_for(world.patient_user).post(reverse("companion:check_in"), data)

    assert response.status_code == 200
    body = response.content.decode()
    assert "How did you sleep?" in body and "This field is required." in body
    assert "Kept text" in body
    assert not CheckIn.objects.exists()


def test_a_scale_value_outside_1_to_5_is_refused(world):
    response = client_for(world.patient_user).post(
        reverse("companion:check_in"), {**CHECK_IN, "mood": "9"}
    )
    assert response.status_code == 200 and not CheckIn.objects.exists()


def test_sharing_the_note_without_the_numbers_is_refused_with_a_message(world):
    data = {**CHECK_IN, "note": "x", "note_shared": "on"}
    del data["shared"]

    response = client_for(world.patient_user).post(reverse("companion:check_in"), data)

    assert "also share the numbers" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_a_very_low_mood_leads_straight_to_the_safety_plan(world):
    response = client_for(world.patient_user).post(
        reverse("companion:check_in"), {**CHECK_IN, "mood": "1"}
    )
    assert response["Location"] == reverse("companion:safety_plan")


def test_the_care_team_sees_shared_numbers_but_a_note_only_when_it_was_shared(world):
    patient = client_for(world.patient_user)
    patient.post(reverse("companion:check_in"), {**CHECK_IN, "note": "Private canary"})
    patient.post(
        reverse("companion:check_in"),
        {**CHECK_IN, "note": "Shared canary", "note_shared": "on"},
    )
    data = {**CHECK_IN, "note": "Unshared numbers canary"}
    del data["shared"]
    patient.post(reverse("companion:check_in"), data)

    chart = client_for(world.therapist).get(
        reverse("companion:chart_checkins", args=[world.patient.pk])
    )
    body = chart.content.decode()
    assert "Shared canary" in body
    assert "Private canary" not in body and "Unshared numbers canary" not in body
    assert body.count("<tr>") == 3  # a header and the two shared check-ins


def test_the_home_page_is_built_from_the_registered_cards(world, settings):
    request = client_for(world.patient_user).get(reverse("companion:home")).wsgi_request

    cards = cards_for(request, world.patient)

    assert all(isinstance(card, Card) for card in cards)
    assert len(CARDS) >= 5
    templates = {card.template for card in cards}
    assert {"companion/cards/check_in.html", "companion/cards/safety_plan.html"} <= templates


def test_the_safety_plan_is_one_tap_from_every_portal_page(world):
    client = client_for(world.patient_user)
    link = f'href="{reverse("companion:safety_plan")}"'
    for name in ("home", "check_in", "journal", "skills", "learn", "more", "people", "groups"):
        assert link in client.get(reverse(f"companion:{name}")).content.decode(), name


def test_every_portal_page_tells_that_nobody_watches_around_the_clock(world):
    body = client_for(world.patient_user).get(reverse("companion:skills")).content.decode()
    assert "not watched around the clock" in body


def test_a_patient_switches_the_portal_to_german(world):
    client = client_for(world.patient_user)
    client.post(reverse("companion:language"), {"language": "de"})

    world.patient.refresh_from_db()
    assert world.patient.preferred_language == "de"
    assert "Wie geht es Ihnen heute?" in client.get(reverse("companion:check_in")).content.decode()
    assert AuditEvent.objects.filter(action="companion.language.changed").exists()


def test_the_patients_language_wins_over_the_browsers(world):
    world.patient.preferred_language = "de"
    world.patient.save(update_fields=["preferred_language"])

    response = client_for(world.patient_user).get(
        reverse("companion:journal"), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response["Content-Language"] == "de"
    assert "Ihr Tagebuch" in response.content.decode()


def test_a_portal_session_ends_after_15_idle_minutes(world, time_machine):
    time_machine.move_to("2026-11-25 09:00Z", tick=False)
    client = client_for(world.patient_user)
    assert client.get(reverse("companion:home")).status_code == 200

    time_machine.move_to("2026-11-25 09:16Z", tick=False)
    response = client.get(reverse("companion:journal"))

    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_family_member_who_is_refused_sees_no_patient_links(world):
    world.link.grants = []
    world.link.save(update_fields=["grants"])
    body = (
        client_for(world.family)
        .get(reverse("companion:family_checkins", args=[world.link.pk]))
        .content.decode()
    )
    assert reverse("companion:safety_plan") not in body
