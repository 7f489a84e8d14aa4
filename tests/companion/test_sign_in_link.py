"""One-time sign-in links for patients and family (security-targets T15)."""

import re
from datetime import timedelta

from django.core import mail
from django.test import Client
from django.urls import reverse

from remission.audit.models import AuditEvent
from remission.companion.models import SignInToken
from remission.companion.services import digest


def ask_for_link(email: str, ip: str = "10.1.1.1") -> Client:
    client = Client(REMOTE_ADDR=ip)
    client.post(reverse("companion:sign_in_link"), {"email": email})
    return client


def the_link() -> str:
    return re.search(r"https?://\S+/portal/sign-in/\S+/", mail.outbox[-1].body).group(0)


def test_a_patient_signs_in_with_a_link_and_lands_on_a_token_less_address(world):
    ask_for_link(world.patient_user.email)
    client = Client()

    first = client.get(the_link())
    assert first["Location"] == reverse("companion:sign_in_confirm")
    assert first["Referrer-Policy"] == "no-referrer"
    confirm = client.get(first["Location"])
    assert confirm["Referrer-Policy"] == "no-referrer"
    signed_in = client.post(reverse("companion:sign_in_confirm"))

    assert signed_in["Location"] == reverse("web:home")
    assert client.get(reverse("companion:home")).status_code == 200
    assert AuditEvent.objects.filter(action="companion.sign_in_link.used").exists()


def test_the_token_has_256_bits_and_only_its_hash_is_stored(world):
    ask_for_link(world.patient_user.email)
    token = the_link().rstrip("/").rsplit("/", 1)[1]

    stored = SignInToken.objects.get(user=world.patient_user)
    assert len(token) >= 43  # 32 random bytes in URL-safe base64
    assert stored.token_hash == digest(token) and token not in stored.token_hash


def test_a_link_works_once(world):
    ask_for_link(world.patient_user.email)
    link = the_link()
    client = Client()
    client.get(link)
    client.post(reverse("companion:sign_in_confirm"))

    again = Client()
    again.get(link)
    assert again.post(reverse("companion:sign_in_confirm")).status_code == 410


def test_a_link_expires(world, time_machine):
    time_machine.move_to("2026-11-25 09:00Z", tick=False)
    ask_for_link(world.patient_user.email)
    link = the_link()

    time_machine.move_to("2026-11-25 09:31Z", tick=False)
    client = Client()
    client.get(link)
    assert client.post(reverse("companion:sign_in_confirm")).status_code == 410


def test_an_e_mail_scanner_that_follows_the_link_does_not_use_it_up(world):
    ask_for_link(world.patient_user.email)
    link = the_link()
    Client().get(link)  # the scanner: GET only, never the button

    client = Client()
    client.get(link)
    assert client.post(reverse("companion:sign_in_confirm"))["Location"] == reverse("web:home")


def test_unknown_and_staff_addresses_get_the_same_answer_and_no_mail(world):
    for email in ("nobody@example.org", world.psychiatrist.email):
        response = Client().post(reverse("companion:sign_in_link"), {"email": email})
        assert "If a portal account uses this address" in response.content.decode()
    assert mail.outbox == []


def test_requests_for_links_are_rate_limited_per_address(world, settings):
    settings.SIGN_IN_LINKS_PER_HOUR = 2
    for n in range(4):
        ask_for_link(world.patient_user.email, ip=f"10.0.0.{n}")
    assert len(mail.outbox) == 2
    assert AuditEvent.objects.filter(action="companion.sign_in_link.throttled").exists()


def test_guessing_tokens_is_rate_limited_per_client(world, settings):
    settings.SIGN_IN_LINK_TRIES_PER_HOUR = 3
    client = Client(REMOTE_ADDR="10.9.9.9")
    statuses = []
    for n in range(5):
        client.get(reverse("companion:sign_in_token", args=[f"guess-{n}"]))
        statuses.append(client.post(reverse("companion:sign_in_confirm")).status_code)
    assert statuses == [410, 410, 410, 429, 429]


def test_a_deactivated_account_cannot_use_its_link(world):
    ask_for_link(world.patient_user.email)
    link = the_link()
    world.patient_user.is_active = False
    world.patient_user.save(update_fields=["is_active"])

    client = Client()
    client.get(link)
    assert client.post(reverse("companion:sign_in_confirm")).status_code == 410


def test_links_expire_after_the_configured_minutes(world, settings):
    ask_for_link(world.patient_user.email)
    token = SignInToken.objects.get(user=world.patient_user)
    assert token.expires_at - token.created_at == timedelta(minutes=settings.SIGN_IN_LINK_MINUTES)


def test_a_clinician_invites_a_patient_to_the_portal(world):
    from tests.conftest import client_for, make_patient

    newcomer = make_patient(world.clinic_a, "Nora", "New", "A-0777", [world.psychiatrist])
    client = client_for(world.psychiatrist)

    client.post(reverse("companion:portal_invite", args=[newcomer.pk]))

    newcomer.refresh_from_db()
    assert newcomer.user is not None and newcomer.user.role == "patient"
    assert not newcomer.user.has_usable_password()
    assert "/password/set/" in mail.outbox[-1].body
