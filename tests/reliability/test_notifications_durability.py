"""A notification survives a SIGKILL: the sandbox dies after an order reached its final
state but before the notification went out; after a restart on the same state file it
is delivered exactly once. Also: an order that falls due while the sandbox is down is
notified after the restart.

The window between "final" and "sent" is made wide and certain with ``notify-late``
at rate 1.0 (sent 2 s after the state change), so the kill always lands inside it (the
test checks that nothing arrived before the kill, so a lost race fails loudly).
"""

from __future__ import annotations

import os
import signal
import sqlite3
import time

import pytest
from reliability_helpers import v2_for

from numkit import sandbox
from numkit.notifications import Receiver

pytestmark = pytest.mark.timeout(180)


def deliveries(state) -> list[tuple[str, str, str | None]]:
    with sqlite3.connect(state) as db:
        return db.execute("SELECT order_id, state, outcome FROM deliveries ORDER BY id").fetchall()


def test_sigkill_between_final_state_and_delivery(tmp_path) -> None:
    state = tmp_path / "state.sqlite"
    with Receiver(username="hook", password="hook-pw-d") as rx:
        first = sandbox.start(
            state=state, order_delay=0.1, fault_rate=1.0, fault_kinds=["notify-late"]
        )
        try:
            v2 = v2_for(first)
            sub = v2.subscribe(rx.url, username="hook", password="hook-pw-d")
            order = v2.order_search(area_code="919", quantity=1)
            deadline = time.monotonic() + 30
            while v2.get_order(order).status != "COMPLETE":  # final, notification pending
                assert time.monotonic() < deadline
            os.kill(first.pid, signal.SIGKILL)
            v2.close()
        finally:
            first.stop()
        assert rx.notifications == [] and len(rx.exchanges) == 0  # the kill won the race
        assert deliveries(state) == [(order.id, "COMPLETE", None)]  # promised, not sent

        second = sandbox.start(state=state, order_delay=0.1)
        try:
            n = rx.wait(order.id, timeout=30)
            assert (n.status, n.subscription_id) == ("COMPLETE", sub.id)
            v2 = v2_for(second)
            deadline = time.monotonic() + 30
            while {s.id: s.status for s in v2.subscriptions()}[sub.id] != "200 OK":
                assert time.monotonic() < deadline
            v2.close()
        finally:
            second.stop()
        assert [e.status for e in rx.exchanges] == [401, 200]  # one delivery, one challenge
        assert len(rx.notifications) == 1
        assert deliveries(state) == [(order.id, "COMPLETE", "200 OK")]

        third = sandbox.start(state=state, order_delay=0.1)  # a second restart: nothing again
        try:
            v2 = v2_for(third)
            assert {s.id: s.status for s in v2.subscriptions()}[sub.id] == "200 OK"
            v2.close()
        finally:
            third.stop()
        assert deliveries(state) == [(order.id, "COMPLETE", "200 OK")]
        assert len(rx.exchanges) == 2


def test_order_that_fell_due_while_down_is_notified_after_restart(tmp_path) -> None:
    state = tmp_path / "state.sqlite"
    with Receiver() as rx:
        first = sandbox.start(state=state, order_delay=0.1)
        try:
            v2 = v2_for(first)
            v2.subscribe(rx.url)
            order = v2.order_search(
                area_code="919", quantity=1, customer_order_id="scenario-slow-4000-down"
            )
            due = time.time() + 4.0  # at the latest (created before this line)
            os.kill(first.pid, signal.SIGKILL)  # RECEIVED at the kill
            v2.close()
        finally:
            first.stop()
        assert deliveries(state) == []
        time.sleep(max(0.0, due + 0.1 - time.time()))  # it falls due while nobody runs
        second = sandbox.start(state=state, order_delay=0.1)
        try:
            n = rx.wait(order.id, timeout=30)
            assert n.status == "COMPLETE"
        finally:
            second.stop()
        assert len(rx.notifications) == 1
        assert deliveries(state) == [(order.id, "COMPLETE", "200 OK")]
