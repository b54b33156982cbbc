"""100 orders waited on concurrently with notifications while the sandbox drops,
duplicates and delays them (``notify-drop``, ``notify-dup``, ``notify-late`` at rate
0.3) and a short safety net: every wait returns the true final status exactly once.

"True" is the order as read afterwards with faults off; "exactly once" means each wait
returns once, reports its final status once, and the receiver holds at most one
notification per order (duplicates dropped).
"""

from __future__ import annotations

import collections
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from reliability_helpers import v2_for

from numkit import sandbox
from numkit.notifications import Receiver

pytestmark = [pytest.mark.timeout(300), pytest.mark.slow]

ORDERS = 100
SCENARIOS = ("plain", "scenario-partial", "scenario-failed", "scenario-backorder")


def test_hundred_concurrent_waits_survive_notification_faults(start_sandbox) -> None:
    sb = start_sandbox(order_delay=1.0, seed=14)
    sandbox.set_faults(sb.url, rate=0.3, kinds=["notify-drop", "notify-dup", "notify-late"])
    clients = [v2_for(sb) for _ in range(10)]
    with Receiver(username="hook", password="hook-pw-r") as rx:
        clients[0].subscribe(rx.url, username="hook", password="hook-pw-r")
        orders = []
        for i in range(ORDERS):
            kind = SCENARIOS[i % len(SCENARIOS)]
            coid = f"{kind}-{i:03d}" if kind != "plain" else f"plain-{i:03d}"
            slow = f"scenario-slow-{200 + (i * 37) % 1300}-{i:03d}"
            orders.append(
                clients[i % 10].order_search(
                    area_code="919",
                    quantity=2,
                    customer_order_id=coid if kind != "plain" else slow,
                )
            )
        finals: dict[str, list[str]] = collections.defaultdict(list)
        lock = threading.Lock()

        def wait(i: int) -> Any:
            order = orders[i]

            def progress(status: Any) -> None:
                if status.final:
                    with lock:
                        finals[order.id].append(status.status)

            return clients[i % 10].wait_for_order(
                order, notifications=rx, safety_net=(0.5, 1.0), timeout=60, on_progress=progress
            )

        with ThreadPoolExecutor(max_workers=ORDERS) as pool:
            results = list(pool.map(wait, range(ORDERS)))

        sandbox.set_faults(sb.url, rate=0.0)
        truth = [clients[0].get_order(o.id) for o in orders]
        for order, got, true in zip(orders, results, truth, strict=True):
            assert got.id == order.id
            assert got.status == true.status
            assert sorted(got.completed_numbers) == sorted(true.completed_numbers)
            assert finals[order.id] == [true.status]  # reported once
        statuses = collections.Counter(t.status for t in truth)
        assert set(statuses) == {"COMPLETE", "PARTIAL", "FAILED", "BACKORDERED"}
        per_order = collections.Counter(n.order_id for n in rx.notifications)
        assert max(per_order.values()) == 1  # duplicates dropped
        # the faults really happened: some were lost (caught by the safety net)
        assert len(per_order) < ORDERS
    for client in clients:
        client.close()
