#!/usr/bin/env bash
# Install numkit into .venv and start the kit: the local sandbox plus JupyterLab on a
# working copy of the notebooks. Extra arguments go to `numkit lab` (e.g. --no-browser).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
exec .venv/bin/numkit lab "$@"
