"""The patient registry: registration, validation, search, paging, editing and the care team."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from remission.patients.chart import PANELS
from remission.patients.models import CareTeamMember, Patient
from tests.conftest import client_for, make_patient

VALID = {
    "given_name": "Jürgen",
    "family_name": "Müller",
    "date_of_birth": "1971-03-02",
    "sex_at_birth": "male",
    "preferred_language": "de",
    "email": "jm@example.org",
}


def test_a_clinician_registers_a_patient_and_joins_the_care_team(world):
    client = client_for(world.therapist)

    response = client.post(reverse("patients:create"), VALID)

    patient = Patient.objects.get(family_name="Müller")
    assert response["Location"] == reverse("patients:chart", args=[patient.pk])
    assert patient.clinic == world.clinic_a
    assert patient.mrn == "RM-000003"  # the clinic has two patients already
    assert patient.name_key == "muller jurgen"
    assert CareTeamMember.objects.filter(patient=patient, user=world.therapist).exists()


def test_an_admin_registers_a_patient_without_joining_the_care_team(world):
    response = client_for(world.admin).post(reverse("patients:create"), {**VALID, "mrn": "EHR-77"})

    patient = Patient.objects.get(mrn="EHR-77")
    assert response["Location"] == reverse("patients:registration", args=[patient.pk])
    assert not CareTeamMember.objects.filter(patient=patient).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("date_of_birth", "2999-01-01", "cannot be in the future"),
        ("date_of_birth", "1899-12-31", "from 1900 onwards"),
        ("date_of_birth", "31.02.1970", "Enter a valid date"),
        ("email", "not-an-address", "valid email"),
        ("given_name", "", "required"),
        ("sex_at_birth", "robot", "Select a valid choice"),
    ],
)
def test_bad_input_names_the_field_keeps_the_other_answers_and_saves_nothing(
    world, field, value, message
):
    response = client_for(world.psychiatrist).post(
        reverse("patients:create"), {**VALID, field: value}
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert message in str(form.errors[field])
    assert response.content.count(b"jm@example.org") >= 1 or field == "email"
    assert f'href="#id_{field}"'.encode() in response.content  # the summary links to the field
    assert not Patient.objects.filter(family_name="Müller").exists()


def test_a_duplicate_record_number_is_refused_with_a_message(world):
    response = client_for(world.admin).post(reverse("patients:create"), {**VALID, "mrn": "A-0001"})

    assert "Another patient of this clinic has this record number." in str(
        response.context["form"].errors["mrn"]
    )


def test_the_same_record_number_may_exist_in_another_clinic(world):
    response = client_for(world.admin).post(reverse("patients:create"), {**VALID, "mrn": "B-0001"})
    assert response.status_code == 302


def edit_data(patient: Patient, **changes: object) -> dict[str, object]:
    data = {
        "given_name": patient.given_name,
        "family_name": patient.family_name,
        "date_of_birth": patient.date_of_birth.isoformat(),
        "sex_at_birth": patient.sex_at_birth,
        "preferred_language": patient.preferred_language,
        "mrn": patient.mrn,
        "version": patient.version,
    }
    data.update(changes)
    return data


def test_an_edit_based_on_an_outdated_copy_is_refused_and_keeps_the_users_input(world):
    url = reverse("patients:edit", args=[world.patient.pk])
    stale = edit_data(world.patient, phone="111")
    assert (
        client_for(world.admin).post(url, edit_data(world.patient, phone="222")).status_code == 302
    )

    response = client_for(world.psychiatrist).post(url, stale)

    assert response.status_code == 200
    assert "Someone else changed this patient" in response.content.decode()
    assert b'value="111"' in response.content
    world.patient.refresh_from_db()
    assert (world.patient.phone, world.patient.version) == ("222", 2)


def test_search_finds_by_family_name_prefix_given_name_and_record_number(world):
    make_patient(world.clinic_a, "Anna", "Müller", "A-0002", [world.psychiatrist])
    make_patient(world.clinic_a, "Jonas", "Mueller", "A-0003", [world.psychiatrist])
    make_patient(world.clinic_a, "Mül", "Anders", "A-0004", [world.psychiatrist])
    client = client_for(world.psychiatrist)

    def found(q: str) -> list[str]:
        page = client.get(reverse("patients:list"), {"q": q}).context["page"]
        return [p.mrn for p in page.object_list]

    assert found("mül") == ["A-0004", "A-0002"]  # "Anders, Mül" sorts before "Müller, Anna"
    assert found("MULLER") == ["A-0002"]
    assert found("anna m") == ["A-0002"]
    assert found("a-0003") == ["A-0003"]
    assert found("zzz") == []


def test_clinicians_find_only_their_care_team_patients_and_admins_the_whole_clinic(world):
    def listed(user) -> set[str]:
        page = client_for(user).get(reverse("patients:list")).context["page"]
        return {p.mrn for p in page.object_list}

    assert listed(world.nurse) == {"A-0001"}
    assert listed(world.outsider) == set()
    assert listed(world.admin) == {"A-0001", "A-0900"}
    assert listed(world.psychiatrist_b) == {"B-0001"}


def test_the_list_pages_through_patients(world, settings):
    settings.PAGE_SIZE = 2
    for n in range(5):
        make_patient(world.clinic_a, "P", f"Page{n}", f"P-{n}", [world.psychiatrist])

    page = client_for(world.psychiatrist).get(reverse("patients:list"), {"page": 3}).context["page"]

    assert page.number == 3
    assert [p.family_name for p in page.object_list] == ["Page4", "Quenby-Canary"]  # 5th and 6th


def test_an_htmx_search_returns_only_the_rows(world):
    response = client_for(world.psychiatrist).get(
        reverse("patients:list"), {"q": "quen"}, HTTP_HX_REQUEST="true"
    )
    assert b"<table" in response.content and b"<html" not in response.content


def queries_for(client, url: str) -> int:
    client.get(url)  # warm: the first request of a session also writes the session and chain head
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_and_chart_query_counts_do_not_grow_with_the_number_of_patients(world):
    client = client_for(world.psychiatrist)
    chart = reverse("patients:chart", args=[world.patient.pk])
    listing = reverse("patients:list")
    before = (queries_for(client, listing), queries_for(client, chart))

    for n in range(30):
        make_patient(world.clinic_a, "Many", f"Patient{n}", f"M-{n}", [world.psychiatrist])

    assert (queries_for(client, listing), queries_for(client, chart)) == before
    # The chart is built from panels (patients.chart.PANELS): the shell, plus two queries a panel.
    assert before[0] <= 8
    assert before[1] <= 8 + 2 * len(PANELS)


def test_the_care_team_grows_and_shrinks_with_audit(world):
    client = client_for(world.admin)
    url = reverse("patients:care_team_add", args=[world.patient.pk])

    client.post(url, {"user": world.outsider.pk, "role": "psychiatrist"})
    assert (
        client_for(world.outsider)
        .get(reverse("patients:chart", args=[world.patient.pk]))
        .status_code
        == 200
    )

    member = CareTeamMember.objects.get(patient=world.patient, user=world.outsider)
    client.post(reverse("patients:care_team_remove", args=[world.patient.pk, member.pk]))
    assert (
        client_for(world.outsider)
        .get(reverse("patients:chart", args=[world.patient.pk]))
        .status_code
        == 403
    )


def test_a_clinician_of_another_clinic_cannot_be_added_to_the_care_team(world):
    client = client_for(world.admin)
    client.post(
        reverse("patients:care_team_add", args=[world.patient.pk]),
        {"user": world.psychiatrist_b.pk, "role": "psychiatrist"},
    )
    assert not CareTeamMember.objects.filter(
        user=world.psychiatrist_b, patient=world.patient
    ).exists()


def test_removing_a_member_of_another_patients_team_through_this_patient_is_refused(world):
    other = CareTeamMember.objects.get(patient=world.patient_b)
    response = client_for(world.admin).post(
        reverse("patients:care_team_remove", args=[world.patient.pk, other.pk])
    )
    assert response.status_code == 404
    assert CareTeamMember.objects.filter(pk=other.pk).exists()


def test_the_banner_shows_age_in_completed_years(world, time_machine):
    time_machine.move_to("2026-05-16")
    response = client_for(world.psychiatrist).get(
        reverse("patients:chart", args=[world.patient.pk])
    )
    assert world.patient.date_of_birth == date(1980, 5, 17)
    assert "45 years" in response.content.decode()
