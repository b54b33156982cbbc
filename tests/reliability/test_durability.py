"""Crash durability: SIGKILL the sandbox while orders are RECEIVED, restart it on the
same state file, and nothing is lost.

Two ways in: orders that are quietly RECEIVED when the process dies, and orders being
POSTed by a busy client at the very moment of the kill. Every order whose 201 the
client saw — V2 orders and disconnects, V1 numbers — is still there after the restart
and reaches its final state; the final state is derived from stored times, so the
restart costs nothing but the downtime.
"""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest
from reliability_helpers import v1_for, v2_for

from numkit import sandbox
from numkit.errors import NumkitError

pytestmark = pytest.mark.timeout(180)


def test_sigkill_while_orders_are_received_loses_nothing(tmp_path) -> None:
    state = tmp_path / "state.sqlite"
    first = sandbox.start(state=state, order_delay=5, aging=600)  # RECEIVED even under load
    try:
        v2 = v2_for(first)
        v1 = v1_for(first)
        owned = [v2.order_search(area_code="919", quantity=2)]
        done = v2.wait_for_order(owned[0], timeout=30)
        assert done.status == "COMPLETE"
        disc = v2.disconnect(done.completed_numbers[:1])  # RECEIVED at the kill
        quiet = [
            v2.order_search(area_code="910", quantity=1, customer_order_id="plain-order"),
            v2.order_search(area_code="704", quantity=2, customer_order_id="scenario-slow-8000-x"),
            v2.order_search(area_code="336", quantity=2, customer_order_id="scenario-partial-y"),
        ]
        v1_number = v1.search_and_order_local(area_code="828", quantity=1)
        for order in quiet:
            assert v2.get_order(order.id).status == "RECEIVED"

        # a busy client POSTing orders while the process dies
        acked: list = []
        stop = threading.Event()

        def hammer() -> None:
            # (a short reconcile window: the server is gone for good once it is killed, and
            # this test is about what the state file kept, not about how long to look)
            client = v2_for(first, timeout=(1, 3), post_attempts=1, reconcile_window=2)
            i = 0
            while not stop.is_set() and i < 200:
                i += 1
                try:
                    acked.append(
                        client.order_search(
                            area_code="919", quantity=1, customer_order_id=f"busy-{i:03d}"
                        )
                    )
                except NumkitError:
                    return  # the server is gone
            client.close()

        worker = threading.Thread(target=hammer)
        worker.start()
        deadline = time.monotonic() + 10
        while len(acked) < 5 and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(first.pid, signal.SIGKILL)
        stop.set()
        worker.join(30)
        assert not worker.is_alive()
        assert len(acked) >= 5
        v1.close()
        v2.close()
    finally:
        first.stop()  # reaps the killed child; the state file is ours and stays

    assert state.exists()
    second = sandbox.start(state=state, order_delay=5, aging=600)
    try:
        v2 = v2_for(second)
        v1 = v1_for(second)
        expected = {
            "plain-order": "COMPLETE",
            "scenario-slow-8000-x": "COMPLETE",
            "scenario-partial-y": "PARTIAL",
        }
        for order in quiet:
            final = v2.wait_for_order(order.id, timeout=30)
            assert final.status == expected[order.customer_order_id], final
            assert final.customer_order_id == order.customer_order_id
        for order in acked:  # every order whose 201 the client saw
            final = v2.wait_for_order(order.id, timeout=30)
            assert final.status == "COMPLETE", final
        final = v2.wait_for_disconnect(disc, timeout=30)
        assert final.status == "COMPLETE"

        listed = {o.id for o in v2.orders()}
        assert {o.id for o in [*owned, *quiet, *acked]} <= listed
        in_service = set(v2.in_service_list())
        for order in [*owned, *quiet, *acked]:
            status = v2.get_order(order.id)
            assert set(status.completed_numbers) - set(done.completed_numbers[:1]) <= in_service
        assert done.completed_numbers[0] not in in_service  # its disconnect survived too
        # the V1 number bought before the crash is still the user's
        assert v1.get_number(v1_number.ids[0]).number == v1_number.numbers[0]
        v1.close()
        v2.close()
    finally:
        second.stop()
