#!/usr/bin/env bash
# Run every numkit benchmark (parse, peer SDK, import, polling, notifications vs polling,
# sandbox throughput, scaling, notebooks) and rewrite the results table in tests/benchmarks/README.md.
# Under five minutes on a 2-core machine. Extra arguments go to the runner, e.g.
#   bash scripts/bench.sh --only parse,sdk
# Bandwidth's V2 SDK (bandwidth-numbers-sdk 1.2.0) goes into its own venv, .bench-venv:
# it pins old certifi/idna/chardet and must never touch the test environment (.venv).
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
PIP_FLAGS=(--quiet --disable-pip-version-check)

if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv with $($PYTHON --version)"
  "$PYTHON" -m venv .venv
  .venv/bin/python -m pip install "${PIP_FLAGS[@]}" --upgrade pip
  .venv/bin/python -m pip install "${PIP_FLAGS[@]}" -e '.[test]'
fi

SDK=bandwidth-numbers-sdk==1.2.0
if ! .bench-venv/bin/python -c "import bandwidth_numbers, lxml, pandas, phonenumbers" 2>/dev/null; then
  echo "== creating .bench-venv with $SDK (the peer SDK, isolated)"
  rm -rf .bench-venv
  "$PYTHON" -m venv .bench-venv
  # numkit's parse dependencies at the test venv's versions, so the floor, numkit and the
  # SDK are timed in one process (numkit itself comes from the repository on PYTHONPATH).
  PINS=$(.venv/bin/python -c "import lxml, pandas, phonenumbers; print(f'lxml=={lxml.__version__} pandas=={pandas.__version__} phonenumbers=={phonenumbers.__version__}')")
  # shellcheck disable=SC2086 # PINS is a list of requirement words
  if ! .bench-venv/bin/python -m pip install "${PIP_FLAGS[@]}" "$SDK" $PINS; then
    echo "!! could not install $SDK: the table will say the SDK was not measured" >&2
    rm -rf .bench-venv
  fi
fi

echo "== benchmarks"
exec .venv/bin/python -m tests.benchmarks.run "$@"
