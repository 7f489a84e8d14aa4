"""Peer support groups: patients join and choose what others see; the facilitator records
attendance; nobody else sees the members."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from remission.companion.models import Attendance, GroupMembership, GroupSession, PeerGroup
from tests.conftest import CANARY_FAMILY, client_for


@pytest.fixture
def group(world):
    return PeerGroup.objects.create(
        clinic=world.clinic_a, name="Tuesday circle", description="Peer support",
        format="in_person", place="Room 2", schedule="Tuesdays 18:00", facilitator=world.therapist,
    )  # fmt: skip


def join(user, group, **fields):
    data = {"display_name": "Zeb", "guidelines": "on", **fields}
    return client_for(user).post(reverse("companion:group_join", args=[group.pk]), data)


def test_a_patient_joins_and_agrees_to_the_group_guidelines(world, group):
    response = join(world.patient_user, group)

    assert response["Location"] == reverse("companion:group", args=[group.pk])
    membership = GroupMembership.objects.get(group=group, patient=world.patient)
    assert (membership.display_name, membership.visible_to_members) == ("Zeb", False)


def test_joining_without_agreeing_to_the_guidelines_is_refused(world, group):
    data = {"display_name": "Zeb"}
    response = client_for(world.patient_user).post(
        reverse("companion:group_join", args=[group.pk]), data
    )
    assert response.status_code == 200 and not GroupMembership.objects.exists()


def test_members_see_only_those_who_chose_to_be_shown_and_only_what_they_wrote(world, group):
    join(world.patient_user, group, visible_to_members="on", introduction="Hello all")
    join(world.other_patient_user, group, display_name="Hidden-one")

    seen_by_other = (
        client_for(world.other_patient_user)
        .get(reverse("companion:group", args=[group.pk]))
        .content.decode()
    )
    seen_by_canary = (
        client_for(world.patient_user)
        .get(reverse("companion:group", args=[group.pk]))
        .content.decode()
    )

    assert "Zeb" in seen_by_other and "Hello all" in seen_by_other
    assert CANARY_FAMILY not in seen_by_other  # never the real name
    assert "Hidden-one" not in seen_by_canary


def test_the_facilitator_records_attendance_and_the_chart_counts_it(world, group):
    join(world.patient_user, group)
    session = GroupSession.objects.create(group=group, starts_at=timezone.now() - timedelta(days=1))
    membership = GroupMembership.objects.get(patient=world.patient)

    client_for(world.therapist).post(
        reverse("companion:staff_group_attendance", args=[group.pk, session.pk]),
        {"present": [str(membership.pk)]},
    )

    assert Attendance.objects.get(session=session, membership=membership).present
    chart = client_for(world.psychiatrist).get(reverse("patients:chart", args=[world.patient.pk]))
    assert "attended 1 session" in chart.content.decode()


def test_only_the_facilitator_sees_the_members(world, group):
    join(world.patient_user, group)

    assert (
        CANARY_FAMILY
        in client_for(world.therapist)
        .get(reverse("companion:staff_group", args=[group.pk]))
        .content.decode()
    )
    assert (
        client_for(world.psychiatrist)
        .get(reverse("companion:staff_group", args=[group.pk]))
        .status_code
        == 404
    )
    listing = client_for(world.psychiatrist).get(reverse("companion:staff_groups")).content.decode()
    assert "Tuesday circle" in listing and CANARY_FAMILY not in listing


def test_a_patient_leaves_and_may_join_again(world, group):
    join(world.patient_user, group)
    client_for(world.patient_user).post(reverse("companion:group_leave", args=[group.pk]))
    join(world.patient_user, group)

    assert GroupMembership.objects.filter(patient=world.patient).count() == 2
    assert GroupMembership.objects.filter(patient=world.patient, left_at__isnull=True).count() == 1


def test_a_group_of_another_clinic_is_not_found(world, group):
    group.clinic = world.clinic_b
    group.save()
    response = client_for(world.patient_user).get(reverse("companion:group_join", args=[group.pk]))
    assert response.status_code == 404
