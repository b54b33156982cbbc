#!/usr/bin/env bash
# Install everything the tests need (venv, Python packages, Debian's chromium, the
# JupyterHub proxy) and run every check: ruff (code and notebooks), mypy, then the whole
# pytest suite (unit, sandbox contract, clients, panels, notebooks, browser, hub, wheel,
# benchmark smoke). Extra arguments go to pytest, e.g. `bash scripts/test.sh -m "not browser"`.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv with $($PYTHON --version)"
  "$PYTHON" -m venv .venv
fi
echo "== installing numkit with its lab and test extras"
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[lab,test]'

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
command -v npm >/dev/null || need_apt+=(nodejs npm)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "== installing ${need_apt[*]} (browser and JupyterHub tests)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "The tests need ${need_apt[*]}: run 'sudo apt-get install ${need_apt[*]}' and retry." >&2
    exit 1
  fi
fi
if [ ! -x .venv/node/bin/configurable-http-proxy ]; then
  echo "== installing configurable-http-proxy (JupyterHub test)"
  npm install --silent --prefix .venv/node -g configurable-http-proxy@5
fi

echo "== ruff"
.venv/bin/ruff check numkit tests scripts notebooks
.venv/bin/ruff format --check numkit tests scripts

echo "== mypy"
.venv/bin/mypy

echo "== notebooks stripped"
.venv/bin/nbstripout --keep-id --verify notebooks/*.ipynb

echo "== pytest"
exec .venv/bin/python -m pytest "$@"
