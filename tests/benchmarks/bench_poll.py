"""Polling benchmark: requests sent and detection delay for orders that finish after
0.2, 1 and 5 s (``CustomerOrderId`` ``scenario-slow-<ms>``).

The client's ``sleep`` is wrapped to timestamp every poll; the order's creation time is
the sandbox's ``OrderCreateDate``. For each order:

* ``requests`` — GETs of the order sent by ``wait_for_order``;
* ``delay`` — when ``wait_for_order`` returned minus when the order became final
  (created + the scenario's milliseconds);
* ``step`` — the backoff wait that was running when the order became final; the target
  is ``delay ≤ step`` (+ one request's latency): detected within one backoff step;
* ``after_terminal`` — requests about the order after the one that saw it final (0).

    .venv/bin/python -m tests.benchmarks.bench_poll [--v2-url URL]
"""

from __future__ import annotations

import secrets
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ._common import demo_v2, run_standalone

__all__ = ["DELAYS_MS", "main", "measure", "measure_one"]

DELAYS_MS = (200, 1000, 5000)
TERMINAL = {"COMPLETE", "PARTIAL", "FAILED", "BACKORDERED"}


def measure_one(v2_url: str, delay_ms: int) -> dict[str, Any]:
    from numkit import parse_order_response

    sleeps: list[tuple[float, float]] = []  # (started at, seconds)

    def sleep(seconds: float) -> None:
        sleeps.append((time.time(), seconds))
        time.sleep(seconds)

    placer = demo_v2(v2_url)
    coid = f"scenario-slow-{delay_ms}-{secrets.token_hex(3)}"
    order = placer.order_search(area_code="919", quantity=1, customer_order_id=coid)
    placer.close()
    client = demo_v2(v2_url, sleep=sleep, history=1000)
    final = client.wait_for_order(order.id, timeout=60)
    returned = time.time()
    created = order.created.timestamp() if order.created else returned
    finished_at = created + delay_ms / 1000
    gets = [e for e in client.exchanges if f"/orders/{order.id}" in e.url and e.method == "GET"]
    seen_final = next(
        i
        for i, e in enumerate(gets)
        if e.response_body
        and parse_order_response(e.response_body.encode("utf-8")).status in TERMINAL
    )
    # the backoff step running when the order became final
    step = next((s for at, s in sleeps if at <= finished_at < at + s), 0.0)
    latency = max((e.elapsed for e in gets), default=0.0)
    delay = returned - finished_at
    if final.completed_numbers:  # leave the account as we found it
        client.disconnect(final.completed_numbers)
    client.close()
    return {
        "delay_ms": delay_ms,
        "status": final.status,
        "requests": len(gets),
        "detection_delay_s": delay,
        "backoff_step_s": step,
        "within_one_step": delay <= step + latency + 0.05,
        "after_terminal": len(gets) - seen_final - 1,
    }


def measure(v2_url: str, delays_ms: tuple[int, ...] = DELAYS_MS) -> list[dict[str, Any]]:
    warm = demo_v2(v2_url)  # first-use costs (indexes, site lookup) stay out of the figures
    done = warm.wait_for_order(warm.order_search(area_code="919", quantity=1), timeout=30)
    warm.disconnect(done.completed_numbers)
    warm.close()
    with ThreadPoolExecutor(len(delays_ms)) as pool:
        return list(pool.map(lambda d: measure_one(v2_url, d), delays_ms))


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    rows = run_standalone(measure, argv, __doc__.split("\n")[0])
    for r in rows:
        print(r)
    return rows


if __name__ == "__main__":
    main()
