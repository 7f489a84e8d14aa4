# The commands a newcomer needs: `make run` and `make test`. See README.md.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
# Some machines set this; compiled bytecode makes every test run and worker start much faster.
unexport PYTHONDONTWRITEBYTECODE
PYTHON ?= python3
UV := .tools/bin/uv
UV_VERSION := 0.13.9
RUN := $(UV) run --locked --no-sync

.PHONY: run install test test-fast e2e check sbom audit-deps bench drills messages clean

$(UV):
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 12), "Python 3.12+ is needed (see .python-version): " + sys.version'
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

.venv/.synced: $(UV) uv.lock pyproject.toml
	$(UV) sync --locked
	@touch $@

install: .venv/.synced

## Start the demo clinic on SQLite at http://127.0.0.1:8000 (background tasks included).
run: install
	DEBUG=1 SHOW_DEMO_LOGINS=1 $(RUN) remission manage migrate --verbosity 0
	DEBUG=1 $(RUN) remission demo
	DEBUG=1 SHOW_DEMO_LOGINS=1 TASKS_BACKEND=django_tasks_db.DatabaseBackend $(RUN) remission serve --with-worker

## The whole test suite (browser tests skip with a reason when no chromium is installed).
test: install
	$(RUN) pytest

test-fast: install
	$(RUN) pytest -m "not e2e"

e2e: install
	$(RUN) pytest -m e2e

## Lint, types, migrations, the clinical-core boundary, and bandit: no high-severity finding and
## no string-built SQL (B608) in src/ (security-targets T26, T29).
check: install
	$(RUN) ruff check src tests bench
	$(RUN) ruff format --check src tests bench
	$(RUN) mypy
	$(RUN) python manage.py makemigrations --check --dry-run
	$(RUN) lint-imports
	$(RUN) bandit --quiet --recursive src --severity-level high
	$(RUN) bandit --quiet --recursive src --tests B608

## CycloneDX SBOM of what a release runs: the locked runtime dependencies with their sha256 hashes
## (artifacts/sbom.cdx.json; the hashed requirements it is made from beside it). Offline.
sbom: install
	mkdir -p artifacts
	$(UV) export --locked --no-dev --no-emit-project --format requirements-txt --quiet \
		--output-file artifacts/requirements.txt
	$(RUN) cyclonedx-py requirements --pyproject pyproject.toml --output-reproducible \
		--of JSON -o artifacts/sbom.cdx.json artifacts/requirements.txt

## Known vulnerabilities in the locked runtime dependencies (needs the network: PyPI's advisories;
## --strict fails when a dependency could not be checked, so an offline run never passes).
audit-deps: sbom
	$(RUN) pip-audit --requirement artifacts/requirements.txt --require-hashes --disable-pip \
		--vulnerability-service pypi --progress-spinner off --strict

## Refresh the German catalogue from the code and templates, then compile it (needs GNU gettext).
## Fill in new empty msgstr entries; tests/companion/test_i18n.py fails on untranslated portal text.
messages: install
	cd src/remission && ../../$(RUN) django-admin makemessages -l de --add-location file --no-obsolete
	cd src/remission && ../../$(RUN) django-admin compilemessages -l de

bench: install
	$(RUN) python bench/run.py

## The slow drills: kill -9 during submissions, backup and restore, load. Each fails on a violation.
drills: install
	$(RUN) python drills/run.py

clean:
	rm -rf .venv .tools var artifacts
