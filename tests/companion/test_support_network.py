"""The support network: invitations, consent, per-request permission checks, revocation
(security-targets T05), and what family members never see."""

import re
from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from remission.audit.models import AuditEvent, Outcome
from remission.companion.models import (
    CheckIn,
    ConsentRecord,
    LinkStatus,
    SafetyPlan,
    SafetyPlanVersion,
    SupportLink,
)
from remission.companion.services import digest
from tests.conftest import CANARY_FAMILY, client_for

PASSWORD = "a long family passphrase here"


def invite(world, grants=("appointments", "education")):
    client_for(world.patient_user).post(
        reverse("companion:people"),
        {"name": "Mia", "email": "mia@example.org", "relationship": "sister", "grants": grants},
    )
    link = SupportLink.objects.get(email="mia@example.org")
    url = re.search(r"https?://\S+/family/join/\S+/", mail.outbox[-1].body).group(0)
    return link, url


def accept(url: str):
    from django.test import Client

    client = Client()
    client.get(url)
    response = client.post(
        reverse("companion:join"),
        {"first_name": "Mia", "password": PASSWORD, "language": "en", "consent": "on"},
    )
    return client, response


def test_a_patient_invites_someone_and_the_consent_is_recorded_and_the_token_hashed(world):
    link, url = invite(world)

    assert link.status == LinkStatus.INVITED and link.grants == ["appointments", "education"]
    token = url.rstrip("/").rsplit("/", 1)[1]
    assert link.invitation_hash == digest(token) and token not in link.invitation_hash
    assert ConsentRecord.objects.get(link=link).action == "granted"
    assert AuditEvent.objects.filter(
        action="companion.support.invited", patient=world.patient
    ).exists()


def test_the_invited_person_joins_with_an_account_of_their_own(world):
    link, url = invite(world)

    client, response = accept(url)

    assert response["Location"] == reverse("companion:family_home")
    link.refresh_from_db()
    assert link.status == LinkStatus.ACTIVE and link.member.role == "family"
    assert link.member.check_password(PASSWORD)
    page = client.get(reverse("companion:family_appointments", args=[link.pk]))
    assert page.status_code == 200


def test_the_invitation_link_moves_the_token_out_of_the_address_and_sends_no_referrer(world):
    _, url = invite(world)
    from django.test import Client

    response = Client().get(url)

    assert response["Location"] == reverse("companion:join")
    assert response["Referrer-Policy"] == "no-referrer"


def test_an_invitation_works_once(world):
    _, url = invite(world)
    accept(url)

    _, again = accept(url)

    assert again.status_code == 410


def test_an_expired_invitation_is_refused(world):
    link, url = invite(world)
    SupportLink.objects.filter(pk=link.pk).update(
        invitation_expires_at=timezone.now() - timedelta(minutes=1)
    )

    _, response = accept(url)

    assert response.status_code == 410


def test_a_short_password_is_refused_and_nothing_is_created(world):
    link, url = invite(world)
    from django.test import Client

    client = Client()
    client.get(url)
    response = client.post(
        reverse("companion:join"),
        {"first_name": "Mia", "password": "short", "language": "en", "consent": "on"},
    )

    assert response.status_code == 200 and "at least 15 characters" in response.content.decode()
    link.refresh_from_db()
    assert link.status == LinkStatus.INVITED and link.member is None


def test_a_family_member_reaches_only_what_was_granted(world):
    world.link.grants = ["appointments"]
    world.link.save(update_fields=["grants"])
    client = client_for(world.family)

    assert (
        client.get(reverse("companion:family_appointments", args=[world.link.pk])).status_code
        == 200
    )
    for name in ("family_checkins", "family_safety_contacts", "family_learn"):
        assert client.get(reverse(f"companion:{name}", args=[world.link.pk])).status_code == 403


def test_withdrawing_a_permission_takes_effect_on_the_next_request(world):
    client = client_for(world.family)
    url = reverse("companion:family_checkins", args=[world.link.pk])
    assert client.get(url).status_code == 200

    client_for(world.patient_user).post(
        reverse("companion:person", args=[world.link.pk]), {"grants": ["appointments"]}
    )

    assert client.get(url).status_code == 403
    assert AuditEvent.objects.filter(
        action="companion.family_checkins.denied", outcome=Outcome.DENIED, actor=world.family
    ).exists()
    assert [c.action for c in ConsentRecord.objects.filter(link=world.link)] == ["changed"]


def test_revoking_ends_access_on_the_next_request_of_an_open_session(world):
    client = client_for(world.family)
    overview = reverse("companion:family_overview", args=[world.link.pk])
    assert client.get(overview).status_code == 200

    client_for(world.patient_user).post(reverse("companion:person_revoke", args=[world.link.pk]))

    response = client.get(overview)
    assert response.status_code == 403
    assert CANARY_FAMILY not in response.content.decode()
    world.link.refresh_from_db()
    assert world.link.status == LinkStatus.REVOKED and world.link.grants == []


def test_a_family_member_never_sees_journal_notes_even_when_shared_with_the_care_team(world):
    CheckIn.objects.create(
        patient=world.patient, mood=2, anxiety=3, sleep=2, energy=2, note="Note canary",
        tags=["walk"], shared=True, note_shared=True,
    )  # fmt: skip

    body = (
        client_for(world.family)
        .get(reverse("companion:family_checkins", args=[world.link.pk]))
        .content.decode()
    )

    assert "Note canary" not in body
    assert '<td class="num">2</td>' in body  # the shared numbers are there


def test_family_sees_only_the_contacts_of_the_safety_plan(world):
    plan = SafetyPlan.objects.create(patient=world.patient)
    SafetyPlanVersion.objects.create(
        plan=plan, number=1, help_contacts="Tom, 555 0178", warning_signs="Warning canary",
        reasons_for_living="Reason canary", author=world.psychiatrist,
    )  # fmt: skip

    body = (
        client_for(world.family)
        .get(reverse("companion:family_safety_contacts", args=[world.link.pk]))
        .content.decode()
    )

    assert "Tom, 555 0178" in body
    assert "Warning canary" not in body and "Reason canary" not in body


def test_family_reads_are_audited_against_the_patient(world):
    client_for(world.family).get(reverse("companion:family_appointments", args=[world.link.pk]))

    event = AuditEvent.objects.get(action="companion.family_appointments.viewed")
    assert (event.patient, event.actor, event.detail["grant"]) == (
        world.patient, world.family, "appointments",
    )  # fmt: skip


def test_a_family_member_cannot_use_someone_elses_link(world):
    other_link = SupportLink.objects.create(
        patient=world.other_patient, name="X", email="x@example.org", grants=["appointments"],
        status=LinkStatus.ACTIVE,
    )  # fmt: skip
    response = client_for(world.family).get(
        reverse("companion:family_appointments", args=[other_link.pk])
    )
    assert response.status_code == 403


def test_the_chart_lists_who_has_access_to_what(world):
    body = (
        client_for(world.psychiatrist)
        .get(reverse("patients:chart", args=[world.patient.pk]))
        .content.decode()
    )
    assert "Portal and support network" in body
    assert "My upcoming appointments" in body  # the family member's grants, in the patient's words


def test_someone_who_already_has_a_family_account_accepts_with_it_after_signing_in(world):
    link, url = invite(world)
    world.family.email = "mia@example.org"
    world.family.set_password(PASSWORD)
    world.family.save()
    from django.test import Client

    client = Client()
    client.get(url)
    assert "Sign in, and you can accept" in client.get(reverse("companion:join")).content.decode()
    client.post(reverse("accounts:login"), {"username": "family", "password": PASSWORD})
    client.post(reverse("companion:join"), {"consent": "on"})

    link.refresh_from_db()
    assert (link.status, link.member) == (LinkStatus.ACTIVE, world.family)
