"""Sandbox throughput: requests/s and p99 at 1, 10 and 50 concurrent clients, against a
bare Tornado handler measured the same way in the same run.

The clients are a separate process (``loadgen.py``: threads with keep-alive
connections) so the load generator never shares an interpreter with a server. Two
sandbox requests are measured — a 10-number search and an order-status GET (what a
poller sends) — and the bare handler (``bare_server.py``) answers a body of the same
size. Target: sandbox p99 ≤ 5 x the bare handler's at 50 clients.

    .venv/bin/python -m tests.benchmarks.bench_throughput [--seconds 3] [--levels 1,10,50]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

from ._common import REPO, demo_v2

__all__ = ["LEVELS", "bare_server", "load", "main", "measure"]

LEVELS = (1, 10, 50)


@contextlib.contextmanager
def bare_server(body_bytes: int = 606) -> Iterator[str]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.benchmarks.bare_server", "--body-bytes", str(body_bytes)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline().strip())
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(10)


def load(url: str, clients: int, seconds: float) -> dict[str, Any]:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.benchmarks.loadgen",
            url,
            "--clients",
            str(clients),
            "--seconds",
            str(seconds),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=seconds + 120,
        check=True,
    )
    return json.loads(run.stdout)


def measure(
    v2_url: str, bare_url: str, *, levels: tuple[int, ...] = LEVELS, seconds: float = 3.0
) -> dict[str, Any]:
    client = demo_v2(v2_url)
    account = client.account_id
    order = client.order_search(area_code="919", quantity=1)
    done = client.wait_for_order(order, timeout=30)
    client.search(state="NC", quantity=1)  # build the sandbox's lazy indexes first
    targets = {
        "sandbox search": f"{v2_url}/accounts/{account}/availableNumbers?areaCode=919&quantity=10",
        "sandbox order status": f"{v2_url}/accounts/{account}/orders/{order.id}",
        "bare tornado": f"{bare_url}/api/accounts/{account}/availableNumbers",
    }
    for url in targets.values():  # warm connections, caches and the JIT-less interpreter
        load(url, 1, 0.3)
    rows: dict[str, dict[int, dict[str, Any]]] = {name: {} for name in targets}
    for clients in levels:
        for name, url in targets.items():
            rows[name][clients] = load(url, clients, seconds)
    client.disconnect(done.completed_numbers)  # leave the account as we found it
    client.close()
    top = max(levels)
    ratio = rows["sandbox search"][top]["p99_ms"] / max(rows["bare tornado"][top]["p99_ms"], 1e-6)
    return {"rows": rows, "p99_ratio_at_top": ratio, "top": top, "seconds": seconds}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--levels", default="1,10,50")
    args = parser.parse_args(argv)
    levels = tuple(int(x) for x in args.levels.split(","))
    from numkit import sandbox

    with sandbox.start() as sb, bare_server() as bare:
        result = measure(sb.v2_url, bare, levels=levels, seconds=args.seconds)
    for name, by_level in result["rows"].items():
        for clients, r in by_level.items():
            print(
                f"{name:22} {clients:3} clients: {r['rps']:7.0f} req/s  p50 {r['p50_ms']:6.1f} ms"
                f"  p99 {r['p99_ms']:6.1f} ms  errors {r['errors']}"
            )
    print(
        f"p99 sandbox/bare at {result['top']} clients: {result['p99_ratio_at_top']:.2f} (target ≤ 5)"
    )
    return result


if __name__ == "__main__":
    main()
