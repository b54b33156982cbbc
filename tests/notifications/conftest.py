"""Fixtures of the notification tests: a private sandbox with fast orders, a V2 client
for it, and a receiver that is stopped afterwards."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from notify_helpers import client_for


@pytest.fixture(scope="module")
def nsb() -> Iterator[Any]:
    """A private sandbox for one test module (orders final after 0.2 s; deliveries may
    also go to the unresolvable host ``hooks.invalid``)."""
    from numkit import sandbox

    with sandbox.start(order_delay=0.2, aging=2, callback_hosts=["hooks.invalid"]) as running:
        yield running


@pytest.fixture
def nv2(nsb: Any) -> Iterator[Any]:
    client = client_for(nsb)
    yield client
    for s in client.subscriptions():
        client.unsubscribe(s)
    client.close()


@pytest.fixture
def receiver() -> Iterator[Callable[..., Any]]:
    """A factory: ``receiver(**kwargs)`` starts one; all are stopped afterwards."""
    from numkit.notifications import Receiver

    started: list[Any] = []

    def make(**kwargs: Any) -> Any:
        rx = Receiver(**kwargs).start()
        started.append(rx)
        return rx

    yield make
    for rx in started:
        rx.stop()
