"""The duplicate purchase of issue 12.1, as a test: POSTs that outlast the read timeout.

The sandbox's ``slow-commit`` fault holds an order or disconnect POST for
``slow_seconds`` (longer than the client's read timeout) and only then creates it. A
client that looks the order up once, finds nothing yet and sends it again buys twice.
numkit must instead keep looking for ``reconcile_window`` (default 60 s) and find the
order the slow POST created.

300 concurrent search-and-order calls (half of the POSTs slowed), then disconnects of
what they bought (also slowed), each checked with faults off: no CustomerOrderId ever
has two orders or two disconnects, every returned order is the one on the server, and no
call ends in a plain ``Timeout`` (which would read as "nothing happened, try again").
"""

from __future__ import annotations

import collections
import secrets
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from reliability_helpers import faults_off, v2_for

from numkit import sandbox
from numkit.errors import NumkitError, OutcomeUnknown, Timeout

pytestmark = [pytest.mark.slow, pytest.mark.timeout(200)]

CALLS = 300
DISCONNECT_CALLS = 100
WORKERS = 60
READ_TIMEOUT = 1.0
SLOW_SECONDS = 2.5  # > READ_TIMEOUT: every slowed POST times out at the client
AREA_CODES = ("919", "910", "704", "336", "828")


def _order(sb: Any, i: int, coid: str) -> dict[str, Any]:
    with v2_for(sb, timeout=(2.0, READ_TIMEOUT)) as v2:
        try:
            order = v2.order_search(
                area_code=AREA_CODES[i % len(AREA_CODES)], quantity=1, customer_order_id=coid
            )
        except NumkitError as exc:
            return {"coid": coid, "error": exc}
        return {"coid": coid, "id": order.id, "recovered": order.recovered}


def _disconnect(sb: Any, number: str, coid: str) -> dict[str, Any]:
    with v2_for(sb, timeout=(2.0, READ_TIMEOUT)) as v2:
        try:
            disc = v2.disconnect([number], customer_order_id=coid)
        except NumkitError as exc:
            return {"coid": coid, "error": exc}
        return {"coid": coid, "ids": list(disc.ids), "recovered": bool(disc.recovered)}


def _check(kind: str, results: list[dict[str, Any]], on_server: dict[str, list[str]]) -> int:
    """Assert exactly-once for one batch of calls; returns the number of duplicates."""
    asked = {r["coid"] for r in results}
    assert set(on_server) <= asked, f"{kind} nobody asked for: {set(on_server) - asked}"
    duplicates = {c: ids for c, ids in on_server.items() if len(ids) > 1}
    for r in results:
        found = on_server.get(r["coid"], [])
        error = r.get("error")
        if error is None:
            expected = r["ids"] if "ids" in r else [r["id"]]
            assert found == expected, (r, found)
        else:
            # never a bare Timeout: that would tell the caller retrying is safe
            assert not isinstance(error, Timeout), (r["coid"], repr(error))
            assert isinstance(error, OutcomeUnknown) or not found, (r["coid"], repr(error))
    return len(duplicates)


def test_slow_commits_never_buy_twice(start_sandbox) -> None:
    began = time.monotonic()
    sb = start_sandbox(order_delay=0.1, aging=600)
    sandbox.set_faults(sb.url, rate=0.5, kinds=["slow-commit"], slow_seconds=SLOW_SECONDS, seed=7)
    tag = secrets.token_hex(3)

    with ThreadPoolExecutor(WORKERS) as pool:
        results = list(pool.map(lambda i: _order(sb, i, f"sc-{tag}-{i:03d}"), range(CALLS)))
    recovered = sum(bool(r.get("recovered")) for r in results)
    errors = [r for r in results if "error" in r]
    print(
        f"orders: {CALLS} calls, {recovered} recovered after a timed-out POST, "
        f"{len(errors)} errors: {collections.Counter(type(r['error']).__name__ for r in errors)}"
    )
    assert recovered >= CALLS // 4, "the slow-commit fault did not outlast the read timeout"
    assert len(errors) <= CALLS // 20, [str(r["error"]) for r in errors[:3]]

    with faults_off(sb), v2_for(sb) as v2:
        grouped: dict[str, list[str]] = collections.defaultdict(list)
        for summary in v2.orders():
            grouped[summary.customer_order_id].append(summary.id)
        order_duplicates = _check("orders", results, grouped)
        for r in results:
            if "id" in r:
                v2.wait_for_order(r["id"], timeout=30)
        owned = sorted(v2.in_service_list())
    assert order_duplicates == 0
    assert len(owned) == len([r for r in results if "id" in r])  # one number per order

    numbers = owned[:DISCONNECT_CALLS]
    with ThreadPoolExecutor(WORKERS) as pool:
        dresults = list(
            pool.map(
                lambda k: _disconnect(sb, numbers[k], f"sd-{tag}-{k:03d}"), range(len(numbers))
            )
        )
    drecovered = sum(bool(r.get("recovered")) for r in dresults)
    print(f"disconnects: {len(numbers)} calls, {drecovered} recovered")
    assert drecovered >= len(numbers) // 4
    with faults_off(sb), v2_for(sb) as v2:
        dgrouped: dict[str, list[str]] = collections.defaultdict(list)
        for summary in v2.disconnects():
            dgrouped[summary.customer_order_id].append(summary.id)
        disconnect_duplicates = _check("disconnects", dresults, dgrouped)
    assert disconnect_duplicates == 0
    elapsed = time.monotonic() - began
    print(
        f"slow-commit ({SLOW_SECONDS} s > read timeout {READ_TIMEOUT} s): duplicates "
        f"{order_duplicates} out of {CALLS} orders, {disconnect_duplicates} out of "
        f"{len(numbers)} disconnects, in {elapsed:.1f} s"
    )
    assert elapsed <= 90
