"""The supply chain is known and clean, offline (security-targets T29; Django's pin for T26).

Every dependency is pinned with a sha256 hash in ``uv.lock`` and installed only from it
(``--locked``); the hashed requirements a release installs from come out of the lock with
``--require-hashes``-ready lines; ``make sbom`` writes a CycloneDX SBOM of them; bandit finds no
high-severity issue and no string-built SQL in ``src/``. pip-audit needs the network and runs as
``make audit-deps``, outside this suite (docs/security.md, "Supply chain").
"""

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import django
import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCK = tomllib.loads((ROOT / "uv.lock").read_text())
UV = ROOT / ".tools" / "bin" / "uv"
SHA256 = re.compile(r"^sha256:[0-9a-f]{64}$")


def locked(name: str) -> dict:
    return next(package for package in LOCK["package"] if package["name"] == name)


def third_party() -> list[dict]:
    """Every locked package but the project itself (installed editable from this checkout)."""
    return [package for package in LOCK["package"] if "editable" not in package["source"]]


def test_every_locked_package_comes_from_the_registry_with_sha256_hashes():
    packages = third_party()
    assert len(packages) == len(LOCK["package"]) - 1  # only the project itself is editable
    for package in packages:
        assert "registry" in package["source"], package["name"]
        files = [package.get("sdist", {}), *package.get("wheels", [])]
        hashes = [file["hash"] for file in files if file]
        assert hashes, f"{package['name']} has no hash"
        assert all(SHA256.match(value) for value in hashes), package["name"]


def test_installs_use_only_the_lock():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^\t\$\(UV\) sync --locked$", makefile, re.MULTILINE)
    assert "RUN := $(UV) run --locked --no-sync" in makefile
    assert "--locked" in (ROOT / ".ci" / "run").read_text()


def test_django_is_a_release_with_the_cve_2026_1312_fix():
    """CVE-2026-1312, an SQL injection fixed in Django 5.2.11 and 6.0.2 (security-targets T26,
    [R27]): both what runs and what is locked are at or past it."""
    assert django.VERSION >= (6, 0, 2)
    version = tuple(int(part) for part in locked("django")["version"].split(".")[:3])
    assert version >= (6, 0, 2)


@pytest.fixture(scope="module")
def exported() -> str:
    """The runtime requirements as a release installs them: exported from the lock."""
    assert UV.exists(), "run `make install` first (it bootstraps uv into .tools/)"
    return subprocess.run(
        [UV, "export", "--locked", "--no-dev", "--no-emit-project", "--format",
         "requirements-txt", "--quiet"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip


def requirements(text: str) -> dict[str, list[str]]:
    """name==version -> its hashes, from a requirements file with continuation lines."""
    found: dict[str, list[str]] = {}
    for entry in text.replace("\\\n", " ").splitlines():
        entry = entry.split("#", 1)[0].strip()
        if entry:
            pin, *rest = entry.split()
            found[pin.split(";")[0]] = [part for part in rest if part.startswith("--hash=")]
    return found


def test_the_release_requirements_are_pinned_and_hashed_for_require_hashes(exported):
    pins = requirements(exported)
    assert f"django=={locked('django')['version']}" in pins
    for pin, hashes in pins.items():
        assert "==" in pin, pin
        assert hashes and all(h.startswith("--hash=sha256:") for h in hashes), pin


def test_make_sbom_writes_a_cyclonedx_sbom_of_the_release_requirements(tmp_path, exported):
    """What ``make sbom`` runs, into a temporary folder: every pinned requirement is a component
    with its version and hashes."""
    (tmp_path / "requirements.txt").write_text(exported)
    subprocess.run(
        [sys.executable, "-m", "cyclonedx_py", "requirements", "--pyproject",
         ROOT / "pyproject.toml", "--output-reproducible", "--of", "JSON",
         "-o", tmp_path / "sbom.cdx.json", tmp_path / "requirements.txt"],
        check=True, capture_output=True,
    )  # fmt: skip
    sbom = json.loads((tmp_path / "sbom.cdx.json").read_text())
    assert sbom["bomFormat"] == "CycloneDX"
    assert sbom["metadata"]["component"]["name"] == "remission"
    components = {
        f"{component['name']}=={component['version']}": component
        for component in sbom["components"]
    }
    assert set(components) == set(requirements(exported))
    for component in components.values():
        hashes = [h for ref in component["externalReferences"] for h in ref.get("hashes", [])]
        assert hashes and all(h["alg"] == "SHA-256" for h in hashes), component["name"]
    makefile = (ROOT / "Makefile").read_text()
    assert "cyclonedx-py requirements" in makefile and "artifacts/sbom.cdx.json" in makefile


def test_bandit_finds_no_high_severity_issue_and_no_string_built_sql():
    report = subprocess.run(
        [sys.executable, "-m", "bandit", "--quiet", "--recursive", ROOT / "src", "--format",
         "json"],
        capture_output=True, text=True,
    )  # fmt: skip
    findings = json.loads(report.stdout)
    assert findings["errors"] == []
    assert findings["metrics"]["_totals"]["loc"] > 10_000  # it did read the source
    serious = [
        f"{r['filename']}:{r['line_number']} {r['test_id']} {r['issue_text']}"
        for r in findings["results"]
        if r["issue_severity"] == "HIGH" or r["test_id"] == "B608"
    ]
    assert serious == []
