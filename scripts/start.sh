#!/usr/bin/env bash
# Install numkit (with its [lab] extra: JupyterLab and Voila) into .venv and start the kit:
# the local sandbox plus JupyterLab on a working copy of the notebooks. Extra arguments go
# to `numkit lab` (e.g. --no-browser). Afterwards: `source .venv/bin/activate`, or call
# .venv/bin/numkit, to use the `numkit` command and the README's Quick start.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[lab]'
exec .venv/bin/numkit lab "$@"
