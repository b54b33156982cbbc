"""Crash durability and the one-number race."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

from sandbox_helpers import (
    V1,
    V2,
    completed,
    disconnect_order,
    error_codes,
    existing_order,
    search_order,
    xml,
)

import numkit.sandbox as nks


def _iso_seconds(text: str) -> float:
    from datetime import datetime

    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").timestamp()


def test_sigkill_and_restart_on_the_same_state_loses_nothing(
    make_sandbox: Callable[..., nks.Sandbox], tmp_path: Path
) -> None:
    state = tmp_path / "state.sqlite"
    sb = make_sandbox(state=state, order_delay=0.3)
    v2, v1 = V2(sb), V1(sb)
    keep = v2.search(areaCode="919", quantity=2)
    v2.buy(keep)
    v1_number = v1.post("/availableNumbers/local", areaCode="804", quantity=1).json()[0]
    # Orders that are still RECEIVED when the process dies.
    nks.set_faults(sb, rate=0.0)
    pending = []
    slow = "scenario-slow-2500"
    for i in range(4):
        body = search_order(
            "AreaCodeSearchAndOrderType",
            {"AreaCode": "910", "Quantity": "2"},
            CustomerOrderId=f"{slow}-{i}",
        )
        pending.append(v2.order(body))
    r = v2.post("/disconnects", disconnect_order(keep[:1], CustomerOrderId=slow))
    disconnect = r.headers["Location"]
    assert xml(v2.get(pending[0])).findtext("OrderStatus") == "RECEIVED"

    sb.kill()
    again = make_sandbox(state=state, order_delay=0.3)
    v2b, v1b = V2(again), V1(again)
    for loc in pending:
        path = "/orders/" + loc.rsplit("/", 1)[1]
        root = v2b.wait(path)
        assert root.findtext("OrderStatus") == "COMPLETE"
        assert len(completed(root)) == 2
        created = _iso_seconds(root.findtext("Order/OrderCreateDate") or "")
        done = _iso_seconds(root.findtext("OrderCompleteDate") or "")
        assert abs((done - created) - 2.5) < 0.05  # derived from stored times
    disc = v2b.wait("/disconnects/" + disconnect.rsplit("/", 1)[1])
    assert disc.findtext("OrderStatus") == "COMPLETE"
    got = v1b.get(v1_number["location"].replace(sb.url, again.url))
    assert got.status_code == 200 and got.json()["number"] == v1_number["number"]
    total = int(xml(v2b.get("/inserviceNumbers/totals")).findtext("Count") or 0)
    assert total == 1 + 1 + 4 * 2  # keep[1], the V1 number, four orders of two
    listing = xml(v2b.get("/orders", page="1", size="100"))
    assert listing.findtext("ListOrderIdUserIdDate/TotalCount") == "5"


def test_two_concurrent_orders_for_one_number_exactly_one_wins(v2: V2) -> None:
    number = v2.search(areaCode="702", quantity=1)[0]
    callers = [V2(v2.sb), V2.other(v2.sb)] * 4
    locations: list[tuple[V2, str]] = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(callers))

    def place(caller: V2) -> None:
        barrier.wait()
        loc = caller.order(existing_order([number], site=caller.site))
        with lock:
            locations.append((caller, loc))

    threads = [threading.Thread(target=place, args=(c,)) for c in callers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    outcomes = [caller.wait(loc) for caller, loc in locations]
    statuses = sorted(o.findtext("OrderStatus") or "" for o in outcomes)
    assert statuses == ["COMPLETE"] + ["FAILED"] * (len(callers) - 1)
    for o in outcomes:
        if o.findtext("OrderStatus") == "FAILED":
            assert error_codes(o) == ["5005"]


def test_v1_race_and_v1_beats_a_pending_v2_order(v1: V1, v2: V2) -> None:
    number = v1.get("/availableNumbers/local", areaCode="612", quantity=1).json()[0]["number"]
    users = [V1(v1.sb), V1(v1.sb, auth=("t-other", "s-other"), user="u-other")] * 5
    codes: list[int] = []
    barrier = threading.Barrier(len(users))

    def order(u: V1) -> None:
        barrier.wait()
        codes.append(u.post(u.numbers_path, json={"number": number}).status_code)

    threads = [threading.Thread(target=order, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes.count(201) == 1 and set(codes) <= {201, 404, 409}

    ten = v2.search(areaCode="612", quantity=1)[0]
    loc = v2.order(existing_order([ten]))
    assert v1.post(v1.numbers_path, json={"number": "+1" + ten}).status_code == 201
    time.sleep(0.05)
    root = v2.wait(loc)
    assert root.findtext("OrderStatus") == "FAILED"
