"""Polling survives 503, 429 and dropped connections, and stops at the terminal state.

Orders (every scenario outcome, some slow) and disconnects are placed with faults off,
then waited on while half of the API requests fail with one fault kind (one test per
kind, so each is certainly met). Each wait must return the
terminal status the sandbox really holds, and the client's own exchange records must
show that no request about the order was sent after the answer that was final.
"""

from __future__ import annotations

import collections
from concurrent.futures import ThreadPoolExecutor

import pytest
from reliability_helpers import faults_off, v2_for

from numkit import parse_order_response, sandbox

pytestmark = pytest.mark.timeout(180)

TERMINAL = {"COMPLETE", "PARTIAL", "FAILED", "BACKORDERED"}
ORDERS = [  # (customer order id, criteria, expected final status)
    ("plain-1", {"area_code": "919", "quantity": 2}, "COMPLETE"),
    ("plain-2", {"area_code": "910", "quantity": 1}, "COMPLETE"),
    ("scenario-slow-2500-a", {"area_code": "919", "quantity": 1}, "COMPLETE"),
    ("scenario-slow-4000-b", {"area_code": "704", "quantity": 1}, "COMPLETE"),
    ("scenario-partial-c", {"area_code": "919", "quantity": 2}, "PARTIAL"),
    ("scenario-failed-d", {"area_code": "336", "quantity": 1}, "FAILED"),
    ("scenario-backorder-e", {"area_code": "828", "quantity": 1}, "BACKORDERED"),
    ("plain-3", {"area_code": "336", "quantity": 3}, "COMPLETE"),
]


def _requests_after_terminal(exchanges, resource: str) -> list[str]:
    """Exchanges about ``resource`` sent after one whose answer was terminal."""
    about = [e for e in exchanges if resource in e.url]
    for index, exchange in enumerate(about):
        if exchange.status == 200 and exchange.response_body:
            status = parse_order_response(exchange.response_body.encode("utf-8")).status
            if status in TERMINAL:
                return [f"{e.method} {e.url} -> {e.status or e.error}" for e in about[index + 1 :]]
    raise AssertionError(f"no terminal answer for {resource} among {len(about)} exchanges")


FAULT_KINDS = ("503", "429", "drop")


def _wait(sb, order):
    v2 = v2_for(sb, history=1000)
    seen: list[str] = []
    final = v2.wait_for_order(order.id, timeout=60, on_progress=lambda s: seen.append(s.status))
    v2.close()
    return final, seen, list(v2.exchanges)


@pytest.mark.parametrize("kind", FAULT_KINDS)
def test_orders_and_disconnects_reach_terminal_state_through_faults(start_sandbox, kind) -> None:
    """One fault kind at a time (half of all API requests), so each kind is certainly met."""
    sb = start_sandbox(order_delay=1.0, aging=600)
    with faults_off(sb):
        placer = v2_for(sb)
        orders = [
            (placer.order_search(customer_order_id=f"{coid}-{kind}", **criteria), expected)
            for coid, criteria, expected in ORDERS
        ]
    sandbox.set_faults(sb.url, rate=0.5, kinds=[kind])

    with ThreadPoolExecutor(len(orders)) as pool:
        waited = list(pool.map(lambda pair: (*pair, *_wait(sb, pair[0])), orders))

    outcomes: collections.Counter[str] = collections.Counter()
    completed: list[str] = []
    for order, expected, final, seen, exchanges in waited:
        assert final.status == expected, (order.customer_order_id, final)
        assert seen[-1] == expected and seen.count(expected) == 1, seen
        late = _requests_after_terminal(exchanges, f"/orders/{order.id}")
        assert late == [], f"requests after the terminal state of {order.id}: {late}"
        outcomes.update(str(e.status or "drop") for e in exchanges)
        completed += final.completed_numbers
    assert outcomes[kind] >= 3, outcomes  # the faults really happened while polling

    with faults_off(sb):  # the sandbox agrees with what the client reported
        for order, expected, *_rest in waited:
            assert placer.get_order(order.id).status == expected
        discs = [placer.disconnect([n]) for n in completed[:4]]

    # disconnects: the same through the same fault
    v2 = v2_for(sb, history=1000)
    for disc in discs:
        final = v2.wait_for_disconnect(disc, timeout=60)
        assert final.status == "COMPLETE", final
    for disc in discs:
        late = _requests_after_terminal(list(v2.exchanges), f"/disconnects/{disc.id}")
        assert late == [], late
    v2.close()
    placer.close()
