"""Browser tests drive Debian's chromium through Playwright (no browser download).

Without a browser they are skipped with the reason shown; with ``REMISSION_E2E_REQUIRED=1`` (set
by ``.ci/run``) a missing browser is an error instead.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(os.environ.get("REMISSION_ARTIFACTS", "artifacts")) / "screenshots"
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if Path(CHROMIUM).exists():
        return
    reason = f"no chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)"
    if os.environ.get("REMISSION_E2E_REQUIRED"):
        raise pytest.UsageError(f"Browser tests are required here but {reason}.")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


def save_screenshot(page, name: str) -> Path:
    """Save the whole page as a test artefact."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def open_page(browser):
    """``open_page(viewport=..., storage_state=...)`` opens a page in a fresh browser context.

    Every context is closed when the test ends, so no page left open keeps polling the live
    server (the alert badge) while later tests run.
    """
    contexts = []

    def open_(**context_options):
        context = browser.new_context(**context_options)
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot(page):
    """``screenshot("name")`` saves the test's page as a test artefact."""
    return lambda name: save_screenshot(page, name)


def sign_in(page, base_url: str, user, password: str) -> None:
    """Sign in through the pages, with the one-time code for staff."""
    from django_otp.oath import TOTP
    from playwright.sync_api import expect

    from remission.accounts.models import STAFF_ROLES
    from tests.conftest import authenticator

    page.goto(f"{base_url}/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if user.role in STAFF_ROLES:
        device = authenticator(user)
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        page.get_by_label("Six-digit code").fill(f"{totp.token():06d}")
        page.get_by_role("button", name="Continue").click()
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
