"""Scaling: 10-, 100- and 1,000-number orders and their disconnects, end to end.

Against a sandbox with ``--order-delay 0`` (so the figure is the work, not a timer):
search the numbers, ``order_numbers`` → ``wait_for_order`` → ``disconnect`` →
``wait_for_disconnect``, timed per phase through the V2 client. Each size runs
``--repeat`` times; medians are reported with the cost per number and the *marginal*
cost per number between sizes. Target: cost per number flat (the marginal cost does not
grow with the order size).

    .venv/bin/python -m tests.benchmarks.bench_scaling [--sizes 10,100,1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from ._common import demo_v2, median

__all__ = ["SIZES", "main", "measure"]

SIZES = (10, 100, 1000)


def _one(client: Any, size: int) -> dict[str, float]:
    numbers = client.search(area_code="919", quantity=size).numbers
    assert len(numbers) == size, f"the sandbox offered {len(numbers)} of {size} numbers"
    began = time.perf_counter()
    order = client.order_numbers(numbers)
    done = client.wait_for_order(order, timeout=120)
    ordered = time.perf_counter()
    assert done.status == "COMPLETE" and len(done.completed_numbers) == size, done.status
    disc = client.disconnect(done.completed_numbers)
    gone = client.wait_for_disconnect(disc, timeout=120)
    finished = time.perf_counter()
    assert gone.status == "COMPLETE", gone.status
    return {"order_s": ordered - began, "disconnect_s": finished - ordered}


def measure(
    v2_url: str, sizes: tuple[int, ...] = SIZES, repeat: int = 3
) -> dict[int, dict[str, float]]:
    client = demo_v2(v2_url)
    _one(client, 5)  # first-use costs (site lookup, indexes) stay out of the figures
    samples: dict[int, list[dict[str, float]]] = {n: [] for n in sizes}
    for _ in range(repeat):
        for size in sizes:
            samples[size].append(_one(client, size))
    client.close()
    out: dict[int, dict[str, float]] = {}
    previous: tuple[int, float] | None = None
    for size in sizes:
        order_s = median([s["order_s"] for s in samples[size]])
        disc_s = median([s["disconnect_s"] for s in samples[size]])
        total = order_s + disc_s
        row = {
            "order_s": order_s,
            "disconnect_s": disc_s,
            "total_s": total,
            "per_number_ms": total / size * 1000,
            "marginal_ms": None,
        }
        if previous is not None:
            row["marginal_ms"] = (total - previous[1]) / (size - previous[0]) * 1000
        previous = (size, total)
        out[size] = row
    return out


def main(argv: list[str] | None = None) -> dict[int, dict[str, float]]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10,100,1000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    sizes = tuple(int(x) for x in args.sizes.split(","))
    from numkit import sandbox

    with sandbox.start(order_delay=0, aging=0) as sb:
        rows = measure(sb.v2_url, sizes, args.repeat)
    for size, r in rows.items():
        marginal = (
            "" if r["marginal_ms"] is None else f", marginal {r['marginal_ms']:.2f} ms/number"
        )
        print(
            f"{size:5} numbers: order {r['order_s'] * 1e3:.0f} ms, disconnect "
            f"{r['disconnect_s'] * 1e3:.0f} ms, {r['per_number_ms']:.2f} ms/number{marginal}"
        )
    return rows


if __name__ == "__main__":
    main()
