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
def screenshot(page):
    """``screenshot("name")`` saves the test's page as a test artefact."""
    return lambda name: save_screenshot(page, name)
