"""The safety-net poll is driven by the client's injectable ``sleep`` and ``clock``:
with every notification dropped, the wait still ends (or times out) on schedule, in
fake seconds, while the sandbox and receiver run for real."""

from __future__ import annotations

import time
from typing import Any

import pytest
from notify_helpers import client_for

from numkit import sandbox
from numkit.errors import PollTimeout, ValidationError


class FakeTime:
    """A clock that only moves when slept; each sleep also lets 50 ms of real time pass
    so the sandbox's order can finish in the background."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.pauses: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.pauses.append(round(seconds, 3))
        self.now += seconds
        time.sleep(0.05)


@pytest.fixture
def dropped(nsb) -> Any:
    sandbox.set_faults(nsb.url, rate=1.0, kinds=["notify-drop"])
    yield nsb
    sandbox.set_faults(nsb.url, rate=0.0, kinds=["503"])


def test_safety_net_backs_off_on_the_injected_clock(dropped, receiver) -> None:
    fake = FakeTime()
    client = client_for(dropped, sleep=fake.sleep, clock=fake.clock)
    rx = receiver()
    sub = client.subscribe(rx.url)
    try:
        order = client.order_search(
            area_code="919", quantity=1, customer_order_id="scenario-slow-400-net"
        )
        before = len(client.exchanges)
        done = client.wait_for_order(order, notifications=rx, safety_net=(5, 20), timeout=None)
        assert done.status == "COMPLETE"
        assert rx.notifications == []
        n = len(fake.pauses)
        assert fake.pauses == [5.0, 10.0, 20.0, 20.0, 20.0, 20.0, 20.0, 20.0, 20.0][:n]
        gets = [e for e in list(client.exchanges)[before:] if "/orders/" in e.url]
        assert len(gets) == n  # one safety-net poll per pause, none in between
    finally:
        client.unsubscribe(sub)


def test_timeout_on_the_injected_clock(dropped, receiver) -> None:
    fake = FakeTime()
    client = client_for(dropped, sleep=fake.sleep, clock=fake.clock)
    rx = receiver()
    sub = client.subscribe(rx.url)
    try:
        order = client.order_search(
            area_code="919", quantity=1, customer_order_id="scenario-slow-600000-t"
        )
        with pytest.raises(PollTimeout) as info:
            client.wait_for_order(order, notifications=rx, safety_net=(5, 30), timeout=40)
        assert info.value.last_status.status == "RECEIVED"
        assert fake.pauses == [5.0, 10.0, 20.0, 5.0]  # the last pause stops at the deadline
    finally:
        client.unsubscribe(sub)


@pytest.mark.parametrize("timeout", [0, -1, float("nan"), "30", True])
def test_bad_timeouts_are_validation_errors(nv2, receiver, timeout) -> None:
    with pytest.raises(ValidationError):
        nv2.wait_for_order("some-id", notifications=receiver(), timeout=timeout)


def test_bad_safety_net_is_a_validation_error(nv2, receiver) -> None:
    with pytest.raises(ValidationError):
        nv2.wait_for_order("some-id", notifications=receiver(), safety_net=(30, 5))
