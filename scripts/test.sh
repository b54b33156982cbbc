#!/usr/bin/env bash
# Install everything the tests need (venv, Python packages, Debian's chromium) and run
# every test: unit, sandbox contract, clients, panels, notebooks, browser, benchmark smoke.
# Extra arguments go to pytest, e.g. `bash scripts/test.sh -m "not browser"`.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv with $($PYTHON --version)"
  "$PYTHON" -m venv .venv
fi
echo "== installing numkit with its test extra"
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "== installing Debian's chromium for the browser test"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "The browser test needs Debian's chromium: run 'sudo apt-get install chromium' and retry." >&2
    exit 1
  fi
fi

echo "== ruff"
.venv/bin/ruff check numkit tests scripts
.venv/bin/ruff format --check numkit tests scripts

echo "== pytest"
exec .venv/bin/python -m pytest "$@"
