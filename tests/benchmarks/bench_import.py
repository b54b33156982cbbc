"""Import benchmark: ``python -c "import numkit"`` vs ``python -c "import pandas"``.

Each run is a fresh interpreter (``-I`` is not used: numkit must be importable as the
user has it). Runs are interleaved — one of each per round — and the interpreter's own
start (``python -c pass``) is subtracted from the medians. Target: numkit ≤ 0.5 x pandas.

    .venv/bin/python -m tests.benchmarks.bench_import [--rounds 15]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

from ._common import REPO, median

__all__ = ["COMMANDS", "main", "measure"]

COMMANDS = {
    "interpreter": "pass",
    "numkit": "import numkit",
    "pandas": "import pandas",
}


def _once(code: str) -> float:
    began = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO, capture_output=True)
    return time.perf_counter() - began


def measure(rounds: int = 15) -> dict[str, float]:
    """Median seconds per command, start subtracted, and the numkit/pandas ratio."""
    samples: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for code in COMMANDS.values():  # warm the OS file cache once
        _once(code)
    for _ in range(rounds):
        for name, code in COMMANDS.items():
            samples[name].append(_once(code))
    base = median(samples["interpreter"])
    numkit = max(0.0, median(samples["numkit"]) - base)
    pandas = max(1e-9, median(samples["pandas"]) - base)
    modules = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, numkit; heavy = ('pandas', 'ipywidgets', 'tornado', 'requests', "
            "'lxml', 'numpy'); print(','.join(m for m in heavy if m in sys.modules))",
        ],
        check=True,
        cwd=REPO,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "interpreter_s": base,
        "numkit_s": numkit,
        "pandas_s": pandas,
        "ratio": numkit / pandas,
        "rounds": rounds,
        "heavy_modules_loaded": modules,
    }


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args(argv)
    r = measure(args.rounds)
    print(
        f"interpreter {r['interpreter_s'] * 1e3:.0f} ms; import numkit +{r['numkit_s'] * 1e3:.0f} ms; "
        f"import pandas +{r['pandas_s'] * 1e3:.0f} ms; ratio {r['ratio']:.2f} (target ≤ 0.5)"
    )
    return r


if __name__ == "__main__":
    main()
