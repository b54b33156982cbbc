"""Notebook run time: each shipped notebook under nbclient vs a one-cell notebook.

The one-cell notebook (``import numkit``) is the baseline: it pays the kernel start and
nothing else, so ``notebook - baseline`` is what the lesson itself costs a user who
presses "Run all". Each notebook runs against its own private sandbox, pointed to through
``NUMKIT_V1_BASE_URL`` / ``NUMKIT_V2_BASE_URL`` as the notebook tests do. The baseline
runs before and after the notebooks; its median is used.

    .venv/bin/python -m tests.benchmarks.bench_notebooks [--only 02-search,03-order-and-poll]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from ._common import REPO, median

__all__ = ["NOTEBOOKS", "baseline_notebook", "main", "measure", "run_notebook"]

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
CELL_TIMEOUT = 180


def baseline_notebook():
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import numkit")]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return nb


def run_notebook(nb: Any, workdir: str) -> float:
    """Seconds for nbclient to start a kernel, run every cell and shut down."""
    from nbclient import NotebookClient

    client = NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        startup_timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": workdir}},
        shutdown_kernel="immediate",
    )
    began = time.perf_counter()
    client.execute()
    return time.perf_counter() - began


def _with_sandbox(nb: Any, workdir: str) -> float:
    from numkit import sandbox

    with sandbox.start(order_delay=0.5, aging=3) as sb:
        saved = {k: os.environ.get(k) for k in ("NUMKIT_V1_BASE_URL", "NUMKIT_V2_BASE_URL")}
        os.environ["NUMKIT_V1_BASE_URL"] = sb.v1_url
        os.environ["NUMKIT_V2_BASE_URL"] = sb.v2_url
        try:
            return run_notebook(nb, workdir)
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def measure(paths: list[Path] | None = None) -> dict[str, Any]:
    import nbformat

    paths = NOTEBOOKS if paths is None else paths
    with tempfile.TemporaryDirectory(prefix="numkit-bench-nb-") as workdir:
        base = [run_notebook(baseline_notebook(), workdir)]
        rows: dict[str, dict[str, float]] = {}
        for path in paths:
            seconds = _with_sandbox(nbformat.read(path, as_version=4), workdir)
            rows[path.stem] = {"seconds": seconds}
        base.append(run_notebook(baseline_notebook(), workdir))
    baseline = median(base)
    for row in rows.values():
        row["ratio"] = row["seconds"] / baseline
        row["over_baseline_s"] = row["seconds"] - baseline
    return {"baseline_s": baseline, "rows": rows}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", default="", help="comma list of notebook names (stems)")
    args = parser.parse_args(argv)
    wanted = {s for s in args.only.split(",") if s}
    paths = [p for p in NOTEBOOKS if not wanted or p.stem in wanted]
    result = measure(paths)
    print(f"one-cell baseline (kernel start): {result['baseline_s']:.2f} s")
    for name, r in result["rows"].items():
        print(f"{name:20} {r['seconds']:6.2f} s  = {r['ratio']:.1f} x baseline")
    return result


if __name__ == "__main__":
    main()
