"""TOTP second factor for all staff (security-targets T09, T14)."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from remission.audit.models import AuditEvent
from tests.conftest import authenticator, client_for
from tests.platform.test_access_matrix import MATRIX, STAFF

STAFF_PAGES = sorted(
    name for name, row in MATRIX.items()
    if row.method == "GET" and not row.args and row.allowed <= STAFF and not name.startswith("api:")
)  # fmt: skip


def code(device: TOTPDevice, at: float) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = at
    return f"{totp.token():06d}"


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_a_password_only_session_reaches_no_staff_page(world, name):
    allowed = MATRIX[name].allowed
    user = world.psychiatrist if "psychiatrist" in allowed else world.admin
    client = client_for(user, second_factor=False)
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:second_factor"))


def test_a_password_only_session_reaches_no_patient_data(world):
    client = client_for(world.psychiatrist, second_factor=False)
    response = client.get(reverse("patients:chart", args=[world.patient.pk]))
    assert response.status_code == 302
    assert "Quenby" not in response.content.decode()
    assert client.get(f"/api/patients/{world.patient.pk}/scores").status_code == 403


def test_first_sign_in_enrols_an_authenticator_and_then_opens_the_app(world, time_machine):
    time_machine.move_to("2026-11-25 09:00:00Z", tick=False)
    client = client_for(world.nurse, second_factor=False)
    page = client.get(reverse("accounts:second_factor"))
    assert "Set up your authenticator" in page.content.decode()
    assert 'src="data:image/svg+xml' in page.content.decode()
    device = TOTPDevice.objects.get(user=world.nurse, confirmed=False)
    before = client.session.session_key

    response = client.post(reverse("accounts:second_factor"), {"code": code(device, 1795597200)})

    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.session.session_key != before  # a new session id once fully signed in
    assert client.get(reverse("web:home")).status_code == 200
    actions = set(AuditEvent.objects.filter(actor=world.nurse).values_list("action", flat=True))
    assert {"accounts.second_factor.enrolled", "accounts.second_factor.passed"} <= actions


def test_a_code_works_once(world, time_machine):
    time_machine.move_to("2026-11-25 09:00:00Z", tick=False)
    device = authenticator(world.nurse)
    now = 1795597200
    first, second = (
        client_for(world.nurse, second_factor=False),
        client_for(world.nurse, second_factor=False),
    )

    assert (
        first.post(reverse("accounts:second_factor"), {"code": code(device, now)}).status_code
        == 302
    )
    reused = second.post(reverse("accounts:second_factor"), {"code": code(device, now)})

    assert reused.status_code == 200
    assert "not right or has expired" in reused.content.decode()


def test_a_code_two_steps_old_is_refused_and_one_step_old_accepted(world, time_machine):
    time_machine.move_to("2026-11-25 09:00:00Z", tick=False)
    device = authenticator(world.nurse)
    now = 1795597200
    assert not device.verify_token(code(device, now - 60))
    time_machine.move_to("2026-11-25 09:01:00Z", tick=False)  # past the failure's wait
    assert device.verify_token(code(device, now + 60 - 30))


def test_a_wrong_code_makes_the_next_attempt_wait(world, time_machine):
    time_machine.move_to("2026-11-25 09:00:00Z", tick=False)
    device = authenticator(world.nurse)
    client = client_for(world.nurse, second_factor=False)
    client.post(reverse("accounts:second_factor"), {"code": "000000"})

    right_away = client.post(reverse("accounts:second_factor"), {"code": code(device, 1795597200)})

    assert "Too many wrong codes" in right_away.content.decode()  # not even checked
    failed = AuditEvent.objects.filter(action="accounts.second_factor.failed", outcome="denied")
    assert failed.count() == 1
    time_machine.move_to("2026-11-25 09:00:05Z", tick=False)  # 1 s after one failure (django-otp)
    assert (
        client.post(
            reverse("accounts:second_factor"), {"code": code(device, 1795597205)}
        ).status_code
        == 302
    )


def test_a_code_with_letters_is_refused_naming_the_field(world):
    response = client_for(world.nurse, second_factor=False).post(
        reverse("accounts:second_factor"), {"code": "12a456"}
    )
    assert "six digits" in str(response.context["form"].errors["code"])


def test_an_admin_resets_a_lost_authenticator_ending_the_users_sessions(world):
    nurse = client_for(world.nurse)
    client_for(world.admin).post(
        reverse("accounts:user_reset_second_factor", args=[world.nurse.pk])
    )

    assert not TOTPDevice.objects.filter(user=world.nurse).exists()
    assert nurse.get(reverse("web:home")).status_code == 302
    assert AuditEvent.objects.filter(
        action="accounts.second_factor.reset", actor=world.admin
    ).exists()


def test_after_the_password_staff_go_to_the_second_step(world):
    world.nurse.set_password("a long enough passphrase for tests")
    world.nurse.save()
    client = Client()
    response = client.post(
        reverse("accounts:login"),
        {"username": "nurse", "password": "a long enough passphrase for tests"},
        follow=True,
    )
    assert re.search(
        r"Set up your authenticator|Enter your one-time code", response.content.decode()
    )


def test_the_demo_sign_in_page_shows_each_demo_accounts_current_code(db, settings, client):
    from remission.demo.clinic import load_demo

    settings.SHOW_DEMO_LOGINS = True
    load_demo(seed=3)
    page = client.get(reverse("accounts:login")).content.decode()
    assert len(re.findall(r'class="mono">\d{6}<', page)) == 10


def test_the_next_address_after_the_second_step_stays_on_this_site(world, time_machine):
    time_machine.move_to("2026-11-25 09:00:00Z", tick=False)
    device = authenticator(world.nurse)
    client = client_for(world.nurse, second_factor=False)
    response = client.post(
        reverse("accounts:second_factor") + "?next=https://evil.example/",
        {"code": code(device, 1795597200)},
    )
    assert response["Location"] == reverse("web:home")
