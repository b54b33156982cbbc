"""The catch-all paths, which no well-behaved request reaches: tested in-process.

A child-process sandbox cannot be made to fail on purpose, so these tests run the same
Tornado application on a thread of the test process and patch a handler or the order
resolver to raise. They prove that an unexpected exception becomes a logged 500 in the
API's own envelope, and that one broken order never wedges the queue.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from sandbox_helpers import V1, V2, search_order, xml

import numkit.sandbox as nks


@pytest.fixture
def inproc(tmp_path: Path) -> Iterator[nks.Sandbox]:
    from tornado import httpserver, netutil
    from tornado.ioloop import IOLoop

    from numkit.sandbox.app import make_app
    from numkit.sandbox.store import Store
    from numkit.sandbox.world import Options, World

    options = Options(port=0, state=str(tmp_path / "s.sqlite"), order_delay=0.0)
    world = World(options, Store(options.state or ""), env={})
    sockets = netutil.bind_sockets(0, address="127.0.0.1")
    port = sockets[0].getsockname()[1]
    ready = threading.Event()
    holder: dict[str, object] = {}

    def serve() -> None:
        asyncio.set_event_loop(asyncio.new_event_loop())
        loop = IOLoop.current()
        server = httpserver.HTTPServer(make_app(world))
        server.add_sockets(sockets)
        holder["loop"], holder["server"] = loop, server
        loop.add_callback(ready.set)
        loop.start()
        server.stop()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    ready.wait(10)
    url = f"http://127.0.0.1:{port}"
    # A Sandbox record for the helpers; nobody calls .stop() on it (this thread is ours).
    yield nks.Sandbox(url, url + "/v1", url + "/api", os.getpid(), options.state or "")
    loop = holder["loop"]
    assert isinstance(loop, IOLoop)
    loop.add_callback(loop.stop)
    thread.join(10)
    world.store.close()


def test_unexpected_exceptions_are_logged_500_envelopes(
    inproc: nks.Sandbox, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from numkit.sandbox.v1 import numbers as v1_numbers
    from numkit.sandbox.v2 import sites as v2_sites

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(v2_sites.Sites, "get", boom)
    monkeypatch.setattr(v1_numbers.PhoneNumbers, "get", boom)
    with caplog.at_level(logging.ERROR, logger="numkit.sandbox"):
        r = V2(inproc).get("/sites")
        assert r.status_code == 500 and xml(r).tag == "ErrorResponse"
        assert "kaboom" not in r.text
        r = V1(inproc).get("/users/u-demo/phoneNumbers")
        assert r.status_code == 500 and r.json()["category"] == "backend"
    assert sum("unexpected error" in rec.getMessage() for rec in caplog.records) == 2
    assert V2(inproc).get("/sites/100/sippeers").status_code == 200


def test_a_broken_order_fails_alone(
    inproc: nks.Sandbox, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from numkit.sandbox import resolve
    from numkit.sandbox.store import OrderRow
    from numkit.sandbox.world import World

    real = resolve._resolve_order

    def flaky(world: World, order: OrderRow, now: float) -> None:
        if order.customer_order_id == "explode":
            raise RuntimeError("resolver bug")
        return real(world, order, now)

    monkeypatch.setattr(resolve, "_resolve_order", flaky)
    v2 = V2(inproc)
    with caplog.at_level(logging.ERROR, logger="numkit.sandbox"):
        bad = v2.order(
            search_order(
                "AreaCodeSearchAndOrderType",
                {"AreaCode": "919", "Quantity": "1"},
                CustomerOrderId="explode",
            )
        )
        good = v2.order(
            search_order("AreaCodeSearchAndOrderType", {"AreaCode": "919", "Quantity": "1"})
        )
        broken = v2.wait(bad)
        fine = v2.wait(good)
    assert broken.findtext("OrderStatus") == "FAILED"
    assert broken.findtext("ErrorList/Error/Code") == "9999"
    assert fine.findtext("OrderStatus") == "COMPLETE"
    assert any("resolver bug" in (rec.exc_text or "") or rec.exc_info for rec in caplog.records)
    assert requests.get(inproc.url + "/_sandbox/health", timeout=5).json()["ok"] is True
