"""Appointments: booking with conflict detection, video links, the calendar and the portal."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from remission.appointments import services
from remission.appointments.models import Appointment, AppointmentStatus, Kind
from tests.conftest import client_for

NINE = timezone.make_aware(datetime(2026, 12, 1, 9, 0))


def book(world, start=NINE, minutes=50, clinicians=None, patient=None, **fields):
    return services.book_appointment(
        world.psychiatrist, patient or world.patient,
        clinicians=clinicians or [world.psychiatrist], starts_at=start,
        ends_at=start + timedelta(minutes=minutes), title="Review", **fields,
    )  # fmt: skip


def test_overlapping_bookings_of_the_same_clinician_are_refused(world):
    book(world)

    with pytest.raises(services.BookingConflict) as conflict:
        book(world, start=NINE + timedelta(minutes=30), patient=world.other_patient)

    assert conflict.value.clashes[0].clinician == world.psychiatrist
    assert Appointment.objects.count() == 1


def test_back_to_back_bookings_are_fine(world):
    book(world)
    book(world, start=NINE + timedelta(minutes=50), patient=world.other_patient)
    assert Appointment.objects.count() == 2


def test_the_patient_cannot_be_in_two_places_at_once(world):
    book(world)
    with pytest.raises(services.BookingConflict) as conflict:
        book(world, start=NINE + timedelta(minutes=10), clinicians=[world.therapist])
    assert conflict.value.clashes[0].clinician is None


def test_a_cancelled_appointment_frees_the_time(world):
    services.cancel_appointment(world.psychiatrist, book(world))
    book(world, patient=world.other_patient)
    assert Appointment.objects.filter(status=AppointmentStatus.SCHEDULED).count() == 1


def test_the_booking_form_names_the_clash_and_keeps_the_input(world):
    book(world, patient=world.other_patient)
    response = client_for(world.therapist).post(
        reverse("appointments:create", args=[world.patient.pk]),
        {"title": "Kept title", "clinicians": [world.psychiatrist.pk], "day": "2026-12-01",
         "start": "09:20", "minutes": "30", "kind": "in_person", "location": "Room 1"},
    )  # fmt: skip

    body = response.content.decode()
    assert response.status_code == 200
    assert "is already booked at 2026-12-01 09:00" in body and "Kept title" in body


def test_a_video_visit_gets_an_unguessable_room_from_the_clinics_address_pattern(world):
    world.clinic_a.telehealth_url_pattern = "https://meet.example.org/{room}"
    world.clinic_a.save()
    first, second = (
        book(world, kind=Kind.VIDEO),
        book(world, start=NINE + timedelta(hours=2), kind=Kind.VIDEO),
    )

    assert first.video_link().startswith("https://meet.example.org/remission-")
    assert first.video_link() != second.video_link()
    assert len(first.video_room) >= 32 + len("remission-")


def test_the_patient_joins_a_video_visit_from_the_portal(world):
    world.clinic_a.telehealth_url_pattern = "https://meet.example.org/{room}"
    world.clinic_a.save()
    appointment = book(world, start=timezone.now() + timedelta(days=1), kind=Kind.VIDEO)

    body = client_for(world.patient_user).get(reverse("companion:home")).content.decode()

    assert "Join video visit" in body and appointment.video_link() in body


def test_family_sees_the_appointment_but_not_the_video_link(world):
    world.clinic_a.telehealth_url_pattern = "https://meet.example.org/{room}"
    world.clinic_a.save()
    appointment = book(world, start=timezone.now() + timedelta(days=1), kind=Kind.VIDEO)

    body = (
        client_for(world.family)
        .get(reverse("companion:family_appointments", args=[world.link.pk]))
        .content.decode()
    )

    assert "Review" in body and appointment.video_room not in body


def test_the_clinician_sees_the_week_with_the_join_link(world):
    world.clinic_a.telehealth_url_pattern = "https://meet.example.org/{room}"
    world.clinic_a.save()
    appointment = book(world, kind=Kind.VIDEO)

    body = (
        client_for(world.psychiatrist)
        .get(reverse("appointments:calendar") + "?day=2026-12-01&span=week")
        .content.decode()
    )

    assert "Quenby-Canary, Zebulon" in body and appointment.video_link() in body


def test_an_outdated_edit_is_refused_with_the_input_kept(world):
    appointment = book(world)
    Appointment.objects.filter(pk=appointment.pk).update(version=5)

    response = client_for(world.psychiatrist).post(
        reverse("appointments:edit", args=[world.patient.pk, appointment.pk]),
        {"title": "Moved", "clinicians": [world.psychiatrist.pk], "day": "2026-12-02",
         "start": "10:00", "minutes": "50", "kind": "in_person", "location": "Room 1",
         "status": "scheduled", "version": "1"},
    )  # fmt: skip

    assert "Someone else changed this appointment" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.title == "Review"


def test_the_clinic_setting_accepts_only_an_https_pattern_with_one_room_placeholder(world):
    from remission.accounts.forms import ClinicForm

    def valid(pattern: str) -> bool:
        data = {"name": "A", "country": "US", "timezone": "UTC", "telehealth_url_pattern": pattern}
        return ClinicForm(data, instance=world.clinic_a).is_valid()

    assert valid("https://meet.example.org/{room}") and valid("")
    assert not valid("http://meet.example.org/{room}")
    assert not valid("https://meet.example.org/fixed-room")
    assert not valid('https://meet.example.org/{room}"><script>')
